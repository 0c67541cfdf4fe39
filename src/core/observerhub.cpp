// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The hub behind IpcObserver (see observerhub_p.h): one record per message for the sinks.
#include "observerhub_p.h"

#include "logging_p.h"
#include "protocol_p.h"

#include <WebIpc/webcontents.h>

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

#include <algorithm>

namespace WebIpc {

// Defined in trafficlog.cpp and tracing.cpp.
void updateTrafficLog();
void startTracingFromEnvironment();

namespace PageField = Protocol::PageField;
namespace MainField = Protocol::MainField;

IpcObserver *IpcObserver::s_active = nullptr;

QString IpcRecord::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Send:
        return QStringLiteral("send");
    case Kind::SendSync:
        return QStringLiteral("sendSync");
    case Kind::Invoke:
        return QStringLiteral("invoke");
    case Kind::Message:
        return QStringLiteral("message");
    case Kind::Unheard:
        return QStringLiteral("unheard");
    }
    return QString();
}

void IpcRecord::setMessage(int page, int frame, const QJsonValue &channelName,
                           const QJsonValue &wireArgs)
{
    pageId = page;
    frameId = frame;
    channel = channelName.toString();
    const QByteArray text = ObserverHub::wireText(wireArgs);
    bytes = text.size();
    args = ObserverHub::preview(text);
}

IpcObserver::~IpcObserver() = default;
IpcSink::~IpcSink() = default;

void IpcObserver::pageCreated(WebContents *contents)
{
    startTracingFromEnvironment();
    updateTrafficLog();
    ObserverHub::instance()->notifyPageCreated(contents->id());
}

void IpcObserver::pageClosed(int pageId) { ObserverHub::instance()->notifyPageClosed(pageId); }

void IpcObserver::reportUnheard(int pageId, int frameId, const QString &channel)
{
    // The Vite dev-server race: a webContents.send() before the module script listens.
    qCDebug(lcMain).noquote()
            << QStringLiteral("WebContents #%1: a message on '%2' reached frame %3, which has no "
                              "listener for it (sent before the page listened?)")
                       .arg(pageId)
                       .arg(channel)
                       .arg(frameId);
    if (IpcObserver *observer = active())
        observer->unheard(pageId, frameId, channel);
}

ObserverHub *ObserverHub::instance()
{
    static ObserverHub *hub = new ObserverHub; // never destroyed: scopes may hold it
    return hub;
}

qint64 ObserverHub::now()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer timer;
        timer.start();
        return timer;
    }();
    return clock.nsecsElapsed();
}

void ObserverHub::addSink(IpcSink *sink)
{
    if (!m_sinks.contains(sink))
        m_sinks.append(sink);
    s_active = this;
}

void ObserverHub::removeSink(IpcSink *sink)
{
    m_sinks.removeAll(sink);
    if (m_sinks.isEmpty()) {
        s_active = nullptr;
        m_starting.reset();
        m_running.clear();
        m_pending.clear();
        m_arrivals.clear();
        m_lastArrival.clear();
        m_flushing.reset();
    }
}

QByteArray ObserverHub::wireText(const QJsonValue &value)
{
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isUndefined())
        return QByteArray();
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

QString ObserverHub::preview(const QByteArray &text)
{
    QString result = QString::fromUtf8(text.left(PreviewLength * 4));
    if (result.size() > PreviewLength) {
        result.truncate(PreviewLength - 1);
        result += QChar(0x2026); // …
    }
    return result;
}

void ObserverHub::emitRecord(const IpcRecord &record)
{
    const auto sinks = m_sinks; // a sink may remove itself
    for (IpcSink *sink : sinks) {
        if (m_sinks.contains(sink))
            sink->record(record);
    }
}

void ObserverHub::dropPending(const std::function<bool(const IpcRecord &)> &gone)
{
    // Their promises died with their documents (Electron B99): they end without an answer.
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        if (!gone(*it)) {
            ++it;
            continue;
        }
        IpcRecord record = std::move(*it);
        it = m_pending.erase(it);
        record.state = IpcRecord::State::Done;
        record.ok = false;
        record.result = QStringLiteral("dropped: its document is gone");
        record.finished = now();
        emitRecord(record);
    }
}

void ObserverHub::notifyPageCreated(int pageId)
{
    const auto sinks = m_sinks;
    for (IpcSink *sink : sinks)
        sink->pageCreated(pageId);
}

void ObserverHub::notifyPageClosed(int pageId)
{
    m_arrivals.remove(pageId);
    m_lastArrival.remove(pageId);
    dropPending([pageId](const IpcRecord &r) { return r.pageId == pageId; });
    const auto sinks = m_sinks;
    for (IpcSink *sink : sinks)
        sink->pageClosed(pageId);
}

void ObserverHub::received(int pageId, int frameId, const QJsonArray &messages)
{
    IpcBatch batch;
    batch.pageId = pageId;
    batch.frameId = frameId;
    batch.messages = messages.size();
    batch.bytes = wireText(messages).size();
    batch.started = now();
    m_arrivals.insert(pageId, batch);
    m_lastArrival.insert(pageId, batch.started);
}

