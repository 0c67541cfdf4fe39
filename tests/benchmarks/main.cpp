// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// webipc-bench: WebIpc against the raw QWebChannel baseline, in one process and one run.
//
// Two headless pages (QWebEnginePage without a view) load the same kind of page and run the same
// JavaScript loops (pages/bench.js): one talks to WebIpc through window.ipcRenderer, the other
// to a plain QObject published on its own QWebChannel, the way Qt applications use QWebChannel
// today. Results come back as console messages, so neither IPC path carries the measurements.
//
//   webipc-bench [--json FILE] [--smoke] [--only 1,3,...]

#include "benchpage.h"
#include "loopbackserver.h"

#include <WebIpc/IpcMain>
#include <WebIpc/MessagePortMain>
#include <WebIpc/WebContents>
#include <WebIpc/WebEngine>

#include <QtConcurrent/QtConcurrentRun>
#include <QtCore/QCommandLineParser>
#include <QtCore/QDateTime>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QPromise>
#include <QtCore/QSysInfo>
#include <QtCore/QTemporaryDir>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtGui/QGuiApplication>
#include <QtWebChannel/QWebChannel>
#include <QtWebEngineCore/QWebEngineScript>
#include <QtWebEngineCore/QWebEngineScriptCollection>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <optional>
#include <set>
#include <stdexcept>
#include <vector>

#include <malloc.h>
#include <unistd.h>

namespace {

using namespace std::chrono_literals;

// Iteration counts. The full run follows the issue; --smoke only checks that every scenario
// still runs end to end (tiny counts, no timing checks) and finishes in seconds.
struct Counts
{
    int latencyWarmup = 1000;
    int latencyCalls = 10000;
    int group = 1; // calls per latency sample: one, on the 5 us clock of an isolated page
    int inFlightCalls = 100000;
    int fireMessages = 100000;
    int tickMessages = 100000;
    int syncWarmup = 200;
    int syncCalls = 2000;
    int throughputReps = 3;
    int startupReps = 7;
    int memoryWarmup = 100000;
    int memoryMessages = 1000000;
    int memoryChunk = 10000;
    int abortReps = 200; // scenario 11: abort-to-cancel samples
    int remoteCalls = 2000; // scenario 11: main->page invokes (and page->main, interleaved)
    int streamMiB = 1024; // scenario 11: stream total
    int slowEvery = 64; // scenario 11: the page pauses a macrotask every this many chunks
    // Round trips per payload size, and warm-up round trips.
    struct Payload
    {
        int size;
        const char *label;
        int reps; // samples
        int warmup;
        int group; // round trips per sample (1: one sample per round trip)
    };
    std::vector<Payload> payloads = {{1024, "1 KiB", 400, 20, 1},
                                     {64 * 1024, "64 KiB", 60, 5, 1},
                                     {1024 * 1024, "1 MiB", 15, 2, 1},
                                     {10 * 1024 * 1024, "10 MiB", 7, 1, 1}};
    // Scenario 12: bytes one way, in each direction.
    std::vector<Payload> ladder = {{1024, "1 KiB", 200, 20, 1},
                                   {64 * 1024, "64 KiB", 40, 5, 1},
                                   {1024 * 1024, "1 MiB", 11, 2, 1},
                                   {10 * 1024 * 1024, "10 MiB", 5, 1, 1},
                                   {64 * 1024 * 1024, "64 MiB", 3, 1, 1}};
    // Scenario 13: the sizes Electron publishes figures for (its 1 KB and MB are 1,000 and
    // 1,000,000 bytes or characters), with those figures in ms.
    struct Published
    {
        const char *label;
        const char *kind; // "string" or "bytes"
        int size;
        double electronMs;
        int reps;
    };
    std::vector<Published> electron = {{"1 KB string", "string", 1000, 0.2, 400},
                                       {"1 MB string", "string", 1000000, 2.8, 15},
                                       {"1 MB Uint8Array", "bytes", 1000000, 3.3, 15},
                                       {"4 MB Uint8Array", "bytes", 4000000, 9.2, 7}};

    static Counts smoke()
    {
        Counts c;
        c.latencyWarmup = 10;
        c.latencyCalls = 50;
        c.inFlightCalls = 200;
        c.fireMessages = 200;
        c.tickMessages = 200;
        c.syncWarmup = 5;
        c.syncCalls = 20;
        c.throughputReps = 1;
        c.startupReps = 1;
        c.memoryWarmup = 200;
        c.memoryMessages = 1000;
        c.memoryChunk = 500;
        c.abortReps = 5;
        c.remoteCalls = 20;
        c.streamMiB = 4;
        for (std::vector<Payload> *list : {&c.payloads, &c.ladder}) {
            for (Payload &p : *list) {
                p.reps = 1;
                p.warmup = 0;
                p.group = 1;
            }
        }
        // Seconds, not minutes: the smallest and a middle size of each.
        c.ladder = {c.ladder[0], c.ladder[2]};
        c.electron = {c.electron[0], c.electron[2]};
        for (Published &p : c.electron)
            p.reps = 1;
        return c;
    }
};

// A target from the issue: a bound on the ratio webipc/baseline, or on WebIpc's own value.
struct Target
{
    enum Kind { None, RatioAtMost, RatioAtLeast, ValueBelow };
    Kind kind = None;
    double bound = 0;
    QString text;

    bool met(double ratio, double webipc) const
    {
        switch (kind) {
        case RatioAtMost:
            return std::isfinite(ratio) && ratio <= bound;
        case RatioAtLeast:
            return std::isfinite(ratio) && ratio >= bound;
        case ValueBelow:
            return webipc < bound;
        case None:
            break;
        }
        return true;
    }
};

struct Row
{
    QString scenario;
    QString unit;
    double baseline = 0;
    double webipc = 0;
    bool higherIsBetter = false;
    Target target;
    QString baselineNote; // what the baseline column is, when it is not raw QWebChannel

