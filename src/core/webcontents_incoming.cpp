// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// What pages send: documents and frames, the inbox (handled a slice at a time), and dispatch to
// listeners and handlers, with the origin policy and the limits applied on the way.
#include "webcontents_p.h"

#include "codec_p.h"
#include "invokecallstate_p.h"
#include "ipceventstate_p.h"
#include "ipcmain_p.h"
#include "logging_p.h"
#include "protocol_p.h"

#include <cmath>

namespace WebIpc {

using namespace Limits;

// ---------------------------------------------------------------------------------------------
// Documents and frames

void WebContentsPrivate::endDocument(FrameState &frame)
{
    if (!frame.documentId.isEmpty()) {
        frame.endedDocuments.append(frame.documentId);
        if (frame.endedDocuments.size() > EndedDocumentMemory)
            frame.endedDocuments.removeFirst();
    }
    frame.documentId.clear();
    frame.lastSeq = 0;
    frame.pendingInvokes = 0;
    if (frame.frameId != 0)
        return;
    setReady(false);
    // A new top document has new subframes, numbered afresh by its bridge.
    subframes.clear();
    frameByRoute.clear();
    // Sync requests of the ended document cannot be answered any more.
    for (const auto &pending : deferredSyncs)
        pending.respond(200, syncErrorBody(QStringLiteral("WebIpc: the document was unloaded")));
    deferredSyncs.clear();
}

bool WebContentsPrivate::acceptDocument(FrameState &frame, const QString &incomingId)
{
    if (incomingId == frame.documentId && !incomingId.isEmpty())
        return true;
    if (frame.endedDocuments.contains(incomingId)) {
        qCDebug(lcProtocol).noquote()
                << "WebContents" << id << "dropped messages of an unloaded document";
        return false;
    }
    if (incomingId.isEmpty() || incomingId.size() > 64 || !frame.expectingDocument) {
        qCWarning(lcProtocol).noquote()
                << "WebContents" << id << "dropped messages of an unknown document";
        return false;
    }
    endDocument(frame);
    frame.documentId = incomingId;
    if (frame.frameId == 0) {
        frame.expectingDocument = false;
        refreshProcessId();
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// The inbox

void WebContentsPrivate::receivePosted(const QString &incomingId, const QJsonArray &messages)
{
    if (inboxSize + messages.size() > MaximumInboxMessages) {
        // A page that sends faster than its listeners run is told so, not silently cut off.
        qCWarning(lcProtocol).noquote()
                << "WebContents" << id << "refused" << messages.size() << "messages: more than"
                << MaximumInboxMessages << "are waiting to be handled";
        queueOutgoing(QJsonArray{Protocol::ConsoleError,
                                 QStringLiteral("WebIpc refused %1 messages: the application is "
                                                "still handling more than %2 earlier ones")
                                         .arg(messages.size())
                                         .arg(MaximumInboxMessages)},
                      incomingId);
        return;
    }
    inbox.push_back(Incoming{0, incomingId, messages, 0});
    inboxSize += messages.size();
    if (!draining)
        drainInbox();
}

FrameState *WebContentsPrivate::frameWithDocument(const QString &documentId)
{
    for (auto &entry : subframes) {
        if (entry.second.documentId == documentId && !documentId.isEmpty())
            return &entry.second;
    }
    return nullptr;
}

FrameState *WebContentsPrivate::subframeFor(const QString &documentId, const QString &origin,
                                            const QString &url)
{
    FrameState *found = frameWithDocument(documentId);
    if (!found) {
        if (subframes.size() >= MaximumSubframes) {
            qCWarning(lcProtocol).noquote()
                    << "WebContents" << id << "refused a frame: more than" << MaximumSubframes;
            return nullptr;
        }
        const int frameId = nextFrameId++;
        found = &subframes.emplace(frameId, FrameState()).first->second;
        found->frameId = frameId;
    }
    // The origin comes from the browser (the top frame's MessageEvent.origin, or a sync
    // request's initiator); the URL from the frame itself, kept only where it agrees.
    const QUrl claimed(url);
    const bool agrees =
            FrameInfo::originOf(claimed) == origin || claimed.scheme() == QLatin1String("about");
    found->info =
            FrameInfo(agrees ? claimed : QUrl(origin), origin, found->frameId, processId, false);
    return found;
}

void WebContentsPrivate::receiveFromFrame(int route, const QString &origin, const QString &url,
                                          const QString &incomingId, const QJsonArray &messages)
{
    if (route <= 0 || origin.isEmpty() || incomingId.isEmpty()) {
        qCWarning(lcProtocol).noquote() << "WebContents" << id << "dropped a relayed message";
        return;
    }
    // The frame is the one whose document this is (it may have spoken first through sendSync),
    // else the one the top bridge knows by this number (a new document in it), else a new one.
    FrameState *target = frameWithDocument(incomingId);
    if (!target && frameByRoute.contains(route))
        target = frame(frameByRoute.value(route));
    if (target)
        target = subframeFor(target->documentId.isEmpty() ? incomingId : target->documentId, origin,
                             url);
    else
        target = subframeFor(incomingId, origin, url);
    if (!target)
        return;
    if (target->route != route) {
        frameByRoute.remove(target->route);
        target->route = route;
        frameByRoute.insert(route, target->frameId);
        if (!outbox.empty())
            scheduleFlush(); // messages held until the frame could be reached
    }
    inbox.push_back(Incoming{target->frameId, incomingId, messages, 0});
    inboxSize += messages.size();
    if (!draining)
        drainInbox();
}

void WebContentsPrivate::drainInbox()
{
    // At most a slice of messages per turn of the event loop: a flooding page must not starve
    // the application (or other pages) of its main thread.
    Q_Q(WebContents);
    QPointer<WebContents> alive(q);
    draining = true;
    qsizetype budget = MessagesPerSlice;
    while (!inbox.empty() && budget > 0) {
        Incoming &front = inbox.front();
        FrameState *target = frame(front.frameId);
        if (!target || (front.next == 0 && !acceptDocument(*target, front.documentId))) {
            inboxSize -= front.messages.size() - front.next;
            inbox.pop_front();
            continue;
        }
        const qsizetype end = std::min(front.messages.size(), front.next + budget);
        const QString doc = target->documentId;
        const int frameId = front.frameId;
        bool documentChanged = false;
        while (front.next < end) {
            const QJsonValue message = front.messages.at(front.next++);
            --budget;
            --inboxSize;
            processMessage(frameId, message, Path::Channel, SyncResponder());
            if (!alive)
                return; // a listener deleted the page
            FrameState *now = frame(frameId);
            if (!now || now->documentId != doc) {
                documentChanged = true; // a listener navigated or detached the page
                break;
            }
        }
        if (front.next >= front.messages.size() || documentChanged) {
            inboxSize -= front.messages.size() - front.next;
            inbox.pop_front();
        }
    }
    if (!inbox.empty()) {
        QMetaObject::invokeMethod(
                q, [this]() { drainInbox(); }, Qt::QueuedConnection);
        return;
    }
    draining = false;
    // Answers to what was just handled go now, in one batch, rather than a turn of the event
    // loop later: it is most of an invoke's round trip beyond QWebChannel's own.
    if (flushScheduled)
        flush();
    runDeferredSyncs(false);
}

// ---------------------------------------------------------------------------------------------
// One message

void WebContentsPrivate::processMessage(int frameId, const QJsonValue &value, Path path,
                                        const SyncResponder &respond)
{
    FrameState *target = frame(frameId);
    if (!target)
        return;
    FrameState &frame = *target;
    const QJsonArray message = value.toArray();
    const int kind = message.at(0).toInt(-1);
    const double seq = message.at(1).toDouble(-1);
    if (frameId != 0 && value.isArray() && seq > 0 && seq <= frame.lastSeq && !respond) {
        // A subframe's relayed message that its sendSync has already carried.
        qCDebug(lcProtocol) << "WebContents" << id << "skipped a message it has already handled";
        return;
    }
    if (!value.isArray() || seq <= frame.lastSeq || seq > frame.lastSeq + MaximumSequenceStep
        || seq != std::floor(seq)) {
        qCWarning(lcProtocol).noquote()
                << "WebContents" << id << "dropped a malformed or repeated message";
        if (respond)
            respond(200, syncErrorBody(QStringLiteral("WebIpc: malformed sendSync message")));
        return;
    }
    frame.lastSeq = seq;

    if (kind == Protocol::Hello) {
        if (frameId == 0)
            setReady(true);
        else if (!outbox.empty())
            scheduleFlush(); // messages held for this frame can go now
        return;
    }
    const QJsonValue channelValue = message.at(2);
    if (!channelValue.isString()) {
        qCWarning(lcProtocol).noquote()
                << "WebContents" << id << "dropped a message without a channel";
        if (respond)
            respond(200, syncErrorBody(QStringLiteral("WebIpc: malformed sendSync message")));
        return;
    }
    const QString channel = channelValue.toString();
    switch (kind) {
    case Protocol::Send:
        dispatchMessage(frame, channel, message.at(3), nullptr);
        return;
    case Protocol::Invoke:
        dispatchInvoke(frame, channel, message.at(3), message.at(4).toDouble(-1));
        return;
    case Protocol::SendSync:
        if (path == Path::Sync) {
            dispatchMessage(frame, channel, message.at(3), &respond);
            return;
        }
        break;
    default:
        break;
    }
    qCWarning(lcProtocol).noquote()
            << "WebContents" << id << "dropped a message of unknown kind on" << channel;
    if (respond)
        respond(200, syncErrorBody(QStringLiteral("WebIpc: malformed sendSync message")));
}

bool WebContentsPrivate::decodeArgs(const QJsonValue &wireArgs, const QString &channel,
                                    QVariantList *args, QString *error) const
{
    Codec::Limits limits;
    limits.maxBytes = IpcMainPrivate::get(ipcMain)->maximumMessageSize;
    if (Codec::decodeArgs(wireArgs, args, error, limits))
        return true;
    qCWarning(lcProtocol).noquote()
            << "WebContents" << id << "dropped a message on" << channel << "with" << *error;
    return false;
}

bool WebContentsPrivate::originAllows(const FrameState &frame, const QString &channel) const
{
    return ipcMain && IpcMainPrivate::get(ipcMain)->origins.isAllowed(frame.info.origin(), channel);
}

QString WebContentsPrivate::refuse(const FrameState &frame, const QString &channel)
{
    const QString refusal =
            QStringLiteral("WebIpc refused a message on '%1': the origin %2 may not use it "
                           "(see IpcMain::setAllowedOrigins)")
                    .arg(channel, frame.info.origin());
    qCWarning(lcProtocol).noquote() << "WebContents" << id << refusal;
    // The page's developer sees it in the console too.
    queueOutgoing(QJsonArray{Protocol::ConsoleError, refusal}, frame.documentId, frame.frameId);
    return refusal;
}

void WebContentsPrivate::dispatchMessage(FrameState &frame, const QString &channel,
                                         const QJsonValue &wireArgs,
                                         const SyncResponder *syncRespond)
{
    Q_Q(WebContents);
    if (!ipcMain)
        return;
    IpcMainPrivate *global = IpcMainPrivate::get(ipcMain);
    if (!originAllows(frame, channel)) {
        const QString refusal = refuse(frame, channel);
        if (syncRespond)
            (*syncRespond)(200, syncErrorBody(refusal));
        return;
    }
    QVariantList args;
    QString error;
    if (!decodeArgs(wireArgs, channel, &args, &error)) {
        if (syncRespond)
            (*syncRespond)(200, syncErrorBody(QStringLiteral("WebIpc: refused: ") + error));
        return;
    }
    qCDebug(lcTraffic).noquote() << "page" << id << "frame" << frame.frameId << "-> main"
                                 << (syncRespond ? "sendSync" : "send") << channel;

    auto state = std::make_shared<IpcEventState>();
    state->sender = q;
    state->frame = frame.info;
    state->channel = channel;
    state->documentId = frame.documentId;
    if (syncRespond) {
        state->sync = makeSyncCall(*syncRespond);
        if (!global->hasMessageListeners(channel)
            && !(scoped && IpcMainPrivate::get(scoped.get())->hasMessageListeners(channel))) {
            qCWarning(lcMain).noquote()
                    << QStringLiteral("WebContents #%1 called ipcRenderer.sendSync() with '%2' "
                                      "channel without listeners.")
                               .arg(id)
                               .arg(channel);
        }
    }
    const IpcMainEvent event = IpcEventState::makeMessageEvent(std::move(state));
    // Electron's order (B54): this page's own listeners (webContents.ipc), then ipcMain's.
    QPointer<WebContents> alive(q);
    if (scoped)
        IpcMainPrivate::get(scoped.get())->dispatchMessage(channel, event, args);
    if (alive && ipcMain)
        global->dispatchMessage(channel, event, args);
}

void WebContentsPrivate::dispatchInvoke(FrameState &frame, const QString &channel,
                                        const QJsonValue &wireArgs, double invokeId)
{
    Q_Q(WebContents);
    if (!ipcMain)
        return;
    if (invokeId < 0) {
        qCWarning(lcProtocol).noquote() << "WebContents" << id << "dropped an invoke without id";
        return;
    }
    const QString doc = frame.documentId;
    const int frameId = frame.frameId;
    ++frame.pendingInvokes;
    auto call = std::make_shared<detail::InvokeCallState>(
            q,
            [this, doc, frameId, invokeId, channel](bool ok, const QVariant &value,
                                                    const QString &error) {
                FrameState *asker = this->frame(frameId);
                const bool current = asker && asker->documentId == doc;
                if (current)
                    --asker->pendingInvokes;
                QJsonValue payload = error;
                if (ok) {
                    QString encodeError;
                    if (!Codec::encode(value, &payload, &encodeError,
                                       QStringLiteral("return value"))) {
                        ok = false;
                        payload = QString(QLatin1String("Error: ") + encodeError);
                    }
                }
                if (!ok) {
                    qCWarning(lcMain).noquote()
                            << QStringLiteral("Error occurred in handler for '%1':").arg(channel)
                            << payload.toString();
                }
                if (!current) {
                    // The frame navigated: the promise died with its document (B99).
                    qCDebug(lcTraffic) << "dropped a reply for an unloaded document on" << channel;
                    return;
                }
                queueOutgoing(QJsonArray{Protocol::Reply, invokeId, ok, payload}, doc, frameId);
            });
    detail::InvokeResolver resolver(call);

    IpcMainPrivate *global = IpcMainPrivate::get(ipcMain);
    if (!originAllows(frame, channel)) {
        resolver.reject(QStringLiteral("Error: ") + refuse(frame, channel));
        return;
    }
    if (frame.pendingInvokes > global->maximumPendingInvokes) {
        qCWarning(lcProtocol).noquote() << "WebContents" << id << "refused an invoke on" << channel
                                        << ": too many pending invokes";
        resolver.reject(QStringLiteral("Error: WebIpc refused the call: more than %1 invokes are "
                                       "waiting for their handlers")
                                .arg(global->maximumPendingInvokes));
        return;
    }
    QVariantList args;
    QString error;
    if (!decodeArgs(wireArgs, channel, &args, &error)) {
        resolver.reject(QStringLiteral("Error: WebIpc refused the message: ") + error);
        return;
    }
    qCDebug(lcTraffic).noquote() << "page" << id << "frame" << frameId << "-> main invoke"
                                 << channel;

    auto state = std::make_shared<IpcEventState>();
    state->sender = q;
    state->frame = frame.info;
    state->channel = channel;
    state->documentId = doc;
    // Electron's order (B53): this page's own handler (webContents.ipc) first, then ipcMain's.
    IpcMainPrivate *tier =
            scoped && scoped->hasHandler(channel) ? IpcMainPrivate::get(scoped.get()) : global;
    tier->dispatchInvoke(channel, IpcEventState::makeInvokeEvent(std::move(state)), args, resolver);
}

} // namespace WebIpc