void ObserverHub::messageStarted(int pageId, int frameId, const QString &documentId,
                                 const QJsonValue &value)
{
    const qint64 t = now();
    m_starting.reset();
    const auto arrival = m_arrivals.find(pageId);
    if (arrival != m_arrivals.end()) {
        // The receive span: from the batch's arrival to the start of its first message.
        IpcBatch batch = *arrival;
        m_arrivals.erase(arrival);
        batch.finished = t;
        const auto sinks = m_sinks;
        for (IpcSink *sink : sinks)
            sink->batch(batch);
    }
    const QJsonArray message = value.toArray();
    IpcRecord record;
    switch (message.at(PageField::Kind).toInt(-1)) {
    case Protocol::Send:
        record.kind = IpcRecord::Kind::Send;
        break;
    case Protocol::Invoke:
        record.kind = IpcRecord::Kind::Invoke;
        record.invokeId = message.at(PageField::InvokeId).toDouble(-1);
        break;
    case Protocol::SendSync:
        record.kind = IpcRecord::Kind::SendSync;
        break;
    default:
        return; // hello, listening, and what the inbox drops
    }
    // An invoke of an earlier document of this frame will not be answered.
    dropPending([&](const IpcRecord &r) {
        return r.pageId == pageId && r.frameId == frameId && r.documentId != documentId;
    });
    record.setMessage(pageId, frameId, message.at(PageField::Channel), message.at(PageField::Args));
    record.documentId = documentId;
    record.arrived = m_lastArrival.value(pageId);
    record.started = t;
    m_starting = std::move(record);
}

void ObserverHub::handlerStarted(int pageId, const QVariantList &)
{
    if (!m_starting || m_starting->pageId != pageId)
        return;
    m_starting->handlerStarted = now();
    m_running.push_back(std::move(*m_starting));
    m_starting.reset();
}

void ObserverHub::handlerFinished(int pageId)
{
    // The innermost handler of this page (another page's may run nested in an event loop).
    auto running = std::find_if(m_running.rbegin(), m_running.rend(),
                                [pageId](const IpcRecord &r) { return r.pageId == pageId; });
    if (running == m_running.rend())
        return;
    IpcRecord record = std::move(*running);
    m_running.erase(std::next(running).base());
    record.handlerFinished = now();
    if (record.kind == IpcRecord::Kind::Invoke && record.finished == 0) {
        record.state = IpcRecord::State::Pending;
        emitRecord(record);
        record.wasPending = true;
        m_pending.push_back(std::move(record));
        return;
    }
    if (record.finished == 0)
        record.finished = record.handlerFinished;
    record.state = IpcRecord::State::Done;
    emitRecord(record);
}

void ObserverHub::failed(int pageId, const QString &reason)
{
    if (!m_starting || m_starting->pageId != pageId)
        return;
    IpcRecord record = std::move(*m_starting);
    m_starting.reset();
    record.state = IpcRecord::State::Refused;
    record.ok = false;
    record.result = preview(reason.toUtf8());
    record.finished = now();
    emitRecord(record);
}

void ObserverHub::answer(IpcRecord &record, const QJsonArray &reply)
{
    record.ok = reply.at(MainField::ReplyOk).toBool();
    const QJsonValue payload = reply.at(MainField::ReplyPayload);
    if (record.ok) {
        const QByteArray text = wireText(payload);
        record.replyBytes = text.size();
        record.result = preview(text);
    } else {
        const QByteArray text = payload.toString().toUtf8();
        record.replyBytes = text.size();
        record.result = preview(text);
    }
    record.finished = now();
}

void ObserverHub::queued(int pageId, int frameId, const QJsonArray &message)
{
    const int kind = message.at(MainField::Kind).toInt(-1);
    if (kind == Protocol::Message) {
        IpcRecord record;
        record.kind = IpcRecord::Kind::Message;
        record.toMain = false;
        record.setMessage(pageId, frameId, message.at(MainField::Channel),
                          message.at(MainField::Args));
        record.started = record.finished = now();
        emitRecord(record);
        return;
    }
    if (kind != Protocol::Reply)
        return;
    const double invokeId = message.at(MainField::ReplyInvokeId).toDouble(-1);
    const auto matches = [&](const IpcRecord &r) {
        return r.pageId == pageId && r.frameId == frameId && r.invokeId == invokeId
                && r.kind == IpcRecord::Kind::Invoke;
    };
    // Answered while its handler runs (a value): the record ends with the handler.
    for (auto it = m_running.rbegin(); it != m_running.rend(); ++it) {
        if (matches(*it) && it->finished == 0) {
            answer(*it, message);
            return;
        }
    }
    // Answered before a handler ran (no handler, too many invokes waiting).
    if (m_starting && matches(*m_starting)) {
        IpcRecord record = std::move(*m_starting);
        m_starting.reset();
        answer(record, message);
        emitRecord(record);
        return;
    }
    // Answered later (a QFuture, a resolver kept).
    for (auto it = m_pending.begin(); it != m_pending.end(); ++it) {
        if (matches(*it)) {
            IpcRecord record = std::move(*it);
            m_pending.erase(it);
            answer(record, message);
            record.state = IpcRecord::State::Done;
            emitRecord(record);
            return;
        }
    }
}

void ObserverHub::flushStarted(int pageId, int frameId, const QJsonArray &batch)
{
    IpcBatch flush;
    flush.received = false;
    flush.pageId = pageId;
    flush.frameId = frameId;
    flush.messages = batch.size();
    flush.bytes = wireText(batch).size();
    flush.started = now();
    m_flushing = flush;
}

void ObserverHub::flushFinished(int pageId)
{
    if (!m_flushing || m_flushing->pageId != pageId)
        return;
    IpcBatch flush = *m_flushing;
    m_flushing.reset();
    flush.finished = now();
    const auto sinks = m_sinks;
    for (IpcSink *sink : sinks)
        sink->batch(flush);
}

void ObserverHub::unheard(int pageId, int frameId, const QString &channel)
{
    IpcRecord record;
    record.kind = IpcRecord::Kind::Unheard;
    record.pageId = pageId;
    record.frameId = frameId;
    record.channel = channel;
    record.result = QStringLiteral("no listener in the page");
    record.started = record.finished = now();
    emitRecord(record);
}

} // namespace WebIpc
