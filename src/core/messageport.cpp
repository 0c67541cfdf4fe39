// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// MessageChannelMain and MessagePortMain, and the graph of port ends behind them (see
// messageport_p.h). What goes to a page's end is handed to its WebContents (pageports.cpp).
#include "messageport_p.h"

#include "binarylane_p.h"
#include "codec_p.h"
#include "logging_p.h"
#include "webcontents_p.h"

#include <QtCore/QRecursiveMutex>
#include <QtCore/QThread>

#include <atomic>

namespace WebIpc {

namespace {

// One lock for the whole graph: ends of a pair may live in different threads, and a message
// may carry ends from anywhere. Recursive: freeing an end may close others.
QRecursiveMutex &graphMutex()
{
    static QRecursiveMutex mutex;
    return mutex;
}

std::atomic<int> liveCores{0};

// How many messages a port that was not started holds; a page could otherwise fill the
// application's memory through a port nobody reads.
constexpr size_t MaximumQueuedMessages = 100000;

} // namespace

class MessagePortMainPrivate
{
public:
    PortCorePtr core; // null once neutered or closed
    std::deque<PortPayload> queue; // arrived, waiting for start()
    bool started = false;
    bool warnedFull = false;
    bool closed = false;
    bool neutered = false;

    void receive(MessagePortMain *q, PortPayload payload);
    void drain(MessagePortMain *q);
    void markClosed(MessagePortMain *q);
};

PortCore::PortCore() { ++liveCores; }
PortCore::~PortCore()
{
    --liveCores;
    // An end dropped without being closed (a message carrying it never delivered, a page gone
    // before it listened): like a collected port, its other end closes.
    if (closed)
        return;
    PortCorePtr peer;
    RemoteEnd remote;
    {
        QMutexLocker lock(&graphMutex());
        peer = this->peer.lock();
        remote = peerRemote;
    }
    if (peer)
        PortGraph::close(peer);
    if (remote.isSet())
        WebContentsPrivate::closePagePort(remote);
}
int PortCore::liveCount() { return liveCores.load(); }

// ---------------------------------------------------------------------------------------------
// A message

bool PortPayload::encode(const QVariant &message, QString *error)
{
    Codec::OutOfBand lane;
    lane.threshold = Limits::binaryLaneThreshold();
    const Codec::OutOfBandScope scope(&lane);
    QJsonArray encoded;
    if (!Codec::encodeArgs({message}, &encoded, error))
        return false;
    wire = encoded;
    buffers = std::move(lane.buffers);
    return true;
}

bool PortPayload::decode(QVariant *out, QString *error) const
{
    if (decoded) {
        *out = value;
        return true;
    }
    Codec::OutOfBand lane;
    lane.buffers = buffers;
    const Codec::OutOfBandScope scope(&lane);
    QVariantList args;
    if (!Codec::decodeArgs(wire, &args, error))
        return false;
    *out = args.value(0);
    return true;
}

// ---------------------------------------------------------------------------------------------
// The graph

PortCorePtr PortGraph::coreOf(MessagePortMain *port)
{
    QMutexLocker lock(&graphMutex());
    return port ? port->d_func()->core : nullptr;
}

void PortGraph::entangle(const PortCorePtr &a, const PortCorePtr &b)
{
    QMutexLocker lock(&graphMutex());
    a->peer = b;
    b->peer = a;
}

MessagePortMain *PortGraph::adopt(const PortCorePtr &core, QObject *parent)
{
    auto *port = new MessagePortMain(parent);
    QMutexLocker lock(&graphMutex());
    if (core->closed) {
        port->d_func()->closed = true;
        return port;
    }
    port->d_func()->core = core;
    core->holder = port;
    core->holderRemote = RemoteEnd();
    std::deque<PortPayload> parked = std::exchange(core->parked, {});
    lock.unlock();
    for (PortPayload &payload : parked)
        port->d_func()->receive(port, std::move(payload));
    return port;
}

std::vector<PortCorePtr> PortGraph::detach(const QList<MessagePortMain *> &transfer,
                                           const MessagePortMain *source, QString *error)
{
    QMutexLocker lock(&graphMutex());
    for (qsizetype i = 0; i < transfer.size(); ++i) {
        MessagePortMain *port = transfer.at(i);
        const QString at = QStringLiteral("Port at index %1 ").arg(i);
        if (!port) {
            *error = at + QStringLiteral("is not a valid port");
            return {};
        }
        if (port == source) {
            *error = at + QStringLiteral("contains the source port.");
            return {};
        }
        if (transfer.indexOf(port) < i) {
            *error = at + QStringLiteral("is a duplicate.");
            return {};
        }
        if (port->d_func()->neutered) {
            *error = at + QStringLiteral("is already neutered.");
            return {};
        }
    }
    std::vector<PortCorePtr> cores;
    for (MessagePortMain *port : transfer) {
        MessagePortMainPrivate *d = port->d_func();
        d->neutered = true;
        PortCorePtr core = std::move(d->core);
        if (!core) {
            // A closed port: the other side gets an end that is closed already.
            core = std::make_shared<PortCore>();
            core->closed = true;
        }
        core->holder = nullptr;
        // What arrived before start() goes with it, as with a DOM MessagePort.
        for (PortPayload &queued : d->queue)
            core->parked.push_back(std::move(queued));
        d->queue.clear();
        cores.push_back(std::move(core));
    }
    return cores;
}

void PortGraph::deliverToHolder(const PortCorePtr &core, PortPayload payload)
{
    QMutexLocker lock(&graphMutex());
    if (core->closed) {
        lock.unlock();
        closeAll(payload.ports);
        return;
    }
    if (core->holderRemote.isSet()) {
        const RemoteEnd end = core->holderRemote;
        lock.unlock();
        WebContentsPrivate::postToPagePort(end, std::move(payload));
        return;
    }
    QPointer<MessagePortMain> holder = core->holder;
    if (!holder) {
        core->parked.push_back(std::move(payload)); // in transit: for whoever takes the end
        return;
    }
    lock.unlock();
    auto shared = std::make_shared<PortPayload>(std::move(payload));
    runInThreadOf(
            holder.data(),
            [holder, shared]() {
                if (holder)
                    holder->d_func()->receive(holder.data(), std::move(*shared));
            },
            true); // Electron's ports deliver asynchronously
}

void PortGraph::sendToPeer(const PortCorePtr &core, PortPayload payload)
{
    QMutexLocker lock(&graphMutex());
    if (core->closed) {
        lock.unlock();
        closeAll(payload.ports);
        return;
    }
    if (core->peerRemote.isSet()) {
        const RemoteEnd end = core->peerRemote;
        lock.unlock();
        WebContentsPrivate::postToPagePort(end, std::move(payload));
        return;
    }
    PortCorePtr peer = core->peer.lock();
    lock.unlock();
    if (peer)
        deliverToHolder(peer, std::move(payload));
    else
        closeAll(payload.ports);
}

void PortGraph::close(const PortCorePtr &core)
{
    if (!core)
        return;
    std::vector<QPointer<MessagePortMain>> holders;
    std::vector<RemoteEnd> remotes;
    std::deque<PortPayload> dropped;
    {
        QMutexLocker lock(&graphMutex());
        if (core->closed)
            return;
        PortCorePtr peer = core->peer.lock();
        for (PortCore *end : {core.get(), peer.get()}) {
            if (!end)
                continue;
            end->closed = true;
            if (end->holder)
                holders.push_back(end->holder);
            if (end->holderRemote.isSet())
                remotes.push_back(end->holderRemote);
            if (end->peerRemote.isSet())
                remotes.push_back(end->peerRemote);
            end->peer.reset();
            for (PortPayload &parked : end->parked)
                dropped.push_back(std::move(parked));
            end->parked.clear();
        }
    }
    for (const QPointer<MessagePortMain> &holder : holders) {
        runInThreadOf(
                holder.data(),
                [holder]() {
                    if (holder)
                        holder->d_func()->markClosed(holder.data());
                },
                true);
    }
    for (const RemoteEnd &end : remotes)
        WebContentsPrivate::closePagePort(end);
    for (const PortPayload &payload : dropped)
        closeAll(payload.ports);
}

std::deque<PortPayload> PortGraph::takeParked(const PortCorePtr &core)
{
    QMutexLocker lock(&graphMutex());
    return std::exchange(core->parked, {});
}

bool PortGraph::isClosed(const PortCorePtr &core)
{
    QMutexLocker lock(&graphMutex());
    return core->closed;
}

void PortGraph::closeAll(const std::vector<PortCorePtr> &cores)
{
    for (const PortCorePtr &core : cores)
        close(core);
}

// ---------------------------------------------------------------------------------------------
// MessagePortMain

void MessagePortMainPrivate::receive(MessagePortMain *q, PortPayload payload)
{
    if (closed || neutered) {
        PortGraph::closeAll(payload.ports);
        return;
    }
    if (queue.size() >= MaximumQueuedMessages) {
        if (!std::exchange(warnedFull, true)) {
            qCWarning(lcMain).noquote() << "MessagePortMain dropped messages: more than"
                                        << MaximumQueuedMessages << "wait for start()";
        }
        PortGraph::closeAll(payload.ports);
        return;
    }
    queue.push_back(std::move(payload));
    if (started)
        drain(q);
}

void MessagePortMainPrivate::drain(MessagePortMain *q)
{
    QPointer<MessagePortMain> alive(q);
    while (alive && started && !queue.empty()) {
        PortPayload payload = std::move(queue.front());
        queue.pop_front();
        MessageEvent event;
        QString error;
        if (!payload.decode(&event.data, &error)) {
            qCWarning(lcMain).noquote() << "MessagePortMain dropped a message:" << error;
            PortGraph::closeAll(payload.ports);
            continue;
        }
        for (const PortCorePtr &core : payload.ports)
            event.ports.append(PortGraph::adopt(core, q));
        Q_EMIT q->message(event);
    }
}

void MessagePortMainPrivate::markClosed(MessagePortMain *q)
{
    if (closed)
        return;
    closed = true;
    {
        QMutexLocker lock(&graphMutex());
        if (core)
            core->holder = nullptr;
        core.reset();
    }
    for (PortPayload &queued : queue)
        PortGraph::closeAll(queued.ports);
    queue.clear();
    Q_EMIT q->closed();
}

MessagePortMain::MessagePortMain(QObject *parent)
    : QObject(parent), d_ptr(std::make_unique<MessagePortMainPrivate>())
{ }

MessagePortMain::~MessagePortMain()
{
    // Like a collected port in Electron: the other end is closed.
    Q_D(MessagePortMain);
    PortCorePtr core;
    {
        QMutexLocker lock(&graphMutex());
        core = std::move(d->core);
        if (core)
            core->holder = nullptr;
    }
    PortGraph::close(core);
    for (PortPayload &queued : d->queue)
        PortGraph::closeAll(queued.ports);
}

bool MessagePortMain::postMessage(const QVariant &message, const QList<MessagePortMain *> &transfer,
                                  QString *errorMessage)
{
    Q_D(MessagePortMain);
    const auto fail = [errorMessage](const QString &text) {
        qCWarning(lcMain).noquote() << "MessagePortMain.postMessage:" << text;
        if (errorMessage)
            *errorMessage = text;
        return false;
    };
    if (d->neutered)
        return fail(QStringLiteral("The port is already neutered."));
    PortPayload payload;
    QString error;
    if (!payload.encode(message, &error))
        return fail(error);
    payload.ports = PortGraph::detach(transfer, this, &error);
    if (!error.isEmpty())
        return fail(error);
    PortCorePtr core = PortGraph::coreOf(this);
    if (!core) {
        PortGraph::closeAll(payload.ports); // closed: nothing is delivered (B84)
        return true;
    }
    PortGraph::sendToPeer(core, std::move(payload));
    return true;
}

void MessagePortMain::start()
{
    Q_D(MessagePortMain);
    if (d->started || d->neutered)
        return;
    d->started = true;
    Q_EMIT startedChanged();
    d->drain(this);
}

void MessagePortMain::close()
{
    Q_D(MessagePortMain);
    if (d->neutered || d->closed)
        return;
    PortGraph::close(PortGraph::coreOf(this));
    // close() emits 'close' on this port too, now (Electron's message_port.cc).
    d->markClosed(this);
}

bool MessagePortMain::isStarted() const { return d_func()->started; }

bool MessagePortMain::isClosed() const { return d_func()->closed; }

bool MessagePortMain::isNeutered() const { return d_func()->neutered; }

// ---------------------------------------------------------------------------------------------
// MessageChannelMain

MessageChannelMain::MessageChannelMain(QObject *parent)
    : QObject(parent), m_port1(new MessagePortMain(this)), m_port2(new MessagePortMain(this))
{
    auto a = std::make_shared<PortCore>();
    auto b = std::make_shared<PortCore>();
    PortGraph::entangle(a, b);
    m_port1->d_func()->core = a;
    m_port2->d_func()->core = b;
    a->holder = m_port1;
    b->holder = m_port2;
}

MessageChannelMain::~MessageChannelMain() = default;

MessagePortMain *MessageChannelMain::port1() const { return m_port1; }

MessagePortMain *MessageChannelMain::port2() const { return m_port2; }

// ---------------------------------------------------------------------------------------------
// DocumentPorts

namespace {
// How many port ends one document may hold; a page that transfers more is refused.
constexpr size_t MaximumPortsPerDocument = 10000;
} // namespace

DocumentPorts::DocumentPorts(WebContents *contents, int frameId, const QString &documentId)
    : contents(contents), frameId(frameId), documentId(documentId)
{ }

DocumentPorts::~DocumentPorts()
{
    // The document is gone: every port it held closes, and the other ends are told.
    std::map<qint64, Entry> entries = std::move(m_entries);
    for (auto &entry : entries)
        PortGraph::close(entry.second.core);
}

RemoteEnd DocumentPorts::endFor(qint64 portId) const
{
    RemoteEnd end;
    end.contents = contents;
    end.frameId = frameId;
    end.documentId = documentId;
    end.portId = portId;
    return end;
}

bool DocumentPorts::isValidNewPageId(qint64 portId) const
{
    return portId > 0 && m_entries.find(portId) == m_entries.end()
            && m_entries.size() < MaximumPortsPerDocument;
}

PortCorePtr DocumentPorts::takePagePort(qint64 portId)
{
    auto core = std::make_shared<PortCore>();
    core->peerRemote = endFor(portId);
    m_entries[portId] = Entry{core, true};
    return core;
}

qint64 DocumentPorts::givePort(const PortCorePtr &core)
{
    const qint64 portId = m_nextMainId--;
    {
        QMutexLocker lock(&graphMutex());
        core->holder = nullptr;
        core->holderRemote = endFor(portId);
    }
    m_entries[portId] = Entry{core, false};
    return portId;
}

DocumentPorts::Entry *DocumentPorts::find(qint64 portId)
{
    const auto it = m_entries.find(portId);
    return it == m_entries.end() ? nullptr : &it->second;
}

} // namespace WebIpc