    double ratio() const { return baseline != 0 ? webipc / baseline : std::nan(""); }
};

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return std::nan("");
    std::sort(values.begin(), values.end());
    // Nearest rank: the smallest value with at least p of the samples at or below it.
    const auto rank = static_cast<size_t>(std::ceil(p * static_cast<double>(values.size())));
    return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

double median(const std::vector<double> &values)
{
    if (values.empty())
        return std::nan("");
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    const size_t n = sorted.size();
    return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

std::vector<double> samplesOf(const QJsonValue &result)
{
    std::vector<double> samples;
    const QJsonArray array = result.toObject().value(QLatin1String("samples")).toArray();
    samples.reserve(size_t(array.size()));
    for (const QJsonValue &v : array)
        samples.push_back(v.toDouble());
    return samples;
}

// Resident set size of this (the browser) process, in MiB.
double residentMiB()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return std::nan("");
    const QList<QByteArray> fields = statm.readAll().split(' ');
    const double pages = fields.value(1).toDouble();
    return pages * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

// What the page side of the baseline talks to: a slot with a return value, a void slot and a
// signal, and a property whose write is answered by that signal, published as "bench".
class BaselineObject : public QObject
{
    Q_OBJECT
    // Written, never read, like WebIpc's BridgeObject::posted: a property write gets no response
    // message (a slot call does). The NOTIFY signal is never emitted.
    Q_PROPERTY(QString pinged READ pinged WRITE setPinged NOTIFY pingedChanged)
public:
    qint64 fired = 0;
    QString pinged() const { return {}; }
    void setPinged(const QString &value) { Q_EMIT pong(value); }

public Q_SLOTS:
    QString echo(const QString &value) { return value; }
    void fire(int) { ++fired; }
    void ping(const QString &value) { Q_EMIT pong(value); }
    // Scenario 12: base64 from the page, decoded as an application would.
    void takeBytes(const QString &base64, double sentAt)
    {
        if (onBytes)
            onBytes(QByteArray::fromBase64(base64.toLatin1()), sentAt);
    }

Q_SIGNALS:
    void tick(int i);
    void pong(const QString &value);
    void pingedChanged();
    void bytes(const QString &base64, double sentAt);

public:
    std::function<void(const QByteArray &, double)> onBytes;
};

// A text file of the resources, as UTF-8.
QString resourceText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error(qPrintable(QStringLiteral("cannot read ") + path));
    return QString::fromUtf8(file.readAll());
}

// The wall clock that the page reads too (performance.timeOrigin + now()), in ms.
double wallClockMs()
{
    return double(std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count())
            / 1000.0;
}

class Benchmark
{
public:
    Benchmark(const Counts &counts, std::set<int> only, const QString &skip)
        : m_counts(counts), m_only(std::move(only)), m_skip(skip)
    {
        // The pages come from a loopback HTTP server that makes them cross-origin isolated
        // (loopbackserver.h): a 5 us clock. To WebIpc an http://127.0.0.1 page is remote, so
        // its origin is allowed here, explicitly.
        for (const char *file : {"webipc.html", "baseline.html", "bridge.html", "isolated.html",
                                 "bench.js", "bridge-preload.js"}) {
            m_server.serve(QLatin1Char('/') + QLatin1String(file),
                           QStringLiteral(":/bench/") + QLatin1String(file));
        }
        m_server.serve(QStringLiteral("/qwebchannel.js"),
                       QStringLiteral(":/qtwebchannel/qwebchannel.js"));
        if (!m_server.listen())
            throw std::runtime_error("cannot listen on 127.0.0.1");
        m_ipcMain.setAllowedOrigins({QStringLiteral("local"), m_server.origin()});
        m_ipcMain.on(QStringLiteral("bench-bytes-in"), &m_context,
                     [this](const WebIpc::IpcMainEvent &, const QVariantList &args) {
                         receivedBytes(args.value(0).toByteArray(), args.value(1).toDouble());
                     });
        m_baselineObject.onBytes = [this](const QByteArray &bytes, double sentAt) {
            receivedBytes(bytes, sentAt);
        };
        m_ipcMain.handle(QStringLiteral("echo"),
                         [](const QVariantList &args) { return args.value(0); });
        m_ipcMain.on(QStringLiteral("sync-echo"), &m_context,
                     [](const WebIpc::IpcMainEvent &event, const QVariantList &args) {
                         event.setReturnValue(args.value(0));
                     });
        m_ipcMain.on(QStringLiteral("count"), &m_context, [this]() { ++m_webipcFired; });
        // Scenario 10: a port and a channel that echo small values and acknowledge large ones.
        m_ipcMain.on(QStringLiteral("bench-echo"), &m_context,
                     [](const WebIpc::IpcMainEvent &event, const QVariantList &args) {
                         event.reply(QStringLiteral("bench-echo"), echoOrAck(args.value(0)));
                     });
        m_ipcMain.on(QStringLiteral("bench-port"), &m_context,
                     [](const WebIpc::IpcMainEvent &event) {
                         for (WebIpc::MessagePortMain *port : event.ports()) {
                             QObject::connect(port, &WebIpc::MessagePortMain::message, port,
                                              [port](const WebIpc::MessageEvent &message) {
                                                  port->postMessage(echoOrAck(message.data));
                                              });
                             port->start();
                         }
                     });

        m_webipcPage = new BenchPage(QStringLiteral("webipc"));
        m_contents = WebIpc::attach(&m_ipcMain, m_webipcPage);

        // The same page whose sendSync goes over prompt(), answered in C++ (scenario 5).
        m_promptPage = new BenchPage(QStringLiteral("webipc prompt"));
        m_promptPage->answersWebIpcPrompts = true;
        WebIpc::AttachOptions promptOptions;
        promptOptions.answersPrompts = true;
        WebIpc::attach(&m_ipcMain, m_promptPage, promptOptions);

        // A page with a preload that exposes an API through contextBridge (scenario 9).
        m_bridgePage = new BenchPage(QStringLiteral("contextBridge"));
        WebIpc::AttachOptions bridgeOptions;
        bridgeOptions.preload = QStringLiteral(":/bench/bridge-preload.js");
        WebIpc::attach(&m_ipcMain, m_bridgePage, bridgeOptions);

        m_baselinePage = new BenchPage(QStringLiteral("baseline"));
        m_channel.registerObject(QStringLiteral("bench"), &m_baselineObject);
        m_baselinePage->setWebChannel(&m_channel);

        // Raw QWebChannel in an isolated world, relayed from the main world by one DOM event
        // each way (scenario 1's floor of an isolated design; pages/isolated-floor.js).
        m_floorPage = new BenchPage(QStringLiteral("baseline isolated"));
        m_floorChannel.registerObject(QStringLiteral("bench"), &m_floorObject);
        m_floorPage->setWebChannel(&m_floorChannel, QWebEngineScript::ApplicationWorld);
        QWebEngineScript relay;
        relay.setName(QStringLiteral("bench-isolated-floor"));
        relay.setInjectionPoint(QWebEngineScript::DocumentCreation);
        relay.setWorldId(QWebEngineScript::ApplicationWorld);
        relay.setRunsOnSubFrames(false);
        relay.setSourceCode(resourceText(QStringLiteral(":/qtwebchannel/qwebchannel.js"))
                            + resourceText(QStringLiteral(":/bench/isolated-floor.js")));
        m_floorPage->scripts().insert(relay);
    }

    ~Benchmark()
    {
        // Pages go before the application object (and its WebEngine profile).
        delete m_webipcPage;
        delete m_promptPage;
        delete m_bridgePage;
        delete m_baselinePage;
        delete m_floorPage;
    }

