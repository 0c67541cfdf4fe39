// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The binary lane (docs/protocol.md, "The binary lane"): ArrayBuffers of at least
// Limits::binaryLaneThreshold() bytes travel beside their message, the message holding a codec
// "B" tag (its buffer's index) instead of base64.
//
// Page to main. The bridge keeps the buffers under random one-time ids and posts a Bytes message
// [14, seq, false, ids, sizes] just before the message that uses them. C++ pulls each with
// runJavaScript in the bridge's world (a top-level Uint8Array arrives as a QByteArray); until
// they are here the inbox waits, so the messages after it keep their order. Where C++ cannot
// pull (subframes, sync requests) the bridge sends them inline, as base64 ([14, seq, true, ...]).
//
// Main to page. The encoders of a message for the main frame put large buffers into the lane's
// sink (LaneEncoding); queueOutgoing() takes them with the message, and the flush gives them
// one-time ids for the document it goes to, in a BytesToPage message [9, ids] just before it.
// The bridge fetches each with an arraybuffer XHR to the webipc: scheme (serveBytes()) carrying
// the document's key, and holds the batch until they are here.
//
// MessagePorts take the lane both ways: a port message keeps its buffers beside its wire
// (PortPayload, messageport_p.h) from the page or MessagePortMain that posted it to the port
// that gets it, and LaneEncoding::adopt() hands them to the flush for a page's port.
//
// Every id is random, used once, bound to its document (and its key), and expires; the scheme
// checks the initiator as the sync gate does. The lane's buffers are freed when their document
// goes away, and they count against IpcMain::maximumMessageSize().
#include "webcontents_p.h"

#include "ipcmain_p.h"
#include "logging_p.h"
#include "protocol_p.h"

#include <QtCore/QPointer>
#include <QtCore/QRandomGenerator>
#include <QtCore/QRegularExpression>
#include <QtCore/QTimer>

#include <cmath>

namespace WebIpc {

using namespace Limits;
namespace PageField = Protocol::PageField;

namespace {

QByteArray randomId()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QByteArray(reinterpret_cast<const char *>(words), sizeof(words)).toHex();
}

bool isLaneId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("\\A[0-9a-f]{32}\\z"));
    return pattern.match(id).hasMatch();
}

QString tooLarge(qsizetype maximum)
{
    return QStringLiteral("the message is larger than the maximum message size of %1 bytes")
            .arg(maximum);
}

const QString NotArrived = QStringLiteral("an out-of-band ArrayBuffer that did not arrive");

} // namespace

// ArrayBuffers from this size on take the lane; smaller ones stay inline as base64. A pull and
// a fetch cost about 2.5-3 ms together (runJavaScript, a custom-scheme request), base64 over
// QWebChannel about 55 ms a MiB. Bench scenario 6 (docs/performance.md), same runs: at 64 KiB
// the lane took 1.09-1.10x the base64 baseline against 0.88-0.92x inline; at 1 MiB 0.15-0.27x
// against 0.83-0.95x. The crossover, interpolated, is at 65-77 KiB.
constexpr qsizetype BinaryLaneThreshold = 80 * 1024;

qsizetype Limits::binaryLaneThreshold()
{
    static const qsizetype threshold = []() {
        bool ok = false;
        const qsizetype value = qEnvironmentVariableIntValue("WEBIPC_BINARY_LANE_THRESHOLD", &ok);
        return ok && value >= 0 ? value : BinaryLaneThreshold;
    }();
    return threshold;
}

int Limits::binaryLaneExpiryMs()
{
    static const int expiry = []() {
        bool ok = false;
        const int value = qEnvironmentVariableIntValue("WEBIPC_BINARY_LANE_EXPIRY_MS", &ok);
        return ok && value > 0 ? value : 30000;
    }();
    return expiry;
}

LaneEncoding::LaneEncoding(WebContentsPrivate *d, int frameId)
    : m_sink(frameId == 0 && d->m_lane && d->m_lane->runScript ? &d->m_lane->outgoing : nullptr),
      m_scope(m_sink)
{
    if (m_sink)
        m_sink->threshold = binaryLaneThreshold();
}

LaneEncoding::~LaneEncoding() { discard(); }

void LaneEncoding::discard()
{
    if (m_sink)
        m_sink->buffers.clear();
}

