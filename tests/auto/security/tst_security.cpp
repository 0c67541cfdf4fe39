// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Safe by default: which origins may use IPC, per IpcMain and per channel; the sendSync scheme
// against other pages; limits against floods. Each hostile attempt fails cleanly and the
// legitimate traffic of other pages goes on.

#include "testsupport.h"

#include <core/webcontents_p.h>

#include <WebIpc/FrameInfo>

#include <QtCore/QRegularExpression>

#include <QtCore/QElapsedTimer>
#include <QtCore/QPromise>
#include <QtCore/QTimer>
#include <QtTest/QTest>

#include <memory>
#include <optional>
#include <stdexcept>

using namespace WebIpcTest;
using WebIpc::IpcMainEvent;
using WebIpc::IpcMainInvokeEvent;

namespace {

using Fixture = PageFixture;

QString refusal(const QString &channel, const QString &origin)
{
    return QStringLiteral("WebIpc refused a message on '%1': the origin %2 may not use it (see "
                          "IpcMain::setAllowedOrigins)")
            .arg(channel, origin);
}

// A run of 32 or more hex digits: what a minted credential looks like.
bool hasLongHexRun(const QString &text)
{
    static const QRegularExpression run(QStringLiteral("[0-9a-fA-F]{32,}"));
    return run.match(text).hasMatch();
}

// Counts (and swallows) what WebIpc logs in its "webipc.*" categories while it lives; other
// messages go to the previous handler (Qt Test's).
class WebIpcLogCounter
{
public:
    WebIpcLogCounter()
    {
        s_count = 0;
        s_previous = qInstallMessageHandler(&WebIpcLogCounter::handle);
    }
    ~WebIpcLogCounter() { qInstallMessageHandler(s_previous); }
    int count() const { return s_count; }
    QStringList samples() const { return s_samples; }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &text)
    {
        if (context.category && qstrncmp(context.category, "webipc", 6) == 0) {
            ++s_count;
            if (s_samples.size() < 5)
                s_samples << text.left(400);
            return;
        }
        if (s_previous)
            s_previous(type, context, text);
    }
    static inline int s_count = 0;
    static inline QStringList s_samples;
    static inline QtMessageHandler s_previous = nullptr;
};

} // namespace

class tst_Security : public QObject
{
    Q_OBJECT
public:
    static void initMain() { WebIpcTest::initMain(); }

private Q_SLOTS:
    void remoteOriginsAreRefusedUntilAllowed();
    void channelsCanHaveTheirOwnOrigins();
    void syncSchemeRefusesOtherPages();
    void pendingInvokesAreBounded();
    void floodDoesNotStarveOtherPages();
    void protoKeysPolluteNothing();
    void navigatingAwayMidCallLeaksNothing();
    // Issue 9.1
    void noCredentialReachesPageCode_data();
    void noCredentialReachesPageCode();
    // Issue 9.9
    void refusedBatchDoesNotKillTheDocument();
    // Issue 9.14
    void pageCodeCannotObserveIpcTraffic();
    // Issue 9.13 (last: on the current code its 900,000 row aborts the process on teardown)
    void floodDoesNotFreezeTheAppOrTheLog_data();
    void floodDoesNotFreezeTheAppOrTheLog();
};