    void run()
    {
        // The first loads start the render processes; they are warm-up, not start-up figures.
        load(m_baselinePage, baselineUrl());
        load(m_webipcPage, webipcUrl());
        if (m_only.empty() || m_only.count(5))
            load(m_promptPage, webipcUrl());
        load(m_bridgePage, m_server.url(QStringLiteral("/bridge.html")));
        if (m_only.empty() || m_only.count(1))
            load(m_floorPage, m_server.url(QStringLiteral("/isolated.html")));
        if (!m_contents || !m_contents->isReady())
            throw std::runtime_error("the WebIpc page did not connect");
        checkClock();

        const std::vector<std::pair<int, void (Benchmark::*)()>> scenarios = {
                {1, &Benchmark::invokeLatency},
                {2, &Benchmark::invokeInFlight},
                {3, &Benchmark::sendThroughput},
                {4, &Benchmark::mainToPageThroughput},
                {5, &Benchmark::sendSyncLatency},
                {6, &Benchmark::payloads},
                {7, &Benchmark::startup},
                {8, &Benchmark::memory},
                {9, &Benchmark::contextBridgeLatency},
                {10, &Benchmark::messagePorts},
                {11, &Benchmark::beyondElectron},
                {12, &Benchmark::bytesOneWay},
                {13, &Benchmark::electronComparable},
        };
        for (const auto &[number, scenario] : scenarios) {
            if (!m_only.empty() && !m_only.count(number))
                continue;
            (this->*scenario)();
        }
    }

    const std::vector<Row> &rows() const { return m_rows; }
    // Measurements that are not baseline-against-WebIpc rows, printed under the table.
    const QStringList &notes() const { return m_notes; }

private:
    QUrl baselineUrl() const { return m_server.url(QStringLiteral("/baseline.html")); }
    QUrl webipcUrl() const { return m_server.url(QStringLiteral("/webipc.html")); }

    // Every page must be cross-origin isolated, or its clock is the 100 us one: the tick each
    // measured goes into the output.
    void checkClock()
    {
        QStringList ticks;
        for (BenchPage *page :
             {m_baselinePage, m_webipcPage, m_promptPage, m_bridgePage, m_floorPage}) {
            if (skipped(page) || page->startedCount == 0)
                continue;
            const QJsonObject clock =
                    callPage(page, QStringLiteral("clock"), QJsonObject()).toObject();
            if (!clock.value(QLatin1String("isolated")).toBool())
                throw std::runtime_error(qPrintable(page->label
                                                    + QStringLiteral(" page: not cross-origin "
                                                                     "isolated (COOP/COEP)")));
            ticks.append(QStringLiteral("%1 %2 us")
                                 .arg(page->label)
                                 .arg(clock.value(QLatin1String("tickUs")).toDouble(), 0, 'f', 1));
        }
        m_notes.append(QStringLiteral("clock: pages cross-origin isolated (COOP same-origin, "
                                      "COEP require-corp, from %1); performance.now() tick: %2")
                               .arg(m_server.origin(), ticks.join(QStringLiteral(", "))));
        progress(m_notes.constLast());
    }

    void progress(const QString &what)
    {
        std::fprintf(stderr, "[webipc-bench] %s\n", qPrintable(what));
        std::fflush(stderr);
    }

    // --skip: one side is not measured, so that a profiler sees only the other one.
    bool skipped(const BenchPage *page) const
    {
        return page->label == m_skip || page->label.startsWith(m_skip + QLatin1Char(' '));
    }

    // Loads url and returns the milliseconds from load() until the page's first call has
    // answered (bench.js logs "started" then).
    double load(BenchPage *page, const QUrl &url)
    {
        if (skipped(page) && page->startedCount > 0)
            return std::nan("");
        const int before = page->startedCount;
        QElapsedTimer timer;
        timer.start();
        page->load(url);
        waitUntil([&]() { return page->startedCount > before; }, 30000,
                  QStringLiteral("%1 page start-up").arg(page->label));
        return double(timer.nsecsElapsed()) / 1e6;
    }

    // Spins the event loop until done() is true; throws after timeoutMs.
    void waitUntil(const std::function<bool()> &done, int timeoutMs, const QString &what)
    {
        // Under valgrind everything is 20-50x slower: WEBIPC_BENCH_TIMEOUT_SCALE=50.
        static const int scale =
                std::max(1, qEnvironmentVariableIntValue("WEBIPC_BENCH_TIMEOUT_SCALE"));
        QElapsedTimer timer;
        timer.start();
        QTimer wake; // wakes the loop now and then, so that the timeout is noticed
        wake.start(50);
        while (!done()) {
            if (timer.elapsed() > qint64(timeoutMs) * scale)
                throw std::runtime_error(qPrintable(QStringLiteral("timed out: ") + what));
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        }
    }

    // Calls Bench.<function>(id, options) in the page and waits for its result message.
    QJsonValue callPage(BenchPage *page, const QString &function, const QJsonValue &options,
                        int timeoutMs = 300000)
    {
        if (skipped(page))
            return QJsonObject{{QStringLiteral("samples"), QJsonArray()}};
        const QString id = QString::number(++m_nextId);
        const QString optionsJson = QString::fromUtf8(
                QJsonDocument(QJsonArray{options}).toJson(QJsonDocument::Compact));
        page->runJavaScript(QStringLiteral("Bench.%1('%2', %3[0])").arg(function, id, optionsJson));
        waitUntil([&]() { return page->results.contains(id) || page->errors.contains(id); },
                  timeoutMs, page->label + QLatin1Char(' ') + function);
        if (page->errors.contains(id))
            throw std::runtime_error(qPrintable(page->label + QLatin1Char(' ') + function
                                                + QStringLiteral(": ") + page->errors.take(id)));
        return page->results.take(id);
    }

    // Runs a script whose value is not needed, and waits until it has run.
    void runInPage(BenchPage *page, const QString &script)
    {
        bool done = false;
        page->runJavaScript(script, [&done](const QVariant &) { done = true; });
        waitUntil([&]() { return done; }, 30000, page->label + QStringLiteral(" script"));
    }

    void add(Row row)
    {
        const double ratio = row.ratio();
        progress(QStringLiteral("%1: baseline %2, WebIpc %3 %4 (ratio %5)")
                         .arg(row.scenario)
                         .arg(row.baseline, 0, 'g', 4)
                         .arg(row.webipc, 0, 'g', 4)
                         .arg(row.unit)
                         .arg(ratio, 0, 'g', 3));
        m_rows.push_back(std::move(row));
    }

    // --- 1. invoke round trip, sequential, small payload --------------------------------

    // Sequential round trips of several kinds, interleaved in rounds so that a load change on
    // this shared machine hits all of them alike. Each sample is the mean of a group of calls.
    struct LatencyRun
    {
        BenchPage *page;
        const char *mode; // see Bench.latency in bench.js
    };
    std::vector<std::vector<double>> interleavedLatency(const std::vector<LatencyRun> &runs,
                                                        int warmup, int calls, int group = 0)
    {
        constexpr int Rounds = 10;
        std::vector<std::vector<double>> results(runs.size());
        for (int round = 0; round < Rounds; ++round) {
            const int share = calls / Rounds + (round < calls % Rounds ? 1 : 0);
            for (size_t i = 0; i < runs.size(); ++i) {
                const QJsonObject options{
                        {QStringLiteral("warmup"), round == 0 ? warmup : 0},
                        {QStringLiteral("calls"), share},
                        {QStringLiteral("group"), group > 0 ? group : m_counts.group},
                        {QStringLiteral("mode"), QLatin1String(runs[i].mode)}};
                const auto samples =
                        samplesOf(callPage(runs[i].page, QStringLiteral("latency"), options));
                results[i].insert(results[i].end(), samples.begin(), samples.end());
            }
        }
        return results;
    }

