// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Seeing what goes on, in real headless pages: webipc.traffic's log, the page's console in the
// application's log, hints in the page's console, messages nobody listens to, the counters,
// the trace, and the inspector's views (Widgets and QML).

#include "testsupport.h"

#include <core/ipcobserver_p.h>
#include <core/webcontents_p.h>
#include <webengine/attachment_p.h>

#include <WebIpc/InspectorWidget>
#include <WebIpc/IpcCountersModel>
#include <WebIpc/IpcTrafficModel>
#include <WebIpc/Logging>
#include <WebIpc/Tracing>
#include <WebIpc/quick.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QPromise>
#include <QtCore/QTemporaryDir>
#include <QtQml/QQmlComponent>
#include <QtQml/QQmlContext>
#include <QtQml/QQmlEngine>
#include <QtQuick/QQuickItem>
#include <QtQuick/QQuickWindow>
#include <QtTest/QTest>
#include <QtWebEngineQuick/QtWebEngineQuick>
#include <QtWidgets/QApplication>
#include <QtWidgets/QTableView>

#include <functional>
#include <memory>
#include <set>

using namespace WebIpcTest;
using WebIpc::IpcCountersModel;
using WebIpc::IpcTrafficModel;

namespace {

// Records what is logged (category, type, text) while it lives, and passes it on.
class LogCapture
{
public:
    struct Entry
    {
        QString category;
        QtMsgType type;
        QString text;
    };

    LogCapture()
    {
        s_current = this;
        m_previous = qInstallMessageHandler(handler);
    }
    ~LogCapture()
    {
        qInstallMessageHandler(m_previous);
        s_current = nullptr;
    }

    QStringList lines(const QString &category, QtMsgType type) const
    {
        QStringList result;
        for (const Entry &entry : m_entries) {
            if (entry.category == category && entry.type == type)
                result.append(entry.text);
        }
        return result;
    }
    bool contains(const QString &category, QtMsgType type, const QString &part) const
    {
        const QStringList all = lines(category, type);
        return std::any_of(all.begin(), all.end(),
                           [&](const QString &line) { return line.contains(part); });
    }

private:
    static void handler(QtMsgType type, const QMessageLogContext &context, const QString &text)
    {
        if (s_current) {
            s_current->m_entries.push_back(
                    {QString::fromLatin1(context.category ? context.category : ""), type, text});
            if (s_current->m_previous)
                s_current->m_previous(type, context, text);
        }
    }

    static LogCapture *s_current;
    QtMessageHandler m_previous = nullptr;
    std::vector<Entry> m_entries;
};

LogCapture *LogCapture::s_current = nullptr;

// A category's debug level on for the scope.
class DebugRules
{
public:
    explicit DebugRules(const QString &rules) { QLoggingCategory::setFilterRules(rules); }
    ~DebugRules() { QLoggingCategory::setFilterRules(QString()); }
};

// A fixture with "add" and "echo" handlers and a "ping" listener.
struct Traffic : PageFixture
{
    explicit Traffic(const WebIpc::AttachOptions &options = {}) : PageFixture(options)
    {
        ipc.handle(QStringLiteral("add"), [](const QVariantList &args) {
            return args.value(0).toDouble() + args.value(1).toDouble();
        });
        ipc.on(QStringLiteral("ping"), [](const WebIpc::IpcMainEvent &) {});
    }
};

// The visible Text item under \a root showing \a text, if any.
QQuickItem *textItem(QQuickItem *root, const QString &text)
{
    if (root->isVisible() && root->inherits("QQuickText") && root->property("text") == text)
        return root;
    for (QQuickItem *child : root->childItems()) {
        if (QQuickItem *found = textItem(child, text))
            return found;
    }
    return nullptr;
}

QJsonArray traceEvents(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning() << "the trace does not parse:" << error.errorString();
    return document.object().value(QStringLiteral("traceEvents")).toArray();
}

} // namespace

class tst_Inspector : public QObject
{
    Q_OBJECT
public:
    static void initMain()
    {
        WebIpcTest::initMain();
        QtWebEngineQuick::initialize();
    }

private Q_SLOTS:
    void nothingWatchesByDefault();
    void trafficLogShowsEveryMessageBothWays();
    void trafficLogCutsLongArguments();
    void unheardMessagesAreLoggedAtDebugLevel();
    void hintsReachThePageConsole();
    void forwardConsoleShowsThePageConsole();
    void qmlViewsTakeForwardConsole();
    void countersAreExactAfterABurst();
    void countersCountInvokesInFlight();
    void traceHasTheExpectedSpans();
    void traceIsWrittenToAFile();
    void subframesAreToldApart();
    void inspectorWidgetShowsRows();
    void qmlInspectorShowsRows();
};

