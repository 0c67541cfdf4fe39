// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Safe by default: which origins may use IPC, per IpcMain and per channel; the sendSync scheme
// against other pages; limits against floods. Each hostile attempt fails cleanly and the
// legitimate traffic of other pages goes on.

#include "testsupport.h"

#include <core/webcontents_p.h>

#include <WebIpc/FrameInfo>

#include <QtCore/QElapsedTimer>
#include <QtCore/QPromise>
#include <QtCore/QTimer>
#include <QtTest/QTest>

#include <memory>

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

    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("refused a message on 'x'")));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("refused a message on 'h'")));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("refused a message on 's'")));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("Error occurred in handler for 'h'")));
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
                         QRegularExpression(QStringLiteral("refused a message on 'private'")));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("Error occurred in handler")));
    QVERIFY(!f.await(QStringLiteral("ipcRenderer.invoke('private')")).fulfilled);

    // And a channel closed to some local content.
    PageFolder folder;
    f.ipc.setChannelAllowedOrigins(QStringLiteral("private"), {QStringLiteral("qrc://")});
    QVERIFY(f.load(folder.write(QStringLiteral("local.html"), QString())));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("refused a message on 'private'")));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("Error occurred in handler")));
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

QTEST_MAIN(tst_Security)
#include "tst_security.moc"