    void invokeLatency()
    {
        progress(QStringLiteral("1. invoke round trip, %1 sequential calls")
                         .arg(m_counts.latencyCalls));
        // The other kinds are not rows. Raw QWebChannel's property write answered by a signal
        // is the two primitives WebIpc's wire is made of, one message each way: the floor of
        // that design. A void slot call answered by a signal sends two messages back (the
        // slot's response and the signal). The isolated floor is that property write and signal
        // made from an isolated world, which the main world reaches by one DOM event each way:
        // the least a design pays that keeps the channel out of page code's reach, as WebIpc's
        // bridge does.
        const auto results = interleavedLatency({{m_baselinePage, "call"},
                                                 {m_webipcPage, "call"},
                                                 {m_baselinePage, "property"},
                                                 {m_baselinePage, "signal"},
                                                 {m_floorPage, "call"}},
                                                m_counts.latencyWarmup, m_counts.latencyCalls);
        const auto &baseline = results[0];
        const auto &webipc = results[1];
        m_notes.append(QStringLiteral("raw QWebChannel property write answered by a signal "
                                      "(WebIpc's wire primitives, one message each way): p50 %1 "
                                      "ms, p99 %2 ms; void slot call answered by a signal (two "
                                      "messages back): p50 %3 ms")
                               .arg(median(results[2]), 0, 'f', 3)
                               .arg(percentile(results[2], 0.99), 0, 'f', 3)
                               .arg(median(results[3]), 0, 'f', 3));
        m_notes.append(QStringLiteral("isolated floor (the same property write and signal made "
                                      "from an isolated world, one reused DOM event each way "
                                      "between it and the main world, no WebIpc code): p50 %1 "
                                      "ms, p99 %2 ms, %3x the raw slot call's p50")
                               .arg(median(results[4]), 0, 'f', 3)
                               .arg(percentile(results[4], 0.99), 0, 'f', 3)
                               .arg(median(results[4]) / median(baseline), 0, 'f', 2));
        add({QStringLiteral("invoke round trip p50"), QStringLiteral("ms"), median(baseline),
             median(webipc), false, Target{Target::RatioAtMost, 1.2, QStringLiteral("<= 1.2x")}});
        add({QStringLiteral("invoke round trip p99"),
             QStringLiteral("ms"),
             percentile(baseline, 0.99),
             percentile(webipc, 0.99),
             false,
             {}});
    }

    // --- 10. MessagePorts against channel send -------------------------------------------

    static QVariant echoOrAck(const QVariant &value)
    {
        const QString text = value.toString();
        return text.size() > 1024 ? QVariant(QStringLiteral("ack")) : value;
    }

    // The baseline column is WebIpc's own channel (send, answered with event.reply): the
    // ports are measured against the channel they stand beside, in the same page.
    void messagePorts()
    {
        progress(QStringLiteral("10. MessagePort against channel send"));
        callPage(m_webipcPage, QStringLiteral("portSetup"), QJsonObject());
        const QJsonObject small{{QStringLiteral("warmup"), m_counts.latencyWarmup / 10},
                                {QStringLiteral("calls"), m_counts.latencyCalls / 10},
                                {QStringLiteral("group"), m_counts.group},
                                {QStringLiteral("size"), 4}};
        const QJsonObject large{{QStringLiteral("warmup"), 2},
                                {QStringLiteral("calls"), m_counts.payloads[2].reps},
                                {QStringLiteral("group"), m_counts.group},
                                {QStringLiteral("size"), 1024 * 1024}};
        const auto run = [&](const QJsonObject &base, const char *mode) {
            QJsonObject options = base;
            options.insert(QStringLiteral("mode"), QLatin1String(mode));
            return samplesOf(callPage(m_webipcPage, QStringLiteral("portLatency"), options));
        };
        std::vector<double> channelSmall, portSmall, channelLarge, portLarge;
        for (int round = 0; round < 2; ++round) { // interleaved, for a load change
            for (double v : run(small, "channel"))
                channelSmall.push_back(v);
            for (double v : run(small, "port"))
                portSmall.push_back(v);
            for (double v : run(large, "channel"))
                channelLarge.push_back(v);
            for (double v : run(large, "port"))
                portLarge.push_back(v);
        }
        const QString note = QStringLiteral("WebIpc channel send + event.reply");
        add({QStringLiteral("MessagePort small round trip p50"),
             QStringLiteral("ms"),
             median(channelSmall),
             median(portSmall),
             false,
             {},
             note});
        add({QStringLiteral("MessagePort 1 MiB one way (until acknowledged) p50"),
             QStringLiteral("ms"),
             median(channelLarge),
             median(portLarge),
             false,
             {},
             note});
    }

    // --- 2. invoke throughput, many calls in flight ---------------------------------------

    void invokeInFlight()
    {
        const int calls = m_counts.inFlightCalls;
        progress(QStringLiteral("2. invoke throughput, %1 calls in flight").arg(calls));
        const QJsonObject warmup{{QStringLiteral("calls"), std::max(1, calls / 10)}};
        callPage(m_baselinePage, QStringLiteral("inFlight"), warmup);
        callPage(m_webipcPage, QStringLiteral("inFlight"), warmup);
        std::vector<double> baseline, webipc;
        const QJsonObject options{{QStringLiteral("calls"), calls}};
        for (int rep = 0; rep < m_counts.throughputReps; ++rep) {
            for (BenchPage *page : {m_baselinePage, m_webipcPage}) {
                const double ms = callPage(page, QStringLiteral("inFlight"), options)
                                          .toObject()
                                          .value(QLatin1String("ms"))
                                          .toDouble();
                (page == m_webipcPage ? webipc : baseline).push_back(calls * 1000.0 / ms);
            }
        }
        add({QStringLiteral("invoke throughput, 100k in flight"),
             QStringLiteral("calls/s"),
             median(baseline),
             median(webipc),
             true,
             {}});
    }

    // --- 3. send throughput, page to main, counted in C++ ---------------------------------

    // Fires `count` messages from the page in one task and returns the seconds until C++ has
    // counted the last one.
    double fire(BenchPage *page, int count)
    {
        if (skipped(page))
            return std::nan("");
        qint64 &counter = page == m_webipcPage ? m_webipcFired : m_baselineObject.fired;
        counter = 0;
        QElapsedTimer timer;
        timer.start();
        page->runJavaScript(QStringLiteral("Bench.fire(%1)").arg(count));
        waitUntil([&]() { return counter >= count; }, 300000,
                  page->label + QStringLiteral(" fire"));
        return double(timer.nsecsElapsed()) / 1e9;
    }

    void sendThroughput()
    {
        const int count = m_counts.fireMessages;
        progress(QStringLiteral("3. send throughput page -> main, %1 messages").arg(count));
        fire(m_baselinePage, std::max(1, count / 10));
        fire(m_webipcPage, std::max(1, count / 10));
        std::vector<double> baseline, webipc;
        for (int rep = 0; rep < m_counts.throughputReps; ++rep) {
            baseline.push_back(count / fire(m_baselinePage, count));
            webipc.push_back(count / fire(m_webipcPage, count));
        }
        add({QStringLiteral("send throughput page -> main"), QStringLiteral("msg/s"),
             median(baseline), median(webipc), true,
             Target{Target::RatioAtLeast, 2.0, QStringLiteral(">= 2x")}});
    }

