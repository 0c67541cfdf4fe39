// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "quickipcmain_p.h"

#include "quickattachment_p.h"
#include "quickengine_p.h"

#include <WebIpc/messageport.h>
#include <WebIpc/quick.h>

#include <QtQml/QJSEngine>

#include <chrono>
#include <type_traits>

namespace WebIpc {

namespace {
const QString SharedFaceName = QStringLiteral("WebIpc::QuickIpcMain");
} // namespace

QuickIpcMain::QuickIpcMain(QObject *parent)
    : QObject(parent), m_owned(std::make_unique<IpcMain>()), m_main(m_owned.get())
{ }

QuickIpcMain::QuickIpcMain(IpcMain *shared) : QObject(shared), m_main(shared)
{
    setObjectName(SharedFaceName);
    // Owned by the C++ IpcMain; QML must never collect it.
    QJSEngine::setObjectOwnership(this, QJSEngine::CppOwnership);
}

QuickIpcMain::~QuickIpcMain()
{
    // Listener connections use this object as context and go with it; handlers too.
    for (const Listener &listener : m_listeners)
        QObject::disconnect(listener.connection);
}

QuickIpcMain *QuickIpcMain::of(IpcMain *ipcMain)
{
    if (!ipcMain)
        return nullptr;
    if (auto *face = ipcMain->findChild<QuickIpcMain *>(SharedFaceName, Qt::FindDirectChildrenOnly))
        return face;
    return new QuickIpcMain(ipcMain);
}

QuickIpcMain *QuickIpcMain::fromObject(QObject *object)
{
    for (QObject *o = object; o; o = o->parent()) {
        if (auto *main = qobject_cast<QuickIpcMain *>(o))
            return main;
    }
    return nullptr;
}

int QuickIpcMain::syncReplyTimeout() const { return int(m_main->syncReplyTimeout().count()); }

void QuickIpcMain::setSyncReplyTimeout(int milliseconds)
{
    if (milliseconds == syncReplyTimeout())
        return;
    m_main->setSyncReplyTimeout(std::chrono::milliseconds(milliseconds));
    Q_EMIT syncReplyTimeoutChanged();
}

QStringList QuickIpcMain::allowedOrigins() const { return m_main->allowedOrigins(); }

void QuickIpcMain::setAllowedOrigins(const QStringList &patterns)
{
    if (patterns == allowedOrigins())
        return;
    m_main->setAllowedOrigins(patterns);
    Q_EMIT allowedOriginsChanged();
}

double QuickIpcMain::maximumMessageSize() const { return double(m_main->maximumMessageSize()); }

void QuickIpcMain::setMaximumMessageSize(double bytes)
{
    if (qsizetype(bytes) == m_main->maximumMessageSize())
        return;
    m_main->setMaximumMessageSize(qsizetype(bytes));
    Q_EMIT maximumMessageSizeChanged();
}

void QuickIpcMain::setChannelAllowedOrigins(const QString &channel, const QStringList &patterns)
{
    m_main->setChannelAllowedOrigins(channel, patterns);
}

QStringList QuickIpcMain::channelAllowedOrigins(const QString &channel) const
{
    return m_main->channelAllowedOrigins(channel);
}

QQmlListProperty<QObject> QuickIpcMain::data() { return QQmlListProperty<QObject>(this, &m_data); }

QJSEngine *QuickIpcMain::engineOrThrow(const QJSValue &function, const char *what)
{
    QJSEngine *engine = qjsEngine(this);
    if (engine && !function.isCallable()) {
        engine->throwError(QJSValue::TypeError,
                           QStringLiteral("%1 must be a function").arg(QLatin1String(what)));
        return nullptr;
    }
    return engine;
}

QuickIpcMain *QuickIpcMain::addListener(const QString &channel, const QJSValue &listener, bool once)
{
    if (!engineOrThrow(listener, "listener"))
        return this;
    const quint64 id = m_nextId++;
    QPointer<QJSEngine> engine(qjsEngine(this));
    auto call = [this, id, once, engine, listener](const IpcMainEvent &event,
                                                   const QVariantList &args) {
        if (once) {
            // Removed before it runs, as Node's once() does.
            m_listeners.erase(std::remove_if(m_listeners.begin(), m_listeners.end(),
                                             [id](const Listener &l) { return l.id == id; }),
                              m_listeners.end());
        }
        if (engine)
            QuickEngine::of(engine)->callListener(listener, event, args);
    };
    QMetaObject::Connection connection = once ? m_main->once(channel, this, std::move(call))
                                              : m_main->on(channel, this, std::move(call));
    m_listeners.push_back({id, channel, listener, connection});
    return this;
}

QuickIpcMain *QuickIpcMain::on(const QString &channel, const QJSValue &listener)
{
    return addListener(channel, listener, false);
}

QuickIpcMain *QuickIpcMain::addListener(const QString &channel, const QJSValue &listener)
{
    return addListener(channel, listener, false);
}

QuickIpcMain *QuickIpcMain::once(const QString &channel, const QJSValue &listener)
{
    return addListener(channel, listener, true);
}

QuickIpcMain *QuickIpcMain::removeListener(const QString &channel, const QJSValue &listener)
{
    // Like Node's EventEmitter: removes the most recently added instance of the function.
    for (auto it = m_listeners.rbegin(); it != m_listeners.rend(); ++it) {
        if (it->channel == channel && it->function.strictlyEquals(listener)) {
            m_main->removeListener(channel, it->connection);
            m_listeners.erase(std::next(it).base());
            break;
        }
    }
    return this;
}

QuickIpcMain *QuickIpcMain::off(const QString &channel, const QJSValue &listener)
{
    return removeListener(channel, listener);
}

QuickIpcMain *QuickIpcMain::removeAllListeners(const QJSValue &channel)
{
    // Electron's removeAllListeners: every listener, wherever it was added (C++ ones too).
    if (channel.isUndefined() || channel.isNull()) {
        m_main->removeAllListeners();
        m_listeners.clear();
        return this;
    }
    const QString name = channel.toString();
    m_main->removeAllListeners(name);
    m_listeners.erase(std::remove_if(m_listeners.begin(), m_listeners.end(),
                                     [&name](const Listener &l) { return l.channel == name; }),
                      m_listeners.end());
    return this;
}

QStringList QuickIpcMain::eventNames() const { return m_main->eventNames(); }

int QuickIpcMain::listenerCount(const QString &channel) const
{
    return m_main->listenerCount(channel);
}

bool QuickIpcMain::addHandler(const QString &channel, const QObject *context,
                              const QJSValue &handler, bool once, QJSEngine *engine,
                              bool throwOnConflict)
{
    if (m_main->hasHandler(channel)) {
        // Electron throws here; IpcMain::handle() would only log.
        if (engine && throwOnConflict) {
            engine->throwError(
                    QStringLiteral("Attempted to register a second handler for '%1'").arg(channel));
        }
        return false;
    }
    QPointer<QJSEngine> guard(engine);
    auto call = [guard, handler, channel](const IpcMainInvokeEvent &event,
                                          const QVariantList &args) -> QFuture<QVariant> {
        if (!guard)
            throw HandlerError(
                    QStringLiteral("the QML engine of the handler for '%1' is gone").arg(channel));
        return QuickEngine::of(guard)->callHandler(handler, event, args);
    };
    return once ? m_main->handleOnce(channel, context, std::move(call))
                : m_main->handle(channel, context, std::move(call));
}

void QuickIpcMain::handle(const QString &channel, const QJSValue &handler)
{
    if (QJSEngine *engine = engineOrThrow(handler, "handler"))
        addHandler(channel, this, handler, false, engine, true);
}

void QuickIpcMain::handleOnce(const QString &channel, const QJSValue &handler)
{
    if (QJSEngine *engine = engineOrThrow(handler, "handler"))
        addHandler(channel, this, handler, true, engine, true);
}

void QuickIpcMain::removeHandler(const QString &channel) { m_main->removeHandler(channel); }

bool QuickIpcMain::hasHandler(const QString &channel) const { return m_main->hasHandler(channel); }

namespace {
// The fields of AttachOptions, from a JavaScript object; missing ones keep their defaults.
AttachOptions attachOptionsFrom(const QJSValue &object)
{
    AttachOptions options;
    if (!object.isObject())
        return options;
    const auto read = [&object](const char *name, auto *field) {
        const QJSValue value = object.property(QLatin1String(name));
        if (value.isUndefined())
            return;
        using Field = std::remove_pointer_t<decltype(field)>;
        if constexpr (std::is_same_v<Field, bool>)
            *field = value.toBool();
        else if constexpr (std::is_same_v<Field, QString>)
            *field = value.toString();
        else
            *field = Field(value.toUInt());
    };
    read("worldId", &options.worldId);
    read("exposeElectronRequire", &options.exposeElectronRequire);
    read("enableSubframes", &options.enableSubframes);
    read("preload", &options.preload);
    read("exposeIpcRendererToMainWorld", &options.exposeIpcRendererToMainWorld);
    read("forwardConsole", &options.forwardConsole);
    return options;
}
} // namespace

QJSValue QuickIpcMain::attach(QObject *webEngineView, const QJSValue &options)
{
    QJSEngine *engine = qjsEngine(this);
    WebContents *contents = attachQuickView(m_main, webEngineView, attachOptionsFrom(options));
    if (!contents) {
        if (engine) {
            engine->throwError(QStringLiteral(
                    "IpcMain.attach: not a WebEngineView, or the view has a webChannel already"));
        }
        return QJSValue(QJSValue::NullValue);
    }
    return engine ? QuickEngine::of(engine)->contents(contents) : QJSValue();
}

void QuickIpcMain::detach(QObject *webEngineView)
{
    delete findQuickWebContents(m_main, webEngineView);
}

QJSValue QuickIpcMain::webContentsOf(QObject *webEngineView)
{
    QJSEngine *engine = qjsEngine(this);
    if (!engine)
        return QJSValue();
    return QuickEngine::of(engine)->contents(findQuickWebContents(m_main, webEngineView));
}

QJSValue QuickIpcMain::allWebContents()
{
    QJSEngine *engine = qjsEngine(this);
    if (!engine)
        return QJSValue();
    const QList<WebContents *> all = m_main->webContents();
    QJSValue array = engine->newArray(quint32(all.size()));
    for (int i = 0; i < all.size(); ++i)
        array.setProperty(quint32(i), QuickEngine::of(engine)->contents(all.at(i)));
    return array;
}

// ---------------------------------------------------------------------------------------------

QObject *qmlIpcMain(IpcMain *ipcMain) { return QuickIpcMain::of(ipcMain); }

IpcMain *ipcMainOf(const QObject *qmlObject)
{
    auto *main = qobject_cast<const QuickIpcMain *>(qmlObject);
    return main ? main->ipcMain() : nullptr;
}

QJSValue QuickIpcMain::createMessageChannel()
{
    QJSEngine *engine = qjsEngine(this);
    if (!engine)
        return QJSValue();
    auto *channel = new MessageChannelMain(this);
    QuickEngine *quick = QuickEngine::of(engine);
    QJSValue pair = engine->newObject();
    pair.setProperty(QStringLiteral("port1"), quick->port(channel->port1()));
    pair.setProperty(QStringLiteral("port2"), quick->port(channel->port2()));
    return pair;
}

} // namespace WebIpc
