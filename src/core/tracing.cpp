// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// WebIpc::Tracing: the records of the hub as Chrome/Perfetto trace-event JSON.
#include "observerhub_p.h"

#include "logging_p.h"

#include <WebIpc/tracing.h>
#include <WebIpc/webcontents.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QSet>

#include <deque>

namespace WebIpc {

namespace {

constexpr size_t MaximumEvents = 1000000;

double micros(qint64 ns) { return double(ns) / 1000.0; }

class TraceRecorder final : public IpcSink
{
public:
    void start()
    {
        m_events.clear();
        m_named.clear();
        m_nextAsyncId = 1;
        ObserverHub::instance()->addSink(this);
    }

    QByteArray stop()
    {
        ObserverHub::instance()->removeSink(this);
        QJsonArray events;
        for (const QJsonObject &event : m_events)
            events.append(event);
        m_events.clear();
        m_named.clear();
        const QJsonObject trace{{QStringLiteral("traceEvents"), events},
                                {QStringLiteral("displayTimeUnit"), QStringLiteral("ms")}};
        return QJsonDocument(trace).toJson(QJsonDocument::Compact);
    }

    void record(const IpcRecord &r) override
    {
        name(r.pageId, r.frameId);
        QJsonObject args{{QStringLiteral("channel"), r.channel},
                         {QStringLiteral("kind"), IpcRecord::kindName(r.kind)},
                         {QStringLiteral("frame"), r.frameId}};
        if (!r.documentId.isEmpty())
            args.insert(QStringLiteral("document"), r.documentId);
        if (r.kind == IpcRecord::Kind::Unheard) {
            add(instant(QStringLiteral("unheard"), r, r.finished, args));
            return;
        }
        if (!r.toMain) {
            args.insert(QStringLiteral("bytes"), double(r.bytes));
            args.insert(QStringLiteral("args"), r.args);
            add(instant(QStringLiteral("send"), r, r.finished, args));
            return;
        }
        if (r.state == IpcRecord::State::Refused) {
            args.insert(QStringLiteral("reason"), r.result);
            add(span(QStringLiteral("refused"), r, r.started, r.finished, args));
            return;
        }
        if (!r.wasPending) {
            QJsonObject decodeArgs = args;
            decodeArgs.insert(QStringLiteral("bytes"), double(r.bytes));
            decodeArgs.insert(QStringLiteral("args"), r.args);
            const qint64 decoded = r.handlerStarted ? r.handlerStarted : r.finished;
            add(span(QStringLiteral("decode"), r, r.started, decoded, decodeArgs));
            if (r.handlerStarted)
                add(span(QStringLiteral("handler"), r, r.handlerStarted, r.handlerFinished, args));
        }
        if (r.kind != IpcRecord::Kind::Invoke || r.state == IpcRecord::State::Pending)
            return;
        QJsonObject replyArgs = args;
        replyArgs.insert(QStringLiteral("ok"), r.ok);
        replyArgs.insert(QStringLiteral("result"), r.result);
        replyArgs.insert(QStringLiteral("bytes"), double(r.replyBytes));
        if (!r.wasPending) {
            // Answered by the time its handler returned (or without a handler).
            const qint64 at =
                    r.handlerFinished ? std::min(r.finished, r.handlerFinished) : r.finished;
            add(span(QStringLiteral("reply"), r, at, std::max(at, r.finished), replyArgs));
            return;
        }
        // Answered later, while other messages may have run on this frame: an async span.
        const int id = m_nextAsyncId++;
        QJsonObject begin =
                span(QStringLiteral("reply"), r, r.handlerFinished, r.finished, replyArgs);
        begin.remove(QStringLiteral("dur"));
        begin.insert(QStringLiteral("ph"), QStringLiteral("b"));
        begin.insert(QStringLiteral("id"), id);
        QJsonObject end = begin;
        end.insert(QStringLiteral("ph"), QStringLiteral("e"));
        end.insert(QStringLiteral("ts"), micros(r.finished));
        end.remove(QStringLiteral("args"));
        add(begin);
        add(end);
    }