    // --- 4. WebContents::send throughput, main to page, counted in the page ---------------

    // Sends `count` messages from C++ in one go and returns the seconds until the page has
    // counted the last one.
    double ticks(BenchPage *page, int count)
    {
        if (skipped(page))
            return std::nan("");
        const QString id = QString::number(++m_nextId);
        runInPage(page, QStringLiteral("Bench.expectTicks('%1', %2)").arg(id).arg(count));
        QElapsedTimer timer;
        timer.start();
        if (page == m_webipcPage) {
            for (int i = 0; i < count; ++i)
                m_contents->send(QStringLiteral("tick"), i);
        } else {
            for (int i = 0; i < count; ++i)
                Q_EMIT m_baselineObject.tick(i);
        }
        waitUntil([&]() { return page->results.contains(id) || page->errors.contains(id); }, 300000,
                  page->label + QStringLiteral(" ticks"));
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        page->results.remove(id);
        return seconds;
    }

    void mainToPageThroughput()
    {
        const int count = m_counts.tickMessages;
        progress(QStringLiteral("4. WebContents::send throughput main -> page, %1 messages")
                         .arg(count));
        ticks(m_baselinePage, std::max(1, count / 10));
        ticks(m_webipcPage, std::max(1, count / 10));
        std::vector<double> baseline, webipc;
        for (int rep = 0; rep < m_counts.throughputReps; ++rep) {
            baseline.push_back(count / ticks(m_baselinePage, count));
            webipc.push_back(count / ticks(m_webipcPage, count));
        }
        add({QStringLiteral("WebContents::send throughput main -> page"), QStringLiteral("msg/s"),
             median(baseline), median(webipc), true,
             Target{Target::RatioAtLeast, 1.5, QStringLiteral(">= 1.5x")}});
    }

    // --- 5. sendSync round trip, against WebIpc's own invoke ------------------------------

    // sendSync's ways to main: each is a row pair, measured interleaved with WebIpc's own
    // invoke. A way is a page whose ipcRenderer.sendSync takes it and the bench.js latency
    // mode that calls it; a new way is one more entry.
    struct SyncPath
    {
        const char *name;
        BenchPage *page;
        const char *mode;
        double target; // at most this many times WebIpc's invoke; 0: none (the fallback)
    };

    // prompt(): where the host answers it in C++ (a WebIpc::WebEnginePage, the one-call hook,
    // or QML's WebEngineView). The synchronous XHR: every other page, and the fallback.
    std::vector<SyncPath> syncPaths() const
    {
        return {{"prompt", m_promptPage, "sync", 1.2}, {"XHR", m_webipcPage, "sync", 0}};
    }

    void sendSyncLatency()
    {
        progress(QStringLiteral("5. sendSync round trip, %1 sequential calls")
                         .arg(m_counts.syncCalls));
        // The reference is WebIpc's own invoke, measured alongside with as many calls.
        std::vector<LatencyRun> runs{{m_webipcPage, "call"}};
        const std::vector<SyncPath> paths = syncPaths();
        for (const SyncPath &path : paths)
            runs.push_back({path.page, path.mode});
        const auto results = interleavedLatency(runs, m_counts.syncWarmup, m_counts.syncCalls);
        const auto &invoke = results[0];
        const QString note = QStringLiteral("WebIpc invoke");
        for (size_t i = 0; i < paths.size(); ++i) {
            const auto &sync = results[i + 1];
            const QString name =
                    QStringLiteral("sendSync (%1) round trip").arg(QLatin1String(paths[i].name));
            const double target = paths[i].target;
            add({name + QStringLiteral(" p50"), QStringLiteral("ms"), median(invoke), median(sync),
                 false,
                 target > 0
                         ? Target{Target::RatioAtMost, target, QStringLiteral("<= %1x").arg(target)}
                         : Target{},
                 note});
            add({name + QStringLiteral(" p99"),
                 QStringLiteral("ms"),
                 percentile(invoke, 0.99),
                 percentile(sync, 0.99),
                 false,
                 {},
                 note});
        }
    }

    // --- 6. payloads ------------------------------------------------------------------------

    void payloads()
    {
        for (const QString kind : {QStringLiteral("string"), QStringLiteral("bytes")}) {
            const bool bytes = kind == QLatin1String("bytes");
            for (const Counts::Payload &payload : m_counts.payloads) {
                progress(QStringLiteral("6. %1 %2 invoke round trip, %3 times")
                                 .arg(QLatin1String(payload.label), kind)
                                 .arg(payload.reps * payload.group));
                // Interleaved one round trip at a time, so that load changes on this shared
                // machine hit both sides alike.
                std::vector<double> baseline, webipc;
                for (int rep = 0; rep < payload.reps; ++rep) {
                    const QJsonObject options{
                            {QStringLiteral("kind"), kind},
                            {QStringLiteral("size"), payload.size},
                            {QStringLiteral("reps"), 1},
                            {QStringLiteral("group"), payload.group},
                            {QStringLiteral("warmup"), rep == 0 ? payload.warmup : 0}};
                    for (BenchPage *page : {m_baselinePage, m_webipcPage}) {
                        const auto samples =
                                samplesOf(callPage(page, QStringLiteral("payload"), options));
                        auto &side = page == m_webipcPage ? webipc : baseline;
                        side.insert(side.end(), samples.begin(), samples.end());
                    }
                }
                Target target;
                if (bytes && payload.size == 1024 * 1024)
                    target = {Target::RatioAtMost, 1.0 / 3.0, QStringLiteral("<= 0.33x")};
                else if (!bytes && payload.size == 10 * 1024 * 1024)
                    target = {Target::RatioAtMost, 1.0, QStringLiteral("<= 1.0x")};
                add({QStringLiteral("%1 %2 round trip p50")
                             .arg(QLatin1String(bytes ? "Uint8Array" : "string"),
                                  QLatin1String(payload.label)),
                     QStringLiteral("ms"), median(baseline), median(webipc), false, target,
                     bytes ? QStringLiteral("base64") : QString()});
            }
        }
    }

    // --- 7. start-up ------------------------------------------------------------------------

    void startup()
    {
        progress(QStringLiteral("7. start-up, %1 loads").arg(m_counts.startupReps));
        std::vector<double> baseline, webipc;
        for (int rep = 0; rep < m_counts.startupReps; ++rep) {
            baseline.push_back(load(m_baselinePage, baselineUrl()));
            webipc.push_back(load(m_webipcPage, webipcUrl()));
        }
        add({QStringLiteral("start-up: load to first answer"),
             QStringLiteral("ms"),
             median(baseline),
             median(webipc),
             false,
             {}});
    }

    // --- 8. memory --------------------------------------------------------------------------

    // Sends `total` messages in chunks, each chunk waited for, so that nothing piles up in
    // flight and the growth is what stays behind.
    void fireChunks(BenchPage *page, int total)
    {
        for (int sent = 0; sent < total; sent += m_counts.memoryChunk)
            fire(page, std::min(m_counts.memoryChunk, total - sent));
    }