void tst_Security::remoteOriginsAreRefusedUntilAllowed()
{
    Fixture f;
    int sends = 0;
    f.ipc.on(QStringLiteral("x"), this, [&]() { ++sends; });
    f.ipc.on(QStringLiteral("s"), this, [](const IpcMainEvent &event) { event.setReturnValue(1); });
    f.ipc.handle(QStringLiteral("h"), []() { return 1; });
    LocalHttpServer http;
    const QUrl url = http.serve(QStringLiteral("/remote.html"), pageHtml(QString()));
    const QString origin = WebIpc::FrameInfo::originOf(url);
    QVERIFY(!f.ipc.isOriginAllowed(origin, QStringLiteral("x")));
    QVERIFY(f.load(url));

    // One warning for the page and origin, with the fix to paste; not one per message.
    WebIpcLogCounter log;
    f.eval(QStringLiteral("ipcRenderer.send('x')"));
    const Settled invoked = f.await(QStringLiteral("ipcRenderer.invoke('h')"));
    QVERIFY(!invoked.fulfilled);
    QCOMPARE(invoked.value.toString(),
             QStringLiteral("Error invoking remote method 'h': Error: ")
                     + refusal(QStringLiteral("h"), origin));
    QCOMPARE(f.eval(QStringLiteral("(() => { try { return ipcRenderer.sendSync('s'); }"
                                   " catch (e) { return e.message; } })()"))
                     .toString(),
             QStringLiteral("sendSync failed: ") + refusal(QStringLiteral("s"), origin));
    f.eval(QStringLiteral("ipcRenderer.send('x'); ipcRenderer.send('x')"));
    QVERIFY(!f.await(QStringLiteral("ipcRenderer.invoke('h')")).fulfilled);
    QCOMPARE(log.count(), 1);
    QCOMPARE(log.samples().value(0),
             QStringLiteral("WebContents %1 WebIpc refused a message on 'x': the origin %2 may not "
                            "use it. To allow it: ipcMain.setAllowedOrigins({\"local\", \"%2\"}) "
                            "(further refusals of this origin on this page are logged at debug "
                            "level)")
                     .arg(f.contents->id())
                     .arg(origin));
    // The page's developer sees why in the console.
    QTRY_VERIFY(f.page->errors.contains(refusal(QStringLiteral("x"), origin)));
    QCOMPARE(sends, 0);

    // Allowed, the same page works at once.
    f.ipc.setAllowedOrigins({QStringLiteral("local"), origin});
    f.eval(QStringLiteral("ipcRenderer.send('x')"));
    QTRY_COMPARE(sends, 1);
    QCOMPARE(f.await(QStringLiteral("ipcRenderer.invoke('h')")).value.toInt(), 1);
    QCOMPARE(f.eval(QStringLiteral("ipcRenderer.sendSync('s')")).toInt(), 1);
}

void tst_Security::channelsCanHaveTheirOwnOrigins()
{
    Fixture f;
    f.ipc.handle(QStringLiteral("public"), []() { return QStringLiteral("public"); });
    f.ipc.handle(QStringLiteral("private"), []() { return QStringLiteral("private"); });
    LocalHttpServer http;
    const QUrl url = http.serve(QStringLiteral("/site.html"), pageHtml(QString()));
    const QString origin = WebIpc::FrameInfo::originOf(url);
    // One channel opened to one remote origin; the rest of IpcMain stays closed to it.
    f.ipc.setChannelAllowedOrigins(QStringLiteral("public"), {QStringLiteral("local"), origin});
    QVERIFY(f.load(url));
    QCOMPARE(f.await(QStringLiteral("ipcRenderer.invoke('public')")).value.toString(),
             QStringLiteral("public"));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral(
                                 "refused a message on 'private'.* To allow it: "
                                 "ipcMain.setAllowedOrigins\\(\\{\"local\", \"http://")));
    QVERIFY(!f.await(QStringLiteral("ipcRenderer.invoke('private')")).fulfilled);

    // And a channel closed to some local content.
    PageFolder folder;
    f.ipc.setChannelAllowedOrigins(QStringLiteral("private"), {QStringLiteral("qrc://")});
    QVERIFY(f.load(folder.write(QStringLiteral("local.html"), QString())));
    QTest::ignoreMessage(
            QtWarningMsg,
            QRegularExpression(QStringLiteral("refused a message on 'private'.* To allow it: "
                                              "ipcMain.setChannelAllowedOrigins\\(\"private\", "
                                              "\\{\"qrc://\", \"file://\"\\}\\)")));
    QVERIFY(!f.await(QStringLiteral("ipcRenderer.invoke('private')")).fulfilled);
    QCOMPARE(f.await(QStringLiteral("ipcRenderer.invoke('public')")).value.toString(),
             QStringLiteral("public"));
    f.ipc.setChannelAllowedOrigins(QStringLiteral("private"), {});
    QCOMPARE(f.await(QStringLiteral("ipcRenderer.invoke('private')")).value.toString(),
             QStringLiteral("private"));
}

