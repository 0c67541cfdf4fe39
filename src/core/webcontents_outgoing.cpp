// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// What main sends: send() and sendToFrame(), invoke replies and console errors, held until the
// frame's document listens and sent in one batch per frame and turn of the event loop.
#include "webcontents_p.h"

#include "codec_p.h"
#include "logging_p.h"
#include "protocol_p.h"

#include <QtCore/QJsonDocument>

namespace WebIpc {

using namespace Limits;

void WebContents::sendArgs(const QString &channel, const QVariantList &args)
{
    sendToFrameArgs(0, channel, args);
}

bool WebContents::sendToFrameArgs(int frameId, const QString &channel, const QVariantList &args)
{
    Q_D(WebContents);
    if (channel.isEmpty()) {
        qCWarning(lcMain) << "Error sending from WebContents: Missing required channel argument";
        return false;
    }
    const FrameState *target = d->frame(frameId);
    if (!target || (frameId != 0 && target->documentId.isEmpty()))
        return false; // B46: an unknown frame
    QJsonArray encoded;
    QString error;
    if (!Codec::encodeArgs(args, &encoded, &error)) {
        // Like Electron's webContents.send (B42): logged, never thrown.
        qCWarning(lcMain).noquote() << "Error sending from WebContents:" << error;
        return true;
    }
    qCDebug(lcTraffic).noquote() << "main -> page" << d->id << "frame" << frameId << channel;
    d->queueOutgoing(QJsonArray{Protocol::Message, channel, encoded}, QString(), frameId);
    return true;
}

void WebContentsPrivate::queueOutgoing(const QJsonArray &message, const QString &targetDocument,
                                       int frameId)
{
    if (!ready && outbox.size() >= MaximumHeldMessages) {
        qCWarning(lcMain).noquote() << "WebContents" << id << "refused a message: more than"
                                    << MaximumHeldMessages << "are waiting for the page";
        return;
    }
    outbox.push_back(Outgoing{frameId, targetDocument, message});
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
        return; // subframes talk through the top frame's bridge: all wait for it
    // One batch per frame, in order; a frame without a document yet keeps its messages.
    std::map<int, QJsonArray> batches;
    std::deque<Outgoing> held;
    for (Outgoing &outgoing : outbox) {
        const FrameState *target = frame(outgoing.frameId);
        if (!target)
            continue; // the frame is gone
        if (target->documentId.isEmpty() || (target->frameId != 0 && target->route == 0)) {
            held.push_back(std::move(outgoing)); // not reachable yet
            continue;
        }
        if (outgoing.documentId.isEmpty() || outgoing.documentId == target->documentId)
            batches[outgoing.frameId].append(outgoing.message);
    }
    outbox = std::move(held);
    for (const auto &[frameId, batch] : batches)
        emitBatch(frameId, frame(frameId)->documentId, batch);
}

void WebContentsPrivate::emitBatch(int frameId, const QString &documentId, QJsonArray batch)
{
    if (batch.size() >= TextBatchThreshold) {
        // QWebChannel converts a signal's QJsonArray argument through QVariant, message by
        // message (QMetaObjectPublisher::wrapResult): 3-4 us each, most of the cost of a large
        // batch. As JSON text in a one-element array it converts one string, and the page parses
        // it once (main-world.js). Small batches keep the plain form: for a few large values the
        // text form costs more (escaped twice, parsed twice). See docs/performance.md.
        const QByteArray text = QJsonDocument(batch).toJson(QJsonDocument::Compact);
        batch = QJsonArray{QString::fromUtf8(text)};
    }
    if (frameId == 0)
        Q_EMIT bridge->deliver(documentId, batch);
    else
        Q_EMIT bridge->deliverToFrame(frame(frameId)->route, documentId, batch);
}

} // namespace WebIpc