void tst_Inspector::nothingWatchesByDefault()
{
    // The cost of the inspector when nothing records: one pointer test, with a null pointer.
    Traffic f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("idle.html"), QString())));
    QVERIFY(!WebIpc::IpcObserver::active());
    {
        IpcCountersModel counters;
        QVERIFY(WebIpc::IpcObserver::active());
        WebIpc::Tracing::start();
        QVERIFY(WebIpc::Tracing::isRecording());
        WebIpc::Tracing::stopToJson();
        QVERIFY(WebIpc::IpcObserver::active()); // the counters still count
    }
    QVERIFY(!WebIpc::IpcObserver::active());
}

void tst_Inspector::trafficLogShowsEveryMessageBothWays()
{
    const DebugRules rules(QStringLiteral("webipc.traffic.debug=true"));
    LogCapture log;
    {
        Traffic f;
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("No handler")));
        PageFolder folder;
        QVERIFY(f.load(folder.write(QStringLiteral("traffic.html"), QString())));
        const QString page = QStringLiteral("page %1 frame 0").arg(f.contents->id());
        f.eval(QStringLiteral("ipcRenderer.send('ping', 'x', 7); 0"));
        QVERIFY(f.await(QStringLiteral("ipcRenderer.invoke('add', 1, 2)")).fulfilled);
        QVERIFY(!f.await(QStringLiteral("ipcRenderer.invoke('nope', true)")).fulfilled);
        f.contents->send(QStringLiteral("status"), QStringLiteral("ready"), 42);
        QVERIFY(waitFor([&] { return log.contains("webipc.traffic", QtDebugMsg, "'status'"); }));

        const QStringList lines = log.lines(QStringLiteral("webipc.traffic"), QtDebugMsg);
        const auto has = [&](const QRegularExpression &pattern) {
            return std::any_of(lines.begin(), lines.end(),
                               [&](const QString &line) { return pattern.match(line).hasMatch(); });
        };
        const QString p = QRegularExpression::escape(page);
        QVERIFY2(has(QRegularExpression(
                         p + QStringLiteral(R"( -> main send 'ping' \["x",7\] \(\d+\.\d+ ms\)$)"))),
                 qPrintable(lines.join(u'\n')));
        QVERIFY2(has(QRegularExpression(
                         p
                         + QStringLiteral(
                                 R"( -> main invoke 'add' \[1,2\] => 3 \(\d+\.\d+ ms\)$)"))),
                 qPrintable(lines.join(u'\n')));
        QVERIFY2(
                has(QRegularExpression(
                        p
                        + QStringLiteral(
                                R"( -> main invoke 'nope' \[true\] => error: Error: No handler registered for 'nope' \(\d+\.\d+ ms\)$)"))),
                qPrintable(lines.join(u'\n')));
        QVERIFY2(has(QRegularExpression(QStringLiteral("^main -> ") + p
                                        + QStringLiteral(R"( message 'status' \["ready",42\]$)"))),
                 qPrintable(lines.join(u'\n')));
    }
    // Off again with the category: nothing watches once the page that saw it on is gone.
    QLoggingCategory::setFilterRules(QString());
    Traffic g;
    PageFolder folder;
    QVERIFY(g.load(folder.write(QStringLiteral("quiet.html"), QString())));
    QVERIFY(!WebIpc::IpcObserver::active());
}