void tst_Security::syncSchemeRefusesOtherPages()
{
    // Page A is the application's own; page B is remote, attached and even allowed.
    WebIpc::IpcMain ipc;
    auto pageA = std::make_unique<ConsolePage>();
    auto pageB = std::make_unique<ConsolePage>();
    WebIpc::WebContents *a = WebIpc::attach(&ipc, pageA.get());
    WebIpc::WebContents *b = WebIpc::attach(&ipc, pageB.get());
    QList<WebIpc::WebContents *> senders;
    ipc.on(QStringLiteral("sync"), this, [&](const IpcMainEvent &event) {
        senders.append(event.sender());
        event.setReturnValue(QStringLiteral("answered"));
    });
    PageFolder folder;
    LocalHttpServer http;
    const QUrl remote = http.serve(QStringLiteral("/b.html"), pageHtml(QString()));
    ipc.setAllowedOrigins({QStringLiteral("local"), WebIpc::FrameInfo::originOf(remote)});
    QVERIFY(loadAndWait(pageA.get(), a, folder.write(QStringLiteral("a.html"), QString())));
    QVERIFY(loadAndWait(pageB.get(), b, remote));

    // Even with the key and id of A's document (as if they had leaked), B cannot speak as A: the
    // browser says the request comes from B's origin.
    const QString secret = QString::fromLatin1(
            WebIpc::WebContentsPrivate::get(a)->documents.mainFrame().document.key);
    const QString doc = WebIpc::WebContentsPrivate::get(a)->currentDocumentId();
    const QString forge = QStringLiteral(R"(
        (() => {
            const request = JSON.stringify({ doc: '%2', after: 0,
                                             messages: [[2, 1000, 'sync', []]] });
            const xhr = new XMLHttpRequest();
            xhr.open('POST', 'webipc:sync', false);
            xhr.setRequestHeader('Accept', 'webipc-key=%1');
            xhr.setRequestHeader('X-WebIpc-Request', encodeURIComponent(request));
            try { xhr.send(); } catch (e) { return 'failed'; }
            return xhr.status + ' ' + xhr.responseText;
        })()
    )")
                                  .arg(secret, doc);
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("refused a sendSync request from")));
    QCOMPARE(evaluate(pageB.get(), forge).toString(), QStringLiteral("failed"));
    // Without a key nothing is reachable at all; a key nobody announced is refused soon.
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("malformed sendSync request")));
    QCOMPARE(evaluate(pageB.get(), QString(forge).replace(secret, QStringLiteral("guess")))
                     .toString(),
             QStringLiteral("failed"));
    QTest::ignoreMessage(
            QtWarningMsg,
            QRegularExpression(QStringLiteral("sendSync request of an unknown document")));
    QCOMPARE(evaluate(pageB.get(),
                      QString(forge).replace(secret, QString(secret.size(), QLatin1Char('0'))))
                     .toString()
                     .left(4),
             QStringLiteral("200 "));
    QVERIFY(senders.isEmpty());

    // Both pages' own sendSync still work, each as itself.
    QCOMPARE(evaluate(pageA.get(), QStringLiteral("ipcRenderer.sendSync('sync')")).toString(),
             QStringLiteral("answered"));
    QCOMPARE(evaluate(pageB.get(), QStringLiteral("ipcRenderer.sendSync('sync')")).toString(),
             QStringLiteral("answered"));
    QCOMPARE(senders, (QList<WebIpc::WebContents *>{a, b}));
}

