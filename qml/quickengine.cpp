// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "quickengine_p.h"
#include "quickports_p.h"

#include <core/codec_p.h>

#include <WebIpc/frameinfo.h>
#include <WebIpc/handlererror.h>
#include <WebIpc/jsvalues.h>
#include <WebIpc/remoteerror.h>

#include <QtCore/QFile>
#include <QtCore/QFutureWatcher>
#include <QtCore/QJsonArray>
#include <QtCore/QLoggingCategory>
#include <QtCore/QUrl>
#include <QtQml/QJSEngine>

namespace WebIpc {

Q_LOGGING_CATEGORY(lcQuick, "webipc.quick")

namespace {

const QString HelperName = QStringLiteral("WebIpc::QuickEngine");

QString resourceText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("WebIpc: missing resource %s", qPrintable(path));
    return QString::fromUtf8(file.readAll());
}

// WebIpc's codec (the same file pages run) as a function of its hooks (see codec.js).
QString codecFactorySource()
{
    return QStringLiteral("(function (WebIpcCodecHooks) {\n")
            + resourceText(QStringLiteral(":/webipc/codec.js"))
            + QStringLiteral("\nreturn WebIpcCodec;\n})");
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
    const QJSValue makeCodec =
            engine->evaluate(codecFactorySource(), QStringLiteral("qrc:/webipc/codec.js"));
    const QJSValue factory =
            engine->evaluate(resourceText(QStringLiteral(":/webipc-quick/helpers.js")),
                             QStringLiteral("qrc:/webipc-quick/helpers.js"));
    m_helpers = factory.call({engine->newQObject(this), makeCodec});
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
    QJSValue object = helper("makeEvent")
                              .call({m_engine->newQObject(handle), contents(event.sender()),
                                     frameObject(event), event.channel(), false});
    object.setProperty(QStringLiteral("ports"), portList(event.ports()));
    return object;
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
            helper("callListener").call({listener, this->event(event), listToJs(args)});
    if (!error.isUndefined())
        detail::reportListenerException(event.channel(), error.toString());
}

QFuture<QVariant> QuickEngine::callHandler(const QJSValue &handler, const IpcMainInvokeEvent &event,
                                           const QVariantList &args)
{
    auto *settler = new QuickSettler();
    setOwnership(settler, QJSEngine::JavaScriptOwnership);
    QFuture<QVariant> future = settler->future();
    const QJSValue failure = helper("callHandler")
                                     .call({handler, invokeEvent(event), listToJs(args),
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

void QuickEngine::send(QObject *object, const QString &channel, const QJSValue &wireArgs)
{
    auto *contents = qobject_cast<WebContents *>(object);
    QVariantList args;
    QString error;
    if (!contents)
        return;
    if (!fromWireArgs(wireArgs, &args, &error)) {
        warn(QStringLiteral("Error sending from WebContents on '%1': %2").arg(channel, error));
        return;
    }
    contents->sendArgs(channel, args);
}

void QuickEngine::invoke(QObject *object, const QString &channel, const QJSValue &wireArgs,
                         const QJSValue &resolve, const QJSValue &reject)
{
    auto *contents = qobject_cast<WebContents *>(object);
    if (!contents) {
        reject.call({m_engine->newErrorObject(QJSValue::TypeError,
                                              QStringLiteral("the page is gone"))});
        return;
    }
    QVariantList args;
    QString error;
    if (!fromWireArgs(wireArgs, &args, &error)) {
        reject.call({m_engine->newErrorObject(QJSValue::GenericError, error)});
        return;
    }
    auto *watcher = new QFutureWatcher<QVariant>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, resolve, reject]() {
        watcher->deleteLater();
        QFuture<QVariant> future = watcher->future();
        try {
            future.waitForFinished();
        } catch (const RemoteError &error) {
            // The page's Error, as a JavaScript Error of this engine: name, message, stack and
            // its own properties.
            QJSValue(reject).call({helper("makeRemoteError")
                                           .call({error.name(), error.message(), error.stack(),
                                                  toJs(error.properties())})});
            return;
        }
        if (future.isCanceled() || future.resultCount() == 0) {
            QJSValue(reject).call({m_engine->newErrorObject(
                    QJSValue::GenericError, QStringLiteral("the call was canceled"))});
            return;
        }
        QJSValue(resolve).call({toJs(future.result())});
    });
    watcher->setFuture(contents->invokeArgs(channel, args));
}

QJSValue QuickEngine::listToJs(const QVariantList &list)
{
    QJsonArray wire;
    QString error;
    if (!Codec::encodeArgs(list, &wire, &error)) {
        // Values from pages always encode; only an application's own C++ value can fail.
        qCWarning(lcQuick).noquote() << "A value could not be passed to QML:" << error;
        return m_engine->newArray();
    }
    return helper("decodeArgs").call({m_engine->toScriptValue(wire)});
}

QJSValue QuickEngine::toJs(const QVariant &value)
{
    QJsonValue wire;
    QString error;
    if (!Codec::encode(value, &wire, &error)) {
        qCWarning(lcQuick).noquote() << "A value could not be passed to QML:" << error;
        return QJSValue();
    }
    return helper("decode").call({m_engine->toScriptValue(wire)});
}

QJSValue QuickEngine::hostValue(const QJSValue &value, const QString &path)
{
    const QVariant variant = value.toVariant();
    const int type = variant.metaType().id();
    // A JavaScript object of a class of its own: cloned by codec.js, as in pages.
    if (type == QMetaType::QVariantMap || type == QMetaType::QVariantList)
        return QJSValue();
    QJsonValue wire;
    QString error;
    if (!Codec::encode(variant, &wire, &error, path)) {
        QJSValue failure = m_engine->newErrorObject(QJSValue::GenericError, error);
        m_engine->throwError(failure);
        return failure;
    }
    QJSValue result = m_engine->newObject();
    result.setProperty(QStringLiteral("value"),
                       helper("decode").call({m_engine->toScriptValue(wire)}));
    return result;
}

namespace {
// What helpers.js encoded (a QJSValue holding the codec's wire form), decoded as pages' values
// are, with the same checks.
QJsonValue wireOf(const QJSValue &wire) { return QJsonValue::fromVariant(wire.toVariant()); }
} // namespace

bool QuickEngine::fromWire(const QJSValue &wire, QVariant *out, QString *error)
{
    return Codec::decode(wireOf(wire), out, error);
}

bool QuickEngine::fromWireArgs(const QJSValue &wire, QVariantList *out, QString *error)
{
    return Codec::decodeArgs(wireOf(wire), out, error);
}

void QuickEngine::warn(const QString &message) { qCWarning(lcQuick).noquote() << message; }

// ---------------------------------------------------------------------------------------------

QuickEventHandle::QuickEventHandle(const IpcMainEvent &event) : m_event(event) { }

void QuickEventHandle::reply(const QString &channel, const QJSValue &wireArgs)
{
    QVariantList args;
    QString error;
    if (!QuickEngine::fromWireArgs(wireArgs, &args, &error)) {
        qCWarning(lcQuick).noquote()
                << QStringLiteral("Error replying on '%1': %2").arg(channel, error);
        return;
    }
    m_event.replyArgs(channel, args);
}

void QuickEventHandle::setReturnValue(const QJSValue &wire)
{
    QVariant value;
    QString error;
    if (!QuickEngine::fromWire(wire, &value, &error)) {
        qCWarning(lcQuick).noquote() << "Error setting returnValue:" << error;
        value = QVariantMap{{QStringLiteral("error"), error}};
    }
    m_event.setReturnValue(value);
}

// ---------------------------------------------------------------------------------------------

QuickSettler::QuickSettler()
{
    m_promise.start();
    connect(&m_watcher, &QFutureWatcherBase::resumed, this, &QuickSettler::pull);
    connect(&m_watcher, &QFutureWatcherBase::canceled, this, &QuickSettler::stopped);
    m_watcher.setFuture(m_promise.future());
}

QuickSettler::~QuickSettler()
{
    if (!m_settled)
        reject(QStringLiteral("Error: the handler's Promise was never settled"));
}

void QuickSettler::resolve(const QJSValue &wire)
{
    if (m_settled)
        return;
    QVariant value;
    QString error;
    if (!QuickEngine::fromWire(wire, &value, &error)) {
        reject(QStringLiteral("Error: ") + error);
        return;
    }
    m_settled = true;
    m_promise.addResult(value);
    m_promise.finish();
}

bool QuickSettler::add(const QJSValue &wire)
{
    if (m_settled || m_promise.isCanceled())
        return false;
    QVariant value;
    QString error;
    if (!QuickEngine::fromWire(wire, &value, &error)) {
        reject(QStringLiteral("Error: ") + error);
        return false;
    }
    m_promise.addResult(value);
    return true;
}

void QuickSettler::end()
{
    if (m_settled)
        return;
    m_settled = true;
    m_promise.finish();
}

bool QuickSettler::held() const
{
    const QFuture<QVariant> future = m_watcher.future();
    return future.isSuspending() || future.isSuspended();
}

bool QuickSettler::canceled() const { return m_settled || m_promise.isCanceled(); }

void QuickSettler::pullLater()
{
    QMetaObject::invokeMethod(this, &QuickSettler::pull, Qt::QueuedConnection);
}

void QuickSettler::reject(const QString &error, const QJSValue &details)
{
    if (m_settled)
        return;
    m_settled = true;
    // An empty name keeps the text exactly as JavaScript's String(error) gave it.
    HandlerError handlerError(QString(), error);
    QVariant decoded;
    QString ignored; // helpers.js encoded only what it could
    if (!details.isUndefined())
        QuickEngine::fromWire(details, &decoded, &ignored);
    const QVariantMap properties = decoded.toMap();
    for (auto it = properties.cbegin(); it != properties.cend(); ++it)
        handlerError.setProperty(it.key(), it.value());
    const std::exception_ptr exception = std::make_exception_ptr(handlerError);
    if (m_watcher.future().resultCount() > 0) {
        // Qt drops a failed future's results: a stream's values not taken yet go first (their
        // results-ready notice is queued already), then the error.
        QMetaObject::invokeMethod(
                this,
                [this, exception]() {
                    m_promise.setException(exception);
                    m_promise.finish();
                },
                Qt::QueuedConnection);
        return;
    }
    m_promise.setException(exception);
    m_promise.finish();
}

// ---------------------------------------------------------------------------------------------
// MessagePorts (the QuickPort class is in quickports.cpp)

QJSValue QuickEngine::port(MessagePortMain *port)
{
    if (!port)
        return QJSValue(QJSValue::NullValue);
    const auto it = m_ports.constFind(port);
    if (it != m_ports.constEnd())
        return *it;
    auto *handle = new QuickPort(port, this);
    setOwnership(handle, QJSEngine::CppOwnership);
    setOwnership(port, QJSEngine::CppOwnership);
    const QJSValue wrapper = helper("makePort").call({m_engine->newQObject(handle)});
    m_ports.insert(port, wrapper);
    connect(port, &QObject::destroyed, this, [this, port]() { m_ports.remove(port); });
    return wrapper;
}

QJSValue QuickEngine::portList(const QList<MessagePortMain *> &ports)
{
    QJSValue array = m_engine->newArray(quint32(ports.size()));
    for (qsizetype i = 0; i < ports.size(); ++i)
        array.setProperty(quint32(i), port(ports.at(i)));
    return array;
}

QString QuickEngine::postMessage(QObject *object, const QString &channel, const QJSValue &message,
                                 const QJSValue &transfer)
{
    auto *contents = qobject_cast<WebContents *>(object);
    QVariant value;
    QString error;
    if (contents && fromWire(message, &value, &error))
        contents->postMessage(channel, value, QuickPort::portsOf(transfer), &error);
    return error;
}

} // namespace WebIpc
