// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Attaching a QML WebEngineView: the QML host of the one Attachment.
#include "quickattachment_p.h"

#include "quickengine_p.h"
#include <core/protocol_p.h>
#include <webengine/syncprompt_p.h>
#include <webengine/syncschemehandler_p.h>

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
QMetaMethod findMethod(const QMetaObject *meta, const char *name, QMetaMethod::MethodType type)
{
    for (int i = meta->methodCount() - 1; i >= 0; --i) {
        const QMetaMethod method = meta->method(i);
        if (method.methodType() == type && method.name() == name)
            return method;
    }
    return QMetaMethod();
}

QObject *userScriptsOf(QObject *view)
{
    return view ? view->property("userScripts").value<QObject *>() : nullptr;
}
} // namespace

QuickViewHost::QuickViewHost(QObject *view) : m_view(view) { hookPrompts(); }

QuickViewHost::~QuickViewHost() = default;

bool QuickViewHost::isWebEngineView(const QObject *view)
{
    if (!view)
        return false;
    const QMetaObject *meta = view->metaObject();
    return meta->indexOfProperty("webChannel") >= 0 && meta->indexOfProperty("userScripts") >= 0
            && meta->indexOfProperty("webChannelWorld") >= 0
            && meta->indexOfProperty("profile") >= 0;
}

bool QuickViewHost::hasOwnWebChannel(QObject *view)
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

QUrl QuickViewHost::url() const { return m_view ? m_view->property("url").toUrl() : QUrl(); }

qint64 QuickViewHost::renderProcessPid() const
{
    // A property of the QML view since Qt 6.4 (0 if it is missing).
    return m_view ? m_view->property("renderProcessPid").toLongLong() : 0;
}

bool QuickViewHost::isLoading() const { return m_view && m_view->property("loading").toBool(); }

void QuickViewHost::connectLifecycle(Attachment *attachment)
{
    m_attachment = attachment;
    connectSignal("loadingChanged", SLOT(onLoadingChanged(QWebEngineLoadingInfo)));
    connectSignal("urlChanged", SLOT(onUrlChanged()));
    connectSignal("renderProcessTerminated", SLOT(onRenderProcessTerminated()));
    connectSignal("profileChanged", SLOT(onProfileChanged()));
}

bool QuickViewHost::connectSignal(const char *signal, const char *slot)
{
    const QMetaMethod signalMethod = findMethod(m_view->metaObject(), signal, QMetaMethod::Signal);
    // SLOT() prefixes a code digit; the slot's signature follows it.
    const int slotIndex =
            metaObject()->indexOfSlot(QMetaObject::normalizedSignature(slot + 1).constData());
    if (!signalMethod.isValid() || slotIndex < 0) {
        qCDebug(lcQuick) << "WebEngineView has no usable signal" << signal;
        return false;
    }
    return connect(m_view.data(), signalMethod, this, metaObject()->method(slotIndex));
}

namespace {
// QObject::receivers() is protected; a pointer to it, named through a derived class, is not.
struct SignalReceivers : QObject
{
    static int of(const QObject *object, const QByteArray &signal)
    {
        return (object->*(&SignalReceivers::receivers))(signal.constData());
    }
};

int dialogReceivers(QObject *view)
{
    const QMetaMethod signal =
            findMethod(view->metaObject(), "javaScriptDialogRequested", QMetaMethod::Signal);
    // SIGNAL()'s code digit, then the signature.
    return signal.isValid() ? SignalReceivers::of(view, "2" + signal.methodSignature()) : -1;
}
} // namespace

void QuickViewHost::hookPrompts()
{
    // QML handlers of a signal (onJavaScriptDialogRequested, Connections) run before any C++
    // connection: a view that has one would show WebIpc's prompts to the application's code
    // first. Such a view keeps the XHR for sendSync.
    if (!m_view || dialogReceivers(m_view) != 0) {
        qCDebug(lcQuick) << "WebEngineView has a javaScriptDialogRequested handler: sendSync "
                            "uses the XHR";
        return;
    }
    m_answersPrompts = connectSignal(
            "javaScriptDialogRequested",
            SLOT(onJavaScriptDialogRequested(QQuickWebEngineJavaScriptDialogRequest *)));
}