void tst_Security::pendingInvokesAreBounded()
{
    Fixture f;
    f.ipc.setMaximumPendingInvokes(5);
    QList<std::shared_ptr<QPromise<int>>> promises;
    f.ipc.handle(QStringLiteral("wait"), [&]() {
        auto promise = std::make_shared<QPromise<int>>();
        promise->start();
        promises.append(promise);
        return promise->future();
    });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("bounded.html"), QString())));
    for (int i = 0; i < 5; ++i) {
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("too many pending invokes")));
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("Error occurred in handler")));
    }
    f.eval(QStringLiteral(R"(
        window.outcomes = [];
        for (let i = 0; i < 10; ++i)
            ipcRenderer.invoke('wait').then(v => outcomes.push('ok ' + v),
                                            e => outcomes.push(e.message));
    )"));
    QTRY_COMPARE(f.eval(QStringLiteral("outcomes.length")).toInt(), 5);
    QCOMPARE(promises.size(), 5);
    QCOMPARE(f.eval(QStringLiteral("outcomes[0]")).toString(),
             QStringLiteral("Error invoking remote method 'wait': Error: WebIpc refused the call: "
                            "more than 5 invokes are waiting for their handlers"));
    for (const auto &promise : promises) {
        promise->addResult(7);
        promise->finish();
    }
    QTRY_COMPARE(f.eval(QStringLiteral("outcomes.length")).toInt(), 10);
    QCOMPARE(f.eval(QStringLiteral("outcomes[9]")).toString(), QStringLiteral("ok 7"));
    // Settled calls make room again.
    promises.clear();
    f.eval(QStringLiteral("ipcRenderer.invoke('wait'); 0"));
    QTRY_COMPARE(promises.size(), 1);
    promises.first()->finish();
}

void tst_Security::floodDoesNotStarveOtherPages()
{
    WebIpc::IpcMain ipc;
    auto flooder = std::make_unique<ConsolePage>();
    auto quiet = std::make_unique<ConsolePage>();
    WebIpc::WebContents *a = WebIpc::attach(&ipc, flooder.get());
    WebIpc::WebContents *b = WebIpc::attach(&ipc, quiet.get());
    constexpr int FloodSize = 200000;
    int flood = 0;
    int floodWhenAnswered = -1;
    ipc.on(QStringLiteral("flood"), this, [&]() { ++flood; });
    ipc.handle(QStringLiteral("ping"), [&]() {
        floodWhenAnswered = flood;
        return QStringLiteral("pong");
    });
    PageFolder folder;
    QVERIFY(loadAndWait(flooder.get(), a, folder.write(QStringLiteral("flood.html"), QString())));
    QVERIFY(loadAndWait(quiet.get(), b, folder.write(QStringLiteral("quiet.html"), QString())));

    evaluate(flooder.get(),
             QStringLiteral("for (let i = 0; i < %1; ++i) ipcRenderer.send('flood', i); 0")
                     .arg(FloodSize));
    QTRY_VERIFY_WITH_TIMEOUT(flood > 0, 30000);
    const Settled answer = awaitPromise(quiet.get(), QStringLiteral("ipcRenderer.invoke('ping')"));
    QCOMPARE(answer.value.toString(), QStringLiteral("pong"));
    // The quiet page was answered while the flood was still being handled, a slice at a time.
    QVERIFY2(floodWhenAnswered < FloodSize,
             qPrintable(QStringLiteral("answered after %1 flood messages").arg(floodWhenAnswered)));
    QTRY_COMPARE_WITH_TIMEOUT(flood, FloodSize, 60000); // and nothing of the flood was lost
}

void tst_Security::protoKeysPolluteNothing()
{
    Fixture f;
    QVariantMap received;
    f.ipc.handle(QStringLiteral("echo"), [&](const QVariantList &args) {
        received = args.value(0).toMap();
        return args.value(0);
    });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("proto.html"), QString())));
    const Settled result = f.await(QStringLiteral(R"(
        ipcRenderer.invoke('echo', JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}'))
            .then(v => [({}).polluted === undefined, Object.getPrototypeOf(v) === Object.prototype,
                        Object.keys(v).sort().join()].join())
    )"));
    QCOMPARE(result.value.toString(), QStringLiteral("true,true,__proto__,constructor"));
    QCOMPARE(received.keys(),
             (QStringList{QStringLiteral("__proto__"), QStringLiteral("constructor")}));
}