    void batch(const IpcBatch &b) override
    {
        name(b.pageId, b.frameId);
        QJsonObject event{{QStringLiteral("name"),
                           b.received ? QStringLiteral("receive") : QStringLiteral("flush")},
                          {QStringLiteral("cat"), QStringLiteral("webipc")},
                          {QStringLiteral("ph"), QStringLiteral("X")},
                          {QStringLiteral("ts"), micros(b.started)},
                          {QStringLiteral("dur"), micros(b.finished - b.started)},
                          {QStringLiteral("pid"), b.pageId},
                          {QStringLiteral("tid"), b.frameId},
                          {QStringLiteral("args"),
                           QJsonObject{{QStringLiteral("messages"), double(b.messages)},
                                       {QStringLiteral("bytes"), double(b.bytes)}}}};
        add(event);
    }

private:
    static QJsonObject span(const QString &name, const IpcRecord &r, qint64 from, qint64 to,
                            const QJsonObject &args)
    {
        return QJsonObject{{QStringLiteral("name"), name},
                           {QStringLiteral("cat"), QStringLiteral("webipc")},
                           {QStringLiteral("ph"), QStringLiteral("X")},
                           {QStringLiteral("ts"), micros(from)},
                           {QStringLiteral("dur"), micros(std::max<qint64>(0, to - from))},
                           {QStringLiteral("pid"), r.pageId},
                           {QStringLiteral("tid"), r.frameId},
                           {QStringLiteral("args"), args}};
    }

    static QJsonObject instant(const QString &name, const IpcRecord &r, qint64 at,
                               const QJsonObject &args)
    {
        return QJsonObject{{QStringLiteral("name"), name},
                           {QStringLiteral("cat"), QStringLiteral("webipc")},
                           {QStringLiteral("ph"), QStringLiteral("i")},
                           {QStringLiteral("s"), QStringLiteral("t")},
                           {QStringLiteral("ts"), micros(at)},
                           {QStringLiteral("pid"), r.pageId},
                           {QStringLiteral("tid"), r.frameId},
                           {QStringLiteral("args"), args}};
    }

    // Perfetto's names for a page (a process) and a frame (a thread), once each.
    void name(int pageId, int frameId)
    {
        const QString pageKey = QString::number(pageId);
        if (!m_named.contains(pageKey)) {
            m_named.insert(pageKey);
            const WebContents *contents = WebContents::fromId(pageId);
            QString title = QStringLiteral("WebContents #%1").arg(pageId);
            if (contents && !contents->url().isEmpty())
                title += QLatin1Char(' ') + contents->url().toString();
            add(metadata(QStringLiteral("process_name"), pageId, 0, title));
        }
        const QString frameKey = pageKey + QLatin1Char('/') + QString::number(frameId);
        if (!m_named.contains(frameKey)) {
            m_named.insert(frameKey);
            add(metadata(QStringLiteral("thread_name"), pageId, frameId,
                         frameId == 0 ? QStringLiteral("main frame")
                                      : QStringLiteral("frame %1").arg(frameId)));
        }
    }

    static QJsonObject metadata(const QString &what, int pid, int tid, const QString &value)
    {
        return QJsonObject{{QStringLiteral("name"), what},
                           {QStringLiteral("ph"), QStringLiteral("M")},
                           {QStringLiteral("pid"), pid},
                           {QStringLiteral("tid"), tid},
                           {QStringLiteral("args"), QJsonObject{{QStringLiteral("name"), value}}}};
    }

    void add(const QJsonObject &event)
    {
        if (m_events.size() >= MaximumEvents)
            m_events.pop_front();
        m_events.push_back(event);
    }

    std::deque<QJsonObject> m_events;
    QSet<QString> m_named;
    int m_nextAsyncId = 1;
};

TraceRecorder *recorder()
{
    static TraceRecorder *instance = new TraceRecorder;
    return instance;
}

QString environmentTraceFile;

void writeEnvironmentTrace()
{
    if (Tracing::isRecording())
        Tracing::stop(environmentTraceFile);
}

} // namespace

// WEBIPC_TRACE=<file>: records from the first page on, written when the application ends.
void startTracingFromEnvironment()
{
    static bool checked = false;
    if (checked)
        return;
    checked = true;
    environmentTraceFile = qEnvironmentVariable("WEBIPC_TRACE");
    if (environmentTraceFile.isEmpty())
        return;
    Tracing::start();
    qAddPostRoutine(writeEnvironmentTrace);
}

namespace Tracing {

void start() { recorder()->start(); }

bool isRecording() { return ObserverHub::instance()->hasSink(recorder()); }

QByteArray stopToJson()
{
    if (!isRecording())
        return QByteArray();
    return recorder()->stop();
}

bool stop(const QString &fileName)
{
    if (!isRecording()) {
        qCWarning(lcMain) << "Tracing::stop(): nothing was recording";
        return false;
    }
    const QByteArray json = recorder()->stop();
    QFile file(fileName);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(json) != json.size()) {
        qCWarning(lcMain).noquote() << QStringLiteral("Tracing::stop(): cannot write %1: %2")
                                               .arg(fileName, file.errorString());
        return false;
    }
    return true;
}

} // namespace Tracing

} // namespace WebIpc
