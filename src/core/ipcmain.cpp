// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "ipcmain_p.h"
#include "logging_p.h"

#include <WebIpc/handlererror.h>
#include <WebIpc/webcontents.h>

#include <QtCore/QMetaMethod>
#include <QtCore/QThread>
#include <QtCore/QVarLengthArray>

namespace WebIpc {

namespace {
// Makes the event types known to QMetaType before anyone queues them across threads.
void registerMetaTypes()
{
    qRegisterMetaType<IpcMainEvent>();
    qRegisterMetaType<IpcMainInvokeEvent>();
    qRegisterMetaType<FrameInfo>();
}
} // namespace

/*
    One message's run through the listeners of on() and once() on its channel, with Electron's
    EventEmitter semantics: every listener there was when the message arrived runs, in order,
    even one that an earlier listener removed meanwhile (unless its context object is gone).

    Qt's signal emission calls the listeners still connected, in order, and skips the others. So
    a listener that Qt calls first runs the skipped ones before it (reached()), and the dispatch
    runs those after the last one when the emission has returned (finish()). Only listeners that
    run in this thread take part: Qt queues the others as it reaches them.
*/
class IpcMainPrivate::Dispatch
{
public:
    Dispatch(const IpcChannel *channel, const ListenerList &listeners, const IpcMainEvent &event,
             const QVariantList &args)
        : m_channel(channel), m_event(event), m_args(args), m_outer(s_current)
    {
        for (const ListenerEntry &entry : listeners) {
            const QObject *context = entry.listener->context.data();
            if (context && context->thread() == QThread::currentThread())
                m_snapshot.append(entry);
        }
        s_current = this;
    }
    ~Dispatch() { s_current = m_outer; }
    Q_DISABLE_COPY_MOVE(Dispatch)

    // The dispatch of \a channel that runs in this thread now, if any.
    static Dispatch *current(const IpcChannel *channel)
    {
        return s_current && s_current->m_channel.data() == channel ? s_current : nullptr;
    }

    // Qt is about to call \a listener.
    void reached(const Listener *listener)
    {
        for (qsizetype i = m_next; i < m_snapshot.size(); ++i) {
            if (m_snapshot.at(i).listener.get() == listener) {
                runRemovedBefore(i);
                m_next = i + 1;
                return;
            }
        }
    }

    // Qt's emission is over.
    void finish() { runRemovedBefore(m_snapshot.size()); }

private:
    void runRemovedBefore(qsizetype end)
    {
        // A listener may destroy the IpcMain: then the others are not run for it.
        while (m_next < end && m_channel) {
            const ListenerEntry entry = m_snapshot.at(m_next++);
            // Still connected: Qt has called it. A listener without its context cannot run.
            if (!entry.connection && entry.listener->context)
                entry.listener->function(m_event, m_args);
        }
    }