void tst_Inspector::trafficLogCutsLongArguments()
{
    const DebugRules rules(QStringLiteral("webipc.traffic.debug=true"));
    LogCapture log;
    Traffic f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("long.html"), QString())));
    f.eval(QStringLiteral("ipcRenderer.send('ping', 'y'.repeat(5000)); 0"));
    QVERIFY(waitFor([&] { return log.contains("webipc.traffic", QtDebugMsg, "send 'ping'"); }));
    const QStringList lines = log.lines(QStringLiteral("webipc.traffic"), QtDebugMsg);
    const QString line = *std::find_if(lines.begin(), lines.end(), [](const QString &l) {
        return l.contains(QLatin1String("send 'ping'"));
    });
    QVERIFY2(line.size() < 300, qPrintable(line));
    QVERIFY(line.contains(QStringLiteral("[\"yyyy")));
    QVERIFY(line.contains(QChar(0x2026)));
    // A page's channel name cannot forge lines of the log.
    f.eval(QStringLiteral("ipcRenderer.send('a\\nmain -> page 9 frame 0 fake', 1); 0"));
    QVERIFY(waitFor([&] { return log.contains("webipc.traffic", QtDebugMsg, "fake"); }));
    const QStringList forged =
            log.lines(QStringLiteral("webipc.traffic"), QtDebugMsg).filter(QStringLiteral("fake"));
    QCOMPARE(forged.size(), 1);
    QVERIFY2(!forged.first().contains(QLatin1Char('\n')), qPrintable(forged.first()));
    QVERIFY(forged.first().contains(QStringLiteral("'a\\u000amain -> page 9")));
}

void tst_Inspector::unheardMessagesAreLoggedAtDebugLevel()
{
    const DebugRules rules(QStringLiteral("webipc.main.debug=true"));
    LogCapture log;
    Traffic f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("unheard.html"),
                                QStringLiteral("window.heard = 0; ipcRenderer.on('heard', () => "
                                               "window.heard++);"))));
    f.contents->send(QStringLiteral("heard"), 1);
    f.contents->send(QStringLiteral("status"), QStringLiteral("early"));
    const QString expected = QStringLiteral("WebContents #%1: a message on 'status' reached frame "
                                            "0, which has no listener for it")
                                     .arg(f.contents->id());
    QVERIFY(waitFor([&] { return log.contains("webipc.main", QtDebugMsg, expected); }));
    QTRY_COMPARE(f.eval(QStringLiteral("window.heard")).toInt(), 1);
    QVERIFY(!log.contains(QStringLiteral("webipc.main"), QtDebugMsg, QStringLiteral("'heard'")));
    // Once per channel and document: a stream of unheard messages is one line.
    for (int i = 0; i < 5; ++i)
        f.contents->send(QStringLiteral("status"), i);
    f.contents->send(QStringLiteral("heard"), 2);
    QTRY_COMPARE(f.eval(QStringLiteral("window.heard")).toInt(), 2);
    QCOMPARE(log.lines(QStringLiteral("webipc.main"), QtDebugMsg).filter(expected).size(), 1);
}

void tst_Inspector::hintsReachThePageConsole()
{
    // Release builds show them with webipc.main's debug level (debug builds always).
    const DebugRules rules(QStringLiteral("webipc.main.debug=true"));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("did you mean 'add'")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("use invoke\\(\\)")));
    Traffic f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("hints.html"), QString())));
    const Settled typo = f.await(QStringLiteral("ipcRenderer.invoke('ad', 1, 2)"));
    QVERIFY(!typo.fulfilled);
    // The rejection stays Electron's.
    QCOMPARE(typo.value.toString(),
             QStringLiteral(
                     "Error invoking remote method 'ad': Error: No handler registered for 'ad'"));
    QTRY_VERIFY(f.page->errors.contains(
            QStringLiteral("WebIpc: No handler registered for 'ad' (did you mean 'add'?)")));
    QVERIFY(f.eval(QStringLiteral("try { ipcRenderer.sendSync('add') } catch (e) {} 0")).isValid());
    QTRY_VERIFY(f.page->errors.contains(
            QStringLiteral("WebIpc: No listener for sendSync on 'add' 'add' has a handler: use "
                           "invoke()")));
}

void tst_Inspector::forwardConsoleShowsThePageConsole()
{
    LogCapture log;
    PageFolder folder;
    const QUrl url = folder.write(QStringLiteral("console.html"),
                                  QStringLiteral("console.log('hello from ' + location.protocol);"
                                                 "console.warn('careful');"));
    {
        // Without it, Qt WebEngine logs a page's warnings, not its console.log.
        WebIpc::IpcMain ipc;
        QWebEnginePage page;
        WebIpc::WebContents *contents = WebIpc::attach(&ipc, &page);
        QVERIFY(loadAndWait(&page, contents, url));
        QTRY_VERIFY(log.contains(QStringLiteral("js"), QtWarningMsg, QStringLiteral("careful")));
        QVERIFY(!log.contains(QStringLiteral("js"), QtInfoMsg, QStringLiteral("hello from")));
    }
    WebIpc::IpcMain ipc;
    QWebEnginePage page;
    WebIpc::AttachOptions options;
    options.forwardConsole = true;
    WebIpc::WebContents *contents = WebIpc::attach(&ipc, &page, options);
    QVERIFY(loadAndWait(&page, contents, url));
    QTRY_VERIFY(log.contains(QStringLiteral("js"), QtInfoMsg, QStringLiteral("hello from file:")));
}

