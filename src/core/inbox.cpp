// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// What pages post: which document and frame may speak (by the document table), the inbox
// (handled a slice at a time), and dispatch to listeners and handlers, with the origin policy
// and the limits applied on the way.
#include "webcontents_p.h"

#include "channelhints_p.h"
#include "codec_p.h"
#include "invokecallstate_p.h"
#include "invokefailure_p.h"
#include "ipceventstate_p.h"
#include "ipcmain_p.h"
#include "ipcobserver_p.h"
#include "logging_p.h"
#include "pagehints_p.h"
#include "protocol_p.h"

#include <cmath>

namespace WebIpc {

using namespace Limits;
namespace PageField = Protocol::PageField;

namespace {

// The hello a new document's first batch starts with: [3, seq, key, origin].
bool readHello(const QJsonArray &messages, QByteArray *key, QString *origin)
{
    const QJsonArray hello = messages.at(0).toArray();
    if (hello.at(PageField::Kind).toInt(-1) != Protocol::Hello
        || !hello.at(PageField::HelloKey).isString()
        || !hello.at(PageField::HelloOrigin).isString())
        return false;
    *key = hello.at(PageField::HelloKey).toString().toLatin1();
    *origin = hello.at(PageField::HelloOrigin).toString();
    return key->size() >= 32 && key->size() <= 64 && !origin->isEmpty() && origin->size() < 2048;
}

} // namespace

bool WebContentsPrivate::warnAboutPage(const QString &text)
{
    QString summary;
    const bool allowed = protocolLog.allow(&summary);
    if (!summary.isEmpty())
        qCWarning(lcProtocol).noquote() << "WebContents" << id << summary;
    if (allowed)
        qCWarning(lcProtocol).noquote() << "WebContents" << id << text;
    return allowed;
}

// ---------------------------------------------------------------------------------------------
// Documents

void WebContentsPrivate::beginMainDocument(const QString &documentId, const QByteArray &key,
                                           const QString &origin)
{
    endMainDocument();
    refreshProcessId();
    documents.beginDocument(documents.mainFrame(), documentId, key, origin, url, processId);
    qCDebug(lcProtocol).noquote() << "WebContents" << id << "has a new document of" << origin;
    runDeferredSyncs(false); // a sync request may have come before its document's hello
}

void WebContentsPrivate::endMainDocument()
{
    FrameState &main = documents.mainFrame();
    // A new top document has new subframes, numbered afresh by its bridge.
    for (const auto &entry : documents.subframes())
        failSyncsOf(entry.first);
    documents.clearSubframes();
    if (!main.document.id.isEmpty())
        failSyncsOf(0);
    documents.endDocument(main);
    releaseLaneBytes();
    setReady(false);
}

bool WebContentsPrivate::admitMainPost(const QString &documentId, const QJsonArray &messages)
{
    FrameState &main = documents.mainFrame();
    if (!main.document.id.isEmpty() && documentId == main.document.id)
        return true;
    // Only QWebChannel carries this, and only the main frame of this page has it: a new
    // document is accepted by its hello, whenever it comes.
    QByteArray key;
    QString origin;
    if (DocumentTable::isWellFormedId(documentId) && !documents.isKnownDocument(documentId)
        && readHello(messages, &key, &origin)) {
        beginMainDocument(documentId, key, origin);
        return true;
    }
    if (documents.isKnownDocument(documentId))
        qCDebug(lcProtocol).noquote()
                << "WebContents" << id << "dropped messages of an unloaded document";
    else
        warnAboutPage(QStringLiteral("dropped messages of an unknown document"));
    return false;
}

FrameState *WebContentsPrivate::admitRelay(int route, const QString &origin, const QString &url,
                                           const QString &documentId, const QByteArray &key,
                                           const QJsonArray &messages)
{
    if (!subframesEnabled || documents.mainFrame().document.id.isEmpty() || origin.isEmpty()
        || !DocumentTable::isWellFormedId(documentId)) {
        warnAboutPage(QStringLiteral("dropped a relayed message"));
        return nullptr;
    }
    if (route == 0) {
        // From a frame that is unloading (its window is gone): only for a document whose key
        // it holds, of the origin the browser names.
        FrameState *frame = documents.frameWithDocument(documentId);
        if (!frame || frame->frameId == 0 || frame->document.key != key
            || frame->info.origin() != origin) {
            warnAboutPage(QStringLiteral("dropped a relayed message of an unknown frame"));
            return nullptr;
        }
        return frame;
    }
    // The frame is the window the message came from; the document id only says whether it is
    // the document the frame had, or a new one.
    FrameState *frame = documents.frameForRoute(route, false);
    if (frame && frame->document.id == documentId) {
        if (frame->document.key != key) {
            warnAboutPage(QStringLiteral("dropped a relayed message with the wrong key"));
            return nullptr;
        }
        return frame;
    }
    QByteArray helloKey;
    QString helloOrigin;
    if (!readHello(messages, &helloKey, &helloOrigin) || helloKey != key) {
        warnAboutPage(QStringLiteral("dropped messages of an unknown subframe document"));
        return nullptr;
    }
    if (documents.isKnownDocument(documentId)) {
        // Known already: only the frame that made it, through a sync request, before any
        // relay could reach main (same key, same origin), may take it on.
        FrameState *unrouted = documents.frameWithDocument(documentId);
        if (!unrouted || unrouted->route != 0 || unrouted->document.key != key
            || unrouted->info.origin() != origin) {
            warnAboutPage(QStringLiteral("refused a frame claiming another frame's document"));
            return nullptr;
        }
        if (frame) {
            // The window had a document before: it ended, the unrouted entry takes its place.
            failSyncsOf(frame->frameId);
            documents.removeFrame(*frame);
        }
        documents.setRoute(*unrouted, route);
        unrouted->document.listening = true;
        if (!outbox.empty())
            scheduleFlush(); // messages held until the frame could be reached
        return unrouted;
    }
    if (frame) {
        failSyncsOf(frame->frameId);
        frame = documents.renewFrame(*frame);
    } else {
        frame = documents.frameForRoute(route, true);
    }
    if (!frame) {
        warnAboutPage(QStringLiteral("refused a frame: too many frames"));
        return nullptr;
    }
    // The origin comes from the browser (the top frame's MessageEvent.origin); the URL from the
    // frame itself, kept only where it agrees.
    const QUrl claimed(url);
    const bool agrees = FrameInfo::originOf(claimed) == origin;
    documents.beginDocument(*frame, documentId, key, origin, agrees ? claimed : QUrl(origin),
                            processId);
    frame->document.listening = true;
    if (!outbox.empty())
        scheduleFlush();
    runDeferredSyncs(false);
    return frame;
}

// ---------------------------------------------------------------------------------------------
// The inbox

void WebContentsPrivate::receivePosted(const QString &documentId, const QJsonArray &messages)
{
    if (admitMainPost(documentId, messages))
        enqueue(0, documentId, messages);
}

void WebContentsPrivate::receiveFromFrame(int route, const QString &origin, const QString &url,
                                          const QString &documentId, const QString &key,
                                          const QJsonArray &messages)
{
    if (FrameState *frame = admitRelay(route, origin, url, documentId, key.toLatin1(), messages))
        enqueue(frame->frameId, documentId, messages);
}

void WebContentsPrivate::receivePostedProperty(const QJsonArray &posted)
{
    // What bridge.js writes to BridgeObject's "posted" property; anything else a script in the
    // bridge's world might write there is refused, and the document's next post still counts.
    if (posted.size() != 2 || !posted.at(0).isString() || !posted.at(1).isArray()) {
        warnAboutPage(QStringLiteral("dropped a malformed post (not [documentId, messages])"));
        return;
    }
    receivePosted(posted.at(0).toString(), posted.at(1).toArray());
}

void WebContentsPrivate::enqueue(int frameId, const QString &documentId, const QJsonArray &messages)
{
    if (inboxSize + messages.size() > MaximumInboxMessages) {
        if (FrameState *frame = documents.frame(frameId)) {
            refuseBatch(*frame, messages,
                        QStringLiteral("WebIpc refused %1 messages: the application is still "
                                       "handling more than %2 earlier ones")
                                .arg(messages.size())
                                .arg(MaximumInboxMessages));
        }
        return;
    }
    if (IpcObserver *observer = IpcObserver::active())
        observer->received(id, frameId, messages);
    inbox.push_back(Incoming{frameId, documentId, messages, 0});
    inboxSize += messages.size();
    if (!draining)
        drainInbox();
}

void WebContentsPrivate::refuseBatch(FrameState &frame, const QJsonArray &messages,
                                     const QString &reason)
{
    // A page that sends faster than its listeners run is told so, not silently cut off; and
    // the batch costs nothing else: its sequence numbers are passed over, so the next message
    // is taken, and its invokes are rejected.
    warnAboutPage(reason);
    double last = frame.document.lastSeq;
    QJsonArray answers{Protocol::consoleError(reason)};
    for (const QJsonValue &value : messages) {
        const QJsonArray message = value.toArray();
        const double seq = message.at(PageField::Seq).toDouble(-1);
        if (seq > last && seq <= frame.document.lastSeq + MaximumSequenceStep
            && seq == std::floor(seq))
            last = seq;
        const int kind = message.at(PageField::Kind).toInt(-1);
        if ((kind == Protocol::Invoke || kind == Protocol::Stream)
            && message.at(PageField::InvokeId).isDouble()) {
            answers.append(Protocol::reply(message.at(PageField::InvokeId), false,
                                           QString(QLatin1String("Error: ") + reason)));
        }
    }
    frame.document.lastSeq = last;
    for (const QJsonValue &answer : std::as_const(answers))
        queueOutgoing(answer.toArray(), frame.document.id, frame.frameId);
}

void WebContentsPrivate::drainInbox()
{
    // At most a slice of messages per turn of the event loop, also within one batch: a
    // flooding page must not starve the application (or other pages) of its main thread.
    Q_Q(WebContents);
    QPointer<WebContents> alive(q);
    draining = true;
    qsizetype budget = MessagesPerSlice;
    while (!inbox.empty() && budget > 0) {
        Incoming &front = inbox.front();
        FrameState *target = documents.frame(front.frameId);
        if (!target || target->document.id != front.documentId) {
            // Its document ended meanwhile (a navigation, or a listener navigated the page).
            inboxSize -= front.messages.size() - front.next;
            inbox.pop_front();
            continue;
        }
        const qsizetype end = std::min(front.messages.size(), front.next + budget);
        const QString doc = front.documentId;
        const int frameId = front.frameId;
        bool documentChanged = false;
        while (front.next < end) {
            const QJsonValue message = front.messages.at(front.next++);
            --budget;
            --inboxSize;
            processMessage(frameId, message, Path::Channel, SyncResponder());
            if (!alive)
                return; // a listener deleted the page
            if (pullingBytes())
                return; // goes on once the next message's bytes are here (binarylane.cpp)
            FrameState *now = documents.frame(frameId);
            if (!now || now->document.id != doc) {
                documentChanged = true; // a listener navigated or detached the page
                break;
            }
        }
        if (front.next >= front.messages.size() || documentChanged) {
            inboxSize -= front.messages.size() - front.next;
            inbox.pop_front();
        }
    }
    // Answers to what was just handled go now, in one batch, rather than a turn of the event
    // loop later: it is most of an invoke's round trip beyond QWebChannel's own. While
    // draining, scheduleFlush() posts no call of its own.
    if (!inbox.empty()) {
        QMetaObject::invokeMethod(
                q, [this]() { drainInbox(); }, Qt::QueuedConnection);
        if (flushScheduled)
            flush();
        return;
    }
    draining = false;
    if (flushScheduled)
        flush();
    if (alive)
        runDeferredSyncs(false);
}

// ---------------------------------------------------------------------------------------------
// One message

void WebContentsPrivate::processMessage(int frameId, const QJsonValue &value, Path path,
                                        const SyncResponder &respond)
{
    FrameState *target = documents.frame(frameId);
    if (!target)
        return;
    FrameState &frame = *target;
    DocumentState &document = frame.document;
    if (IpcObserver *observer = IpcObserver::active())
        observer->messageStarted(id, frameId, document.id, value);
    Codec::OutOfBand bytes = takeIncomingBytes(frameId, value); // binarylane.cpp
    const Codec::OutOfBandScope lane(bytes.buffers.isEmpty() && bytes.error.isEmpty() ? nullptr
                                                                                      : &bytes);
    const QJsonArray message = value.toArray();
    const int kind = message.at(PageField::Kind).toInt(-1);
    const double seq = message.at(PageField::Seq).toDouble(-1);
    if (frameId != 0 && value.isArray() && seq > 0 && seq <= document.lastSeq && !respond) {
        // A subframe's relayed message that its sendSync has already carried.
        qCDebug(lcProtocol) << "WebContents" << id << "skipped a message it has already handled";
        return;
    }
    if (!value.isArray() || seq <= document.lastSeq || seq > document.lastSeq + MaximumSequenceStep
        || seq != std::floor(seq)) {
        warnAboutPage(QStringLiteral("dropped a malformed or repeated message"));
        if (respond)
            respond(200, syncErrorBody(QStringLiteral("malformed sendSync message")));
        return;
    }
    document.lastSeq = seq;

    if (kind == Protocol::Hello)
        return; // the document was accepted by it already (admitMainPost(), admitRelay())
    if (kind == Protocol::Listening) {
        document.listening = true;
        if (frameId == 0) {
            qCDebug(lcProtocol) << "WebContents" << id << "main document listens";
            holding = false; // the navigation, if one was under way, brought this document
            setReady(true);
        }
        portsListening(frame);
        if (!outbox.empty())
            scheduleFlush(); // messages held for this document can go now
        return;
    }
    if (kind == Protocol::Bytes) {
        receiveBytes(frame, message); // binarylane.cpp
        return;
    }
    if (receivePortsMessage(frame, kind, message))
        return; // pageports.cpp
    if (receiveCallMessage(frame, kind, message))
        return;
    const QJsonValue channelValue = message.at(PageField::Channel);
    if (!channelValue.isString()) {
        warnAboutPage(QStringLiteral("dropped a message without a channel"));
        if (respond)
            respond(200, syncErrorBody(QStringLiteral("malformed sendSync message")));
        return;
    }
    const QString channel = channelValue.toString();
    switch (kind) {
    case Protocol::Send:
        dispatchMessage(frame, channel, message.at(PageField::Args), nullptr);
        return;
    case Protocol::Invoke:
    case Protocol::Stream:
        dispatchInvoke(frame, channel, message.at(PageField::Args),
                       message.at(PageField::InvokeId).toDouble(-1), kind == Protocol::Stream);
        return;
    case Protocol::SendSync:
        if (path == Path::Sync) {
            dispatchMessage(frame, channel, message.at(PageField::Args), &respond);
            return;
        }
        break;
    case Protocol::Unheard:
        IpcObserver::reportUnheard(id, frameId, channel);
        return;
    default:
        break;
    }
    warnAboutPage(QStringLiteral("dropped a message of unknown kind on ") + channel);
    if (respond)
        respond(200, syncErrorBody(QStringLiteral("malformed sendSync message")));
}

bool WebContentsPrivate::decodeArgs(const QJsonValue &wireArgs, const QString &channel,
                                    QVariantList *args, QString *error)
{
    Codec::Limits limits;
    limits.maxBytes = IpcMainPrivate::get(ipcMain)->maximumMessageSize;
    if (Codec::decodeArgs(wireArgs, args, error, limits))
        return true;
    if (IpcObserver *observer = IpcObserver::active())
        observer->failed(id, *error);
    warnAboutPage(QStringLiteral("dropped a message on %1 with %2").arg(channel, *error));
    return false;
}

bool WebContentsPrivate::originAllows(const FrameState &frame, const QString &channel) const
{
    return ipcMain && IpcMainPrivate::get(ipcMain)->origins.isAllowed(frame.info.origin(), channel);
}

QString WebContentsPrivate::refuse(const FrameState &frame, const QString &channel)
{
    const QString origin = frame.info.origin();
    const QString refusal =
            QStringLiteral("WebIpc refused a message on '%1': the origin %2 may not use it "
                           "(see IpcMain::setAllowedOrigins)")
                    .arg(channel, origin);
    // One warning per page and origin, with the fix; the page's developer sees it in the
    // console too. The rest (every message of a page that keeps trying) at debug level.
    if (IpcObserver *observer = IpcObserver::active())
        observer->failed(id, refusal);
    IpcMainPrivate *global = IpcMainPrivate::get(ipcMain);
    if (!global->isFirstRefusal(id, origin, channel)) {
        qCDebug(lcProtocol).noquote() << "WebContents" << id << refusal;
        return refusal;
    }
    // Rate-limited still: subframes of many origins are many first refusals.
    if (warnAboutPage(QStringLiteral("WebIpc refused a message on '%1': the origin %2 may not use "
                                     "it. To allow it: %3 (further refusals of this origin on "
                                     "this page are logged at debug level)")
                              .arg(channel, origin, global->origins.fixFor(origin, channel))))
        queueOutgoing(Protocol::consoleError(refusal), frame.document.id, frame.frameId);
    return refusal;
}

void WebContentsPrivate::dispatchMessage(FrameState &frame, const QString &channel,
                                         const QJsonValue &wireArgs,
                                         const SyncResponder *syncRespond,
                                         const QList<qint64> *portIds)
{
    Q_Q(WebContents);
    if (!ipcMain)
        return;
    IpcMainPrivate *global = IpcMainPrivate::get(ipcMain);
    if (!originAllows(frame, channel)) {
        const QString refusal = refuse(frame, channel);
        if (syncRespond)
            (*syncRespond)(200, syncErrorBody(refusal));
        if (portIds)
            refusePagePorts(frame, *portIds);
        return;
    }
    QVariantList args;
    QString error;
    if (!decodeArgs(wireArgs, channel, &args, &error)) {
        if (syncRespond)
            (*syncRespond)(200, syncErrorBody(error));
        if (portIds)
            refusePagePorts(frame, *portIds);
        return;
    }

    auto state = std::make_shared<IpcEventState>();
    state->sender = q;
    state->frame = frame.info;
    state->channel = channel;
    state->documentId = frame.document.id;
    if (portIds) {
        for (MessagePortMain *port : takePagePorts(frame, *portIds, nullptr))
            state->ports.append(port);
    }
    if (syncRespond) {
        state->sync = makeSyncCall(*syncRespond, channel);
        const IpcMainPrivate *own = scoped ? IpcMainPrivate::get(scoped.get()) : nullptr;
        const IpcMainPrivate *frameOwn = frameTier(frame.frameId);
        if (!global->hasMessageListeners(channel) && !(own && own->hasMessageListeners(channel))
            && !(frameOwn && frameOwn->hasMessageListeners(channel))) {
            const bool handled =
                    global->hasHandlerFor(channel) || (own && own->hasHandlerFor(channel));
            QStringList listened = global->listenedChannels();
            if (own)
                listened += own->listenedChannels();
            // Electron's words, then what to do instead.
            const QString hint = ChannelHints::forSendSync(channel, handled, listened);
            qCWarning(lcMain).noquote()
                    << QStringLiteral("WebContents #%1 called ipcRenderer.sendSync() with '%2' "
                                      "channel without listeners.")
                                    .arg(id)
                                    .arg(channel)
                            + hint;
            PageHints::show(this, frame,
                            QStringLiteral("No listener for sendSync on '%1'").arg(channel) + hint);
        }
    }
    const IpcMainEvent event = IpcEventState::makeMessageEvent(std::move(state));
    // Electron's order (B54): the frame's own listeners (frame.ipc), this page's
    // (webContents.ipc), then ipcMain's.
    QPointer<WebContents> alive(q);
    const IpcObserver::HandlerScope observed(id, args);
    if (IpcMainPrivate *frameOwn = frameTier(frame.frameId))
        frameOwn->dispatchMessage(channel, event, args);
    if (alive && scoped)
        IpcMainPrivate::get(scoped.get())->dispatchMessage(channel, event, args);
    if (alive && ipcMain)
        global->dispatchMessage(channel, event, args);
}

void WebContentsPrivate::dispatchInvoke(FrameState &frame, const QString &channel,
                                        const QJsonValue &wireArgs, double invokeId, bool stream)
{
    Q_Q(WebContents);
    if (!ipcMain)
        return;
    if (invokeId < 0) {
        qCWarning(lcProtocol).noquote() << "WebContents" << id << "dropped an invoke without id";
        return;
    }
    if (!originAllows(frame, channel)) {
        // Refused before any handler could run: the rejection goes straight back, and the log
        // has refuse()'s line only (no "Error occurred in handler").
        queueOutgoing(Protocol::reply(invokeId, false,
                                      QString(QLatin1String("Error: ") + refuse(frame, channel))),
                      frame.document.id, frame.frameId);
        return;
    }
    IpcMainPrivate *global = IpcMainPrivate::get(ipcMain);
    IpcMainPrivate *own = scoped ? IpcMainPrivate::get(scoped.get()) : nullptr;
    IpcMainPrivate *frameOwn = frameTier(frame.frameId);
    if (!global->hasHandlerFor(channel) && !(own && own->hasHandlerFor(channel))
        && !(frameOwn && frameOwn->hasHandlerFor(channel))) {
        // Electron's rejection; the log says what to do instead, and no handler "failed".
        const bool listened =
                global->hasMessageListeners(channel) || (own && own->hasMessageListeners(channel));
        QStringList handled = global->handlerChannels();
        if (own)
            handled += own->handlerChannels();
        const QString hint = ChannelHints::forInvoke(channel, listened, handled);
        qCWarning(lcMain).noquote() << QStringLiteral("WebContents #%1:").arg(id) << hint;
        PageHints::show(this, frame, hint);
        queueOutgoing(Protocol::reply(
                              invokeId, false,
                              QStringLiteral("Error: No handler registered for '%1'").arg(channel)),
                      frame.document.id, frame.frameId);
        return;
    }
    const QString doc = frame.document.id;
    const int frameId = frame.frameId;
    auto call = std::make_shared<detail::InvokeCallState>();
    call->channel = channel;
    call->invokeId = invokeId;
    call->stream = stream;
    if (frame.document.pendingCalls() >= global->maximumPendingInvokes) {
        warnAboutPage(
                QStringLiteral("refused an invoke on %1: too many pending invokes").arg(channel));
        replyFailure(frame, channel, invokeId,
                     {QStringLiteral("Error: WebIpc refused the call: more than %1 invokes are "
                                     "waiting for their handlers")
                              .arg(global->maximumPendingInvokes),
                      {}});
        return;
    }
    QVariantList args;
    QString error;
    if (!decodeArgs(wireArgs, channel, &args, &error)) {
        replyFailure(frame, channel, invokeId,
                     {QStringLiteral("Error: WebIpc refused the message: ") + error, {}});
        return;
    }

    auto state = std::make_shared<IpcEventState>();
    state->sender = q;
    state->frame = frame.info;
    state->channel = channel;
    state->documentId = doc;
    call->event = state;
    // Electron's order (B53): the frame's handler (frame.ipc), this page's (webContents.ipc),
    // then ipcMain's.
    IpcMainPrivate *tier = own && own->hasHandlerFor(channel) ? own : global;
    if (frameOwn && frameOwn->hasHandlerFor(channel))
        tier = frameOwn;
    const std::chrono::milliseconds timeout = tier->invokeTimeouts.value(channel);
    QPointer<WebContents> alive(q);
    {
        const IpcObserver::HandlerScope observed(id, args);
        call->future = tier->dispatchInvoke(channel,
                                            IpcEventState::makeInvokeEvent(std::move(state)), args);
    }
    // The handler may have deleted the page, or navigated it.
    FrameState *asker = alive ? documents.frame(frameId) : nullptr;
    if (asker && asker->document.id == doc)
        startCall(*asker, std::move(call), timeout);
    else
        call->cancel();
}

} // namespace WebIpc