    static thread_local Dispatch *s_current;
    const QPointer<const IpcChannel> m_channel;
    const IpcMainEvent &m_event;
    const QVariantList &m_args;
    Dispatch *const m_outer;
    QVarLengthArray<ListenerEntry, 8> m_snapshot;
    qsizetype m_next = 0;
};

thread_local IpcMainPrivate::Dispatch *IpcMainPrivate::Dispatch::s_current = nullptr;

void IpcMainPrivate::runConnected(const Listener &listener, const IpcChannel *channel,
                                  const IpcMainEvent &event, const QVariantList &args)
{
    if (Dispatch *dispatch = Dispatch::current(channel))
        dispatch->reached(&listener);
    listener.function(event, args);
}

IpcMain::IpcMain(QObject *parent) : QObject(parent), d_ptr(new IpcMainPrivate(this))
{
    registerMetaTypes();
}

IpcMain::~IpcMain()
{
    Q_D(IpcMain);
    // Detach every page: each WebContents removes its scripts and channel from its page.
    const auto attached = d->contents;
    for (const QPointer<WebContents> &contents : attached)
        delete contents.data();
}

IpcChannel *IpcMain::channel(const QString &name)
{
    Q_D(IpcMain);
    IpcChannel *&channel = d->channels[name];
    if (!channel) {
        channel = new IpcChannel(name, this);
        d->channelOrder.append(name);
    }
    return channel;
}

QMetaObject::Connection IpcMain::addListener(const QString &name, const QObject *context,
                                             detail::ListenerFunction function, bool once,
                                             const detail::ChannelSignature &signature)
{
    Q_D(IpcMain);
    if (!function) {
        qCWarning(lcMain).noquote()
                << QStringLiteral("A member function listening on '%1' needs its object").arg(name);
        return {};
    }
    IpcChannel *c = channel(name);
    auto listener = std::make_shared<IpcMainPrivate::Listener>();
    listener->function = std::move(function);
    listener->context = context ? context : c; // without a context: as long as the channel
    const Qt::ConnectionType type = once
            ? Qt::ConnectionType(Qt::AutoConnection | Qt::SingleShotConnection)
            : Qt::AutoConnection;
    const QMetaObject::Connection connection = QObject::connect(
            c, &IpcChannel::message, listener->context.data(),
            [listener, c](const IpcMainEvent &event, const QVariantList &args) {
                IpcMainPrivate::runConnected(*listener, c, event, args);
            },
            type);
    IpcMainPrivate::ListenerList &list = d->listeners[c];
    d->pruneListeners(&list);
    list.append({std::move(listener), connection});
    d->noteListenerSignature(name, signature);
    return connection;
}

bool IpcMain::removeListener(const QString &channel, const QMetaObject::Connection &connection)
{
    Q_D(IpcMain);
    if (!d->channels.contains(channel))
        return false;
    return QObject::disconnect(connection);
}

bool IpcMain::removeListener(const QString &channel, const QObject *context)
{
    Q_D(IpcMain);
    IpcChannel *c = d->channels.value(channel);
    return c && context && QObject::disconnect(c, &IpcChannel::message, context, nullptr);
}

void IpcMain::removeAllListeners(const QString &channel)
{
    Q_D(IpcMain);
    if (IpcChannel *c = d->channels.value(channel))
        QObject::disconnect(c, &IpcChannel::message, nullptr, nullptr);
}

void IpcMain::removeAllListeners()
{
    Q_D(IpcMain);
    for (IpcChannel *c : std::as_const(d->channels))
        QObject::disconnect(c, &IpcChannel::message, nullptr, nullptr);
}

QStringList IpcMain::eventNames() const
{
    Q_D(const IpcMain);
    QStringList names;
    for (const QString &name : d->channelOrder) {
        if (d->channels.value(name)->listenerCount() > 0)
            names.append(name);
    }
    return names;
}

int IpcMain::listenerCount(const QString &channel) const
{
    Q_D(const IpcMain);
    const IpcChannel *c = d->channels.value(channel);
    return c ? c->listenerCount() : 0;
}

bool IpcMain::addHandler(const QString &channel, detail::InvokeHandler handler,
                         const QObject *context, bool once,
                         const detail::ChannelSignature &signature)
{
    Q_D(IpcMain);
    if (!handler) {
        qCWarning(lcMain).noquote()
                << QStringLiteral("A member function handling '%1' needs its object").arg(channel);
        return false;
    }
    if (d->handlers.contains(channel)) {
        qCWarning(lcMain).noquote()
                << QStringLiteral("Attempted to register a second handler for '%1'").arg(channel);
        return false;
    }
    IpcMainPrivate::Handler entry{std::move(handler), once, context, {}};
    // A handler whose context is this IpcMain lives as long as it: no guard, which would run
    // from ~QObject, after IpcMain's own members are gone.
    if (context && context != this) {
        // The handler goes with its context; a newer handler on the channel is left alone.
        entry.contextGuard =
                connect(context, &QObject::destroyed, this, [this, channel, context]() {
                    Q_D(IpcMain);
                    const auto it = d->handlers.constFind(channel);
                    if (it != d->handlers.constEnd() && it->context == context)
                        d->handlers.erase(it);
                });
    }
    d->handlers.insert(channel, std::move(entry));
    d->invokeSignatures.insert(channel, signature);
    return true;
}

void IpcMain::removeHandler(const QString &channel)
{
    Q_D(IpcMain);
    const auto it = d->handlers.find(channel);
    if (it == d->handlers.end())
        return;
    QObject::disconnect(it->contextGuard);
    d->handlers.erase(it);
}

bool IpcMain::hasHandler(const QString &channel) const
{
    Q_D(const IpcMain);
    return d->handlers.contains(channel);
}

QList<WebContents *> IpcMain::webContents() const
{
    Q_D(const IpcMain);
    QList<WebContents *> result;
    for (const QPointer<WebContents> &contents : d->contents) {
        if (contents)
            result.append(contents.data());
    }
    return result;
}

std::chrono::milliseconds IpcMain::syncReplyTimeout() const
{
    Q_D(const IpcMain);
    return d->syncReplyTimeout;
}

void IpcMain::setSyncReplyTimeout(std::chrono::milliseconds timeout)
{
    Q_D(IpcMain);
    d->syncReplyTimeout = timeout;
}

qsizetype IpcMain::maximumMessageSize() const
{
    Q_D(const IpcMain);
    return d->maximumMessageSize;
}

void IpcMain::setMaximumMessageSize(qsizetype bytes)
{
    Q_D(IpcMain);
    d->maximumMessageSize = bytes;
}

void IpcMain::setAllowedOrigins(const QStringList &patterns)
{
    Q_D(IpcMain);
    d->origins.setAllowed(patterns);
}

QStringList IpcMain::allowedOrigins() const
{
    Q_D(const IpcMain);
    return d->origins.allowed();
}

void IpcMain::setChannelAllowedOrigins(const QString &channel, const QStringList &patterns)
{
    Q_D(IpcMain);
    d->origins.setChannelAllowed(channel, patterns);
}

QStringList IpcMain::channelAllowedOrigins(const QString &channel) const
{
    Q_D(const IpcMain);
    return d->origins.channelAllowed(channel);
}

bool IpcMain::isOriginAllowed(const QString &origin, const QString &channel) const
{
    Q_D(const IpcMain);
    return d->origins.isAllowed(origin, channel);
}

bool IpcMain::addLocalScheme(const QString &scheme) { return OriginPolicy::addLocalScheme(scheme); }

int IpcMain::maximumPendingInvokes() const
{
    Q_D(const IpcMain);
    return d->maximumPendingInvokes;
}

void IpcMain::setMaximumPendingInvokes(int count)
{
    Q_D(IpcMain);
    d->maximumPendingInvokes = count;
}

std::chrono::milliseconds IpcMain::invokeTimeout(const QString &channel) const
{
    Q_D(const IpcMain);
    return d->invokeTimeouts.value(channel);
}

void IpcMain::setInvokeTimeout(const QString &channel, std::chrono::milliseconds timeout)
{
    Q_D(IpcMain);
    if (timeout.count() > 0)
        d->invokeTimeouts.insert(channel, timeout);
    else
        d->invokeTimeouts.remove(channel);
}

void IpcMainPrivate::dispatchMessage(const QString &channel, const IpcMainEvent &event,
                                     const QVariantList &args)
{
    Q_Q(IpcMain);
    Q_EMIT q->message(channel, event, args);
    IpcChannel *c = channels.value(channel);
    if (!c)
        return;
    const auto it = listeners.find(c);
    if (it == listeners.end()) {
        Q_EMIT c->message(event, args);
        return;
    }
    pruneListeners(&*it);
    Dispatch dispatch(c, *it, event, args);
    Q_EMIT c->message(event, args);
    dispatch.finish();
}

void IpcMainPrivate::pruneListeners(ListenerList *list)
{
    list->removeIf([](const ListenerEntry &entry) { return !entry.connection; });
}

QFuture<QVariant> IpcMainPrivate::dispatchInvoke(const QString &channel,
                                                 const IpcMainInvokeEvent &event,
                                                 const QVariantList &args)
{
    const auto it = handlers.find(channel);
    if (it == handlers.end()) {
        return detail::failedFuture(std::make_exception_ptr(HandlerError(
                QString(), QStringLiteral("Error: No handler registered for '%1'").arg(channel))));
    }
    // Copied out first: a once-handler is removed before it runs (Electron B5), and any handler
    // may remove or replace itself while it runs.
    detail::InvokeHandler handler = it->function;
    if (it->once) {
        QObject::disconnect(it->contextGuard);
        handlers.erase(it);
    }
    return handler(event, args);
}

bool IpcMainPrivate::isFirstRefusal(int pageId, const QString &origin, const QString &channel)
{
    // A channel with a rule of its own is another rule to fix; the others share IpcMain's.
    const QString rule = origins.channelAllowed(channel).isEmpty() ? QString() : channel;
    const QString key =
            QString::number(pageId) + QLatin1Char(' ') + rule + QLatin1Char(' ') + origin;
    if (refusalsWarned.contains(key))
        return false;
    if (refusalsWarned.size() >= MaximumRefusalsWarned)
        refusalsWarned.clear();
    refusalsWarned.insert(key);
    return true;
}

bool IpcMainPrivate::hasMessageListeners(const QString &channel) const
{
    Q_Q(const IpcMain);
    static const QMetaMethod catchAll = QMetaMethod::fromSignal(&IpcMain::message);
    if (q->isSignalConnected(catchAll))
        return true;
    const IpcChannel *c = channels.value(channel);
    return c && c->listenerCount() > 0;
}

QStringList IpcMainPrivate::listenedChannels() const
{
    QStringList names;
    for (auto it = channels.cbegin(); it != channels.cend(); ++it) {
        if (it.value()->listenerCount() > 0)
            names.append(it.key());
    }
    return names;
}

void IpcMainPrivate::addContents(WebContents *contents)
{
    Q_Q(IpcMain);
    this->contents.append(contents);
    Q_EMIT q->webContentsCreated(contents);
}

void IpcMainPrivate::removeContents(WebContents *contents)
{
    this->contents.removeIf(
            [contents](const QPointer<WebContents> &c) { return !c || c.data() == contents; });
}

} // namespace WebIpc