void tst_Inspector::qmlViewsTakeForwardConsole()
{
    LogCapture log;
    PageFolder folder;
    WebIpc::IpcMain ipcMain;
    QQmlEngine engine;
    QQmlComponent component(&engine);
    const QUrl url = folder.write(QStringLiteral("qml-console.html"),
                                  QStringLiteral("console.log('qml page says hi');"));
    component.setData(QStringLiteral("import QtQuick\nimport QtQuick.Window\nimport QtWebEngine\n"
                                     "import WebIpc\n"
                                     "Window { width: 320; height: 240; visible: true\n"
                                     "  property alias view: view\n"
                                     "  WebEngineView { id: view; anchors.fill: parent\n"
                                     "    WebIpc.ipcMain: shared; WebIpc.forwardConsole: true\n"
                                     "    url: '%1' } }")
                              .arg(url.toString())
                              .toUtf8(),
                      QUrl(QStringLiteral("qrc:/qml-console.qml")));
    engine.rootContext()->setContextProperty(QStringLiteral("shared"),
                                             WebIpc::qmlIpcMain(&ipcMain));
    std::unique_ptr<QObject> window(component.create());
    QVERIFY2(window, qPrintable(component.errorString()));
    auto *view = window->property("view").value<QObject *>();
    QTRY_VERIFY(WebIpc::Attachment::find(&ipcMain, view));
    const WebIpc::WebContents *contents = WebIpc::Attachment::find(&ipcMain, view);
    QVERIFY(WebIpc::Attachment::of(contents)->options().forwardConsole);
    QTRY_VERIFY(log.contains(QStringLiteral("js"), QtInfoMsg, QStringLiteral("qml page says hi")));
}

void tst_Inspector::countersAreExactAfterABurst()
{
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("No handler")));
    IpcCountersModel counters;
    Traffic f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("burst.html"),
                                QStringLiteral("window.got = 0; ipcRenderer.on('status', () => "
                                               "window.got++);"))));
    // 100 sends of 10 characters, 20 invokes answered, 5 without a handler, 7 to the page.
    const Settled burst = f.await(QStringLiteral(
            "(async () => {"
            "  for (let i = 0; i < 100; ++i) ipcRenderer.send('ping', 'x'.repeat(10));"
            "  const sums = [];"
            "  for (let i = 0; i < 20; ++i) sums.push(ipcRenderer.invoke('add', 1, 2));"
            "  const missing = [];"
            "  for (let i = 0; i < 5; ++i) missing.push(ipcRenderer.invoke('gone').catch(e => 0));"
            "  await Promise.all(sums.concat(missing)); return true; })()"));
    QVERIFY(burst.fulfilled);
    for (int i = 0; i < 7; ++i)
        f.contents->send(QStringLiteral("status"), i);
    QTRY_COMPARE(f.eval(QStringLiteral("window.got")).toInt(), 7);

    const int id = f.contents->id();
    const QVariantMap ping = counters.counters(id, QStringLiteral("ping"));
    QCOMPARE(ping.value(QStringLiteral("messages")).toLongLong(), 100);
    // ["xxxxxxxxxx"]: 14 bytes on the wire.
    QCOMPARE(ping.value(QStringLiteral("bytes")).toLongLong(), 1400);
    QCOMPARE(ping.value(QStringLiteral("errors")).toLongLong(), 0);
    const QVariantMap add = counters.counters(id, QStringLiteral("add"));
    QCOMPARE(add.value(QStringLiteral("messages")).toLongLong(), 20);
    // [1,2] and the answer 3: 6 bytes each.
    QCOMPARE(add.value(QStringLiteral("bytes")).toLongLong(), 120);
    QCOMPARE(add.value(QStringLiteral("invokesInFlight")).toInt(), 0);
    QVERIFY(add.value(QStringLiteral("latencyP50")).toDouble() > 0);
    QVERIFY(add.value(QStringLiteral("latencyP99")).toDouble()
            >= add.value(QStringLiteral("latencyP50")).toDouble());
    const QVariantMap gone = counters.counters(id, QStringLiteral("gone"));
    QCOMPARE(gone.value(QStringLiteral("messages")).toLongLong(), 5);
    QCOMPARE(gone.value(QStringLiteral("errors")).toLongLong(), 5);
    const QVariantMap status = counters.counters(id, QStringLiteral("status"));
    QCOMPARE(status.value(QStringLiteral("messages")).toLongLong(), 7);
    QCOMPARE(status.value(QStringLiteral("bytes")).toLongLong(), 7 * 3); // [0] .. [6]

    const QVariantMap page = counters.counters(id);
    QCOMPARE(page.value(QStringLiteral("messages")).toLongLong(), 132);
    QCOMPARE(counters.messages(), 132);
    QCOMPARE(counters.errors(), 5);
    QCOMPARE(counters.bytes(), 1400 + 120 + gone.value(QStringLiteral("bytes")).toLongLong() + 21);

    // The model: one row per page and channel, the properties for QML.
    QCOMPARE(counters.rowCount(), 4);
    std::set<QString> channels;
    for (int row = 0; row < counters.rowCount(); ++row) {
        QCOMPARE(counters.data(counters.index(row, IpcCountersModel::PageColumn)).toInt(), id);
        channels.insert(
                counters.data(counters.index(row, IpcCountersModel::ChannelColumn)).toString());
    }
    QCOMPARE(channels,
             (std::set<QString>{QStringLiteral("ping"), QStringLiteral("add"),
                                QStringLiteral("gone"), QStringLiteral("status")}));
    QCOMPARE(counters.property("messages").toLongLong(), 132);
    QCOMPARE(counters.property("errors").toLongLong(), 5);
    counters.reset();
    QCOMPARE(counters.rowCount(), 0);
    QCOMPARE(counters.messages(), 0);
}

