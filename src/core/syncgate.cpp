// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The sync gate: sendSync requests, which reach the host's URL scheme from any page of the
// profile. A request is taken for a document only with that document's key (its credential,
// announced by the document's own hello), from the origin the browser names for the request,
// which must be the document's; and only after everything the document sent before it.
#include "webcontents_p.h"

#include "codec_p.h"
#include "ipceventstate_p.h"
#include "ipcmain_p.h"
#include "logging_p.h"
#include "protocol_p.h"

#include <QtCore/QHash>
#include <QtCore/QJsonDocument>
#include <QtCore/QRandomGenerator>
#include <QtCore/QTimer>

namespace WebIpc {

using namespace Limits;
namespace PageField = Protocol::PageField;
namespace Field = Protocol::SyncRequestField;

namespace {

// Document keys and pages' admission keys, in one registry (they are random and never equal).
QHash<QByteArray, QPointer<WebContents>> &contentsByKey()
{
    static QHash<QByteArray, QPointer<WebContents>> registry;
    return registry;
}

// Requests whose key no document has announced yet: a document's hello may come a moment
// after its first sendSync (a subframe's is relayed by the top frame, which a same-site
// subframe blocks while it waits).
struct UnclaimedSync
{
    SyncRequest request;
    QJsonObject object;
    WebContentsPrivate::SyncResponder respond;
};
std::deque<UnclaimedSync> &unclaimedSyncs()
{
    static std::deque<UnclaimedSync> waiting;
    return waiting;
}

QByteArray jsonBody(const QJsonArray &array)
{
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QString originOfInitiator(const QUrl &initiator)
{
    // QWebEngineUrlRequestJob::initiator() is the serialized origin as a URL ("qrc:",
    // "file://", "https://h", "null").
    if (!initiator.isValid() || initiator.isEmpty())
        return QString();
    return initiator.toString(QUrl::FullyEncoded);
}

bool sameOrigin(const QString &documentOrigin, const QString &initiatorOrigin)
{
    if (initiatorOrigin == documentOrigin)
        return true;
    // The initiator comes as a URL: "file://" may read as "file:///".
    return QUrl(initiatorOrigin).matches(QUrl(documentOrigin), QUrl::StripTrailingSlash)
            && documentOrigin != QLatin1String("null");
}

void refuseRequest(const WebContentsPrivate::SyncResponder &respond)
{
    respond(403, syncErrorBody(QStringLiteral("refused")));
}

} // namespace

void registerDocumentKey(const QByteArray &key, WebContents *contents)
{
    contentsByKey().insert(key, contents);
    // Requests that came before their document's hello are taken now, once the hello that
    // announced the key has been handled.
    auto &waiting = unclaimedSyncs();
    for (auto it = waiting.begin(); it != waiting.end();) {
        if (it->request.key != key) {
            ++it;
            continue;
        }
        QMetaObject::invokeMethod(
                contents,
                [claimed = std::move(*it)]() {
                    WebContentsPrivate::handleSyncRequest(claimed.request, claimed.respond);
                },
                Qt::QueuedConnection);
        it = waiting.erase(it);
    }
}

void unregisterDocumentKey(const QByteArray &key) { contentsByKey().remove(key); }

QByteArray registerAdmissionKey(WebContents *contents)
{
    quint32 words[8];
    QRandomGenerator::system()->fillRange(words);
    const QByteArray key = QByteArray(reinterpret_cast<const char *>(words), sizeof(words)).toHex();
    contentsByKey().insert(key, contents);
    return key;
}

WebContents *contentsWithDocumentKey(const QByteArray &key)
{
    return key.isEmpty() ? nullptr : contentsByKey().value(key).data();
}

bool initiatorIsOrigin(const QUrl &initiator, const QString &documentOrigin)
{
    const QString origin = originOfInitiator(initiator);
    return !origin.isEmpty() && sameOrigin(documentOrigin, origin);
}

QByteArray syncErrorBody(const QString &reason)
{
    return jsonBody(
            Protocol::syncAnswer(false, QString(QLatin1String("sendSync failed: ") + reason)));
}

void WebContentsPrivate::handleSyncRequest(const SyncRequest &request, const SyncResponder &respond)
{
    QJsonParseError parseError;
    const QJsonDocument document =
            QJsonDocument::fromJson(QByteArray::fromPercentEncoding(request.payload), &parseError);
    const QJsonObject object = document.object();
    if (!document.isObject() || request.key.size() < 32 || request.key.size() > 64) {
        qCWarning(lcProtocol) << "refused a malformed sendSync request from"
                              << request.initiator.toString();
        refuseRequest(respond);
        return;
    }
    WebContents *contents = contentsByKey().value(request.key).data();
    const bool wantsSubframe = object.value(QLatin1String(Field::Subframe)).toBool();
    const QString initiator = originOfInitiator(request.initiator);
    if (!contents && wantsSubframe && !request.admissionKey.isEmpty()) {
        // A subframe whose hello the top frame could not relay yet (it may be blocked by this
        // very request): it joins its page as a new frame, of the origin the browser names.
        WebContents *page = contentsByKey().value(request.admissionKey).data();
        WebContentsPrivate *d = page ? get(page) : nullptr;
        if (d && d->m_admissionKey == request.admissionKey)
            contents = d->admitUnroutedSubframe(object, request.key, initiator) ? page : nullptr;
        if (!contents) {
            refuseRequest(respond);
            return;
        }
    }
    if (!contents) {
        auto &waiting = unclaimedSyncs();
        if (waiting.size() >= MaximumWaitingSyncs) {
            qCWarning(lcProtocol) << "refused a sendSync request of an unknown document from"
                                  << request.initiator.toString();
            refuseRequest(respond);
            return;
        }
        waiting.push_back(UnclaimedSync{request, object, respond});
        const QByteArray key = request.key;
        QTimer::singleShot(SyncUnknownDocumentGraceMs, [key]() {
            auto &list = unclaimedSyncs();
            for (auto it = list.begin(); it != list.end(); ++it) {
                if (it->request.key == key) {
                    qCWarning(lcProtocol)
                            << "refused a sendSync request of an unknown document from"
                            << it->request.initiator.toString();
                    const SyncResponder answer = it->respond;
                    list.erase(it);
                    answer(200,
                           syncErrorBody(QStringLiteral("this document is not connected to the "
                                                        "application")));
                    return;
                }
            }
        });
        return;
    }
    WebContentsPrivate *d = get(contents);
    FrameState *frame = d->documents.frameWithKey(request.key);
    if (!frame || (frame->frameId != 0) != wantsSubframe || (wantsSubframe && !d->subframesEnabled)
        || frame->document.id != object.value(QLatin1String(Field::Document)).toString()) {
        refuseRequest(respond);
        return;
    }
    // The browser names who made the request: it must be the document's own origin.
    if (!sameOrigin(frame->info.origin(), initiator)) {
        qCWarning(lcProtocol).noquote()
                << "WebContents" << d->id << "refused a sendSync request from" << initiator
                << "for a document of" << frame->info.origin();
        refuseRequest(respond);
        return;
    }
    PendingSync pending;
    pending.key = request.key;
    pending.documentId = frame->document.id;
    pending.frameId = frame->frameId;
    pending.after = object.value(QLatin1String(Field::After)).toDouble();
    pending.messages = object.value(QLatin1String(Field::Messages)).toArray();
    pending.respond = respond;
    if (pending.messages.isEmpty()) {
        respond(200, syncErrorBody(QStringLiteral("malformed sendSync request")));
        return;
    }
    d->receiveSync(std::move(pending));
}

FrameState *WebContentsPrivate::admitUnroutedSubframe(const QJsonObject &request,
                                                      const QByteArray &key, const QString &origin)
{
    // The request carries the frame's messages since it began, its hello first.
    const QString documentId = request.value(QLatin1String(Field::Document)).toString();
    const QJsonArray hello =
            request.value(QLatin1String(Field::Messages)).toArray().at(0).toArray();
    if (!subframesEnabled || origin.isEmpty() || documents.mainFrame().document.id.isEmpty()
        || !DocumentTable::isWellFormedId(documentId) || documents.isKnownDocument(documentId)
        || hello.at(PageField::Kind).toInt(-1) != Protocol::Hello
        || !hello.at(PageField::HelloKey).isString()
        || !(hello.at(PageField::HelloKey).toString().isEmpty() // the key is the request's
             || hello.at(PageField::HelloKey).toString().toLatin1() == key)) {
        qCWarning(lcProtocol).noquote()
                << "WebContents" << id << "refused a sendSync request of an unknown frame from"
                << origin;
        return nullptr;
    }
    FrameState *frame = documents.addUnroutedFrame();
    if (!frame)
        return nullptr;
    const QUrl claimed(request.value(QLatin1String(Field::Url)).toString());
    documents.beginDocument(*frame, documentId, key, origin,
                            FrameInfo::originOf(claimed) == origin ? claimed : QUrl(origin),
                            processId);
    return frame;
}

void WebContentsPrivate::receiveSync(PendingSync pending)
{
    if (pending.frameId != 0) {
        // A subframe cannot wait for the top frame to relay for it: a same-site subframe shares
        // the renderer's thread with the top frame, which is blocked too. So the request
        // carries the messages the frame relayed since its last sendSync (handled here if
        // they have not been yet).
        processSync(pending);
        return;
    }
    pending.waiting.start();
    deferredSyncs.push_back(std::move(pending));
    Q_Q(WebContents);
    QPointer<WebContents> alive(q);
    runDeferredSyncs(false); // its listeners may delete the page, and this with it
    if (!alive)
        return;
    if (!deferredSyncs.empty() && !syncTimerArmed) {
        // Messages sent before this one over QWebChannel are still on their way.
        syncTimerArmed = true;
        QTimer::singleShot(SyncOrderingGraceMs, q, [this]() {
            syncTimerArmed = false;
            runDeferredSyncs(true);
        });
    }
}

void WebContentsPrivate::runDeferredSyncs(bool force)
{
    Q_Q(WebContents);
    QPointer<WebContents> alive(q);
    while (alive && !deferredSyncs.empty()) {
        PendingSync &front = deferredSyncs.front();
        const FrameState &main = documents.mainFrame();
        if (front.documentId != main.document.id) {
            front.respond(200, syncErrorBody(QStringLiteral("the document was unloaded")));
            deferredSyncs.pop_front();
            continue;
        }
        const bool late = front.waiting.elapsed() >= SyncOrderingGraceMs;
        if (main.document.lastSeq < front.after && !late && (!force || !inbox.empty()))
            return;
        if (main.document.lastSeq < front.after) {
            qCWarning(lcProtocol).noquote()
                    << "WebContents" << id
                    << "handles a sendSync before messages sent ahead of it arrived";
        }
        PendingSync next = std::move(front);
        deferredSyncs.pop_front();
        processSync(next);
    }
}

void WebContentsPrivate::failSyncsOf(int frameId)
{
    for (auto it = deferredSyncs.begin(); it != deferredSyncs.end();) {
        if (it->frameId != frameId) {
            ++it;
            continue;
        }
        const SyncResponder respond = it->respond;
        it = deferredSyncs.erase(it);
        respond(200, syncErrorBody(QStringLiteral("the document was unloaded")));
    }
}

void WebContentsPrivate::processSync(PendingSync &pending)
{
    // Every message the request carries, in order; only the last is the sendSync itself.
    Q_Q(WebContents);
    QPointer<WebContents> alive(q);
    const QJsonArray messages = pending.messages;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const bool isSyncSlot = i == messages.size() - 1;
        processMessage(pending.frameId, messages.at(i), isSyncSlot ? Path::Sync : Path::Channel,
                       isSyncSlot ? pending.respond : SyncResponder());
        if (!alive) { // a listener deleted the page
            if (!isSyncSlot)
                pending.respond(200, syncErrorBody(QStringLiteral("the page was closed")));
            return;
        }
        const FrameState *now = documents.frame(pending.frameId);
        if (!now || now->document.id != pending.documentId) {
            // a listener navigated or detached the page
            if (!isSyncSlot)
                pending.respond(200, syncErrorBody(QStringLiteral("the document was unloaded")));
            return;
        }
    }
}

std::shared_ptr<SyncCall> WebContentsPrivate::makeSyncCall(const SyncResponder &respond,
                                                           const QString &channel)
{
    Q_Q(WebContents);
    auto call = std::make_shared<SyncCall>(
            q, [respond, channel](bool delivered, const QVariant &value) {
                if (!delivered) {
                    // Electron's answer when no listener ever set event.returnValue (B36).
                    const QJsonObject neverSent{
                            {QStringLiteral("error"), QStringLiteral("reply was never sent")}};
                    respond(200, jsonBody(Protocol::syncAnswer(true, neverSent)));
                    return;
                }
                QJsonValue encoded;
                QString error;
                if (!Codec::encode(value, &encoded, &error, QStringLiteral("event.returnValue"))) {
                    qCWarning(lcMain).noquote()
                            << QStringLiteral("Error sending a sendSync reply on '%1':")
                                       .arg(channel)
                            << error;
                    // Electron's clone error, as is
                    respond(200, jsonBody(Protocol::syncAnswer(false, error)));
                    return;
                }
                respond(200, jsonBody(Protocol::syncAnswer(true, encoded)));
            });
    std::weak_ptr<SyncCall> weak = call;
    const auto timeout =
            ipcMain ? IpcMainPrivate::get(ipcMain)->syncReplyTimeout : std::chrono::milliseconds(0);
    const int contentsId = id;
    QTimer::singleShot(timeout, q, [weak, channel, timeout, contentsId]() {
        auto pending = weak.lock();
        if (!pending)
            return;
        // The page was blocked all this time: say which call, and for how long.
        qCWarning(lcMain).noquote()
                << QStringLiteral("WebContents #%1: ipcRenderer.sendSync('%2') timed out after %3 "
                                  "ms: no listener set event.returnValue (see "
                                  "IpcMain::setSyncReplyTimeout)")
                           .arg(contentsId)
                           .arg(channel)
                           .arg(qint64(timeout.count()));
        pending->answerNeverSent();
    });
    return call;
}

} // namespace WebIpc
