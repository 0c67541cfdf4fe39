// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// webipc.traffic at debug level: every message both ways, one line each, with its channel, its
// arguments (cut to about 200 characters), an invoke's result or error and how long main took.
#include "observerhub_p.h"

#include "logging_p.h"

namespace WebIpc {

namespace {

// A channel name as the page chose it, with its control characters escaped: one message is one
// line of the log, whatever the page sends.
QString printable(const QString &text)
{
    QString result;
    result.reserve(text.size());
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            result += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            result += c;
    }
    return result;
}

QString milliseconds(qint64 ns)
{
    return QString::number(double(ns) / 1e6, 'f', 3) + QLatin1String(" ms");
}

class TrafficLog final : public IpcSink
{
public:
    void record(const IpcRecord &r) override
    {
        if (r.state == IpcRecord::State::Pending || r.kind == IpcRecord::Kind::Unheard)
            return; // an invoke is logged once, with its answer; unheard: lcMain says it
        const QString where = QStringLiteral("page %1 frame %2").arg(r.pageId).arg(r.frameId);
        QString line = r.toMain ? QString(where + QLatin1String(" -> main "))
                                : QString(QLatin1String("main -> ") + where + QLatin1Char(' '));
        line += IpcRecord::kindName(r.kind) + QLatin1String(" '") + printable(r.channel)
                + QLatin1String("' ") + (r.args.isEmpty() ? QStringLiteral("[]") : r.args);
        if (r.state == IpcRecord::State::Refused)
            line += QLatin1String(" refused: ") + r.result;
        else if (r.kind == IpcRecord::Kind::Invoke)
            line += QString(r.ok ? QLatin1String(" => ") : QLatin1String(" => error: ")) + r.result;
        if (r.toMain)
            line += QLatin1String(" (") + milliseconds(r.latency()) + QLatin1Char(')');
        qCDebug(lcTraffic).noquote() << line;
    }
};

TrafficLog *trafficLog()
{
    static TrafficLog *log = new TrafficLog;
    return log;
}

} // namespace

// Watches while webipc.traffic's debug level is on when a page is created.
void updateTrafficLog()
{
    ObserverHub *hub = ObserverHub::instance();
    if (lcTraffic().isDebugEnabled())
        hub->addSink(trafficLog());
    else if (hub->hasSink(trafficLog()))
        hub->removeSink(trafficLog());
}

} // namespace WebIpc