void tst_Inspector::countersCountInvokesInFlight()
{
    IpcCountersModel counters;
    Traffic f;
    auto promise = std::make_shared<QPromise<QString>>();
    f.ipc.handle(QStringLiteral("later"), [promise]() {
        promise->start();
        return promise->future();
    });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("inflight.html"), QString())));
    f.eval(QStringLiteral("window.later = null; ipcRenderer.invoke('later').then(v => "
                          "window.later = v); 0"));
    QTRY_COMPARE(counters.invokesInFlight(), 1);
    QCOMPARE(counters.counters(f.contents->id(), QStringLiteral("later"))
                     .value(QStringLiteral("invokesInFlight"))
                     .toInt(),
             1);
    QCOMPARE(counters.messages(), 0); // counted with its answer
    promise->addResult(QStringLiteral("done"));
    promise->finish();
    QTRY_COMPARE(f.eval(QStringLiteral("window.later")).toString(), QStringLiteral("done"));
    QCOMPARE(counters.invokesInFlight(), 0);
    QCOMPARE(counters.messages(), 1);
}

void tst_Inspector::traceHasTheExpectedSpans()
{
    Traffic f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("trace.html"),
                                QStringLiteral("ipcRenderer.on('status', () => {});"))));
    WebIpc::Tracing::start();
    QVERIFY(f.await(QStringLiteral("ipcRenderer.invoke('add', 1, 2)")).fulfilled);
    f.eval(QStringLiteral("ipcRenderer.send('ping', 'p'); 0"));
    f.contents->send(QStringLiteral("status"), QStringLiteral("ok"));
    QTest::qWait(200);
    const QJsonArray events = traceEvents(WebIpc::Tracing::stopToJson());
    QVERIFY(!WebIpc::Tracing::isRecording());

    std::set<QString> names;
    QJsonObject decodeAdd;
    for (const QJsonValue &value : events) {
        const QJsonObject event = value.toObject();
        names.insert(event.value(QStringLiteral("name")).toString());
        QVERIFY(event.contains(QStringLiteral("ph")));
        QCOMPARE(event.value(QStringLiteral("pid")).toInt(), f.contents->id());
        if (event.value(QStringLiteral("ph")) != QStringLiteral("M"))
            QVERIFY(event.value(QStringLiteral("ts")).isDouble());
        const QJsonObject args = event.value(QStringLiteral("args")).toObject();
        if (event.value(QStringLiteral("name")) == QStringLiteral("decode")
            && args.value(QStringLiteral("channel")) == QStringLiteral("add"))
            decodeAdd = event;
    }
    for (const char *span :
         {"receive", "decode", "handler", "reply", "flush", "send", "process_name", "thread_name"})
        QVERIFY2(names.count(QString::fromLatin1(span)), span);
    QCOMPARE(decodeAdd.value(QStringLiteral("ph")).toString(), QStringLiteral("X"));
    QVERIFY(decodeAdd.value(QStringLiteral("dur")).toDouble() >= 0);
    const QJsonObject args = decodeAdd.value(QStringLiteral("args")).toObject();
    QCOMPARE(args.value(QStringLiteral("kind")).toString(), QStringLiteral("invoke"));
    QCOMPARE(args.value(QStringLiteral("bytes")).toInt(), 5); // [1,2]
    QCOMPARE(args.value(QStringLiteral("args")).toString(), QStringLiteral("[1,2]"));
    QCOMPARE(args.value(QStringLiteral("frame")).toInt(), 0);
    QCOMPARE(args.value(QStringLiteral("document")).toString(),
             WebIpc::WebContentsPrivate::get(f.contents)->currentDocumentId());
}