    double rssGrowth(BenchPage *page)
    {
        if (skipped(page))
            return std::nan("");
        fireChunks(page, m_counts.memoryWarmup);
        // Free heap memory goes back to the system first, so the growth is what is still
        // allocated, not what glibc keeps cached.
        malloc_trim(0);
        const double before = residentMiB();
        fireChunks(page, m_counts.memoryMessages);
        malloc_trim(0);
        return residentMiB() - before;
    }

    // --- 9. contextBridge: an exposed function, page -> preload -> page ---------------------

    // A synchronous call of a function the preload exposed with contextBridge.exposeInMainWorld.
    // The baseline column is the floor of the design: one bare CustomEvent each way between the
    // same two worlds (no ids, no value description).
    void contextBridgeLatency()
    {
        progress(QStringLiteral("9. contextBridge call round trip, %1 sequential calls")
                         .arg(m_counts.latencyCalls));
        // One sample per call: a call is 3-6 steps of the isolated page's 5 us clock.
        const auto results = interleavedLatency({{m_bridgePage, "raw"}, {m_bridgePage, "sync"}},
                                                m_counts.latencyWarmup, m_counts.latencyCalls);
        Row p50{QStringLiteral("contextBridge call round trip p50"),
                QStringLiteral("ms"),
                median(results[0]),
                median(results[1]),
                false,
                Target{Target::ValueBelow, 0.05, QStringLiteral("< 0.05 ms")}};
        p50.baselineNote = QStringLiteral("bare DOM event round trip");
        add(p50);
        Row p99{QStringLiteral("contextBridge call round trip p99"),
                QStringLiteral("ms"),
                percentile(results[0], 0.99),
                percentile(results[1], 0.99),
                false,
                {}};
        p99.baselineNote = p50.baselineNote;
        add(p99);
    }

    void memory()
    {
        progress(QStringLiteral("8. RSS growth over %1 messages").arg(m_counts.memoryMessages));
        const double baseline = rssGrowth(m_baselinePage);
        const double webipc = rssGrowth(m_webipcPage);
        add({QStringLiteral("RSS growth over 1M send messages"), QStringLiteral("MiB"), baseline,
             webipc, false, Target{Target::ValueBelow, 10.0, QStringLiteral("< 10 MiB")}});
    }

    // --- 11. beyond Electron: abort-to-cancel, main->page invoke, streams ------------------

    // Resident set size of this process from /proc/self/status (VmRSS), in MiB.
    static double vmRssMiB()
    {
        QFile status(QStringLiteral("/proc/self/status"));
        if (!status.open(QIODevice::ReadOnly))
            return std::nan("");
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
        }
        return std::nan("");
    }

    void beyondElectron()
    {
        if (skipped(m_webipcPage))
            return;
        progress(QStringLiteral("11. abort-to-cancel, main->page invoke, %1 MiB stream")
                         .arg(m_counts.streamMiB));
        abortToCancel();
        remoteInvoke();
        streamThroughput();
    }

    // (a) From AbortController.abort() in the page to the handler's onCanceled callback. Both
    // ends read the same wall clock: the page performance.timeOrigin + now(), C++ system_clock.
    void abortToCancel()
    {
        std::vector<double> samples;
        bool started = false;
        double canceledAt = 0;
        m_ipcMain.handle(
                QStringLiteral("bench-hold"), [&](const WebIpc::IpcMainInvokeEvent &event) {
                    auto promise = std::make_shared<QPromise<QVariant>>();
                    promise->start();
                    started = true;
                    event.onCanceled(&m_context, [&canceledAt, promise]() {
                        canceledAt =
                                double(std::chrono::duration_cast<std::chrono::microseconds>(
                                               std::chrono::system_clock::now().time_since_epoch())
                                               .count())
                                / 1000.0;
                        promise->finish();
                    });
                    return promise->future();
                });
        for (int i = 0; i < m_counts.abortReps; ++i) {
            started = false;
            canceledAt = 0;
            runInPage(m_webipcPage, QStringLiteral("Bench.holdOne()"));
            waitUntil([&]() { return started; }, 30000, QStringLiteral("held invoke"));
            const double abortedAt =
                    callPage(m_webipcPage, QStringLiteral("abortHeld"), QJsonObject{}).toDouble();
            waitUntil([&]() { return canceledAt != 0; }, 30000, QStringLiteral("abort-to-cancel"));
            samples.push_back(canceledAt - abortedAt);
        }
        m_ipcMain.removeHandler(QStringLiteral("bench-hold"));
        m_notes.append(QStringLiteral("abort-to-cancel (AbortController.abort() in the page to "
                                      "IpcMainInvokeEvent::onCanceled in C++, same wall clock, "
                                      "5 us clock in the page), %1 aborts: p50 %2 ms, p99 %3 ms")
                               .arg(samples.size())
                               .arg(median(samples), 0, 'f', 3)
                               .arg(percentile(samples, 0.99), 0, 'f', 3));
    }

    // (b) WebContents::invoke() to ipcRenderer.handle(), interleaved with page->main invoke
    // (the page's own sequential loop, as in scenario 1).
    void remoteInvoke()
    {
        runInPage(m_webipcPage, QStringLiteral("Bench.handleEcho()"));
        std::vector<double> toPage, toMain;
        constexpr int Rounds = 10;
        const int share = std::max(1, m_counts.remoteCalls / Rounds);
        for (int round = 0; round < Rounds; ++round) {
            for (int i = 0; i < share; ++i) {
                QElapsedTimer timer;
                timer.start();
                QFuture<QVariant> future = m_contents->invoke(QStringLiteral("bench-echo-page"),
                                                              QStringLiteral("ping"));
                waitUntil([&]() { return future.isFinished(); }, 30000,
                          QStringLiteral("main->page invoke"));
                if (future.isCanceled() || future.result().toString() != QLatin1String("ping"))
                    throw std::runtime_error("main->page invoke: wrong answer");
                toPage.push_back(double(timer.nsecsElapsed()) / 1e6);
            }
            const QJsonObject options{{QStringLiteral("warmup"), 0},
                                      {QStringLiteral("calls"), share},
                                      {QStringLiteral("group"), 1},
                                      {QStringLiteral("mode"), QStringLiteral("call")}};
            const auto samples =
                    samplesOf(callPage(m_webipcPage, QStringLiteral("latency"), options));
            toMain.insert(toMain.end(), samples.begin(), samples.end());
        }
        // The baseline column is page->main invoke, the WebIpc column main->page invoke.
        add({QStringLiteral("main->page invoke p50"),
             QStringLiteral("ms"),
             median(toMain),
             median(toPage),
             false,
             {},
             QStringLiteral("page->main invoke")});
    }