bool LaneEncoding::adopt(const QList<QByteArray> &buffers)
{
    if (!m_sink || !m_sink->buffers.isEmpty())
        return false;
    m_sink->buffers = buffers;
    return true;
}

BinaryLane &WebContentsPrivate::lane()
{
    if (!m_lane)
        m_lane = std::make_shared<BinaryLane>();
    return *m_lane;
}

void WebContentsPrivate::setScriptRunner(
        std::function<void(const QString &, std::function<void(const QVariant &)>)> runner)
{
    lane().runScript = std::move(runner);
}

qsizetype WebContentsPrivate::laneBytesHeld() const
{
    if (!m_lane)
        return 0;
    qsizetype total = 0;
    for (const QByteArray &bytes : m_lane->incoming.bytes.buffers)
        total += bytes.size();
    for (const auto *table : {&m_lane->pending, &m_lane->uploaded}) {
        for (const BinaryLane::Pending &pending : *table)
            total += pending.bytes.size();
    }
    return total;
}

// ---------------------------------------------------------------------------------------------
// Page to main

void WebContentsPrivate::receiveBytes(FrameState &frame, const QJsonArray &message)
{
    BinaryLane &lane = this->lane();
    ++lane.pullGeneration; // a pull still under way is for a message that has passed
    lane.pullsLeft = 0;
    lane.incoming = {};
    lane.incoming.frameId = frame.frameId;
    lane.incoming.documentId = frame.document.id;
    lane.incoming.seq = message.at(PageField::Seq).toDouble();
    Codec::OutOfBand &bytes = lane.incoming.bytes;

    const QJsonArray items = message.at(PageField::BytesItems).toArray();
    const QJsonArray sizeList = message.at(PageField::BytesSizes).toArray();
    const qsizetype maximum = ipcMain ? IpcMainPrivate::get(ipcMain)->maximumMessageSize
                                      : qsizetype(256) * 1024 * 1024;
    QList<qsizetype> sizes;
    qsizetype total = 0;
    for (const QJsonValue &size : sizeList) {
        const double value = size.toDouble(-1);
        if (value < 0 || value > double(maximum) || value != std::floor(value)) {
            total = maximum + 1;
            break;
        }
        sizes.append(qsizetype(value));
        total += sizes.last();
    }
    if (items.isEmpty() || items.size() != sizeList.size() || items.size() > MaximumLaneBuffers) {
        warnAboutPage(QStringLiteral("dropped malformed out-of-band buffers"));
        bytes.error = NotArrived;
        return;
    }
    if (total > maximum) {
        // Refused before anything is pulled: the message that needs them fails with this.
        bytes.error = tooLarge(maximum);
        return;
    }
    if (message.at(PageField::BytesInline).toBool()) {
        for (qsizetype i = 0; i < items.size(); ++i) {
            auto decoded = QByteArray::fromBase64Encoding(items.at(i).toString().toLatin1(),
                                                          QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded || (*decoded).size() != sizes.at(i)) {
                warnAboutPage(QStringLiteral("dropped malformed out-of-band buffers"));
                bytes.buffers.clear();
                bytes.error = NotArrived;
                return;
            }
            bytes.buffers.append(std::move(*decoded));
        }
        return;
    }
    if (frame.frameId != 0 || !lane.runScript) {
        warnAboutPage(QStringLiteral("dropped out-of-band buffers that cannot be pulled"));
        bytes.error = NotArrived;
        return;
    }
    pullBytes(frame, items, sizes);
}

