// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The sendSync path. The page's bridge makes a synchronous request to the host's URL scheme; the
// request carries the page's secret, its document id, the messages queued before it and the
// last sequence number sent over QWebChannel. It is handled after everything sent before it.
#include "webcontents_p.h"

#include "codec_p.h"
#include "ipceventstate_p.h"
#include "ipcmain_p.h"
#include "logging_p.h"

#include <QtCore/QHash>
#include <QtCore/QJsonDocument>
#include <QtCore/QTimer>

namespace WebIpc {

using namespace Limits;

namespace {

QHash<QByteArray, QPointer<WebContents>> &contentsBySecret()
{
    static QHash<QByteArray, QPointer<WebContents>> registry;
    return registry;
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

} // namespace

void registerSyncSecret(const QByteArray &secret, WebContents *contents)
{
    contentsBySecret().insert(secret, contents);
}

void unregisterSyncSecret(const QByteArray &secret) { contentsBySecret().remove(secret); }

QByteArray syncErrorBody(const QString &message) { return jsonBody(QJsonArray{false, message}); }

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
        respond(403, syncErrorBody(QStringLiteral("WebIpc: refused")));
        return;
    }
    WebContentsPrivate *d = get(contents);
    if (!constantTimeEquals(secret, d->secret)) {
        respond(403, syncErrorBody(QStringLiteral("WebIpc: refused")));
        return;
    }
    const QString initiatorOrigin = initiator.isValid() && !initiator.isEmpty()
            ? FrameInfo::originOf(initiator)
            : QString();
    if (object.value(QLatin1String("subframe")).toBool()) {
        d->receiveSubframeSync(object, initiatorOrigin, respond);
        return;
    }
    // The browser tells who made the request; it must be the page's own origin.
    if (!initiatorOrigin.isEmpty() && initiatorOrigin != FrameInfo::originOf(d->url)) {
        qCWarning(lcProtocol).noquote()
                << "WebContents" << d->id << "refused a sendSync request from"
                << FrameInfo::originOf(initiator) << "for a page of" << FrameInfo::originOf(d->url);
        respond(403, syncErrorBody(QStringLiteral("WebIpc: refused")));
        return;
    }
    d->receiveSync(object, respond);
}

void WebContentsPrivate::receiveSync(const QJsonObject &request, const SyncResponder &respond)
{
    const QString incomingId = request.value(QLatin1String("doc")).toString();
    const QJsonArray messages = request.value(QLatin1String("messages")).toArray();
    if (messages.isEmpty() || !acceptDocument(main, incomingId)) {
        respond(200, syncErrorBody(QStringLiteral("WebIpc: stale or malformed sendSync request")));
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

void WebContentsPrivate::receiveSubframeSync(const QJsonObject &request,
                                             const QString &initiatorOrigin,
                                             const SyncResponder &respond)
{
    // A subframe cannot wait for the top frame to relay for it: a same-site subframe shares the
    // renderer's thread with the top frame, which is blocked too. So the request carries the
    // messages the frame relayed since its last sendSync (handled here if they have not been
    // yet), names the frame by its document id, and the browser names its origin.
    const QString incomingId = request.value(QLatin1String("doc")).toString();
    const QJsonArray messages = request.value(QLatin1String("messages")).toArray();
    if (initiatorOrigin.isEmpty() || incomingId.isEmpty() || incomingId.size() > 64
        || messages.isEmpty() || main.documentId.isEmpty()) {
        respond(200, syncErrorBody(QStringLiteral("WebIpc: stale or malformed sendSync request")));
        return;
    }
    FrameState *existing = frameWithDocument(incomingId);
    if (existing && existing->info.origin() != initiatorOrigin) {
        qCWarning(lcProtocol).noquote()
                << "WebContents" << id << "refused a sendSync request from" << initiatorOrigin
                << "for a frame of" << existing->info.origin();
        respond(403, syncErrorBody(QStringLiteral("WebIpc: refused")));
        return;
    }
    FrameState *target = existing ? existing
                                  : subframeFor(incomingId, initiatorOrigin,
                                                request.value(QLatin1String("url")).toString());
    if (!target) {
        respond(200, syncErrorBody(QStringLiteral("WebIpc: refused: too many frames")));
        return;
    }
    if (target->documentId.isEmpty())
        target->documentId = incomingId;
    processMessages(target->frameId, messages, Path::Sync, respond);
}

void WebContentsPrivate::runDeferredSyncs(bool force)
{
    while (!deferredSyncs.empty()) {
        PendingSync &front = deferredSyncs.front();
        if (front.documentId != main.documentId) {
            front.respond(200, syncErrorBody(QStringLiteral("WebIpc: the document was unloaded")));
            deferredSyncs.pop_front();
            continue;
        }
        if (main.lastSeq < front.after && (!force || !inbox.empty()))
            return;
        if (main.lastSeq < front.after) {
            qCWarning(lcProtocol).noquote()
                    << "WebContents" << id
                    << "handles a sendSync before messages sent ahead of it arrived";
        }
        PendingSync next = std::move(front);
        deferredSyncs.pop_front();
        processMessages(0, next.messages, Path::Sync, next.respond);
    }
}

void WebContentsPrivate::processMessages(int frameId, const QJsonArray &messages, Path path,
                                         const SyncResponder &respond)
{
    const QString doc = frame(frameId)->documentId;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        // Only the last message of a sync request is the sendSync itself.
        const bool isSyncSlot = path == Path::Sync && i == messages.size() - 1;
        processMessage(frameId, messages.at(i), isSyncSlot ? Path::Sync : Path::Channel,
                       isSyncSlot ? respond : SyncResponder());
        const FrameState *now = frame(frameId);
        if (!now || now->documentId != doc) { // a listener navigated or detached the page
            if (path == Path::Sync && i < messages.size() - 1)
                respond(200, syncErrorBody(QStringLiteral("WebIpc: the document was unloaded")));
            return;
        }
    }
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
            respond(200, syncErrorBody(error));
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

} // namespace WebIpc
