// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  -------------
//
// This file is not part of the WebIpc API. It is an implementation detail of WebIpc's
// libraries and tests, and may change or disappear from one version to the next without
// notice. It is never installed.
//
#pragma once

// The hub behind IpcObserver: it turns the core's hook calls into one record per message
// (sizes, previews, timings, an invoke matched with its reply) and hands them to the sinks
// that watch: the webipc.traffic log, IpcCountersModel, IpcTrafficModel and the trace recorder.
// The hub is IpcObserver::active() while it has a sink, and nullptr otherwise.

#include "ipcobserver_p.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QHash>
#include <QtCore/QList>

#include <deque>
#include <functional>
#include <optional>

namespace WebIpc {

// One message, as the sinks see it.
struct IpcRecord
{
    enum class Kind { Send, SendSync, Invoke, Message, Unheard };
    enum class State {
        Pending, // an invoke whose handler returned without answering yet
        Done, // handled; for an invoke, answered
        Refused, // refused before any listener or handler ran (origin, malformed arguments)
    };
    Kind kind = Kind::Send;
    State state = State::Done;
    bool toMain = true; // from a page; false: main to a page
    bool ok = true; // false: refused, or an invoke that rejected
    bool wasPending = false; // Done after a Pending record of the same invoke
    int pageId = 0;
    int frameId = 0;
    QString documentId;
    QString channel;
    double invokeId = -1;
    qsizetype bytes = 0; // the arguments on the wire (compact JSON)
    qsizetype replyBytes = 0; // an invoke's answer on the wire (its value or error text)
    QString args; // the arguments on the wire, cut to PreviewLength characters
    QString result; // an invoke's value on the wire or its error text; a refusal's reason
    // Nanoseconds on ObserverHub::now()'s clock; 0 where a stage did not happen.
    qint64 arrived = 0; // its batch arrived
    qint64 started = 0; // its handling started
    qint64 handlerStarted = 0;
    qint64 handlerFinished = 0;
    qint64 finished = 0; // handled, answered or refused

    // "send", "sendSync", "invoke", "message", "unheard".
    static QString kindName(Kind kind);
    // Sets the frame, the channel and the arguments (their size and preview).
    void setMessage(int page, int frame, const QJsonValue &channelName, const QJsonValue &wireArgs);

    // How long main took: from the batch's arrival to the answer (or to the listeners' end).
    qint64 latency() const { return finished - (arrived ? arrived : started); }
};

// A batch: one that arrived from a frame, or one that main sent to a frame.
struct IpcBatch
{
    bool received = true;
    int pageId = 0;
    int frameId = 0;
    qsizetype messages = 0;
    qsizetype bytes = 0;
    qint64 started = 0;
    qint64 finished = 0;
};

class WEBIPC_CORE_EXPORT IpcSink
{
public:
    virtual ~IpcSink();
    virtual void record(const IpcRecord &record) = 0;
    virtual void batch(const IpcBatch &) { }
    virtual void pageCreated(int) { }
    virtual void pageClosed(int) { }
};

class WEBIPC_CORE_EXPORT ObserverHub final : public IpcObserver
{
public:
    static constexpr int PreviewLength = 200;

    static ObserverHub *instance();
    static qint64 now();

    void addSink(IpcSink *sink);
    void removeSink(IpcSink *sink);
    bool hasSink(const IpcSink *sink) const { return m_sinks.contains(sink); }

    // The compact JSON of \a value, and the preview of it.
    static QByteArray wireText(const QJsonValue &value);
    static QString preview(const QByteArray &text);

    // IpcObserver
    void received(int pageId, int frameId, const QJsonArray &messages) override;
    void messageStarted(int pageId, int frameId, const QString &documentId,
                        const QJsonValue &message) override;
    void handlerStarted(int pageId, const QVariantList &args) override;
    void handlerFinished(int pageId) override;
    void failed(int pageId, const QString &reason) override;
    void queued(int pageId, int frameId, const QJsonArray &message) override;
    void flushStarted(int pageId, int frameId, const QJsonArray &batch) override;
    void flushFinished(int pageId) override;
    void unheard(int pageId, int frameId, const QString &channel) override;

    void notifyPageCreated(int pageId);
    void notifyPageClosed(int pageId);

private:
    ObserverHub() = default;
    void emitRecord(const IpcRecord &record);
    void answer(IpcRecord &record, const QJsonArray &reply);
    void dropPending(const std::function<bool(const IpcRecord &)> &gone);

    QList<IpcSink *> m_sinks;
    std::optional<IpcRecord> m_starting; // started, its handler not run yet
    std::deque<IpcRecord> m_running; // whose handlers run (nested if a handler spins a loop)
    std::deque<IpcRecord> m_pending; // invokes waiting for their answers
    QHash<int, IpcBatch> m_arrivals; // per page: the batch that arrived last, not started yet
    QHash<int, qint64> m_lastArrival; // per page: when its last batch arrived
    std::optional<IpcBatch> m_flushing;
};

} // namespace WebIpc
