// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// What main sends: send() and sendToFrame(), invoke replies, event.reply() and console errors,
// held until the frame's document listens and sent in one batch per frame and turn of the event
// loop. What is addressed to one document (replies, event.reply) never reaches the document
// that replaced it; send() goes to whichever document is current, as in Electron.
#include "webcontents_p.h"

#include "codec_p.h"
#include "ipcobserver_p.h"
#include "logging_p.h"
#include "protocol_p.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QTimer>

#include <algorithm>
#include <vector>

namespace WebIpc {

using namespace Limits;

void WebContents::sendArgs(const QString &channel, const QVariantList &args)
{
    Q_D(WebContents);
    d->sendToDocument(0, QString(), channel, args); // whichever document is current when it goes
}

bool WebContents::sendToFrameArgs(int frameId, const QString &channel, const QVariantList &args)
{
    Q_D(WebContents);
    // To the frame's document of now: if the frame navigates before this goes, it is dropped.
    const FrameState *target = d->documents.frame(frameId);
    return d->sendToDocument(frameId, target ? target->document.id : QString(), channel, args);
}

bool WebContentsPrivate::sendToDocument(int frameId, const QString &documentId,
                                        const QString &channel, const QVariantList &args)
{
    // '' is a channel like any other for Electron's webContents.send and event.reply.
    const FrameState *target = documents.frame(frameId);
    if (!target || (frameId != 0 && target->document.id.isEmpty()))
        return false; // B46: an unknown frame
    if (!documentId.isEmpty() && target->document.id != documentId) {
        qCDebug(lcTraffic).noquote() << "dropped a reply to page" << id << "frame" << frameId
                                     << "on" << channel << ": its document is gone";
        return true;
    }
    QJsonArray encoded;
    QString error;
    const LaneEncoding lane(this, frameId);
    if (!Codec::encodeArgs(args, &encoded, &error)) {
        // Like Electron's webContents.send (B42): logged, never thrown, and nothing is sent.
        qCWarning(lcMain).noquote()
                << QStringLiteral("Error sending from WebContents on '%1':").arg(channel) << error;
        return false;
    }
    queueOutgoing(Protocol::message(channel, encoded), documentId, frameId);
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
    if (IpcObserver *observer = IpcObserver::active())
        observer->queued(id, frameId, message);
    outbox.push_back(Outgoing{frameId, targetDocument, message, takeOutgoingBytes(),
                              Codec::takeLongestEncodedString()});
    if (ready)
        scheduleFlush();
}

void WebContentsPrivate::scheduleFlush()
{
    if (flushScheduled)
        return;
    flushScheduled = true;
    Q_Q(WebContents);
    if (draining) {
        // drainInbox() flushes when its slice ends: no queued call. The timer (stopped by that
        // flush, so it costs no turn of the event loop) is for a listener that runs an event
        // loop of its own (a dialog), which would otherwise hold what it sends meanwhile.
        if (!flushTimer) {
            flushTimer = new QTimer(q);
            flushTimer->setSingleShot(true);
            flushTimer->setInterval(0);
            QObject::connect(flushTimer, &QTimer::timeout, q, [this]() { flush(); });
        }
        flushTimer->start();
        return;
    }
    QMetaObject::invokeMethod(
            q, [this]() { flush(); }, Qt::QueuedConnection);
}

void WebContentsPrivate::flush()
{
    flushScheduled = false;
    if (flushTimer)
        flushTimer->stop();
    if (!ready || outbox.empty())
        return; // subframes talk through the top frame's bridge: all wait for it
    // One batch per frame, in order; a frame whose document does not listen yet keeps its
    // messages, and a message for a document that is gone is dropped. Frames are few: a
    // vector searched from its end (usually the top frame alone) beats a map.
    struct Batch
    {
        int frameId;
        QJsonArray messages;
        bool plain; // carries bytes: keeps the plain form (the bridge reads their offer)
        qsizetype longestString;
    };
    std::vector<Batch> batches;
    qsizetype kept = 0;
    for (qsizetype i = 0, n = qsizetype(outbox.size()); i < n; ++i) {
        Outgoing &outgoing = outbox[size_t(i)];
        const FrameState *target = documents.frame(outgoing.frameId);
        if (!target)
            continue; // the frame is gone
        const DocumentState &document = target->document;
        if (!outgoing.documentId.isEmpty() && outgoing.documentId != document.id) {
            qCDebug(lcTraffic) << "dropped a message for an unloaded document of page" << id;
            continue;
        }
        if (document.id.isEmpty() || !document.listening
            || (target->frameId != 0 && target->route == 0)) {
            if (kept != i) // not reachable yet: kept, in order
                outbox[size_t(kept)] = std::move(outgoing);
            ++kept;
            continue;
        }
        auto batch = std::find_if(batches.rbegin(), batches.rend(), [&](const Batch &entry) {
            return entry.frameId == outgoing.frameId;
        });
        if (batch == batches.rend()) {
            batches.push_back(Batch{outgoing.frameId, QJsonArray(), false, 0});
            batch = batches.rbegin();
        }
        if (!outgoing.bytes.isEmpty()) {
            batch->messages.append(offerBytes(*target, outgoing.bytes));
            batch->plain = true;
        }
        batch->messages.append(outgoing.message);
        batch->longestString = std::max(batch->longestString, outgoing.longestString);
    }
    outbox.erase(outbox.begin() + kept, outbox.end());
    for (const Batch &batch : batches)
        emitBatch(*documents.frame(batch.frameId), batch.messages, batch.plain,
                  batch.longestString);
    releaseLaneBytes();
}

void WebContentsPrivate::emitBatch(const FrameState &frame, QJsonArray batch, bool plain,
                                   qsizetype longestString)
{
    const IpcObserver::FlushScope observed(id, frame.frameId, batch);
    if (!plain && (batch.size() >= TextBatchThreshold || longestString < LongStringInBatch)) {
        // QWebChannel converts a signal's QJsonArray argument through QVariant, value by value
        // (QMetaObjectPublisher::wrapResult, recursively): 3-4 us a message. A string argument
        // it takes as it is; the bridge hands the text on to the main world as it is too
        // (world-crossing.js, sendJson()), and the page parses it once. A few messages with a
        // long string keep the plain form: there the text costs more (escaped twice and parsed
        // whole, where the crossing hands a long string over alone, uncopied). A batch with
        // bytes keeps it too: the bridge reads their offer. See docs/performance.md.
        const QString text = QString::fromUtf8(QJsonDocument(batch).toJson(QJsonDocument::Compact));
        if (frame.frameId == 0)
            Q_EMIT bridge->deliverJson(frame.document.id, text);
        else // relayed by the top frame's bridge, as [text]
            Q_EMIT bridge->deliverToFrame(frame.route, frame.document.id, QJsonArray{text});
        return;
    }
    if (frame.frameId == 0)
        Q_EMIT bridge->deliver(frame.document.id, batch);
    else
        Q_EMIT bridge->deliverToFrame(frame.route, frame.document.id, batch);
}

} // namespace WebIpc