    // (c) A C++ handler streams 64 KiB chunks as fast as it can to a page that reads slowly;
    // the credit window must hold the producer back, so RSS stays flat.
    void streamThroughput()
    {
        const int chunks = m_counts.streamMiB * 16;
        const double before = vmRssMiB();
        m_ipcMain.handle(QStringLiteral("bench-stream"), [chunks]() {
            return QtConcurrent::run([chunks](QPromise<QByteArray> &promise) {
                const QByteArray chunk(64 * 1024, 'x');
                for (int i = 0; i < chunks; ++i) {
                    promise.suspendIfRequested();
                    if (promise.isCanceled())
                        return;
                    promise.addResult(chunk);
                }
            });
        });
        QTimer sampler;
        double peakRss = before;
        QObject::connect(&sampler, &QTimer::timeout,
                         [&]() { peakRss = std::max(peakRss, vmRssMiB()); });
        sampler.start(20);
        QElapsedTimer timer;
        timer.start();
        const QJsonObject result =
                callPage(m_webipcPage, QStringLiteral("streamRead"),
                         QJsonObject{{QStringLiteral("slowEvery"), m_counts.slowEvery}}, 600000)
                        .toObject();
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        sampler.stop();
        peakRss = std::max(peakRss, vmRssMiB());
        m_ipcMain.removeHandler(QStringLiteral("bench-stream"));
        const double bytes = result.value(QLatin1String("bytes")).toDouble();
        if (bytes != double(chunks) * 64 * 1024)
            throw std::runtime_error("stream: the page did not get every byte");
        m_notes.append(QStringLiteral("stream of %1 MiB in 64 KiB chunks (QPromise::addResult to "
                                      "for await, page yields every %2 chunks): %3 MiB/s; "
                                      "browser-process VmRSS %4 MiB before, peak growth %5 MiB")
                               .arg(m_counts.streamMiB)
                               .arg(m_counts.slowEvery)
                               .arg(bytes / (1024.0 * 1024.0) / seconds, 0, 'f', 1)
                               .arg(before, 0, 'f', 1)
                               .arg(peakRss - before, 0, 'f', 1));
    }

    // --- 12. bytes one way, each direction -------------------------------------------------

    // Where page->main bytes land (a WebIpc listener, or the baseline's slot): the one-way
    // time by the wall clock both processes read.
    void receivedBytes(const QByteArray &bytes, double sentAt)
    {
        m_bytesArrived = {wallClockMs() - sentAt, bytes.size()};
    }

    // main -> page: WebContents::send of a QByteArray (a Uint8Array in the page) against a
    // signal carrying base64, decoded in the page; page -> main: ipcRenderer.send of a
    // Uint8Array against a void slot taking base64, decoded in C++. Timed from the sender's
    // wall clock (system_clock, performance.timeOrigin + now()) to the receiver's, once the
    // bytes are decoded.
    double oneWay(BenchPage *page, bool toPage, int size)
    {
        if (toPage) {
            const QString id = QString::number(++m_nextId);
            runInPage(page, QStringLiteral("Bench.expectBytes('%1')").arg(id));
            const QByteArray bytes(size, 'b');
            const double sentAt = wallClockMs();
            if (page == m_webipcPage)
                m_contents->send(QStringLiteral("bench-bytes"), bytes, sentAt);
            else
                Q_EMIT m_baselineObject.bytes(QString::fromLatin1(bytes.toBase64()), sentAt);
            waitUntil([&]() { return page->results.contains(id) || page->errors.contains(id); },
                      300000, page->label + QStringLiteral(" bytes to the page"));
            if (page->errors.contains(id))
                throw std::runtime_error(qPrintable(page->errors.take(id)));
            const QJsonObject result = page->results.take(id).toObject();
            if (result.value(QLatin1String("size")).toInt() != size)
                throw std::runtime_error("bytes to the page: wrong size");
            return result.value(QLatin1String("ms")).toDouble();
        }
        m_bytesArrived.reset();
        callPage(page, QStringLiteral("sendBytes"), QJsonObject{{QStringLiteral("size"), size}});
        waitUntil([&]() { return m_bytesArrived.has_value(); }, 300000,
                  page->label + QStringLiteral(" bytes to main"));
        if (m_bytesArrived->second != size)
            throw std::runtime_error("bytes to main: wrong size");
        return m_bytesArrived->first;
    }

    void bytesOneWay()
    {
        for (const bool toPage : {true, false}) {
            for (const Counts::Payload &payload : m_counts.ladder) {
                progress(QStringLiteral("12. %1 bytes %2, %3 times")
                                 .arg(QLatin1String(payload.label),
                                      QLatin1String(toPage ? "main -> page" : "page -> main"))
                                 .arg(payload.reps));
                std::vector<double> baseline, webipc;
                for (int rep = -payload.warmup; rep < payload.reps; ++rep) {
                    // Interleaved one message at a time, for load changes.
                    for (BenchPage *page : {m_baselinePage, m_webipcPage}) {
                        if (skipped(page))
                            continue;
                        const double ms = oneWay(page, toPage, payload.size);
                        if (rep >= 0)
                            (page == m_webipcPage ? webipc : baseline).push_back(ms);
                    }
                }
                add({QStringLiteral("Uint8Array %1 %2 p50")
                             .arg(QLatin1String(payload.label),
                                  QLatin1String(toPage ? "main->page" : "page->main")),
                     QStringLiteral("ms"),
                     median(baseline),
                     median(webipc),
                     false,
                     {},
                     QStringLiteral("base64")});
            }
        }
    }

    // --- 13. Electron-comparable ------------------------------------------------------------

    // invoke round trips of the sizes Electron 44 publishes figures for; the baseline column
    // is Electron's published figure, from its own machine.
    void electronComparable()
    {
        for (const Counts::Published &published : m_counts.electron) {
            progress(QStringLiteral("13. invoke %1, %2 times")
                             .arg(QLatin1String(published.label))
                             .arg(published.reps));
            const QJsonObject options{{QStringLiteral("kind"), QLatin1String(published.kind)},
                                      {QStringLiteral("size"), published.size},
                                      {QStringLiteral("reps"), published.reps},
                                      {QStringLiteral("group"), 1},
                                      {QStringLiteral("warmup"), 2}};
            const auto samples =
                    samplesOf(callPage(m_webipcPage, QStringLiteral("payload"), options));
            add({QStringLiteral("invoke %1 p50").arg(QLatin1String(published.label)),
                 QStringLiteral("ms"),
                 published.electronMs,
                 median(samples),
                 false,
                 {},
                 QStringLiteral("Electron 44, published")});
        }
        m_notes.append(QStringLiteral("Electron-comparable rows: the baseline column is the "
                                      "figure Electron 44 publishes, measured on its machine; "
                                      "these WebIpc figures come from this one (%1, %2 cores)")
                               .arg(cpuModel())
                               .arg(QThread::idealThreadCount()));
    }

    static QString cpuModel()
    {
        QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
        if (cpuinfo.open(QIODevice::ReadOnly)) {
            for (const QByteArray &line : cpuinfo.readAll().split('\n')) {
                if (line.startsWith("model name"))
                    return QString::fromLatin1(line.mid(line.indexOf(':') + 1).trimmed());
            }
        }
        return QStringLiteral("unknown CPU");
    }

