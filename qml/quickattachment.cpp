// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "quickattachment_p.h"

#include "../src/core/protocol_p.h"
#include "../src/core/webcontents_p.h"
#include "../src/webengine/scripts_p.h"
#include "../src/webengine/syncschemehandler_p.h"
#include "quickengine_p.h"

#include <WebIpc/quick.h>

#include <QtCore/QLoggingCategory>
#include <QtCore/QMetaMethod>
#include <QtQml/QQmlEngine>
#include <QtQml/QQmlListProperty>
#include <QtWebEngineCore/QWebEngineScript>
#include <QtWebEngineCore/QWebEngineUrlScheme>
#include <QtWebEngineQuick/QQuickWebEngineProfile>

// QQmlWebChannel moved from QtWebChannel to QtWebChannelQuick in Qt 6.6.
#if __has_include(<QtWebChannelQuick/qqmlwebchannel.h>)
#include <QtWebChannelQuick/qqmlwebchannel.h>
#else
#include <QtWebChannel/qqmlwebchannel.h>
#endif

namespace WebIpc {

Q_DECLARE_LOGGING_CATEGORY(lcQuick)

namespace {
const QString AttachmentName = QStringLiteral("WebIpc::QuickViewAttachment");

QMetaMethod findMethod(const QMetaObject *meta, const char *name, QMetaMethod::MethodType type)
{
    for (int i = meta->methodCount() - 1; i >= 0; --i) {
        const QMetaMethod method = meta->method(i);
        if (method.methodType() == type && method.name() == name)
            return method;
    }
    return QMetaMethod();
}
} // namespace

QuickViewAttachment::QuickViewAttachment(WebContents *contents, QObject *view,
                                         const AttachOptions &options)
    : QObject(contents),
      m_contents(WebContentsPrivate::get(contents)),
      m_view(view),
      m_options(options)
{
    m_options.enableSubframes = false; // QML views relay no subframes
    setObjectName(AttachmentName);
    m_contents->setUrl(view->property("url").toUrl());
    // renderProcessPid is a property of the QML view since Qt 6.4 (0 if it is missing).
    QPointer<QObject> guardedView(view);
    m_contents->setProcessIdSource([guardedView]() -> qint64 {
        return guardedView ? guardedView->property("renderProcessPid").toLongLong() : 0;
    });
    install();

    // closed() comes first thing in ~WebContents, while the bridge object still exists: the view
    // lets go of WebIpc's channel and scripts before they go.
    connect(contents, &WebContents::closed, this, &QuickViewAttachment::uninstall);

    connectSignal("loadingChanged", SLOT(onLoadingChanged(QWebEngineLoadingInfo)));
    connectSignal("urlChanged", SLOT(onUrlChanged()));
    connectSignal("renderProcessTerminated", SLOT(onRenderProcessTerminated()));
    connectSignal("profileChanged", SLOT(installSchemeHandler()));
}

QuickViewAttachment::~QuickViewAttachment() { uninstall(); }

bool QuickViewAttachment::isWebEngineView(const QObject *view)
{
    if (!view)
        return false;
    const QMetaObject *meta = view->metaObject();
    return meta->indexOfProperty("webChannel") >= 0 && meta->indexOfProperty("userScripts") >= 0
            && meta->indexOfProperty("webChannelWorld") >= 0
            && meta->indexOfProperty("profile") >= 0;
}

bool QuickViewAttachment::hasOwnWebChannel(QObject *view)
{
    // Reading the webChannel property creates the view's default channel (an empty
    // QQmlWebChannel, child of the view) if it has none: only a channel with published objects
    // is the application's own.
    QObject *channel = view->property("webChannel").value<QObject *>();
    if (!channel)
        return false;
    const QVariant objects = channel->property("registeredObjects");
    const auto list = objects.value<QQmlListProperty<QObject>>();
    const bool empty =
            !list.count || list.count(const_cast<QQmlListProperty<QObject> *>(&list)) == 0;
    return !(channel->parent() == view && empty);
}

void QuickViewAttachment::connectSignal(const char *signal, const char *slot)
{
    const QMetaMethod signalMethod = findMethod(m_view->metaObject(), signal, QMetaMethod::Signal);
    // SLOT() prefixes a code digit; the slot's signature follows it.
    const int slotIndex =
            metaObject()->indexOfSlot(QMetaObject::normalizedSignature(slot + 1).constData());
    if (!signalMethod.isValid() || slotIndex < 0) {
        qCDebug(lcQuick) << "WebEngineView has no usable signal" << signal;
        return;
    }
    connect(m_view.data(), signalMethod, this, metaObject()->method(slotIndex));
}

void QuickViewAttachment::installSchemeHandler()
{
    // The same handler and schemes as SyncSchemeHandler::installOn(), on the QML profile (a
    // QQuickWebEngineProfile is no QWebEngineProfile in Qt 6.4): webipc: for web pages,
    // webipc-local: for file: pages. One handler serves every page of the profile.
    auto *profile =
            m_view ? m_view->property("profile").value<QQuickWebEngineProfile *>() : nullptr;
    if (!profile || profile->urlSchemeHandler(SyncSchemeHandler::SchemeName))
        return;
    if (QWebEngineUrlScheme::schemeByName(SyncSchemeHandler::SchemeName).name().isEmpty()
        || QWebEngineUrlScheme::schemeByName(SyncSchemeHandler::LocalSchemeName).name().isEmpty()) {
        qCWarning(lcQuick) << "The webipc: URL schemes are not registered, so sendSync will fail."
                              " Call WebIpc::registerUrlScheme() before creating the application.";
        return;
    }
    auto *handler = new SyncSchemeHandler(profile);
    profile->installUrlSchemeHandler(SyncSchemeHandler::SchemeName, handler);
    profile->installUrlSchemeHandler(SyncSchemeHandler::LocalSchemeName, handler);
}

bool QuickViewAttachment::invokeOnScripts(const char *method, const QVariant &script)
{
    QObject *scripts = m_view ? m_view->property("userScripts").value<QObject *>() : nullptr;
    if (!scripts)
        return false;
    return QMetaObject::invokeMethod(scripts, method,
                                     Q_ARG(QWebEngineScript, script.value<QWebEngineScript>()));
}

void QuickViewAttachment::install()
{
    installSchemeHandler();

    // The view's webChannel property wants a QQmlWebChannel: publish the page's bridge object
    // on one of our own (the core's QWebChannel stays unused for QML views).
    m_channel = new QQmlWebChannel(this);
    m_channel->registerObject(QString::fromLatin1(Protocol::BridgeObjectName), m_contents->bridge);
    m_view->setProperty("webChannelWorld", QVariant::fromValue(uint(m_options.worldId)));
    m_view->setProperty("webChannel", QVariant::fromValue(m_channel));

    const IpcMain *ipcMain = m_contents->ipcMain.data();
    const QList<QWebEngineScript> scripts = Scripts::pageScripts(
            m_options, QByteArray(), ipcMain ? ipcMain->maximumMessageSize() : 0);
    for (const QWebEngineScript &script : scripts) {
        if (!invokeOnScripts("insert", QVariant::fromValue(script)))
            qCWarning(lcQuick) << "WebIpc could not add its scripts to the WebEngineView";
    }
}

void QuickViewAttachment::uninstall()
{
    QPointer<QObject> view = m_view;
    m_view.clear();
    if (!view)
        return;
    QObject *scripts = view->property("userScripts").value<QObject *>();
    if (scripts) {
        const QStringList names = Scripts::scriptNames();
        for (const QString &name : names) {
            QList<QWebEngineScript> found;
            QMetaObject::invokeMethod(scripts, "find", Q_RETURN_ARG(QList<QWebEngineScript>, found),
                                      Q_ARG(QString, name));
            for (const QWebEngineScript &script : std::as_const(found))
                QMetaObject::invokeMethod(scripts, "remove", Q_ARG(QWebEngineScript, script));
        }
    }
    if (view->property("webChannel").value<QObject *>() == m_channel)
        view->setProperty("webChannel", QVariant::fromValue<QQmlWebChannel *>(nullptr));
}

void QuickViewAttachment::onLoadingChanged(const QWebEngineLoadingInfo &info)
{
    if (info.status() == QWebEngineLoadingInfo::LoadStartedStatus) {
        m_contents->navigationStarted();
        return;
    }
    // A navigation that ended without a new document (same-document, failed or stopped) leaves
    // the current document in place: find out which document the view has now.
    QQmlEngine *engine = qmlEngine(m_view);
    if (!engine) {
        m_contents->navigationFinished(m_contents->currentDocumentId());
        return;
    }
    const QJSValue callback = QuickEngine::of(engine)->callback(this, "documentProbed");
    QMetaObject::invokeMethod(m_view, "runJavaScript", Q_ARG(QString, Scripts::documentIdProbe()),
                              Q_ARG(uint, m_options.worldId), Q_ARG(QJSValue, callback));
}

void QuickViewAttachment::documentProbed(const QVariant &documentId)
{
    m_contents->navigationFinished(documentId.toString());
}

void QuickViewAttachment::onUrlChanged()
{
    if (m_view)
        m_contents->setUrl(m_view->property("url").toUrl());
}

void QuickViewAttachment::onRenderProcessTerminated() { m_contents->documentLost(); }

// ---------------------------------------------------------------------------------------------

WebContents *attachQuickView(IpcMain *ipcMain, QObject *webEngineView, quint32 worldId,
                             bool exposeElectronRequire)
{
    AttachOptions options;
    options.worldId = worldId;
    options.exposeElectronRequire = exposeElectronRequire;
    return attachQuickView(ipcMain, webEngineView, options);
}

WebContents *attachQuickView(IpcMain *ipcMain, QObject *webEngineView, const AttachOptions &options)
{
    if (!ipcMain || !QuickViewAttachment::isWebEngineView(webEngineView))
        return nullptr;
    if (WebContents *existing = findQuickWebContents(ipcMain, webEngineView))
        return existing;
    if (QuickViewAttachment::hasOwnWebChannel(webEngineView)) {
        qCWarning(lcQuick) << "WebIpc: the WebEngineView already has a webChannel; WebIpc needs "
                              "a channel of its own, so the view was not attached";
        return nullptr;
    }
    WebContents *contents = WebContentsPrivate::create(ipcMain, webEngineView);
    new QuickViewAttachment(contents, webEngineView, options);
    return contents;
}

WebContents *findQuickWebContents(IpcMain *ipcMain, const QObject *webEngineView)
{
    return ipcMain && webEngineView ? WebContentsPrivate::fromHost(webEngineView, ipcMain)
                                    : nullptr;
}

} // namespace WebIpc
