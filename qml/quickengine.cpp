// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "quickengine_p.h"

#include <WebIpc/frameinfo.h>
#include <WebIpc/handlererror.h>

#include <QtCore/QFile>
#include <QtCore/QLoggingCategory>
#include <QtCore/QUrl>
#include <QtQml/QJSEngine>

namespace WebIpc {

Q_LOGGING_CATEGORY(lcQuick, "webipc.quick")

namespace {

const QString HelperName = QStringLiteral("WebIpc::QuickEngine");

QString helpersSource()
{
    QFile file(QStringLiteral(":/webipc-quick/helpers.js"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("WebIpc: missing resource :/webipc-quick/helpers.js");
    return QString::fromUtf8(file.readAll());
}

// QML must not garbage-collect C++-owned objects it sees, and must collect handles.
void setOwnership(QObject *object, QJSEngine::ObjectOwnership ownership)
{
    QJSEngine::setObjectOwnership(object, ownership);
}

} // namespace

QuickEngine::QuickEngine(QJSEngine *engine) : QObject(engine), m_engine(engine)
{
    setObjectName(HelperName);
    setOwnership(this, QJSEngine::CppOwnership);
    const QJSValue factory =
            engine->evaluate(helpersSource(), QStringLiteral("qrc:/webipc-quick/helpers.js"));
    m_helpers = factory.call({engine->newQObject(this)});
    if (m_helpers.isError())
        qCCritical(lcQuick) << "WebIpc's QML helpers failed:" << m_helpers.toString();
}

QuickEngine *QuickEngine::of(QJSEngine *engine)
{
    if (!engine)
        return nullptr;
    if (auto *existing = engine->findChild<QuickEngine *>(HelperName, Qt::FindDirectChildrenOnly))
        return existing;
    return new QuickEngine(engine);
}

QJSValue QuickEngine::helper(const char *name) const
{
    return m_helpers.property(QString::fromLatin1(name));
}

QJSValue QuickEngine::contents(WebContents *contents)
{
    if (!contents)
        return QJSValue(QJSValue::NullValue);
    auto it = m_contents.constFind(contents);
    if (it != m_contents.constEnd())
        return *it;
    setOwnership(contents, QJSEngine::CppOwnership);
    QJSValue wrapper = helper("makeContents").call({m_engine->newQObject(contents)});
    m_contents.insert(contents, wrapper);
    // Forget the wrapper with its page, so the cache does not keep JavaScript objects alive.
    connect(contents, &QObject::destroyed, this,
            [this, contents]() { m_contents.remove(contents); });
    return wrapper;
}

QJSValue QuickEngine::frameObject(const IpcMainInvokeEvent &event)
{
    // Electron's senderFrame has string url and origin; this is a snapshot, like FrameInfo.
    const FrameInfo frame = event.senderFrame();
    QJSValue object = m_engine->newObject();
    object.setProperty(QStringLiteral("url"), frame.url().toString());
    object.setProperty(QStringLiteral("origin"), frame.origin());
    object.setProperty(QStringLiteral("frameId"), frame.frameId());
    object.setProperty(QStringLiteral("processId"), double(frame.processId()));
    object.setProperty(QStringLiteral("isMainFrame"), frame.isMainFrame());
    return object;
}

QJSValue QuickEngine::event(const IpcMainEvent &event)
{
    auto *handle = new QuickEventHandle(event);
    setOwnership(handle, QJSEngine::JavaScriptOwnership);
    return helper("makeEvent")
            .call({m_engine->newQObject(handle), contents(event.sender()), frameObject(event),
                   event.channel(), false});
}

QJSValue QuickEngine::invokeEvent(const IpcMainInvokeEvent &event)
{
    return helper("makeEvent")
            .call({QJSValue(QJSValue::NullValue), contents(event.sender()), frameObject(event),
                   event.channel(), true});
}

void QuickEngine::callListener(const QJSValue &listener, const IpcMainEvent &event,
                               const QVariantList &args)
{
    const QJSValue error =
            helper("callListener")
                    .call({listener, this->event(event), m_engine->toScriptValue(args)});
    if (!error.isUndefined())
        detail::reportListenerException(event.channel(), error.toString());
}

QFuture<QVariant> QuickEngine::callHandler(const QJSValue &handler, const IpcMainInvokeEvent &event,
                                           const QVariantList &args)
{
    auto *settler = new QuickSettler();
    setOwnership(settler, QJSEngine::JavaScriptOwnership);
    QFuture<QVariant> future = settler->future();
    const QJSValue failure =
            helper("callHandler")
                    .call({handler, invokeEvent(event), m_engine->toScriptValue(args),
                           m_engine->newQObject(settler)});
    if (failure.isError()) // only if helpers.js itself failed
        settler->reject(failure.toString());
    return future;
}

QJSValue QuickEngine::callback(QObject *target, const char *method)
{
    setOwnership(target, QJSEngine::CppOwnership);
    return helper("bindCallback").call({m_engine->newQObject(target), QString::fromLatin1(method)});
}

void QuickEngine::send(QObject *object, const QString &channel, const QJSValue &args)
{
    // helpers.js converted the arguments already.
    if (auto *contents = qobject_cast<WebContents *>(object))
        contents->sendArgs(channel, args.toVariant().toList());
}

void QuickEngine::warn(const QString &message) { qCWarning(lcQuick).noquote() << message; }

// ---------------------------------------------------------------------------------------------

QuickEventHandle::QuickEventHandle(const IpcMainEvent &event) : m_event(event) { }

void QuickEventHandle::reply(const QString &channel, const QJSValue &args)
{
    // helpers.js converted the arguments already.
    m_event.replyArgs(channel, args.toVariant().toList());
}

void QuickEventHandle::setReturnValue(const QJSValue &value)
{
    m_event.setReturnValue(value.toVariant());
}

// ---------------------------------------------------------------------------------------------

QuickSettler::QuickSettler() { m_promise.start(); }

QuickSettler::~QuickSettler()
{
    if (!m_settled)
        reject(QStringLiteral("Error: the handler's Promise was never settled"));
}

void QuickSettler::resolve(const QJSValue &value)
{
    if (m_settled)
        return;
    m_settled = true;
    m_promise.addResult(value.toVariant()); // converted by helpers.js
    m_promise.finish();
}

void QuickSettler::reject(const QString &error)
{
    if (m_settled)
        return;
    m_settled = true;
    // An empty name keeps the text exactly as JavaScript's String(error) gave it.
    m_promise.setException(std::make_exception_ptr(HandlerError(QString(), error)));
    m_promise.finish();
}

} // namespace WebIpc