void QuickViewHost::onJavaScriptDialogRequested(QQuickWebEngineJavaScriptDialogRequest *handle)
{
    // A QObject (its first base); read through its properties only.
    auto *request = reinterpret_cast<QObject *>(handle);
    constexpr int DialogTypePrompt = 2; // QQuickWebEngineJavaScriptDialogRequest::DialogType
    if (!request || request->property("type").toInt() != DialogTypePrompt)
        return;
    const QString defaultText = request->property("defaultText").toString();
    if (!SyncPrompt::isWebIpcPrompt(request->property("message").toString(), defaultText))
        return; // the page's own prompt: the application's handling, or Qt's dialog
    if (!m_warnedAboutHandlers && m_view && dialogReceivers(m_view) > 1) {
        m_warnedAboutHandlers = true;
        qCWarning(lcQuick) << "WebIpc: this WebEngineView got a javaScriptDialogRequested handler "
                              "after it was attached; that handler sees WebIpc's sendSync "
                              "prompts first and must leave them alone";
    }
    // Answered later, maybe: the request is WebIpc's to keep until then (not the JS engine's).
    request->setProperty("accepted", true);
    QQmlEngine::setObjectOwnership(request, QQmlEngine::CppOwnership);
    QPointer<QObject> guarded(request);
    SyncPrompt::answer(request->property("securityOrigin").toUrl(), defaultText,
                       [guarded](bool answered, const QString &text) {
                           QObject *target = guarded.data();
                           if (!target)
                               return;
                           if (answered)
                               QMetaObject::invokeMethod(target, "dialogAccept",
                                                         Q_ARG(QString, text));
                           else
                               QMetaObject::invokeMethod(target, "dialogReject");
                           target->deleteLater();
                       });
}

void QuickViewHost::onLoadingChanged(const QWebEngineLoadingInfo &info)
{
    if (!m_attachment)
        return;
    if (info.status() == QWebEngineLoadingInfo::LoadStartedStatus)
        m_attachment->loadStarted();
    else
        m_attachment->loadFinished(info.status() == QWebEngineLoadingInfo::LoadSucceededStatus);
}

void QuickViewHost::onUrlChanged()
{
    if (m_attachment)
        m_attachment->urlChanged();
}

void QuickViewHost::onRenderProcessTerminated()
{
    if (m_attachment)
        m_attachment->renderProcessTerminated();
}

void QuickViewHost::onProfileChanged() { installSchemeHandler(); }

void QuickViewHost::installSchemeHandler()
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

void QuickViewHost::publish(QObject *bridge, quint32 worldId)
{
    // The view's webChannel property wants a QQmlWebChannel.
    m_channel = new QQmlWebChannel(this);
    m_channel->registerObject(QString::fromLatin1(Protocol::BridgeObjectName), bridge);
    m_view->setProperty("webChannelWorld", QVariant::fromValue(uint(worldId)));
    m_view->setProperty("webChannel", QVariant::fromValue(m_channel));
}

void QuickViewHost::unpublish(quint32)
{
    if (m_view && m_view->property("webChannel").value<QObject *>() == m_channel)
        m_view->setProperty("webChannel", QVariant::fromValue<QQmlWebChannel *>(nullptr));
}

void QuickViewHost::insertScript(const QWebEngineScript &script)
{
    QObject *scripts = userScriptsOf(m_view);
    if (!scripts || !QMetaObject::invokeMethod(scripts, "insert", Q_ARG(QWebEngineScript, script)))
        qCWarning(lcQuick) << "WebIpc could not add its script" << script.name()
                           << "to the WebEngineView";
}

void QuickViewHost::reload()
{
    if (m_view)
        QMetaObject::invokeMethod(m_view, "reload");
}

void QuickViewHost::removeScripts(const QString &name)
{
    QObject *scripts = userScriptsOf(m_view);
    if (!scripts)
        return;
    QList<QWebEngineScript> found;
    QMetaObject::invokeMethod(scripts, "find", Q_RETURN_ARG(QList<QWebEngineScript>, found),
                              Q_ARG(QString, name));
    for (const QWebEngineScript &script : std::as_const(found))
        QMetaObject::invokeMethod(scripts, "remove", Q_ARG(QWebEngineScript, script));
}

void QuickViewHost::runJavaScript(const QString &source, quint32 worldId,
                                  std::function<void(const QVariant &)> done)
{
    QQmlEngine *engine = m_view ? qmlEngine(m_view) : nullptr;
    if (!engine)
        return;
    m_results.push_back(std::move(done));
    const QJSValue callback = QuickEngine::of(engine)->callback(this, "javaScriptResult");
    QMetaObject::invokeMethod(m_view, "runJavaScript", Q_ARG(QString, source), Q_ARG(uint, worldId),
                              Q_ARG(QJSValue, callback));
}

void QuickViewHost::javaScriptResult(const QVariant &result)
{
    if (m_results.empty())
        return;
    const auto done = std::move(m_results.front());
    m_results.pop_front();
    done(result);
}

// ---------------------------------------------------------------------------------------------

WebContents *attachQuickView(IpcMain *ipcMain, QObject *webEngineView, const AttachOptions &options)
{
    if (!QuickViewHost::isWebEngineView(webEngineView))
        return nullptr;
    const bool ownChannel = !findQuickWebContents(ipcMain, webEngineView)
            && QuickViewHost::hasOwnWebChannel(webEngineView);
    return Attachment::attach(ipcMain, std::make_unique<QuickViewHost>(webEngineView), options,
                              ownChannel);
}

WebContents *findQuickWebContents(IpcMain *ipcMain, const QObject *webEngineView)
{
    return Attachment::find(ipcMain, webEngineView);
}

} // namespace WebIpc
