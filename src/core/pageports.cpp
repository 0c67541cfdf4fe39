// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// MessagePorts between a page and main: ipcRenderer.postMessage, WebContents::postMessage, and
// the messages and closes of the ports a document holds. A port number is honoured only from the
// document it belongs to (DocumentPorts); anything else is refused as forged.
#include "webcontents_p.h"

#include "codec_p.h"
#include "ipcmain_p.h"
#include "logging_p.h"
#include "messageport_p.h"
#include "protocol_p.h"

#include <QtCore/QThread>

#include <cmath>

namespace WebIpc {

namespace PageField = Protocol::PageField;

namespace {

// How many ports one message may carry.
constexpr qsizetype MaximumPortsPerMessage = 1000;

// The port numbers of a page's message: distinct whole numbers the document has not used.
bool readNewPortIds(const QJsonValue &value, const DocumentPorts *known, QList<qint64> *ids)
{
    if (value.isUndefined())
        return true;
    if (!value.isArray() || value.toArray().size() > MaximumPortsPerMessage)
        return false;
    for (const QJsonValue &item : value.toArray()) {
        const double number = item.toDouble(-1);
        if (number <= 0 || number != std::floor(number) || number > 9007199254740991.0)
            return false;
        const qint64 id = qint64(number);
        if (ids->contains(id) || (known && !known->isValidNewPageId(id)))
            return false;
        ids->append(id);
    }
    return true;
}

// The wire of \a payload for a page, in the scope of \a lane: its buffers beside it as they are
// when the lane takes them, else inline as base64 (a subframe).
bool portWire(const PortPayload &payload, LaneEncoding &lane, QJsonArray *wire, QString *error)
{
    if (payload.buffers.isEmpty() || lane.adopt(payload.buffers)) {
        *wire = payload.wire.toArray();
        return true;
    }
    QVariant value;
    return payload.decode(&value, error) && Codec::encodeArgs({value}, wire, error);
}

} // namespace

DocumentPorts *WebContentsPrivate::portsOf(FrameState &frame)
{
    if (frame.document.id.isEmpty())
        return nullptr;
    if (!frame.document.ports) {
        frame.document.ports =
                std::make_shared<DocumentPorts>(q_ptr, frame.frameId, frame.document.id);
    }
    return frame.document.ports.get();
}

QJsonArray WebContentsPrivate::givePorts(FrameState &frame,
                                         const std::vector<std::shared_ptr<PortCore>> &cores,
                                         QJsonArray *closedIds)
{
    QJsonArray ids;
    DocumentPorts *ports = portsOf(frame);
    for (const PortCorePtr &core : cores) {
        const qint64 id = ports->givePort(core);
        ids.append(double(id));
        if (PortGraph::isClosed(core))
            closedIds->append(double(id));
    }
    return ids;
}

void WebContentsPrivate::portsGiven(FrameState &frame, const QJsonArray &closedIds,
                                    const std::vector<std::shared_ptr<PortCore>> &given)
{
    // What was posted to the ports on their way here follows the message that gave them.
    for (const PortCorePtr &core : given) {
        for (PortPayload &payload : PortGraph::takeParked(core)) {
            PortGraph::deliverToHolder(core, std::move(payload));
        }
    }
    for (const QJsonValue &id : closedIds) {
        portsOf(frame)->forget(qint64(id.toDouble()));
        queueOutgoing(Protocol::portClosed(qint64(id.toDouble())), frame.document.id,
                      frame.frameId);
    }
}

void WebContentsPrivate::postToPagePort(const RemoteEnd &end, PortPayload payload)
{
    auto shared = std::make_shared<PortPayload>(std::move(payload));
    WebContents *contents = end.contents.data();
    if (!contents) {
        PortGraph::closeAll(shared->ports);
        return;
    }
    runInThreadOf(
            contents,
            [end, shared]() {
                WebContents *contents = end.contents.data();
                WebContentsPrivate *d = contents ? get(contents) : nullptr;
                FrameState *frame = d ? d->documents.frame(end.frameId) : nullptr;
                if (!frame || frame->document.id != end.documentId || !frame->document.ports) {
                    // Never to the document that replaced the one holding the port.
                    PortGraph::closeAll(shared->ports);
                    return;
                }
                QJsonArray closedIds;
                {
                    LaneEncoding lane(d, end.frameId); // queueOutgoing() takes the buffers
                    QJsonArray wire;
                    QString error;
                    if (!portWire(*shared, lane, &wire, &error)) {
                        qCWarning(lcMain).noquote() << "dropped a MessagePort message:" << error;
                        PortGraph::closeAll(shared->ports);
                        return;
                    }
                    const QJsonArray ids = d->givePorts(*frame, shared->ports, &closedIds);
                    d->queueOutgoing(Protocol::portMessage(end.portId, wire, ids), end.documentId,
                                     end.frameId);
                }
                d->portsGiven(*frame, closedIds, shared->ports);
            },
            false);
}

void WebContentsPrivate::closePagePort(const RemoteEnd &end)
{
    // Queued: this may run while a document (or the whole page) is being torn down.
    runInThreadOf(
            end.contents.data(),
            [end]() {
                WebContents *contents = end.contents.data();
                WebContentsPrivate *d = contents ? get(contents) : nullptr;
                FrameState *frame = d ? d->documents.frame(end.frameId) : nullptr;
                if (!frame || frame->document.id != end.documentId || !frame->document.ports
                    || !frame->document.ports->find(end.portId))
                    return;
                frame->document.ports->forget(end.portId);
                d->queueOutgoing(Protocol::portClosed(end.portId), end.documentId, end.frameId);
            },
            true);
}

QList<MessagePortMain *> WebContentsPrivate::takePagePorts(FrameState &frame,
                                                           const QList<qint64> &ids,
                                                           std::vector<PortCorePtr> *cores)
{
    Q_Q(WebContents);
    QList<MessagePortMain *> ports;
    DocumentPorts *table = portsOf(frame);
    for (qint64 id : ids) {
        PortCorePtr core = table->takePagePort(id);
        if (cores)
            cores->push_back(core);
        else
            ports.append(PortGraph::adopt(core, q));
    }
    return ports;
}

void WebContentsPrivate::refusePagePorts(FrameState &frame, const QList<qint64> &ids)
{
    // The page's ports were not taken: it is told they closed.
    for (qint64 portId : ids)
        queueOutgoing(Protocol::portClosed(portId), frame.document.id, frame.frameId);
}

bool WebContentsPrivate::receivePortsMessage(FrameState &frame, int kind, const QJsonArray &message)
{
    if (kind != Protocol::PostMessage && kind != Protocol::PortMessage
        && kind != Protocol::PortClose)
        return false;
    DocumentPorts *table = portsOf(frame);
    QList<qint64> ids;
    if (kind != Protocol::PortClose
        && !readNewPortIds(message.at(PageField::PortIds), table, &ids)) {
        warnAboutPage(QStringLiteral("dropped a message with malformed or reused port numbers"));
        return true;
    }
    if (kind == Protocol::PostMessage) {
        const QJsonValue channel = message.at(PageField::Channel);
        if (!channel.isString()) {
            warnAboutPage(QStringLiteral("dropped a message without a channel"));
            return true;
        }
        // Ports nobody can take are closed at once, as Electron's are when collected (B85).
        const QString name = channel.toString();
        bool heard = false;
        for (IpcMainPrivate *tier :
             {ipcMain ? IpcMainPrivate::get(ipcMain) : nullptr,
              scoped ? IpcMainPrivate::get(scoped.get()) : nullptr, frameTier(frame.frameId)})
            heard = heard || (tier && tier->hasMessageListeners(name));
        if (!heard && !ids.isEmpty()) {
            refusePagePorts(frame, ids);
            ids.clear();
        }
        dispatchMessage(frame, name, message.at(PageField::Args), nullptr, &ids);
        return true;
    }
    const double number = message.at(PageField::PortId).toDouble(0);
    DocumentPorts::Entry *entry = table->find(qint64(number));
    if (number == 0 || number != std::floor(number) || !entry) {
        // A number this document was never given, or one it gave up: a forged port.
        warnAboutPage(QStringLiteral("refused a message for a port this document does not hold"));
        return true;
    }
    const PortCorePtr core = entry->core;
    const bool holdsPeer = entry->holdsPeer;
    if (kind == Protocol::PortClose) {
        table->forget(qint64(number));
        PortGraph::close(core);
        return true;
    }
    PortPayload payload;
    QVariantList args;
    QString error;
    if (!decodeArgs(message.at(PageField::Args), QStringLiteral("a MessagePort"), &args, &error)
        || args.size() != 1) {
        refusePagePorts(frame, ids);
        return true;
    }
    payload.wire = message.at(PageField::Args);
    // Its "B" tags name the buffers pulled for this message (inbox.cpp's scope, which ends with
    // it): the payload keeps them, for a page it may go on to.
    if (const Codec::OutOfBand *lane = Codec::OutOfBandScope::current())
        payload.buffers = lane->buffers;
    payload.value = args.first();
    payload.decoded = true;
    takePagePorts(frame, ids, &payload.ports);
    qCDebug(lcTraffic).noquote() << "page" << id << "frame" << frame.frameId << "-> port message";
    if (holdsPeer)
        PortGraph::deliverToHolder(core, std::move(payload));
    else
        PortGraph::sendToPeer(core, std::move(payload));
    return true;
}

void WebContentsPrivate::portsListening(FrameState &frame)
{
    if (frame.frameId != 0 || pendingPortPosts.empty())
        return;
    auto pending = std::move(pendingPortPosts);
    pendingPortPosts.clear();
    for (auto &post : pending) {
        QJsonArray closedIds;
        const QJsonArray ids = givePorts(frame, post.second, &closedIds);
        queueOutgoing(
                Protocol::postMessage(post.first.at(0).toString(), post.first.at(1).toArray(), ids),
                frame.document.id, 0);
        portsGiven(frame, closedIds, post.second);
    }
}

// ---------------------------------------------------------------------------------------------
// The public API

bool WebContents::postMessage(const QString &channel, const QVariant &message,
                              const QList<MessagePortMain *> &transfer, QString *errorMessage)
{
    return postMessageToFrame(0, channel, message, transfer, errorMessage);
}

bool WebContents::postMessageToFrame(int frameId, const QString &channel, const QVariant &message,
                                     const QList<MessagePortMain *> &transfer,
                                     QString *errorMessage)
{
    Q_D(WebContents);
    const auto fail = [errorMessage](const QString &text) {
        qCWarning(lcMain).noquote() << "WebContents.postMessage:" << text;
        if (errorMessage)
            *errorMessage = text;
        return false;
    };
    FrameState *target = d->documents.frame(frameId);
    if (!target || (frameId != 0 && target->document.id.isEmpty()))
        return fail(QStringLiteral("Render frame was disposed before WebFrameMain could be "
                                   "accessed"));
    QJsonArray wire;
    QString error;
    // Large buffers go beside it (binarylane.cpp), unless it waits for a document.
    const bool waits = frameId == 0 && (d->holding || !target->document.listening);
    const LaneEncoding lane(d, waits ? -1 : frameId);
    if (!Codec::encodeArgs({message}, &wire, &error))
        return fail(error);
    if (transfer.contains(nullptr))
        return fail(QStringLiteral("Invalid value for transfer"));
    std::vector<PortCorePtr> cores = PortGraph::detach(transfer, nullptr, &error);
    if (!error.isEmpty())
        return fail(error);
    qCDebug(lcTraffic).noquote() << "main -> page" << d->id << "frame" << frameId << "postMessage"
                                 << channel;
    if (waits) {
        // No document listens yet: the message waits for the one that will (its ports too).
        d->pendingPortPosts.emplace_back(QJsonArray{channel, wire}, std::move(cores));
        return true;
    }
    QJsonArray closedIds;
    const QJsonArray ids = d->givePorts(*target, cores, &closedIds);
    d->queueOutgoing(Protocol::postMessage(channel, wire, ids), target->document.id, frameId);
    d->portsGiven(*target, closedIds, cores);
    return true;
}

} // namespace WebIpc
