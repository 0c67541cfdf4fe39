// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "quickengine_p.h"

#include <WebIpc/frameinfo.h>
#include <WebIpc/handlererror.h>
#include <WebIpc/jsvalues.h>
#include <WebIpc/remoteerror.h>

#include <QtCore/QFile>
#include <QtCore/QFutureWatcher>
#include <QtCore/QLoggingCategory>
#include <QtCore/QUrl>
#include <QtQml/QJSEngine>

namespace WebIpc {

Q_LOGGING_CATEGORY(lcQuick, "webipc.quick")

namespace {

const QString HelperName = QStringLiteral("WebIpc::QuickEngine");
// The key helpers.js marks converted values with (see toHost() there).
const QString Mark = QStringLiteral("\u0001webipc");

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

void QuickEngine::send(QObject *object, const QString &channel, const QJSValue &args)
{
    // helpers.js converted the arguments already.
    if (auto *contents = qobject_cast<WebContents *>(object))
        contents->sendArgs(channel, fromHost(args.toVariant()).toList());
}

void QuickEngine::invoke(QObject *object, const QString &channel, const QJSValue &args,
                         const QJSValue &resolve, const QJSValue &reject)
{
    auto *contents = qobject_cast<WebContents *>(object);
    if (!contents) {
        reject.call({m_engine->newErrorObject(QJSValue::TypeError,
                                              QStringLiteral("the page is gone"))});
        return;
    }
    // helpers.js converted the arguments already.
    auto *watcher = new QFutureWatcher<QVariant>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, resolve, reject]() {
        watcher->deleteLater();
        QFuture<QVariant> future = watcher->future();
        try {
            future.waitForFinished();
        } catch (const RemoteError &error) {
            // The page's Error, as a JavaScript Error of this engine: name, message, stack and
            // its own properties.
            QJSValue properties = m_engine->newObject();
            const QVariantMap own = error.properties();
            for (auto it = own.cbegin(); it != own.cend(); ++it)
                properties.setProperty(it.key(), toJs(it.value()));
            QJSValue(reject).call(
                    {make("RemoteError", {error.name(), error.message(), error.stack(), properties},
                          error.toString())});
            return;
        }
        if (future.isCanceled() || future.resultCount() == 0) {
            QJSValue(reject).call({m_engine->newErrorObject(
                    QJSValue::GenericError, QStringLiteral("the call was canceled"))});
            return;
        }
        QJSValue(resolve).call({toJs(future.result())});
    });
    watcher->setFuture(contents->invokeArgs(channel, fromHost(args.toVariant()).toList()));
}

QJSValue QuickEngine::make(const char *kind, const QJSValueList &args, const QVariant &fallback)
{
    const QJSValue made =
            m_helpers.property(QStringLiteral("makers")).property(QLatin1String(kind)).call(args);
    // e.g. a RegExp flag this JavaScript engine lacks: keep the C++ value, it round-trips.
    // (An Error is what the "Error" and "RemoteError" makers make, not a failure.)
    if ((made.isError() && qstrcmp(kind, "Error") != 0 && qstrcmp(kind, "RemoteError") != 0)
        || made.isUndefined())
        return m_engine->toScriptValue(fallback);
    return made;
}

QJSValue QuickEngine::listToJs(const QVariantList &list)
{
    QJSValue array = m_engine->newArray(quint32(list.size()));
    for (qsizetype i = 0; i < list.size(); ++i)
        array.setProperty(quint32(i), toJs(list.at(i)));
    return array;
}

QJSValue QuickEngine::toJs(const QVariant &value)
{
    const int type = value.metaType().id();
    switch (type) {
    case QMetaType::QVariantList:
        return listToJs(value.toList());
    case QMetaType::QVariantMap:
    case QMetaType::QVariantHash: {
        QJSValue object = m_engine->newObject();
        const QVariantMap map = value.toMap();
        for (auto it = map.constBegin(); it != map.constEnd(); ++it)
            object.setProperty(it.key(), toJs(it.value()));
        return object;
    }
    default:
        break;
    }
    if (type == qMetaTypeId<JsMap>()) {
        const JsMap map = value.value<JsMap>();
        QJSValue entries = m_engine->newArray(quint32(map.size()));
        quint32 i = 0;
        for (const JsMap::Entry &entry : map.entries()) {
            QJSValue pair = m_engine->newArray(2);
            pair.setProperty(0, toJs(entry.first));
            pair.setProperty(1, toJs(entry.second));
            entries.setProperty(i++, pair);
        }
        return make("Map", {entries}, value);
    }
    if (type == qMetaTypeId<JsSet>())
        return make("Set", {listToJs(value.value<JsSet>().values())}, value);
    if (type == qMetaTypeId<RegExp>()) {
        const RegExp regExp = value.value<RegExp>();
        return make("RegExp", {regExp.source(), regExp.flags()}, value);
    }
    if (type == qMetaTypeId<TypedArray>()) {
        const TypedArray array = value.value<TypedArray>();
        return make("TypedArray",
                    {TypedArray::kindName(array.kind()), m_engine->toScriptValue(array.buffer()),
                     double(array.byteOffset()), double(array.length())},
                    value);
    }
    if (type == qMetaTypeId<JsError>()) {
        const JsError error = value.value<JsError>();
        return make("Error", {error.name(), error.message(), error.stack()}, value);
    }
    if (type == qMetaTypeId<BoxedPrimitive>())
        return make("Boxed", {toJs(value.value<BoxedPrimitive>().value())}, value);
    if (type == qMetaTypeId<SparseArray>()) {
        const SparseArray array = value.value<SparseArray>();
        QJSValue items = m_engine->newArray(quint32(array.elements().size()));
        quint32 i = 0;
        for (auto it = array.elements().constBegin(); it != array.elements().constEnd(); ++it) {
            QJSValue item = m_engine->newArray(2);
            item.setProperty(0, double(it.key()));
            item.setProperty(1, toJs(it.value()));
            items.setProperty(i++, item);
        }
        return make("Sparse", {double(array.length()), items}, value);
    }
    return m_engine->toScriptValue(value);
}