void tst_Inspector::traceIsWrittenToAFile()
{
    Traffic f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("file.html"), QString())));
    WebIpc::Tracing::start();
    QVERIFY(f.await(QStringLiteral("ipcRenderer.invoke('add', 2, 3)")).fulfilled);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("trace.json"));
    QVERIFY(WebIpc::Tracing::stop(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray events = traceEvents(file.readAll());
    QVERIFY(std::any_of(events.begin(), events.end(), [](const QJsonValue &event) {
        return event.toObject().value(QStringLiteral("name")) == QStringLiteral("handler");
    }));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("nothing was recording")));
    QVERIFY(!WebIpc::Tracing::stop(path));
}

void tst_Inspector::subframesAreToldApart()
{
    // A subframe's messages carry its frame id: in the traffic, the counters and the trace.
    WebIpc::AttachOptions options;
    options.enableSubframes = true;
    Traffic f(options);
    IpcTrafficModel traffic;
    PageFolder folder;
    folder.write(QStringLiteral("child.html"),
                 QStringLiteral("ipcRenderer.invoke('add', 10, 20).then(v => "
                                "ipcRenderer.send('ping', 'from child', v));"));
    WebIpc::Tracing::start();
    QVERIFY(f.load(folder.write(QStringLiteral("parent.html"),
                                QStringLiteral("const frame = document.createElement('iframe');"
                                               "frame.src = 'child.html';"
                                               "document.body.appendChild(frame);"))));
    QTRY_COMPARE(traffic.rowCount(), 2);
    for (int row = 0; row < 2; ++row) {
        QCOMPARE(traffic.data(traffic.index(row, 0), IpcTrafficModel::FrameRole).toInt(), 1);
        QCOMPARE(traffic.data(traffic.index(row, IpcTrafficModel::PageColumn)).toString(),
                 QStringLiteral("%1 / frame 1").arg(f.contents->id()));
    }
    QCOMPARE(traffic.data(traffic.index(1, IpcTrafficModel::ArgumentsColumn)).toString(),
             QStringLiteral("[\"from child\",30]"));
    const QJsonArray events = traceEvents(WebIpc::Tracing::stopToJson());
    QVERIFY(std::any_of(events.begin(), events.end(), [](const QJsonValue &value) {
        const QJsonObject event = value.toObject();
        return event.value(QStringLiteral("name")) == QStringLiteral("handler")
                && event.value(QStringLiteral("tid")).toInt() == 1;
    }));
}

