// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "webcontents_p.h"

#include "codec_p.h"
#include "invokecallstate_p.h"
#include "ipceventstate_p.h"
#include "ipcmain_p.h"
#include "logging_p.h"
#include "protocol_p.h"

#include <QtCore/QHash>
#include <QtCore/QJsonDocument>
#include <QtCore/QRandomGenerator>
#include <QtCore/QTimer>
#include <QtWebChannel/QWebChannel>

#include <cmath>

namespace WebIpc {

namespace {

// How many ended documents are remembered, so that their late messages are recognised.
constexpr int EndedDocumentMemory = 16;
// How many messages are held for a page whose document is not ready; more are refused.
constexpr size_t MaximumHeldMessages = 100000;
// How far one message may move the sequence number on. A failed sendSync leaves a small gap;
// a message that jumps further is malformed (and would otherwise lock out later messages).
constexpr double MaximumSequenceStep = 1000000;
// How long a sync request waits for the async messages sent before it.
constexpr int SyncOrderingGraceMs = 5000;
// How many incoming messages are handled in one turn of the event loop.
constexpr qsizetype MessagesPerSlice = 2000;
// How many incoming messages may wait to be handled; a page that sends more is refused.
constexpr qsizetype MaximumInboxMessages = 1000000;
// A batch of at least this many messages goes to the page as one JSON text (see flush()).
constexpr qsizetype TextBatchThreshold = 32;

int nextContentsId = 1;
QHash<int, WebContents *> &contentsById()
{
    static QHash<int, WebContents *> registry;
    return registry;
}
QHash<QByteArray, QPointer<WebContents>> &contentsBySecret()
{
    static QHash<QByteArray, QPointer<WebContents>> registry;
    return registry;
}

QByteArray makeSecret()
{
    quint32 words[8];
    QRandomGenerator::system()->fillRange(words);
    return QByteArray(reinterpret_cast<const char *>(words), sizeof(words)).toHex();
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return diff == 0;
}

QByteArray jsonBody(const QJsonArray &array)
{
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QByteArray syncError(const QString &message) { return jsonBody(QJsonArray{false, message}); }

} // namespace

// ---------------------------------------------------------------------------------------------
// WebContents

WebContents::WebContents(IpcMain *ipcMain, QObject *host)
    : QObject(host), d_ptr(new WebContentsPrivate(this))
{
    Q_D(WebContents);
    d->ipcMain = ipcMain;
    d->host = host;
    d->id = nextContentsId++;
    d->secret = makeSecret();
    d->channel = new QWebChannel(this);
    d->bridge = new BridgeObject(d, this);
    d->channel->registerObject(QString::fromLatin1(Protocol::BridgeObjectName), d->bridge);
    d->updateMainFrame();
    contentsById().insert(d->id, this);
    contentsBySecret().insert(d->secret, this);
}

WebContents::~WebContents()
{
    Q_D(WebContents);
    Q_EMIT closed();
    contentsById().remove(d->id);
    contentsBySecret().remove(d->secret);
    if (d->ipcMain)
        IpcMainPrivate::get(d->ipcMain)->removeContents(this);
    for (const auto &pending : d->deferredSyncs)
        pending.respond(200, syncError(QStringLiteral("WebIpc: the page was closed")));
}

int WebContents::id() const
{
    Q_D(const WebContents);
    return d->id;
}

QUrl WebContents::url() const
{
    Q_D(const WebContents);
    return d->url;
}

bool WebContents::isReady() const
{
    Q_D(const WebContents);
    return d->ready;
}

IpcMain *WebContents::ipcMain() const
{
    Q_D(const WebContents);
    return d->ipcMain;
}

QWebEnginePage *WebContents::page() const
{
    Q_D(const WebContents);
    return d->host ? d->page : nullptr;
}

IpcMain *WebContents::ipc()
{
    Q_D(WebContents);
    if (!d->scoped)
        d->scoped = std::make_unique<IpcMain>();
    return d->scoped.get();
}

WebContents *WebContents::fromId(int id) { return contentsById().value(id); }

void WebContents::sendArgs(const QString &channel, const QVariantList &args)
{
    Q_D(WebContents);
    if (channel.isEmpty()) {
        qCWarning(lcMain) << "Error sending from WebContents: Missing required channel argument";
        return;
    }
    QJsonArray encoded;
    QString error;
    if (!Codec::encodeArgs(args, &encoded, &error)) {
        // Like Electron's webContents.send (B42): logged, never thrown.
        qCWarning(lcMain).noquote() << "Error sending from WebContents:" << error;
        return;
    }
    qCDebug(lcTraffic).noquote() << "main -> page" << d->id << channel;
    d->queueOutgoing(QJsonArray{Protocol::Message, channel, encoded});
}

// ---------------------------------------------------------------------------------------------
// WebContentsPrivate: creation and host events

WebContentsPrivate::WebContentsPrivate(WebContents *q) : q_ptr(q) { }
WebContentsPrivate::~WebContentsPrivate() = default;

WebContents *WebContentsPrivate::create(IpcMain *ipcMain, QObject *host)
{
    auto *contents = new WebContents(ipcMain, host);
    IpcMainPrivate::get(ipcMain)->addContents(contents);
    return contents;
}

WebContents *WebContentsPrivate::fromHost(const QObject *host, const IpcMain *ipcMain)
{
    for (WebContents *contents : ipcMain->webContents()) {
        if (get(contents)->host == host)
            return contents;
    }
    return nullptr;
}

void WebContentsPrivate::setPage(QWebEnginePage *newPage) { page = newPage; }

void WebContentsPrivate::setUrl(const QUrl &newUrl)
{
    Q_Q(WebContents);
    if (url == newUrl)
        return;
    url = newUrl;
    updateMainFrame();
    Q_EMIT q->urlChanged(url);
}

void WebContentsPrivate::setProcessIdSource(std::function<qint64()> source)
{
    processIdSource = std::move(source);
    refreshProcessId();
}

void WebContentsPrivate::refreshProcessId()
{
    const qint64 current = processIdSource ? processIdSource() : 0;
    if (current == processId)
        return;
    processId = current;
    updateMainFrame();
}

void WebContentsPrivate::updateMainFrame() { mainFrame = FrameInfo(url, 0, processId, true); }

void WebContentsPrivate::navigationStarted()
{
    expectingDocument = true;
    setReady(false);
}

void WebContentsPrivate::navigationFinished(const QString &documentIdInPage)
{
    if (!documentId.isEmpty() && documentIdInPage == documentId) {
        // The navigation left the document in place (same-document, failed or stopped).
        expectingDocument = false;
        setReady(true);
    }
}

void WebContentsPrivate::documentLost()
{
    endDocument();
    expectingDocument = true; // the next load starts a new render process and document
}

void WebContentsPrivate::setReady(bool newReady)
{
    Q_Q(WebContents);
    if (ready == newReady)
        return;
    ready = newReady;
    Q_EMIT q->readyChanged(ready);
    if (ready && !outbox.empty())
        scheduleFlush();
}

// ---------------------------------------------------------------------------------------------
// Documents

void WebContentsPrivate::endDocument()
{
    if (!documentId.isEmpty()) {
        endedDocuments.append(documentId);
        if (endedDocuments.size() > EndedDocumentMemory)
            endedDocuments.removeFirst();
    }
    documentId.clear();
    lastSeq = 0;
    pendingInvokes = 0;
    setReady(false);
    // Sync requests of the ended document cannot be answered any more.
    for (const auto &pending : deferredSyncs)
        pending.respond(200, syncError(QStringLiteral("WebIpc: the document was unloaded")));
    deferredSyncs.clear();
}

bool WebContentsPrivate::acceptDocument(const QString &incomingId, const QJsonArray &messages)
{
    if (incomingId == documentId && !incomingId.isEmpty())
        return true;
    if (endedDocuments.contains(incomingId)) {
        qCDebug(lcProtocol).noquote()
                << "WebContents" << id << "dropped messages of an unloaded document";
        return false;
    }
    if (incomingId.isEmpty() || incomingId.size() > 64 || !expectingDocument
        || messages.isEmpty()) {
        qCWarning(lcProtocol).noquote()
                << "WebContents" << id << "dropped messages of an unknown document";
        return false;
    }
    endDocument();
    documentId = incomingId;
    expectingDocument = false;
    refreshProcessId();
    return true;
}

// ---------------------------------------------------------------------------------------------
// Incoming messages

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
    inbox.push_back(Incoming{incomingId, messages, 0});
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
        if (front.next == 0 && !acceptDocument(front.documentId, front.messages)) {
            inboxSize -= front.messages.size();
            inbox.pop_front();
            continue;
        }
        const qsizetype end = std::min(front.messages.size(), front.next + budget);
        const QString doc = documentId;
        while (front.next < end) {
            const QJsonValue message = front.messages.at(front.next++);
            --budget;
            --inboxSize;
            processMessage(message, Path::Channel, SyncResponder());
            if (!alive)
                return; // a listener deleted the page
            if (documentId != doc)
                break; // a listener navigated or detached the page
        }
        if (front.next >= front.messages.size() || documentId != doc) {
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
    runDeferredSyncs(false);
}

void WebContentsPrivate::processMessages(const QJsonArray &messages, Path path,
                                         const SyncResponder &respond)
{
    const QString doc = documentId;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        // Only the last message of a sync request is the sendSync itself.
        const bool isSyncSlot = path == Path::Sync && i == messages.size() - 1;
        processMessage(messages.at(i), isSyncSlot ? Path::Sync : Path::Channel,
                       isSyncSlot ? respond : SyncResponder());
        if (documentId != doc) { // a listener navigated or detached the page
            if (path == Path::Sync && i < messages.size() - 1)
                respond(200, syncError(QStringLiteral("WebIpc: the document was unloaded")));
            return;
        }
    }
}

void WebContentsPrivate::processMessage(const QJsonValue &value, Path path,
                                        const SyncResponder &respond)
{
    const QJsonArray message = value.toArray();
    const int kind = message.at(0).toInt(-1);
    const double seq = message.at(1).toDouble(-1);
    if (!value.isArray() || seq <= lastSeq || seq > lastSeq + MaximumSequenceStep
        || seq != std::floor(seq)) {
        qCWarning(lcProtocol).noquote()
                << "WebContents" << id << "dropped a malformed or repeated message";
        if (respond)
            respond(200, syncError(QStringLiteral("WebIpc: malformed sendSync message")));
        return;
    }
    lastSeq = seq;

    if (kind == Protocol::Hello) {
        setReady(true);
        return;
    }
    const QJsonValue channelValue = message.at(2);
    if (!channelValue.isString()) {
        qCWarning(lcProtocol).noquote()
                << "WebContents" << id << "dropped a message without a channel";
        if (respond)
            respond(200, syncError(QStringLiteral("WebIpc: malformed sendSync message")));
        return;
    }
    const QString channel = channelValue.toString();
    switch (kind) {
    case Protocol::Send:
        dispatchMessage(channel, message.at(3), nullptr);
        return;
    case Protocol::Invoke:
        dispatchInvoke(channel, message.at(3), message.at(4).toDouble(-1));
        return;
    case Protocol::SendSync:
        if (path == Path::Sync) {
            dispatchMessage(channel, message.at(3), &respond);
            return;
        }
        break;
    default:
        break;
    }
    qCWarning(lcProtocol).noquote()
            << "WebContents" << id << "dropped a message of unknown kind on" << channel;
    if (respond)
        respond(200, syncError(QStringLiteral("WebIpc: malformed sendSync message")));
}

void WebContentsPrivate::dispatchMessage(const QString &channel, const QJsonValue &wireArgs,
                                         const SyncResponder *syncRespond)
{
    Q_Q(WebContents);
    if (!ipcMain)
        return;
    IpcMainPrivate *main = IpcMainPrivate::get(ipcMain);
    if (!originAllows(channel)) {
        const QString refusal = refuse(channel);
        if (syncRespond)
            (*syncRespond)(200, syncError(refusal));
        return;
    }
    QVariantList args;
    QString error;
    Codec::Limits limits;
    limits.maxBytes = main->maximumMessageSize;
    if (!Codec::decodeArgs(wireArgs, &args, &error, limits)) {
        qCWarning(lcProtocol).noquote()
                << "WebContents" << id << "dropped a message on" << channel << "with" << error;
        if (syncRespond)
            (*syncRespond)(200, syncError(QStringLiteral("WebIpc: refused: ") + error));
        return;
    }
    qCDebug(lcTraffic).noquote() << "page" << id << "-> main" << (syncRespond ? "sendSync" : "send")
                                 << channel;

    auto state = std::make_shared<IpcEventState>();
    state->sender = q;
    state->frame = mainFrame;
    state->channel = channel;
    state->documentId = documentId;
    if (syncRespond) {
        state->sync = makeSyncCall(*syncRespond);
        if (!main->hasMessageListeners(channel)
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
        main->dispatchMessage(channel, event, args);
}

bool WebContentsPrivate::originAllows(const QString &channel) const
{
    return ipcMain && IpcMainPrivate::get(ipcMain)->origins.isAllowed(mainFrame.origin(), channel);
}

QString WebContentsPrivate::refuse(const QString &channel)
{
    const QString refusal =
            QStringLiteral("WebIpc refused a message on '%1': the origin %2 may not use it "
                           "(see IpcMain::setAllowedOrigins)")
                    .arg(channel, mainFrame.origin());
    qCWarning(lcProtocol).noquote() << "WebContents" << id << refusal;
    // The page's developer sees it in the console too.
    queueOutgoing(QJsonArray{Protocol::ConsoleError, refusal}, documentId);
    return refusal;
}

std::shared_ptr<SyncCall> WebContentsPrivate::makeSyncCall(const SyncResponder &respond)
{
    Q_Q(WebContents);
    auto call = std::make_shared<SyncCall>(q, [respond](bool delivered, const QVariant &value) {
        if (!delivered) {
            // Electron's answer when no listener ever set event.returnValue (B36).
            respond(200,
                    jsonBody(QJsonArray{true,
                                        QJsonObject{{QStringLiteral("error"),
                                                     QStringLiteral("reply was never sent")}}}));
            return;
        }
        QJsonValue encoded;
        QString error;
        if (!Codec::encode(value, &encoded, &error, QStringLiteral("event.returnValue"))) {
            qCWarning(lcMain).noquote() << "Error sending a sendSync reply:" << error;
            respond(200, syncError(error));
            return;
        }
        respond(200, jsonBody(QJsonArray{true, encoded}));
    });
    std::weak_ptr<SyncCall> weak = call;
    const auto timeout =
            ipcMain ? IpcMainPrivate::get(ipcMain)->syncReplyTimeout : std::chrono::milliseconds(0);
    QTimer::singleShot(timeout, q, [weak]() {
        if (auto pending = weak.lock())
            pending->answerNeverSent();
    });
    return call;
}

void WebContentsPrivate::dispatchInvoke(const QString &channel, const QJsonValue &wireArgs,
                                        double invokeId)
{
    Q_Q(WebContents);
    if (!ipcMain)
        return;
    if (invokeId < 0) {
        qCWarning(lcProtocol).noquote() << "WebContents" << id << "dropped an invoke without id";
        return;
    }
    const QString doc = documentId;
    ++pendingInvokes;
    auto call = std::make_shared<detail::InvokeCallState>(
            q,
            [this, doc, invokeId, channel](bool ok, const QVariant &value, const QString &error) {
                if (doc == documentId)
                    --pendingInvokes;
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
                if (doc != documentId) {
                    // The page navigated: the promise died with its document (B99).
                    qCDebug(lcTraffic) << "dropped a reply for an unloaded document on" << channel;
                    return;
                }
                queueOutgoing(QJsonArray{Protocol::Reply, invokeId, ok, payload}, doc);
            });
    detail::InvokeResolver resolver(call);

    IpcMainPrivate *main = IpcMainPrivate::get(ipcMain);
    if (!originAllows(channel)) {
        resolver.reject(QStringLiteral("Error: ") + refuse(channel));
        return;
    }
    if (pendingInvokes > main->maximumPendingInvokes) {
        qCWarning(lcProtocol).noquote() << "WebContents" << id << "refused an invoke on" << channel
                                        << ": too many pending invokes";
        resolver.reject(QStringLiteral("Error: WebIpc refused the call: more than %1 invokes are "
                                       "waiting for their handlers")
                                .arg(main->maximumPendingInvokes));
        return;
    }
    QVariantList args;
    QString error;
    Codec::Limits limits;
    limits.maxBytes = main->maximumMessageSize;
    if (!Codec::decodeArgs(wireArgs, &args, &error, limits)) {
        qCWarning(lcProtocol).noquote()
                << "WebContents" << id << "refused an invoke on" << channel << "with" << error;
        resolver.reject(QStringLiteral("Error: WebIpc refused the message: ") + error);
        return;
    }
    qCDebug(lcTraffic).noquote() << "page" << id << "-> main invoke" << channel;

    auto state = std::make_shared<IpcEventState>();
    state->sender = q;
    state->frame = mainFrame;
    state->channel = channel;
    state->documentId = doc;
    // Electron's order (B53): this page's own handler (webContents.ipc) first, then ipcMain's.
    IpcMainPrivate *tier =
            scoped && scoped->hasHandler(channel) ? IpcMainPrivate::get(scoped.get()) : main;
    tier->dispatchInvoke(channel, IpcEventState::makeInvokeEvent(std::move(state)), args, resolver);
}

// ---------------------------------------------------------------------------------------------
// The sendSync path

void WebContentsPrivate::handleSyncRequest(const QByteArray &request, const QUrl &initiator,
                                           const SyncResponder &respond)
{
    QJsonParseError parseError;
    const QJsonDocument document =
            QJsonDocument::fromJson(QByteArray::fromPercentEncoding(request), &parseError);
    const QJsonObject object = document.object();
    const QByteArray secret = object.value(QLatin1String("secret")).toString().toLatin1();
    WebContents *contents = contentsBySecret().value(secret).data();
    if (!document.isObject() || !contents) {
        qCWarning(lcProtocol) << "refused a sendSync request without a valid page secret from"
                              << initiator.toString();
        respond(403, syncError(QStringLiteral("WebIpc: refused")));
        return;
    }
    WebContentsPrivate *d = get(contents);
    if (!constantTimeEquals(secret, d->secret)) {
        respond(403, syncError(QStringLiteral("WebIpc: refused")));
        return;
    }
    // The browser tells who made the request; it must be the page's own origin.
    if (initiator.isValid() && !initiator.isEmpty()
        && FrameInfo::originOf(initiator) != FrameInfo::originOf(d->url)) {
        qCWarning(lcProtocol).noquote()
                << "WebContents" << d->id << "refused a sendSync request from"
                << FrameInfo::originOf(initiator) << "for a page of" << FrameInfo::originOf(d->url);
        respond(403, syncError(QStringLiteral("WebIpc: refused")));
        return;
    }
    d->receiveSync(object, respond);
}

void WebContentsPrivate::receiveSync(const QJsonObject &request, const SyncResponder &respond)
{
    const QString incomingId = request.value(QLatin1String("doc")).toString();
    const QJsonArray messages = request.value(QLatin1String("messages")).toArray();
    if (messages.isEmpty() || !acceptDocument(incomingId, messages)) {
        respond(200, syncError(QStringLiteral("WebIpc: stale or malformed sendSync request")));
        return;
    }
    PendingSync pending{incomingId, request.value(QLatin1String("after")).toDouble(), messages,
                        respond};
    deferredSyncs.push_back(std::move(pending));
    runDeferredSyncs(false);
    if (!deferredSyncs.empty()) {
        // Messages sent before this one over QWebChannel are still on their way.
        Q_Q(WebContents);
        QTimer::singleShot(SyncOrderingGraceMs, q, [this]() { runDeferredSyncs(true); });
    }
}

void WebContentsPrivate::runDeferredSyncs(bool force)
{
    while (!deferredSyncs.empty()) {
        PendingSync &front = deferredSyncs.front();
        if (front.documentId != documentId) {
            front.respond(200, syncError(QStringLiteral("WebIpc: the document was unloaded")));
            deferredSyncs.pop_front();
            continue;
        }
        if (lastSeq < front.after && (!force || !inbox.empty()))
            return;
        if (lastSeq < front.after) {
            qCWarning(lcProtocol).noquote()
                    << "WebContents" << id
                    << "handles a sendSync before messages sent ahead of it arrived";
        }
        PendingSync next = std::move(front);
        deferredSyncs.pop_front();
        processMessages(next.messages, Path::Sync, next.respond);
    }
}

// ---------------------------------------------------------------------------------------------
// Outgoing messages

void WebContentsPrivate::queueOutgoing(const QJsonArray &message, const QString &targetDocument)
{
    if (!ready && outbox.size() >= MaximumHeldMessages) {
        qCWarning(lcMain).noquote() << "WebContents" << id << "refused a message: more than"
                                    << MaximumHeldMessages << "are waiting for the page";
        return;
    }
    outbox.push_back(Outgoing{targetDocument, message});
    if (ready)
        scheduleFlush();
}

void WebContentsPrivate::scheduleFlush()
{
    if (flushScheduled)
        return;
    flushScheduled = true;
    Q_Q(WebContents);
    QMetaObject::invokeMethod(
            q, [this]() { flush(); }, Qt::QueuedConnection);
}

void WebContentsPrivate::flush()
{
    flushScheduled = false;
    if (!ready || outbox.empty())
        return;
    QJsonArray batch;
    for (const Outgoing &outgoing : outbox) {
        if (outgoing.documentId.isEmpty() || outgoing.documentId == documentId)
            batch.append(outgoing.message);
    }
    outbox.clear();
    if (batch.isEmpty())
        return;
    if (batch.size() >= TextBatchThreshold) {
        // QWebChannel converts a signal's QJsonArray argument through QVariant, message by
        // message (QMetaObjectPublisher::wrapResult): 3-4 us each, most of the cost of a large
        // batch. As JSON text in a one-element array it converts one string, and the page parses
        // it once (main-world.js). Small batches keep the plain form: for a few large values the
        // text form costs more (escaped twice, parsed twice). See docs/performance.md.
        const QByteArray text = QJsonDocument(batch).toJson(QJsonDocument::Compact);
        Q_EMIT bridge->deliver(documentId, QJsonArray{QString::fromUtf8(text)});
        return;
    }
    Q_EMIT bridge->deliver(documentId, batch);
}

} // namespace WebIpc