void tst_Security::navigatingAwayMidCallLeaksNothing()
{
    Fixture f;
    auto pending = std::make_shared<QPromise<QString>>();
    IpcMainInvokeEvent firstEvent;
    f.ipc.handle(QStringLiteral("secret"), [&](const IpcMainInvokeEvent &event) {
        firstEvent = event;
        pending->start();
        return pending->future();
    });
    QStringList origins;
    f.ipc.on(QStringLiteral("here"), this,
             [&](const IpcMainEvent &event) { origins << event.senderFrame().origin(); });
    PageFolder folder;
    LocalHttpServer http;
    const QUrl local = folder.write(QStringLiteral("own.html"), QString());
    const QUrl remote = http.serve(QStringLiteral("/elsewhere.html"), pageHtml(QStringLiteral(R"(
        window.got = [];
        ipcRenderer.on('x', (e, v) => window.got.push(v));
        ipcRenderer.send('here');
    )")));
    f.ipc.setAllowedOrigins({QStringLiteral("local"), WebIpc::FrameInfo::originOf(remote)});
    QVERIFY(f.load(local));
    f.eval(QStringLiteral("ipcRenderer.invoke('secret'); 0"));
    QTRY_VERIFY(firstEvent.isValid());
    QVERIFY(f.load(remote)); // navigates away, to another origin, with the call in flight
    QTRY_COMPARE(origins, QStringList{WebIpc::FrameInfo::originOf(remote)});
    pending->addResult(QStringLiteral("for the local page only"));
    pending->finish();
    QTest::qWait(100);
    // The answer died with the document that asked; the event still tells who that was.
    QCOMPARE(firstEvent.senderFrame().origin(), QStringLiteral("file://"));
    QCOMPARE(firstEvent.senderFrame().url(), local);
    QCOMPARE(f.eval(QStringLiteral("JSON.stringify(window.got)")).toString(), QStringLiteral("[]"));
    f.contents->send(QStringLiteral("x"), 1);
    QTRY_COMPARE(f.eval(QStringLiteral("JSON.stringify(window.got)")).toString(),
                 QStringLiteral("[1]"));
}

// Issue 9.1: no credential reaches page code, neither in the error a failed sendSync throws nor
// in the page's resource timing entries.
void tst_Security::noCredentialReachesPageCode_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::newRow("file:") << "file";
    QTest::newRow("app:") << "app";
}

void tst_Security::noCredentialReachesPageCode()
{
    QFETCH(QString, scheme);
    Fixture f;
    f.ipc.setSyncReplyTimeout(std::chrono::milliseconds(2000));
    QString reported;
    QStringList resources;
    bool gotReport = false;
    f.ipc.on(QStringLiteral("report"), this, [&](const QVariantList &args) {
        reported = args.value(0).toString();
        resources = args.value(1).toStringList();
        gotReport = true;
    });
    f.ipc.on(QStringLiteral("s"), this,
             [](const IpcMainEvent &event) { event.setReturnValue(QStringLiteral("sync")); });
    f.ipc.on(QStringLiteral("throws"), this,
             [](const IpcMainEvent &) { throw std::runtime_error("listener failed"); });

    PageFolder folder;
    auto page = [&](const QString &name, const QString &script) {
        return scheme == QLatin1String("app")
                ? AppSchemePages::serve(f.page->profile(), name, pageHtml(script))
                : folder.write(name, script);
    };
    const QUrl leaving = page(QStringLiteral("leaving.html"), QStringLiteral(R"(
        addEventListener('pagehide', () => {
            let message = 'sendSync did not throw';
            try { ipcRenderer.sendSync('s'); } catch (e) { message = String(e && e.message); }
            ipcRenderer.send('report', message,
                             performance.getEntriesByType('resource').map(x => x.name));
        });
    )"));
    const QUrl elsewhere = page(QStringLiteral("elsewhere.html"), QString());

    // A sendSync from pagehide fails; what page code can read of it holds no credential.
    QVERIFY(f.load(leaving));
    QVERIFY(f.load(elsewhere));
    QTRY_VERIFY_WITH_TIMEOUT(gotReport, 10000);
    QVERIFY2(reported.startsWith(QStringLiteral("sendSync failed: ")), qPrintable(reported));
    QVERIFY2(!reported.contains(QStringLiteral("webipc"), Qt::CaseInsensitive),
             qPrintable(reported));
    QVERIFY2(!hasLongHexRun(reported), qPrintable(reported));
    for (const QString &name : resources)
        QVERIFY2(!hasLongHexRun(name), qPrintable(name));

    // A normal page: successful sendSyncs, then one whose listener throws.
    QVERIFY(f.load(page(QStringLiteral("normal.html"), QString())));
    for (int i = 0; i < 5; ++i)
        QCOMPARE(f.eval(QStringLiteral("ipcRenderer.sendSync('s')")).toString(),
                 QStringLiteral("sync"));
    const QString thrown = f.eval(QStringLiteral(R"(
        (() => { try { return 'returned ' + JSON.stringify(ipcRenderer.sendSync('throws')); }
                 catch (e) { return String(e && e.message); } })()
    )"))
                                   .toString();
    QVERIFY2(!hasLongHexRun(thrown), qPrintable(thrown));
    const QStringList names =
            f.eval(QStringLiteral("performance.getEntriesByType('resource').map(x => x.name)"))
                    .toStringList();
    for (const QString &name : names)
        QVERIFY2(!hasLongHexRun(name), qPrintable(name));
    // And sendSync still works after all that.
    QCOMPARE(f.eval(QStringLiteral("ipcRenderer.sendSync('s')")).toString(),
             QStringLiteral("sync"));
}

// Issue 9.9: a batch WebIpc refuses (too many messages) fails what was in it, visibly, and the
// document goes on working.
void tst_Security::refusedBatchDoesNotKillTheDocument()
{
    Fixture f;
    int after = 0;
    f.ipc.on(QStringLiteral("flood"), this, []() {});
    f.ipc.on(QStringLiteral("after"), this, [&]() { ++after; });
    f.ipc.handle(QStringLiteral("h"), []() { return QStringLiteral("handled"); });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("batch.html"), QString())));
    WebIpcLogCounter log; // the refusal may be logged; keep the output readable
    QElapsedTimer timer;
    timer.start();
    f.eval(QStringLiteral(R"(
        window.outcome = '';
        setTimeout(() => {
            const start = performance.now();
            for (let i = 0; i < 1000001; ++i) ipcRenderer.send('flood', i);
            console.log('built in ' + Math.round(performance.now() - start) + ' ms');
            const p = ipcRenderer.invoke('h');
            p.then(v => { window.outcome = 'resolved ' + v; },
                   e => { window.outcome = String(e && e.message); });
        }, 0);
        0
    )"));
    QString outcome;
    QVERIFY2(waitFor(
                     [&]() {
                         outcome = f.eval(QStringLiteral("window.outcome")).toString();
                         return !outcome.isEmpty();
                     },
                     30000), // a batch of 1,000,002 messages: slow on a loaded machine
             qPrintable(QStringLiteral("the invoke did not settle; console: ")
                        + f.page->messages.join(QLatin1Char('\n')).left(1000)));
    qInfo("the batch settled after %lld ms (%s)", qlonglong(timer.elapsed()),
          qPrintable(f.page->messages.filter(QStringLiteral("built in")).join(QString())));
    QVERIFY2(outcome.startsWith(
                     QStringLiteral("Error invoking remote method 'h': Error: WebIpc refused")),
             qPrintable(outcome));
    QTRY_VERIFY2(!f.page->errors.filter(QStringLiteral("WebIpc refused")).isEmpty(),
                 qPrintable(f.page->errors.join(QLatin1Char('\n')).left(2000)));
    // The document still works.
    const Settled again = f.await(QStringLiteral("ipcRenderer.invoke('h')"));
    QVERIFY(again.done);
    QVERIFY2(again.fulfilled, qPrintable(again.value.toString()));
    QCOMPARE(again.value.toString(), QStringLiteral("handled"));
    f.eval(QStringLiteral("ipcRenderer.send('after'); 0"));
    QTRY_COMPARE(after, 1);
}

// Issue 9.13: a flood of refused messages neither floods the log nor freezes other pages.
void tst_Security::floodDoesNotFreezeTheAppOrTheLog_data()
{
    QTest::addColumn<int>("count");
    QTest::newRow("1,100,000 in one batch") << 1100000;
    // Under the batch limit: every message reaches the origin policy and is refused there.
    QTest::newRow("900,000 in one batch") << 900000;
}

void tst_Security::floodDoesNotFreezeTheAppOrTheLog()
{
    QFETCH(int, count);
    WebIpc::IpcMain ipc;
    auto flooder = std::make_unique<ConsolePage>();
    auto quiet = std::make_unique<ConsolePage>();
    WebIpc::WebContents *a = WebIpc::attach(&ipc, flooder.get());
    WebIpc::WebContents *b = WebIpc::attach(&ipc, quiet.get());
    int flood = 0;
    int markers = 0;
    ipc.on(QStringLiteral("flood"), this, [&]() { ++flood; });
    ipc.on(QStringLiteral("marker"), this, [&]() { ++markers; });
    ipc.handle(QStringLiteral("ping"), []() { return QStringLiteral("pong"); });
    LocalHttpServer http;
    const QUrl remote = http.serve(QStringLiteral("/flood.html"), pageHtml(QString()));
    // The remote page may use 'marker' only; 'flood' is refused by the origin policy.
    ipc.setChannelAllowedOrigins(QStringLiteral("marker"),
                                 {QStringLiteral("local"), WebIpc::FrameInfo::originOf(remote)});
    PageFolder folder;
    QVERIFY(loadAndWait(flooder.get(), a, remote));
    QVERIFY(loadAndWait(quiet.get(), b, folder.write(QStringLiteral("quiet.html"), QString())));

    std::optional<WebIpcLogCounter> log;
    log.emplace();
    QElapsedTimer flooding;
    flooding.start();
    evaluate(flooder.get(),
             QStringLiteral(R"(
        window.built = false;
        setTimeout(() => {
            const start = performance.now();
            for (let i = 0; i < %1; ++i) ipcRenderer.send('flood', i);
            window.built = Math.round(performance.now() - start) + ' ms';
            setTimeout(() => ipcRenderer.send('marker'), 0);
        }, 0);
        0
    )")
                     .arg(count));
    QString built;
    QVERIFY(waitFor(
            [&]() {
                built = evaluate(flooder.get(), QStringLiteral("window.built")).toString();
                return built != QLatin1String("false") && !built.isEmpty();
            },
            60000)); // a bound for a loaded machine, not a time limit
    qInfo("the page built its flood in %s", qPrintable(built));
    // While the flood is handled, the other page is answered.
    const Settled answer =
            awaitPromise(quiet.get(), QStringLiteral("ipcRenderer.invoke('ping')"), 30000);
    QVERIFY2(answer.done, "the quiet page's invoke was not answered within 30 s");
    QCOMPARE(answer.value.toString(), QStringLiteral("pong"));
    qInfo("answered with %d log lines so far, marker %s", log->count(),
          markers ? "already arrived" : "not yet arrived");
    // The flooding page's next task arrives once the flood has been handled.
    waitFor([&]() { return markers > 0; }, 30000);
    QTest::qWait(1100);
    const int lines = log->count();
    const QStringList samples = log->samples();
    log.reset();
    QCOMPARE(flood, 0);
    // A few lines as they come, then one summary line a second at most (not a time limit: how
    // long the flood takes only sets how many summaries there may be).
    const int allowed = 8 + int(flooding.elapsed() / 1000) + 1;
    QVERIFY2(lines <= allowed,
             qPrintable(QStringLiteral("%1 log lines (at most %2), e.g. %3")
                                .arg(lines)
                                .arg(allowed)
                                .arg(samples.join(QStringLiteral(" | ")))));
    qInfo("%d log lines: %s", lines, qPrintable(samples.join(QStringLiteral(" | "))));
    // And the flooding page itself goes on (its next task's message arrived).
    QCOMPARE(markers, 1);
}

// Issue 9.14: page code cannot read or rewrite the messages of WebIpc's scripts, whatever it
// listens to or wraps before doing IPC.
void tst_Security::pageCodeCannotObserveIpcTraffic()
{
    Fixture f;
    QStringList received;
    f.ipc.on(QStringLiteral("n"), this,
             [&](const QVariantList &args) { received << args.value(0).toString(); });
    f.ipc.handle(QStringLiteral("h"), [&](const QVariantList &args) {
        received << args.value(0).toString();
        return QStringLiteral("secret-payload-3");
    });
    f.ipc.on(QStringLiteral("s"), this, [&](const IpcMainEvent &event, const QVariantList &args) {
        received << args.value(0).toString();
        event.setReturnValue(QStringLiteral("secret-payload-5"));
    });
    const QString spy = QStringLiteral(R"(
        window.seen = [];
        const note = (what, type, detail) => {
            let text;
            try { text = JSON.stringify(detail); } catch (e) { text = String(detail); }
            seen.push(what + ' ' + String(type) + ' ' + text);
        };
        const observe = e => note('listener', e.type, e.detail !== undefined ? e.detail : e.data);
        for (const type of ['webipc:request', 'webipc:response', 'message']) {
            for (const target of [document, window]) {
                target.addEventListener(type, observe, true);
                target.addEventListener(type, observe, false);
            }
        }
        const documentAdd = document.addEventListener;
        document.addEventListener = function (type, ...rest) {
            note('document.addEventListener', type);
            return documentAdd.call(this, type, ...rest);
        };
        const add = EventTarget.prototype.addEventListener;
        EventTarget.prototype.addEventListener = function (type, ...rest) {
            note('addEventListener', type);
            return add.call(this, type, ...rest);
        };
        const dispatch = EventTarget.prototype.dispatchEvent;
        EventTarget.prototype.dispatchEvent = function (event) {
            note('dispatchEvent', event && event.type, event && event.detail);
            return dispatch.call(this, event);
        };
        const OriginalCustomEvent = window.CustomEvent;
        window.CustomEvent = function (type, init) {
            note('CustomEvent', type, init && init.detail);
            return new OriginalCustomEvent(type, init);
        };
        window.CustomEvent.prototype = OriginalCustomEvent.prototype;
    )");
    PageFolder folder;
    const QUrl url = folder.write(QStringLiteral("observer.html"),
                                  QStringLiteral("window.w = '';"
                                                 "ipcRenderer.on('w', (e, v) => window.w = v);"),
                                  QStringLiteral("<script>") + spy + QStringLiteral("</script>"));
    QVERIFY(f.load(url));
    f.eval(QStringLiteral("ipcRenderer.send('n', 'secret-payload-1'); 0"));
    const Settled invoked = f.await(QStringLiteral("ipcRenderer.invoke('h', 'secret-payload-2')"));
    QCOMPARE(invoked.value.toString(), QStringLiteral("secret-payload-3"));
    QCOMPARE(f.eval(QStringLiteral("ipcRenderer.sendSync('s', 'secret-payload-4')")).toString(),
             QStringLiteral("secret-payload-5"));
    f.contents->send(QStringLiteral("w"), QStringLiteral("secret-payload-6"));
    QTRY_COMPARE(f.eval(QStringLiteral("window.w")).toString(), QStringLiteral("secret-payload-6"));
    QTRY_COMPARE(received.size(), 3);
    QCOMPARE(received,
             (QStringList{QStringLiteral("secret-payload-1"), QStringLiteral("secret-payload-2"),
                          QStringLiteral("secret-payload-4")}));
    const QStringList seen = f.eval(QStringLiteral("window.seen")).toStringList();
    const QStringList leaked = seen.filter(QStringLiteral("secret-payload"));
    QVERIFY2(leaked.isEmpty(),
             qPrintable(QStringLiteral("page code saw %1 of %2 events with IPC payloads: %3")
                                .arg(leaked.size())
                                .arg(seen.size())
                                .arg(leaked.join(QLatin1Char('\n')).left(1500))));
}

QTEST_MAIN(tst_Security)
#include "tst_security.moc"