void WebContentsPrivate::pullBytes(const FrameState &frame, const QJsonArray &ids,
                                   const QList<qsizetype> &sizes)
{
    BinaryLane &lane = this->lane();
    for (const QJsonValue &id : ids) {
        if (!isLaneId(id.toString())) {
            warnAboutPage(QStringLiteral("dropped out-of-band buffers with malformed ids"));
            lane.incoming.bytes.error = NotArrived;
            return;
        }
    }
    const quint64 generation = lane.pullGeneration;
    lane.incoming.bytes.buffers.resize(ids.size());
    lane.pullsLeft = int(ids.size());
    Q_Q(WebContents);
    const QPointer<WebContents> alive(q);
    for (qsizetype i = 0; i < ids.size(); ++i) {
        // Qt 6.7+: the bridge may have posted it already.
        const auto uploaded = lane.uploaded.constFind(ids.at(i).toString().toLatin1());
        if (uploaded != lane.uploaded.constEnd() && uploaded->documentId == frame.document.id
            && uploaded->bytes.size() == sizes.at(i)) {
            lane.incoming.bytes.buffers[i] = uploaded->bytes;
            lane.uploaded.erase(uploaded);
            --lane.pullsLeft;
            continue;
        }
        // Ids and the document id are hex (checked): nothing of the page's reaches the script
        // as code. The bridge gives a buffer once, and only to its own document.
        const QString source =
                QStringLiteral("(function () { var b = window.__webipcBridge; "
                               "return b && b.takeBytes ? b.takeBytes('%1', '%2') : null; })()")
                        .arg(frame.document.id, ids.at(i).toString());
        const qsizetype size = sizes.at(i);
        lane.runScript(source, [alive, this, generation, i, size](const QVariant &result) {
            if (alive)
                pullDone(generation, i, size, result);
        });
    }
    if (lane.pullsLeft == 0)
        return; // all were posted: nothing to wait for
    // A pull that never answers (the host lost its page) does not hold the inbox for good.
    QTimer::singleShot(binaryLaneExpiryMs(), q, [this, generation]() {
        if (m_lane && m_lane->pullGeneration == generation && m_lane->pullsLeft > 0)
            pullDone(generation, -1, 0, QVariant());
    });
}

void WebContentsPrivate::pullDone(quint64 generation, qsizetype index, qsizetype size,
                                  const QVariant &result)
{
    BinaryLane &lane = this->lane();
    if (lane.pullGeneration != generation || lane.pullsLeft <= 0)
        return; // for a message that has passed, or a document that ended
    Codec::OutOfBand &bytes = lane.incoming.bytes;
    if (index < 0) {
        lane.pullsLeft = 0;
    } else {
        --lane.pullsLeft;
        if (result.metaType().id() == QMetaType::QByteArray
            && result.toByteArray().size() == size) {
            bytes.buffers[index] = result.toByteArray();
            ++lane.pulls;
        } else
            bytes.error = NotArrived; // its document went away, or the bridge had no such id
    }
    if (lane.pullsLeft > 0)
        return;
    if (!bytes.error.isEmpty())
        bytes.buffers.clear();
    Q_Q(WebContents);
    QMetaObject::invokeMethod(
            q, [this]() { drainInbox(); }, Qt::QueuedConnection);
}

bool WebContentsPrivate::pullingBytes() const { return m_lane && m_lane->pullsLeft > 0; }

Codec::OutOfBand WebContentsPrivate::takeIncomingBytes(int frameId, const QJsonValue &value)
{
    if (!m_lane || m_lane->incoming.documentId.isEmpty() || m_lane->pullsLeft > 0)
        return {};
    BinaryLane::Incoming incoming = std::exchange(m_lane->incoming, {});
    const FrameState *frame = documents.frame(frameId);
    if (incoming.frameId == frameId && frame && frame->document.id == incoming.documentId
        && value.toArray().at(PageField::Seq).toDouble() == incoming.seq + 1)
        return std::move(incoming.bytes);
    return {};
}

// ---------------------------------------------------------------------------------------------
// Main to page

QList<QByteArray> WebContentsPrivate::takeOutgoingBytes()
{
    return m_lane ? std::exchange(m_lane->outgoing.buffers, {}) : QList<QByteArray>();
}

QJsonArray WebContentsPrivate::offerBytes(const FrameState &frame, const QList<QByteArray> &bytes)
{
    BinaryLane &lane = this->lane();
    QJsonArray ids;
    for (const QByteArray &buffer : bytes) {
        const QByteArray id = randomId();
        lane.pending.insert(id,
                            BinaryLane::Pending{frame.document.id, frame.document.key, buffer,
                                                QDeadlineTimer(binaryLaneExpiryMs())});
        ids.append(QString::fromLatin1(id));
        ++lane.offers;
        lane.lastOffer = id;
    }
    releaseLaneBytes(); // arms the purge
    return QJsonArray{Protocol::BytesToPage, ids};
}