QVariant QuickEngine::fromHost(const QVariant &value)
{
    const int type = value.metaType().id();
    if (type == QMetaType::QVariantList) {
        QVariantList list = value.toList();
        for (QVariant &item : list)
            item = fromHost(item);
        return list;
    }
    if (type != QMetaType::QVariantMap)
        return value;
    QVariantMap map = value.toMap();
    const auto mark = map.constFind(Mark);
    if (mark == map.constEnd()) {
        for (QVariant &item : map)
            item = fromHost(item);
        return map;
    }
    const QString kind = mark->toString();
    if (kind == QLatin1String("Map")) {
        JsMap result;
        const QVariantList entries = map.value(QStringLiteral("entries")).toList();
        for (const QVariant &entry : entries) {
            const QVariantList pair = entry.toList();
            result.insert(fromHost(pair.value(0)), fromHost(pair.value(1)));
        }
        return QVariant::fromValue(result);
    }
    if (kind == QLatin1String("Set")) {
        JsSet result;
        const QVariantList values = map.value(QStringLiteral("values")).toList();
        for (const QVariant &item : values)
            result.insert(fromHost(item));
        return QVariant::fromValue(result);
    }
    if (kind == QLatin1String("TypedArray")) {
        bool ok = false;
        const auto arrayKind =
                TypedArray::kindFromName(map.value(QStringLiteral("kind")).toString(), &ok);
        return QVariant::fromValue(TypedArray(arrayKind,
                                              map.value(QStringLiteral("buffer")).toByteArray(),
                                              map.value(QStringLiteral("byteOffset")).toLongLong(),
                                              map.value(QStringLiteral("length")).toLongLong()));
    }
    if (kind == QLatin1String("RegExp")) {
        return QVariant::fromValue(RegExp(map.value(QStringLiteral("source")).toString(),
                                          map.value(QStringLiteral("flags")).toString()));
    }
    if (kind == QLatin1String("Error")) {
        return QVariant::fromValue(JsError(map.value(QStringLiteral("message")).toString(),
                                           map.value(QStringLiteral("name")).toString(),
                                           map.value(QStringLiteral("stack")).toString()));
    }
    if (kind == QLatin1String("Boxed"))
        return QVariant::fromValue(BoxedPrimitive(fromHost(map.value(QStringLiteral("value")))));
    if (kind == QLatin1String("Sparse")) {
        SparseArray result(map.value(QStringLiteral("length")).toUInt());
        const QVariantList items = map.value(QStringLiteral("items")).toList();
        for (const QVariant &item : items) {
            const QVariantList pair = item.toList();
            result.insert(pair.value(0).toUInt(), fromHost(pair.value(1)));
        }
        return QVariant::fromValue(result);
    }
    map.remove(Mark); // not ours after all: an ordinary object
    for (QVariant &item : map)
        item = fromHost(item);
    return map;
}

void QuickEngine::warn(const QString &message) { qCWarning(lcQuick).noquote() << message; }

// ---------------------------------------------------------------------------------------------

QuickEventHandle::QuickEventHandle(const IpcMainEvent &event) : m_event(event) { }

void QuickEventHandle::reply(const QString &channel, const QJSValue &args)
{
    // helpers.js converted the arguments already.
    m_event.replyArgs(channel, QuickEngine::fromHost(args.toVariant()).toList());
}

void QuickEventHandle::setReturnValue(const QJSValue &value)
{
    m_event.setReturnValue(QuickEngine::fromHost(value.toVariant()));
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
    m_promise.addResult(QuickEngine::fromHost(value.toVariant())); // converted by helpers.js
    m_promise.finish();
}

void QuickSettler::reject(const QString &error, const QJSValue &details)
{
    if (m_settled)
        return;
    m_settled = true;
    // An empty name keeps the text exactly as JavaScript's String(error) gave it.
    HandlerError handlerError(QString(), error);
    const QVariantMap properties = QuickEngine::fromHost(details.toVariant()).toMap();
    for (auto it = properties.cbegin(); it != properties.cend(); ++it)
        handlerError.setProperty(it.key(), it.value());
    m_promise.setException(std::make_exception_ptr(handlerError));
    m_promise.finish();
}

} // namespace WebIpc