    Counts m_counts;
    std::set<int> m_only;
    QString m_skip;
    QObject m_context; // the listeners' context
    LoopbackServer m_server;
    WebIpc::IpcMain m_ipcMain;
    BaselineObject m_baselineObject;
    std::optional<std::pair<double, qsizetype>> m_bytesArrived; // scenario 12: ms, size
    QWebChannel m_channel;
    BenchPage *m_webipcPage = nullptr;
    BenchPage *m_promptPage = nullptr;
    BenchPage *m_bridgePage = nullptr;
    BaselineObject m_floorObject; // scenario 1's isolated floor
    QWebChannel m_floorChannel;
    BenchPage *m_floorPage = nullptr;
    BenchPage *m_baselinePage = nullptr;
    WebIpc::WebContents *m_contents = nullptr;
    qint64 m_webipcFired = 0;
    int m_nextId = 0;
    std::vector<Row> m_rows;
    QStringList m_notes;
};

QString formatValue(double value, const QString &unit)
{
    if (!std::isfinite(value))
        return QStringLiteral("n/a");
    if (unit == QLatin1String("ms"))
        return QString::number(value, 'f', value < 10 ? 3 : 1);
    if (unit == QLatin1String("MiB"))
        return QString::number(value, 'f', 1);
    return QString::number(qRound64(value));
}

void printTable(const std::vector<Row> &rows, bool smoke)
{
    const auto line = [](const QString &text) { std::printf("%s\n", qPrintable(text)); };
    line(QStringLiteral("%1 %2 %3 %4 %5 %6 %7")
                 .arg(QStringLiteral("scenario"), -44)
                 .arg(QStringLiteral("unit"), -8)
                 .arg(QStringLiteral("baseline"), 10)
                 .arg(QStringLiteral("WebIpc"), 10)
                 .arg(QStringLiteral("ratio"), 7)
                 .arg(QStringLiteral("target"), -9)
                 .arg(QStringLiteral("result")));
    line(QString(100, QLatin1Char('-')));
    for (const Row &row : rows) {
        const double ratio = row.ratio();
        QString result;
        if (row.target.kind != Target::None)
            result = smoke ? QStringLiteral("(smoke)")
                           : (row.target.met(ratio, row.webipc) ? QStringLiteral("met")
                                                                : QStringLiteral("MISSED"));
        QString scenario = row.scenario;
        if (!row.baselineNote.isEmpty())
            scenario += QStringLiteral(" [vs %1]").arg(row.baselineNote);
        line(QStringLiteral("%1 %2 %3 %4 %5 %6 %7")
                     .arg(scenario, -44)
                     .arg(row.unit, -8)
                     .arg(formatValue(row.baseline, row.unit), 10)
                     .arg(formatValue(row.webipc, row.unit), 10)
                     .arg(std::isfinite(ratio) ? QString::number(ratio, 'f', 2) + QLatin1Char('x')
                                               : QStringLiteral("n/a"),
                          7)
                     .arg(row.target.text, -9)
                     .arg(result));
    }
    std::fflush(stdout);
}

bool writeJson(const std::vector<Row> &rows, const QString &path)
{
    QJsonArray array;
    for (const Row &row : rows) {
        const double ratio = row.ratio();
        const auto number = [](double v) {
            return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
        };
        array.append(QJsonObject{
                {QStringLiteral("scenario"), row.scenario},
                {QStringLiteral("unit"), row.unit},
                {QStringLiteral("baseline"), number(row.baseline)},
                {QStringLiteral("webipc"), number(row.webipc)},
                {QStringLiteral("ratio"), number(ratio)},
                {QStringLiteral("better"),
                 row.higherIsBetter ? QStringLiteral("higher") : QStringLiteral("lower")}});
    }
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    file.write(QJsonDocument(array).toJson(QJsonDocument::Indented));
    return file.error() == QFileDevice::NoError;
}

// Headless, as the issue asks, unless the caller chose otherwise; called before the
// application object exists because Qt WebEngine reads these at start-up.
void prepareEnvironment(QTemporaryDir &runtimeDir)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (geteuid() == 0 && qEnvironmentVariableIsEmpty("QTWEBENGINE_DISABLE_SANDBOX"))
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1"); // Chromium refuses its sandbox as root
    // A page without a view is hidden; without these flags its timers are throttled.
    QByteArray flags = qgetenv("QTWEBENGINE_CHROMIUM_FLAGS");
    for (const char *flag :
         {"--disable-background-timer-throttling", "--disable-renderer-backgrounding"}) {
        if (!flags.contains(flag))
            flags += (flags.isEmpty() ? "" : " ") + QByteArray(flag);
    }
    qputenv("QTWEBENGINE_CHROMIUM_FLAGS", flags);
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR") && runtimeDir.isValid())
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtimeDir.path()));
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
}

} // namespace

int main(int argc, char *argv[])
{
    QTemporaryDir runtimeDir;
    prepareEnvironment(runtimeDir);
    WebIpc::registerUrlScheme();
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("webipc-bench"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("Measures WebIpc against raw QWebChannel in headless pages."));
    parser.addHelpOption();
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QStringLiteral("Also write the rows as JSON to <file>."),
                                        QStringLiteral("file"));
    const QCommandLineOption smokeOption(
            QStringLiteral("smoke"),
            QStringLiteral("Tiny iteration counts and no timing checks (for the test suite)."));
    const QCommandLineOption onlyOption(QStringLiteral("only"),
                                        QStringLiteral("Run only these scenarios, e.g. 1,3."),
                                        QStringLiteral("list"));
    const QCommandLineOption skipOption(
            QStringLiteral("skip"),
            QStringLiteral(
                    "Do not measure one side (baseline or webipc), e.g. to profile the other."),
            QStringLiteral("side"));
    parser.addOptions({jsonOption, smokeOption, onlyOption, skipOption});
    parser.process(app);

    const bool smoke = parser.isSet(smokeOption);
    std::set<int> only;
    for (const QString &part : parser.value(onlyOption).split(QLatin1Char(','), Qt::SkipEmptyParts))
        only.insert(part.trimmed().toInt());

    std::printf("webipc-bench%s: WebIpc against raw QWebChannel, %s\n", smoke ? " --smoke" : "",
                qPrintable(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)));
    std::printf("Qt %s, %s, %d cores, QPA %s, pages without a view\n\n", qVersion(),
                qPrintable(QSysInfo::prettyProductName()), QThread::idealThreadCount(),
                qPrintable(QGuiApplication::platformName()));
    std::fflush(stdout);

    int status = 0;
    std::vector<Row> rows;
    QStringList notes;
    {
        Benchmark benchmark(smoke ? Counts::smoke() : Counts(), only, parser.value(skipOption));
        try {
            benchmark.run();
        } catch (const std::exception &error) {
            std::fprintf(stderr, "[webipc-bench] FAILED: %s\n", error.what());
            status = 1;
        }
        rows = benchmark.rows();
        notes = benchmark.notes();
    }

    std::printf("\n");
    printTable(rows, smoke);
    for (const QString &note : notes)
        std::printf("note: %s\n", qPrintable(note));
    if (parser.isSet(jsonOption) && !writeJson(rows, parser.value(jsonOption))) {
        std::fprintf(stderr, "[webipc-bench] cannot write %s\n",
                     qPrintable(parser.value(jsonOption)));
        status = 1;
    }
    return status;
}

#include "main.moc"