void tst_Inspector::inspectorWidgetShowsRows()
{
    WebIpc::InspectorWidget inspector;
    inspector.show();
    Traffic f;
    Traffic other;
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("widget.html"), QString())));
    QVERIFY(other.load(folder.write(QStringLiteral("other.html"), QString())));
    f.eval(QStringLiteral("ipcRenderer.send('ping', 1); ipcRenderer.invoke('add', 1, 2); 0"));
    other.eval(QStringLiteral("ipcRenderer.send('ping', 2); 0"));
    auto *view = inspector.findChild<QTableView *>(QStringLiteral("traffic"));
    QVERIFY(view);
    QCOMPARE(view->model(), inspector.trafficModel());
    QTRY_COMPARE(view->model()->rowCount(), 3);
    QVERIFY(view->visualRect(view->model()->index(0, IpcTrafficModel::ChannelColumn)).isValid());
    const auto channels = [&] {
        QStringList result;
        for (int row = 0; row < view->model()->rowCount(); ++row)
            result.append(
                    view->model()->index(row, IpcTrafficModel::ChannelColumn).data().toString());
        return result;
    };
    QCOMPARE(channels(),
             (QStringList{QStringLiteral("ping"), QStringLiteral("add"), QStringLiteral("ping")}));
    QCOMPARE(view->model()->index(1, IpcTrafficModel::ResultColumn).data().toString(),
             QStringLiteral("3"));
    inspector.setChannelFilter(QStringLiteral("AD"));
    QCOMPARE(channels(), QStringList{QStringLiteral("add")});
    inspector.setChannelFilter(QString());
    inspector.setPageFilter(other.contents->id());
    QCOMPARE(view->model()->rowCount(), 1);
    QCOMPARE(view->model()->index(0, IpcTrafficModel::ArgumentsColumn).data().toString(),
             QStringLiteral("[2]"));
}

void tst_Inspector::qmlInspectorShowsRows()
{
    // The offscreen platform has no OpenGL here: Qt Quick's software renderer draws the window
    // (the view lays out its rows when it is drawn).
    QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);
    QQmlEngine engine;
    QStringList qmlWarnings;
    connect(&engine, &QQmlEngine::warnings, this, [&](const QList<QQmlError> &warnings) {
        for (const QQmlError &warning : warnings)
            qmlWarnings.append(warning.toString());
    });
    QQmlComponent component(&engine);
    component.setData("import QtQuick\nimport QtQuick.Window\nimport WebIpc\n"
                      "Window { width: 900; height: 500; visible: true\n"
                      "  property alias inspector: inspector\n"
                      "  IpcInspector { id: inspector; anchors.fill: parent } }",
                      QUrl(QStringLiteral("qrc:/inspector-test.qml")));
    std::unique_ptr<QObject> window(component.create());
    QVERIFY2(window, qPrintable(component.errorString()));
    auto *inspector = window->property("inspector").value<QQuickItem *>();
    QVERIFY(inspector);
    Traffic f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("qml.html"), QString())));
    f.eval(QStringLiteral("ipcRenderer.send('ping', 'q'); ipcRenderer.invoke('add', 4, 5); 0"));
    auto *model = inspector->property("trafficModel").value<IpcTrafficModel *>();
    QVERIFY(model);
    QTRY_COMPARE(model->rowCount(), 2);
    QTRY_COMPARE(inspector->property("rows").toInt(), 2);
    // The list's delegates show the channels.
    const auto texts = [&] {
        QStringList result;
        std::function<void(QQuickItem *)> visit = [&](QQuickItem *item) {
            if (item->isVisible() && item->inherits("QQuickText"))
                result.append(item->property("text").toString());
            for (QQuickItem *child : item->childItems())
                visit(child);
        };
        visit(inspector);
        return result;
    };
    QTRY_VERIFY2(texts().contains(QStringLiteral("[4,5]")),
                 qPrintable(texts().join(u'|') + qmlWarnings.join(u'\n')));
    QVERIFY(texts().contains(QStringLiteral("9")));
    // A page of its own to filter by, among the choices.
    QTRY_VERIFY(texts().contains(QStringLiteral("Page %1").arg(f.contents->id())));
    // Page content is shown as plain text: a page's markup is not the application's UI.
    f.eval(QStringLiteral("ipcRenderer.send('<img src=x>', '<b>bold</b>'); 0"));
    QTRY_COMPARE(inspector->property("rows").toInt(), 3);
    QQuickItem *markup = nullptr;
    QTRY_VERIFY((markup = textItem(inspector, QStringLiteral("[\"<b>bold</b>\"]"))));
    QCOMPARE(markup->property("textFormat").toInt(), 0); // Text.PlainText
    QVERIFY(textItem(inspector, QStringLiteral("<img src=x>")));
    inspector->setProperty("channelFilter", QStringLiteral("pin"));
    QTRY_COMPARE(inspector->property("rows").toInt(), 1);
    QVERIFY2(qmlWarnings.isEmpty(), qPrintable(qmlWarnings.join(u'\n')));
}

QTEST_MAIN(tst_Inspector)
#include "tst_inspector.moc"