void WebContentsPrivate::releaseLaneBytes()
{
    if (!m_lane)
        return;
    BinaryLane &lane = *m_lane;
    const auto gone = [this](const QString &documentId) {
        const FrameState *frame = documents.frameWithDocument(documentId);
        return !frame || frame->document.id != documentId;
    };
    if (!lane.incoming.documentId.isEmpty() && gone(lane.incoming.documentId)) {
        const bool pulling = lane.pullsLeft > 0;
        ++lane.pullGeneration;
        lane.pullsLeft = 0;
        lane.incoming = {};
        if (pulling) {
            Q_Q(WebContents);
            QMetaObject::invokeMethod(
                    q, [this]() { drainInbox(); }, Qt::QueuedConnection);
        }
    }
    for (auto *table : {&lane.pending, &lane.uploaded}) {
        if (table->isEmpty())
            continue; // as after every flush without bytes: begin() would detach (allocate)
        for (auto it = table->begin(); it != table->end();) {
            if (gone(it->documentId) || it->expiry.hasExpired())
                it = table->erase(it);
            else
                ++it;
        }
    }
    if ((!lane.pending.isEmpty() || !lane.uploaded.isEmpty()) && !lane.purgeScheduled) {
        lane.purgeScheduled = true;
        Q_Q(WebContents);
        QTimer::singleShot(binaryLaneExpiryMs() + 100, q, [this]() {
            m_lane->purgeScheduled = false;
            releaseLaneBytes();
        });
    }
}

void WebContentsPrivate::serveBytes(const QByteArray &key, const QUrl &initiator,
                                    const QByteArray &id,
                                    const std::function<void(bool, const QByteArray &)> &respond)
{
    WebContents *contents = contentsWithDocumentKey(key);
    WebContentsPrivate *d = contents ? get(contents) : nullptr;
    FrameState *frame = d ? d->documents.frameWithKey(key) : nullptr;
    if (!frame || !initiatorIsOrigin(initiator, frame->info.origin()) || !d->m_lane) {
        qCWarning(lcProtocol) << "refused a webipc: bytes request from" << initiator.toString();
        respond(false, QByteArray());
        return;
    }
    const auto it = d->m_lane->pending.constFind(id);
    if (it == d->m_lane->pending.constEnd() || it->documentId != frame->document.id
        || it->key != key) {
        d->warnAboutPage(QStringLiteral("refused a request for out-of-band bytes it does not "
                                        "have"));
        respond(false, QByteArray());
        return;
    }
    const BinaryLane::Pending pending = *it;
    d->m_lane->pending.erase(it); // once
    if (pending.expiry.hasExpired()) {
        d->warnAboutPage(QStringLiteral("refused a request for out-of-band bytes that expired"));
        respond(false, QByteArray());
        return;
    }
    respond(true, pending.bytes);
}

bool WebContentsPrivate::receiveUploadedBytes(const QByteArray &key, const QUrl &initiator,
                                              const QByteArray &id, const QByteArray &bytes)
{
    // Checked as a fetch is (serveBytes()); bound to the document, counted against the maximum
    // message size, freed with the document or after binaryLaneExpiryMs().
    WebContents *contents = contentsWithDocumentKey(key);
    WebContentsPrivate *d = contents ? get(contents) : nullptr;
    FrameState *frame = d ? d->documents.frameWithKey(key) : nullptr;
    const qsizetype maximum = d && d->ipcMain ? IpcMainPrivate::get(d->ipcMain)->maximumMessageSize
                                              : qsizetype(256) * 1024 * 1024;
    if (!frame || frame->frameId != 0 || !initiatorIsOrigin(initiator, frame->info.origin())
        || bytes.size() > maximum || !isLaneId(QString::fromLatin1(id))) {
        qCWarning(lcProtocol) << "refused a webipc: bytes upload from" << initiator.toString();
        return false;
    }
    BinaryLane &lane = d->lane();
    qsizetype held = bytes.size();
    for (const BinaryLane::Pending &upload : std::as_const(lane.uploaded))
        held += upload.bytes.size();
    if (lane.uploaded.contains(id) || held > maximum)
        return false;
    lane.uploaded.insert(id,
                         BinaryLane::Pending{frame->document.id, key, bytes,
                                             QDeadlineTimer(binaryLaneExpiryMs())});
    d->releaseLaneBytes(); // (re)arms the purge
    return true;
}

} // namespace WebIpc
