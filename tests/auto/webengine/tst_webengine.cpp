// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// End-to-end behaviour of WebIpc in real, headless Qt WebEngine pages: Electron's ipcMain and
// ipcRenderer as a user of both sides sees them. B-numbers refer to Electron's behaviour
// checklist (shared/reference/electron-ipc-behaviour.md).

#include "testsupport.h"

#include <core/bridgeobject_p.h>
#include <core/webcontents_p.h>

#include <WebIpc/HandlerError>

#include <QtCore/QFile>
#include <QtCore/QPromise>
#include <QtCore/QTimer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWebChannel/QWebChannel>

#include <memory>
#include <stdexcept>

using namespace WebIpcTest;
using WebIpc::IpcMainEvent;
using WebIpc::IpcMainInvokeEvent;

namespace {

using Fixture = PageFixture;

QString invokeError(const QString &channel, const QString &error)
{
    return QStringLiteral("Error invoking remote method '%1': %2").arg(channel, error);
}

} // namespace

class tst_WebEngine : public QObject
{
    Q_OBJECT
public:
    static void initMain() { WebIpcTest::initMain(); }

private Q_SLOTS:
    void ipcRendererExistsBeforePageScripts();
    void pageCannotReachTheChannel();
    void everyKindOfPage_data();
    void everyKindOfPage();
    void sendReachesListenersInOrder();
    void onceListenerFiresOnce();
    void listenerExceptionDoesNotStopOthers();
    void invokeResolvesWithHandlerValue();
    void invokeResolvesWithFuture();
    void invokeRejections_data();
    void invokeRejections();
    void invokeWithoutHandlerRejects();
    void handleOnceAnswersOneCall();
    void removedHandlerRejects();
    void sendSyncReturnsValue();
    void sendSyncValueMaySetLater();
    void sendSyncFirstValueWins();
    void sendSyncWithoutListenerWarnsAndReturns();
    void orderAcrossSendSendSyncAndInvoke();
    void webContentsSendReachesPageListeners();
    void sendBeforeDocumentIsHeld();
    void eventReplyReachesSender();
    void eventIdentifiesSender();
    void pagesDoNotSeeEachOther();
    void valuesRoundTrip();
    void uncloneableArgumentsThrow();
    void rendererEmitterApi();
    void staleInvokeAfterReloadIsDropped();
    void pageWorksAfterReload();
    void pageCannotUseTheBridgeEvents();
    void malformedMessagesInjectedAreRefused();
    void deletingPageWithPendingCallsIsSafe();
    void electronRequireIsOptIn();
    void attachMistakesAreExplained();
    void answersQueuedWhileHandlingKeepTheirOrder();
    void smallAndLargeBatchesArriveIntact();
    void largeStringsCrossBetweenTheWorldsIntact_data();
    void largeStringsCrossBetweenTheWorldsIntact();
    void malformedPostedValueIsRefused();
};

void tst_WebEngine::ipcRendererExistsBeforePageScripts()
{
    Fixture f;
    PageFolder folder;
    QVERIFY(f.load(
            folder.write(QStringLiteral("early.html"),
                         QStringLiteral("window.early = typeof window.ipcRenderer;"),
                         QStringLiteral("<script>window.inHead = typeof ipcRenderer;</script>"))));
    QCOMPARE(f.eval(QStringLiteral("window.inHead")).toString(), QStringLiteral("object"));
    QCOMPARE(f.eval(QStringLiteral("window.early")).toString(), QStringLiteral("object"));
    const QStringList methods{
            QStringLiteral("send"),           QStringLiteral("sendSync"),
            QStringLiteral("invoke"),         QStringLiteral("on"),
            QStringLiteral("once"),           QStringLiteral("off"),
            QStringLiteral("removeListener"), QStringLiteral("removeAllListeners"),
            QStringLiteral("listenerCount"),  QStringLiteral("eventNames")};
    for (const QString &method : methods) {
        QCOMPARE(f.eval(QStringLiteral("typeof ipcRenderer.%1").arg(method)).toString(),
                 QStringLiteral("function"));
    }
}

void tst_WebEngine::pageCannotReachTheChannel()
{
    Fixture f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("isolated.html"), QString())));
    // The bridge and qt.webChannelTransport live in the isolated world only.
    QCOMPARE(f.eval(QStringLiteral("typeof qt")).toString(), QStringLiteral("undefined"));
    QCOMPARE(f.eval(QStringLiteral("typeof QWebChannel")).toString(), QStringLiteral("undefined"));
    QCOMPARE(f.eval(QStringLiteral("typeof __webipcBridge")).toString(),
             QStringLiteral("undefined"));
    // ipcRenderer cannot be replaced by page script.
    QCOMPARE(f.eval(QStringLiteral("(() => { try { window.ipcRenderer = 1; } catch (e) {}"
                                   " return typeof window.ipcRenderer; })()"))
                     .toString(),
             QStringLiteral("object"));
}

void tst_WebEngine::everyKindOfPage_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("file:") << "file";
    QTest::newRow("qrc:") << "qrc";
    QTest::newRow("http: on localhost") << "http";
    QTest::newRow("the application's own scheme") << "app";
}

void tst_WebEngine::everyKindOfPage()
{
    QFETCH(QString, kind);
    Fixture f;
    QString sendOrigin;
    f.ipc.handle(QStringLiteral("who"),
                 [](const IpcMainInvokeEvent &event) { return event.senderFrame().origin(); });
    f.ipc.on(QStringLiteral("who-sync"), this,
             [](const IpcMainEvent &event) { event.setReturnValue(event.senderFrame().origin()); });
    f.ipc.on(QStringLiteral("who-send"), this,
             [&](const IpcMainEvent &event) { sendOrigin = event.senderFrame().origin(); });
    QFile script(QStringLiteral(":/tests/origin.js"));
    QVERIFY(script.open(QIODevice::ReadOnly));
    const QString source = QString::fromUtf8(script.readAll());
    PageFolder folder;
    LocalHttpServer http;
    QUrl url;
    if (kind == QLatin1String("file"))
        url = folder.write(QStringLiteral("origin.html"), source);
    else if (kind == QLatin1String("qrc"))
        url = QUrl(QStringLiteral("qrc:/tests/origin.html"));
    else if (kind == QLatin1String("http")) {
        url = http.serve(QStringLiteral("/origin.html"), pageHtml(source));
        // Remote origins are refused until allowed (see tst_security).
        f.ipc.setAllowedOrigins({QStringLiteral("local"), WebIpc::FrameInfo::originOf(url)});
    } else
        url = AppSchemePages::serve(f.page->profile(), QStringLiteral("origin.html"),
                                    pageHtml(source));
    QVERIFY(f.load(url));
    const QString origin = WebIpc::FrameInfo::originOf(url);
    QTRY_COMPARE(f.eval(QStringLiteral("results.invoke")).toString(), origin);
    QCOMPARE(f.eval(QStringLiteral("results.sync")).toString(), origin);
    QTRY_COMPARE(sendOrigin, origin);
    QCOMPARE(f.contents->url(), url);
}

void tst_WebEngine::sendReachesListenersInOrder()
{
    Fixture f;
    QStringList calls;
    QVariantList received;
    connect(&f.ipc, &WebIpc::IpcMain::message, this,
            [&](const QString &channel) { calls << QStringLiteral("catch-all:") + channel; });
    f.ipc.on(QStringLiteral("greet"), this, [&](const IpcMainEvent &, const QVariantList &args) {
        calls << QStringLiteral("first");
        received = args;
    });
    f.ipc.on(QStringLiteral("greet"), this, [&]() { calls << QStringLiteral("second"); });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("send.html"),
                                QStringLiteral("ipcRenderer.send('greet', 'hello', 42, "
                                               "{ id: 7, nested: [true, null] });"))));
    QTRY_COMPARE(calls.size(), 3);
    QCOMPARE(calls,
             (QStringList{QStringLiteral("catch-all:greet"), QStringLiteral("first"),
                          QStringLiteral("second")}));
    QCOMPARE(received.size(), 3);
    QCOMPARE(received.at(0).toString(), QStringLiteral("hello"));
    QCOMPARE(received.at(1).toInt(), 42);
    const QVariantMap object = received.at(2).toMap();
    QCOMPARE(object.value(QStringLiteral("id")).toInt(), 7); // B24
    const QVariantList nested = object.value(QStringLiteral("nested")).toList();
    QCOMPARE(nested.size(), 2);
    QCOMPARE(nested.at(0).toBool(), true);
    QVERIFY(nested.at(1).isNull());
    QCOMPARE(f.ipc.eventNames(), QStringList{QStringLiteral("greet")});
    QCOMPARE(f.ipc.listenerCount(QStringLiteral("greet")), 2);
}

void tst_WebEngine::onceListenerFiresOnce()
{
    Fixture f;
    int onceCalls = 0;
    int onCalls = 0;
    f.ipc.once(QStringLiteral("tick"), this, [&]() { ++onceCalls; });
    f.ipc.on(QStringLiteral("tick"), this, [&]() { ++onCalls; });
    QCOMPARE(f.ipc.listenerCount(QStringLiteral("tick")), 2);
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("once.html"),
                                QStringLiteral("for (let i = 0; i < 3; ++i) "
                                               "ipcRenderer.send('tick', i);"))));
    QTRY_COMPARE(onCalls, 3);
    QCOMPARE(onceCalls, 1); // B25
    QCOMPARE(f.ipc.listenerCount(QStringLiteral("tick")), 1);
}

void tst_WebEngine::listenerExceptionDoesNotStopOthers()
{
    Fixture f;
    bool secondRan = false;
    f.ipc.on(QStringLiteral("boom"), this, []() { throw std::runtime_error("listener failed"); });
    f.ipc.on(QStringLiteral("boom"), this, [&]() { secondRan = true; });
    QTest::ignoreMessage(QtWarningMsg,
                         "Error occurred in listener for boom : Error: listener failed");
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("boom.html"),
                                QStringLiteral("ipcRenderer.send('boom');"))));
    QTRY_VERIFY(secondRan);
}

void tst_WebEngine::invokeResolvesWithHandlerValue()
{
    Fixture f;
    QVariantList seenArgs;
    QVERIFY(f.ipc.handle(QStringLiteral("test"),
                         [&](const IpcMainInvokeEvent &event, const QVariantList &args) {
                             seenArgs = args;
                             return event.isValid() ? 3 : -1;
                         }));
    f.ipc.handle(QStringLiteral("nothing"), []() {});
    f.ipc.handle(QStringLiteral("object"), [](const QVariantList &args) {
        return QVariantMap{
                {QStringLiteral("sum"), args.value(0).toDouble() + args.value(1).toDouble()},
                {QStringLiteral("list"), QStringList{QStringLiteral("a")}}};
    });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("invoke.html"), QString())));
    const Settled three = f.await(QStringLiteral("ipcRenderer.invoke('test', 123)"));
    QVERIFY(three.done);
    QVERIFY(three.fulfilled);
    QCOMPARE(three.value.toInt(), 3); // B11
    QCOMPARE(seenArgs, QVariantList{123});
    const Settled nothing =
            f.await(QStringLiteral("ipcRenderer.invoke('nothing').then(v => v === undefined)"));
    QVERIFY(nothing.fulfilled);
    QCOMPARE(nothing.value.toBool(), true); // B20
    const Settled object = f.await(
            QStringLiteral("ipcRenderer.invoke('object', 1.5, 2).then(v => JSON.stringify(v))"));
    QCOMPARE(object.value.toString(), QStringLiteral("{\"list\":[\"a\"],\"sum\":3.5}"));
}

void tst_WebEngine::invokeResolvesWithFuture()
{
    Fixture f;
    auto promise = std::make_shared<QPromise<QString>>();
    f.ipc.handle(QStringLiteral("later"), [promise]() {
        promise->start();
        return promise->future();
    });
    f.ipc.handle(QStringLiteral("void-future"), [this]() {
        auto voidPromise = std::make_shared<QPromise<void>>();
        voidPromise->start();
        QTimer::singleShot(10, this, [voidPromise]() { voidPromise->finish(); });
        return voidPromise->future();
    });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("future.html"), QString())));
    f.eval(QStringLiteral("window.later = null; ipcRenderer.invoke('later').then(v => "
                          "window.later = v); 0"));
    QTest::qWait(100);
    QVERIFY(f.eval(QStringLiteral("window.later")).isNull()); // still pending: B12
    promise->addResult(QStringLiteral("finally"));
    promise->finish();
    QTRY_COMPARE(f.eval(QStringLiteral("window.later")).toString(), QStringLiteral("finally"));
    const Settled voidResult =
            f.await(QStringLiteral("ipcRenderer.invoke('void-future').then(v => v === undefined)"));
    QVERIFY(voidResult.fulfilled);
    QCOMPARE(voidResult.value.toBool(), true);
}

void tst_WebEngine::invokeRejections_data()
{
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QString>("error");
    QTest::newRow("std::exception") << "throws"
                                    << "Error: some error";
    QTest::newRow("HandlerError") << "type-error"
                                  << "TypeError: expected a number";
    QTest::newRow("failed future") << "failed-future"
                                   << "Error: disk full";
    QTest::newRow("canceled future") << "canceled-future"
                                     << "Error: the handler's QFuture was canceled";
    QTest::newRow("dropped call") << "dropped"
                                  << "Error: reply was never sent";
}

void tst_WebEngine::invokeRejections()
{
    QFETCH(QString, channel);
    QFETCH(QString, error);
    Fixture f;
    f.ipc.handle(QStringLiteral("throws"), []() -> int { throw std::runtime_error("some error"); });
    f.ipc.handle(QStringLiteral("type-error"), []() -> int {
        throw WebIpc::HandlerError(QStringLiteral("TypeError"),
                                   QStringLiteral("expected a number"));
    });
    f.ipc.handle(QStringLiteral("failed-future"), []() {
        QPromise<int> promise;
        promise.start();
        promise.setException(std::make_exception_ptr(std::runtime_error("disk full")));
        promise.finish();
        return promise.future();
    });
    f.ipc.handle(QStringLiteral("canceled-future"), []() {
        QPromise<int> promise;
        QFuture<int> future = promise.future();
        promise.start();
        future.cancel();
        promise.finish();
        return future;
    });
    f.ipc.handle(QStringLiteral("dropped"), []() {
        QPromise<int> promise; // destroyed unfinished: the future is canceled
        promise.start();
        return promise.future();
    });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("reject.html"), QString())));
    QTest::ignoreMessage(QtWarningMsg,
                         qPrintable(QStringLiteral("Error occurred in handler for '%1': %2")
                                            .arg(channel,
                                                 channel == QLatin1String("dropped")
                                                         ? QStringLiteral("Error: the handler's "
                                                                          "QFuture was canceled")
                                                         : error)));
    const Settled result = f.await(QStringLiteral("ipcRenderer.invoke('%1')").arg(channel));
    QVERIFY(result.done);
    QVERIFY(!result.fulfilled); // never resolves to null (unlike raw QWebChannel)
    if (channel == QLatin1String("dropped"))
        error = QStringLiteral("Error: the handler's QFuture was canceled");
    QCOMPARE(result.value.toString(), invokeError(channel, error)); // B13-B15
}

void tst_WebEngine::invokeWithoutHandlerRejects()
{
    Fixture f;
    f.ipc.on(QStringLiteral("x"), this, []() {}); // a listener never answers invoke (B7)
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("nohandler.html"), QString())));
    // Issue 16: the log says what to do, and no handler "failed".
    QTest::ignoreMessage(QtWarningMsg,
                         qPrintable(QStringLiteral("WebContents #%1: No handler registered for "
                                                   "'x': 'x' has listeners: use send() or "
                                                   "sendSync()")
                                            .arg(f.contents->id())));
    const Settled result = f.await(QStringLiteral("ipcRenderer.invoke('x')"));
    QVERIFY(!result.fulfilled);
    QCOMPARE(result.value.toString(),
             invokeError(QStringLiteral("x"),
                         QStringLiteral("Error: No handler registered for 'x'"))); // B17
}

void tst_WebEngine::handleOnceAnswersOneCall()
{
    Fixture f;
    int calls = 0;
    QVERIFY(f.ipc.handleOnce(QStringLiteral("once"), [&]() { return ++calls; }));
    QVERIFY(!f.ipc.handle(QStringLiteral("once"), []() { return 0; })); // B6
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("handleonce.html"), QString())));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("No handler registered")));
    const Settled both = f.await(QStringLiteral(
            "Promise.allSettled([ipcRenderer.invoke('once'), ipcRenderer.invoke('once')])"
            ".then(r => r.map(x => x.status + ':' + (x.value || x.reason.message)).join('|'))"));
    QCOMPARE(both.value.toString(),
             QStringLiteral("fulfilled:1|rejected:") // B5
                     + invokeError(QStringLiteral("once"),
                                   QStringLiteral("Error: No handler registered for 'once'")));
    QVERIFY(!f.ipc.hasHandler(QStringLiteral("once")));
    QVERIFY(f.ipc.handle(QStringLiteral("once"), []() { return 2; }));
    QCOMPARE(f.await(QStringLiteral("ipcRenderer.invoke('once')")).value.toInt(), 2);
}

void tst_WebEngine::removedHandlerRejects()
{
    Fixture f;
    f.ipc.handle(QStringLiteral("test"), []() { return 1; });
    f.ipc.removeHandler(QStringLiteral("test"));
    f.ipc.removeHandler(QStringLiteral("never-registered")); // B4: nothing happens
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("removed.html"), QString())));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("No handler registered")));
    const Settled result = f.await(QStringLiteral("ipcRenderer.invoke('test')"));
    QVERIFY(!result.fulfilled);
    QVERIFY(result.value.toString().contains(QStringLiteral("No handler registered"))); // B3
}

void tst_WebEngine::sendSyncReturnsValue()
{
    Fixture f;
    f.ipc.on(QStringLiteral("echo"), this, [](const IpcMainEvent &event, const QVariantList &args) {
        QVERIFY(event.isSync());
        event.setReturnValue(args.value(0));
    });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("sync.html"),
                                QStringLiteral("window.echoed = ipcRenderer.sendSync('echo', "
                                               "'test');"))));
    QCOMPARE(f.eval(QStringLiteral("window.echoed")).toString(), QStringLiteral("test")); // B30
    QCOMPARE(f.eval(QStringLiteral("JSON.stringify(ipcRenderer.sendSync('echo', "
                                   "{ a: [1, 'two'] }))"))
                     .toString(),
             QStringLiteral("{\"a\":[1,\"two\"]}"));
}

void tst_WebEngine::sendSyncValueMaySetLater()
{
    Fixture f;
    f.ipc.on(QStringLiteral("slow"), this, [this](const IpcMainEvent &event) {
        QTimer::singleShot(200, this, [event]() { event.setReturnValue(QStringLiteral("late")); });
    });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("late.html"), QString())));
    QCOMPARE(f.eval(QStringLiteral("ipcRenderer.sendSync('slow')")).toString(),
             QStringLiteral("late")); // B33
}

void tst_WebEngine::sendSyncFirstValueWins()
{
    Fixture f;
    f.ipc.on(QStringLiteral("twice"), this,
             [](const IpcMainEvent &event) { event.setReturnValue(QStringLiteral("first")); });
    f.ipc.on(QStringLiteral("twice"), this,
             [](const IpcMainEvent &event) { event.setReturnValue(QStringLiteral("second")); });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("twice.html"), QString())));
    QCOMPARE(f.eval(QStringLiteral("ipcRenderer.sendSync('twice')")).toString(),
             QStringLiteral("first")); // B31
}

void tst_WebEngine::sendSyncWithoutListenerWarnsAndReturns()
{
    Fixture f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("nolistener.html"), QString())));
    QTest::ignoreMessage(QtWarningMsg,
                         qPrintable(QStringLiteral("WebContents #%1 called ipcRenderer.sendSync() "
                                                   "with 'nobody' channel without listeners.")
                                            .arg(f.contents->id()))); // B35
    // Bounded: the page gets Electron's answer at once instead of hanging (B36).
    QCOMPARE(f.eval(QStringLiteral("JSON.stringify(ipcRenderer.sendSync('nobody'))")).toString(),
             QStringLiteral("{\"error\":\"reply was never sent\"}"));
}

void tst_WebEngine::orderAcrossSendSendSyncAndInvoke()
{
    Fixture f;
    QList<int> order;
    auto record = [&order](const QVariantList &args) { order.append(args.value(0).toInt()); };
    f.ipc.on(QStringLiteral("a"), this, [&](const IpcMainEvent &event, const QVariantList &args) {
        record(args);
        if (event.isSync())
            event.setReturnValue(args.value(0));
    });
    f.ipc.handle(QStringLiteral("b"), [&](const QVariantList &args) {
        record(args);
        return args.value(0);
    });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("order.html"), QString())));
    // B72/B73: 1000 interleaved calls reach their listeners and handlers in call order.
    const Settled done = f.await(QStringLiteral(R"(
        (() => {
            const invokes = [];
            for (let i = 0; i < 1000; ++i) {
                switch (i % 3) {
                case 0: ipcRenderer.send('a', i); break;
                case 1: if (ipcRenderer.sendSync('a', i) !== i) throw new Error('bad sync'); break;
                case 2: invokes.push(ipcRenderer.invoke('b', i)); break;
                }
            }
            return Promise.all(invokes).then(values => values.length);
        })()
    )"));
    QVERIFY(done.fulfilled);
    QCOMPARE(done.value.toInt(), 333);
    QTRY_COMPARE(order.size(), 1000);
    for (int i = 0; i < 1000; ++i)
        QCOMPARE(order.at(i), i);
}

void tst_WebEngine::webContentsSendReachesPageListeners()
{
    Fixture f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("receive.html"), QStringLiteral(R"(
        window.got = [];
        ipcRenderer.on('news', (event, ...args) => {
            window.got.push({ sender: event.sender === ipcRenderer, ports: event.ports.length,
                              args: args });
        });
    )"))));
    f.contents->send(QStringLiteral("news"), "headline", 3,
                     QVariantMap{{QStringLiteral("k"), true}});
    f.contents->send(QStringLiteral("unheard"), 1); // no listener: dropped silently (B48)
    QTRY_COMPARE(f.eval(QStringLiteral("window.got.length")).toInt(), 1);
    QCOMPARE(
            f.eval(QStringLiteral("JSON.stringify(window.got[0])")).toString(),
            QStringLiteral("{\"sender\":true,\"ports\":0,\"args\":[\"headline\",3,{\"k\":true}]}"));
    // '' is a channel like any other (Electron's webContents.send('') reaches on('')).
    f.eval(QStringLiteral("ipcRenderer.on('', (e, v) => window.got.push({ empty: v })); 0"));
    f.contents->send(QString(), 7);
    QTRY_COMPARE(f.eval(QStringLiteral("window.got.length")).toInt(), 2);
    QCOMPARE(f.eval(QStringLiteral("JSON.stringify(window.got[1])")).toString(),
             QStringLiteral("{\"empty\":7}"));
}

void tst_WebEngine::sendBeforeDocumentIsHeld()
{
    Fixture f;
    PageFolder folder;
    const QUrl url = folder.write(QStringLiteral("early-send.html"), QStringLiteral(R"(
        window.early = [];
        ipcRenderer.on('early', (event, value) => window.early.push(value));
    )"));
    QVERIFY(!f.contents->isReady());
    f.contents->send(QStringLiteral("early"), 1); // before the page even loads (B49)
    f.contents->send(QStringLiteral("early"), 2);
    QVERIFY(f.load(url));
    QTRY_COMPARE(f.eval(QStringLiteral("window.early.join(',')")).toString(),
                 QStringLiteral("1,2"));
}

void tst_WebEngine::eventReplyReachesSender()
{
    Fixture f;
    f.ipc.on(QStringLiteral("asynchronous-message"), this,
             [](const IpcMainEvent &event, const QVariantList &args) {
                 event.reply(QStringLiteral("asynchronous-reply"),
                             args.value(0).toString() + QStringLiteral("-pong"));
             });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("reply.html"), QStringLiteral(R"(
        ipcRenderer.on('asynchronous-reply', (event, arg) => { window.reply = arg; });
        ipcRenderer.send('asynchronous-message', 'ping');
    )"))));
    QTRY_COMPARE(f.eval(QStringLiteral("window.reply")).toString(), QStringLiteral("ping-pong"));
}

void tst_WebEngine::eventIdentifiesSender()
{
    Fixture f;
    IpcMainEvent seen;
    IpcMainInvokeEvent seenInvoke;
    f.ipc.on(QStringLiteral("who"), this, [&](const IpcMainEvent &event) { seen = event; });
    f.ipc.handle(QStringLiteral("who-invoke"), [&](const IpcMainInvokeEvent &event) {
        seenInvoke = event;
        return true;
    });
    PageFolder folder;
    const QUrl url = folder.write(QStringLiteral("who.html"), QStringLiteral(R"(
        ipcRenderer.send('who');
        ipcRenderer.invoke('who-invoke');
    )"));
    QVERIFY(f.load(url));
    QTRY_VERIFY(seen.isValid() && seenInvoke.isValid());
    for (const IpcMainInvokeEvent &event : {IpcMainInvokeEvent(seen), seenInvoke}) {
        QCOMPARE(event.sender(), f.contents); // B62
        QCOMPARE(event.senderFrame().url(), url);
        QCOMPARE(event.senderFrame().origin(), QStringLiteral("file://"));
        QVERIFY(event.senderFrame().isMainFrame());
        QCOMPARE(event.frameId(), 0);
        QCOMPARE(event.processId(), f.page->renderProcessPid());
        QVERIFY(event.processId() > 0);
    }
    QCOMPARE(seen.channel(), QStringLiteral("who"));
    QVERIFY(!seen.isSync());
    QCOMPARE(WebIpc::WebContents::fromId(f.contents->id()), f.contents);
    QCOMPARE(WebIpc::page(f.contents), f.page.get());
    QCOMPARE(f.contents->url(), url);
}

void tst_WebEngine::pagesDoNotSeeEachOther()
{
    WebIpc::IpcMain ipc;
    auto pageA = std::make_unique<ConsolePage>();
    auto pageB = std::make_unique<ConsolePage>();
    WebIpc::WebContents *a = WebIpc::attach(&ipc, pageA.get());
    WebIpc::WebContents *b = WebIpc::attach(&ipc, pageB.get());
    QVERIFY(a && b && a != b && a->id() != b->id());
    QCOMPARE(WebIpc::attach(&ipc, pageA.get()), a); // attaching twice gives the same contents
    QList<QPair<WebIpc::WebContents *, QString>> seen;
    ipc.on(QStringLiteral("from"), this, [&](const IpcMainEvent &event, const QVariantList &args) {
        seen.append({event.sender(), args.value(0).toString()});
        event.reply(QStringLiteral("back"), args.value(0));
    });
    PageFolder folder;
    const QString script = QStringLiteral(R"(
        window.got = [];
        ipcRenderer.on('only', (e, v) => window.got.push(v));
        ipcRenderer.on('back', (e, v) => window.got.push('back:' + v));
    )");
    QVERIFY(loadAndWait(pageA.get(), a, folder.write(QStringLiteral("a.html"), script)));
    QVERIFY(loadAndWait(pageB.get(), b, folder.write(QStringLiteral("b.html"), script)));
    evaluate(pageA.get(), QStringLiteral("ipcRenderer.send('from', 'A')"));
    evaluate(pageB.get(), QStringLiteral("ipcRenderer.send('from', 'B')"));
    QTRY_COMPARE(seen.size(), 2);
    for (const auto &entry : seen)
        QCOMPARE(entry.first, entry.second == QLatin1String("A") ? a : b);
    a->send(QStringLiteral("only"), "for A");
    b->send(QStringLiteral("only"), "for B");
    QTRY_COMPARE(evaluate(pageA.get(), QStringLiteral("window.got.join('|')")).toString(),
                 QStringLiteral("back:A|for A"));
    QTRY_COMPARE(evaluate(pageB.get(), QStringLiteral("window.got.join('|')")).toString(),
                 QStringLiteral("back:B|for B"));
    QCOMPARE(ipc.webContents().size(), 2);
}

void tst_WebEngine::valuesRoundTrip()
{
    Fixture f;
    QVariantList received;
    f.ipc.handle(QStringLiteral("echo"), [&](const QVariantList &args) {
        received = args;
        return QVariant(args);
    });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("values.html"), QString())));
    // Everything JSON carries, plus undefined, NaN, -0 and lone surrogates, both ways.
    const Settled result = f.await(QStringLiteral(R"(
        (() => {
            const sent = ['', 'ünïcødé ☃ 𝄞', '\ud800', 'a\udc00b', 0, -1.5, 2 ** 53 - 1, 1e300,
                          true, false, null, [1, [2, [3]]], { a: { b: { c: 'deep' } }, '': 1 },
                          undefined, NaN, -0, Infinity, -Infinity, { u: undefined }];
            return ipcRenderer.invoke('echo', ...sent).then(back => {
                // Deep equality that tells undefined from null and -0 from 0. Key order is not
                // compared: objects become QVariantMaps, whose keys are sorted.
                const same = (x, y) => {
                    if (Object.is(x, y))
                        return true;
                    if (typeof x !== 'object' || !x || typeof y !== 'object' || !y)
                        return false;
                    const kx = Object.keys(x).sort(), ky = Object.keys(y).sort();
                    return Array.isArray(x) === Array.isArray(y) && kx.join() === ky.join() &&
                           kx.every(k => same(x[k], y[k]));
                };
                const bad = sent.map((v, i) => same(v, back[i]) ? null : i).filter(i => i !== null);
                return bad.length === 0 && back.length === sent.length ? 'ok' : 'differs at ' + bad;
            });
        })()
    )"));
    QVERIFY(result.fulfilled);
    QCOMPARE(result.value.toString(), QStringLiteral("ok"));
    QCOMPARE(received.at(1).toString(), QStringLiteral("ünïcødé ☃ 𝄞"));
    QCOMPARE(received.at(2).toString(), QString(QChar(0xd800)));
    QCOMPARE(received.at(3).toString(), QString(QChar(u'a')) + QChar(0xdc00) + QChar(u'b'));
    QCOMPARE(received.at(6).toLongLong(), 9007199254740991LL);
    QVERIFY(received.at(10).isNull() && received.at(10).isValid()); // null
    QVERIFY(!received.at(13).isValid()); // undefined
    QVERIFY(qIsNaN(received.at(14).toDouble()));
}

void tst_WebEngine::uncloneableArgumentsThrow()
{
    Fixture f;
    int arrived = 0;
    f.ipc.on(QStringLiteral("x"), this, [&]() { ++arrived; });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("clone.html"), QString())));
    const QString sendError = f.eval(QStringLiteral(R"(
        (() => { try { ipcRenderer.send('x', 1, { user: { onSave() {} } }); return 'no throw'; }
                 catch (e) { return e.message; } })()
    )"))
                                      .toString();
    QCOMPARE(sendError, // B96, with the path of the bad value (electron#26338)
             QStringLiteral("An object could not be cloned (args[1].user.onSave is a function)."));
    const QString syncError = f.eval(QStringLiteral(R"(
        (() => { try { ipcRenderer.sendSync('x', Symbol('s')); return 'no throw'; }
                 catch (e) { return e.message; } })()
    )"))
                                      .toString();
    QCOMPARE(syncError, QStringLiteral("An object could not be cloned (args[0] is a symbol)."));
    const Settled invoked = f.await(QStringLiteral("ipcRenderer.invoke('x', document.body)"));
    QVERIFY(!invoked.fulfilled); // B19: a rejection, not a throw
    QVERIFY2(
            QRegularExpression(
                    QStringLiteral(
                            R"(^An object could not be cloned \(args\[0\] is an? HTMLBodyElement\)\.$)"))
                    .match(invoked.value.toString())
                    .hasMatch(),
            qPrintable(invoked.value.toString()));
    f.eval(QStringLiteral("ipcRenderer.send('x', 'fine')"));
    QTRY_COMPARE(arrived, 1);
}

void tst_WebEngine::rendererEmitterApi()
{
    Fixture f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("emitter.html"), QString())));
    const QString result = f.eval(QStringLiteral(R"(
        (() => {
            const log = [];
            const names0 = ipcRenderer.eventNames().length; // B9
            const a = () => log.push('a');
            ipcRenderer.on('channel1', a).on('channel2', a).once('channel1', () => log.push('once'));
            const counts = [ipcRenderer.listenerCount('channel1'), ipcRenderer.listenerCount('channel2')];
            ipcRenderer.removeAllListeners('channel1'); // B10
            const names1 = ipcRenderer.eventNames().join();
            ipcRenderer.off('channel2', a);
            const names2 = ipcRenderer.eventNames().length;
            ipcRenderer.on('x', a);
            ipcRenderer.removeAllListeners();
            return [names0, counts.join(), names1, names2, ipcRenderer.eventNames().length].join(';');
        })()
    )"))
                                   .toString();
    QCOMPARE(result, QStringLiteral("0;2,1;channel2;0;0"));
    // once() listeners run once, off() removes exactly that function.
    f.eval(QStringLiteral(R"(
        window.hits = [];
        const keep = (e, v) => window.hits.push('keep' + v);
        const drop = (e, v) => window.hits.push('drop' + v);
        ipcRenderer.on('ping', keep); ipcRenderer.on('ping', drop);
        ipcRenderer.once('ping', (e, v) => window.hits.push('once' + v));
        ipcRenderer.off('ping', drop);
    )"));
    f.contents->send(QStringLiteral("ping"), 1);
    f.contents->send(QStringLiteral("ping"), 2);
    QTRY_COMPARE(f.eval(QStringLiteral("window.hits.join()")).toString(),
                 QStringLiteral("keep1,once1,keep2"));
}

void tst_WebEngine::staleInvokeAfterReloadIsDropped()
{
    Fixture f;
    auto pending = std::make_shared<QPromise<QString>>();
    f.ipc.handle(QStringLiteral("slow"), [pending]() {
        pending->start();
        return pending->future();
    });
    f.ipc.handle(QStringLiteral("fast"), []() { return QStringLiteral("fast"); });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("stale.html"), QString())));
    f.eval(QStringLiteral("ipcRenderer.invoke('slow'); 0"));
    QTRY_VERIFY(pending->future().isStarted());

    // The new document starts a call of its own and waits for it.
    QSignalSpy ready(f.contents, &WebIpc::WebContents::readyChanged);
    f.page->triggerAction(QWebEnginePage::Reload);
    QTRY_VERIFY(f.contents->isReady() && ready.size() >= 2);
    f.eval(QStringLiteral("window.results = []; ipcRenderer.invoke('fast').then(v => "
                          "window.results.push(v)); 0"));
    QTRY_COMPARE(f.eval(QStringLiteral("window.results.join()")).toString(),
                 QStringLiteral("fast"));
    // The old document's answer arrives now: it must not resolve anything in the new one (B99).
    pending->addResult(QStringLiteral("stale"));
    pending->finish();
    QTest::qWait(200);
    QCOMPARE(f.eval(QStringLiteral("window.results.join()")).toString(), QStringLiteral("fast"));
}

void tst_WebEngine::pageWorksAfterReload()
{
    Fixture f;
    int messages = 0;
    f.ipc.on(QStringLiteral("hello"), this, [&]() { ++messages; });
    PageFolder folder;
    const QUrl url = folder.write(QStringLiteral("again.html"),
                                  QStringLiteral("ipcRenderer.send('hello');"));
    QVERIFY(f.load(url));
    QTRY_COMPARE(messages, 1);
    for (int i = 2; i <= 3; ++i) { // main-side listeners survive navigation (B60)
        QVERIFY(f.load(url));
        QTRY_COMPARE(messages, i);
    }
    f.contents->send(QStringLiteral("still-there"), 1);
    f.eval(QStringLiteral("ipcRenderer.on('still-there', () => window.ok = true)"));
    f.contents->send(QStringLiteral("still-there"), 2);
    QTRY_COMPARE(f.eval(QStringLiteral("window.ok")).toBool(), true);
}

void tst_WebEngine::pageCannotUseTheBridgeEvents()
{
    Fixture f;
    QVariantList good;
    f.ipc.on(QStringLiteral("good"), this,
             [&](const IpcMainEvent &, const QVariantList &args) { good.append(args); });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("hostile.html"), QString())));
    // Page script cannot speak to the bridge: the DOM events the stub and the bridge talk
    // through have names drawn for each document, and the fixed names of old carry nothing.
    f.eval(QStringLiteral(R"(
        for (const name of ['webipc:request', 'webipc:connect', 'webipc:bridge-up'])
            document.dispatchEvent(new CustomEvent(name, { detail: { post: [
                [0, 'good', ['forged']]
            ], request: 'x', response: 'y' } }));
        0
    )"));
    f.eval(QStringLiteral("ipcRenderer.send('good', 'survivor')"));
    QTRY_COMPARE(good, QVariantList{QStringLiteral("survivor")});
    f.eval(QStringLiteral("ipcRenderer.send('good', 'after')"));
    QTRY_COMPARE(good.size(), 2);
    QCOMPARE(good.at(1).toString(), QStringLiteral("after"));
}

void tst_WebEngine::malformedMessagesInjectedAreRefused()
{
    Fixture f;
    QVariantList good;
    int invokes = 0;
    f.ipc.on(QStringLiteral("good"), this,
             [&](const IpcMainEvent &, const QVariantList &args) { good.append(args); });
    f.ipc.handle(QStringLiteral("h"), [&]() { return ++invokes; });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("inject.html"), QString())));
    WebIpc::WebContentsPrivate *d = WebIpc::WebContentsPrivate::get(f.contents);
    const QString doc = d->currentDocumentId();
    QVERIFY(!doc.isEmpty());

    QJsonArray deep = QJsonArray{1};
    for (int i = 0; i < 2000; ++i)
        deep = QJsonArray{deep};
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("unknown document")));
    for (int i = 0; i < 7; ++i)
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("dropped")));
    // A forged document id and a replayed sequence number are dropped.
    d->receivePosted(QStringLiteral("forged"), QJsonArray{QJsonArray{0, 1, "good", QJsonArray{1}}});
    d->receivePosted(doc, QJsonArray{QJsonArray{0, 1, "good", QJsonArray{1}}});
    // Wrong shapes, a sendSync outside the sync path, an invoke without id, deep nesting.
    d->receivePosted(doc, QJsonArray{"string", QJsonValue(), QJsonObject{}});
    d->receivePosted(doc,
                     QJsonArray{QJsonArray{2, 100, "good", QJsonArray{2}},
                                QJsonArray{1, 101, "h", QJsonArray{}},
                                QJsonArray{0, 102, "good", QJsonArray{deep}},
                                QJsonArray{0, 103, "good", QJsonArray{"ok"}}});
    QTRY_COMPARE(good, QVariantList{QStringLiteral("ok")});
    QCOMPARE(invokes, 0);
    // The page's own traffic goes on (its sequence numbers continue above the injected ones
    // only if they are larger; the bridge's are small, so a fresh document is needed).
    f.page->triggerAction(QWebEnginePage::Reload);
    QTRY_VERIFY(f.contents->isReady() && d->currentDocumentId() != doc);
    QCOMPARE(f.await(QStringLiteral("ipcRenderer.invoke('h')")).value.toInt(), 1);
}

void tst_WebEngine::deletingPageWithPendingCallsIsSafe()
{
    Fixture f;
    auto pending = std::make_shared<QPromise<int>>();
    f.ipc.handle(QStringLiteral("forever"), [pending]() {
        pending->start();
        return pending->future();
    });
    IpcMainEvent kept;
    f.ipc.on(QStringLiteral("sync-forever"), this,
             [&](const IpcMainEvent &event) { kept = event; });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("delete.html"), QString())));
    f.eval(QStringLiteral("ipcRenderer.invoke('forever'); setTimeout(() => "
                          "ipcRenderer.sendSync('sync-forever'), 0); 0"));
    QTRY_VERIFY(kept.isValid());
    QSignalSpy closed(f.contents, &WebIpc::WebContents::closed);
    QPointer<WebIpc::WebContents> contents(f.contents);
    f.page.reset();
    QCOMPARE(closed.size(), 1);
    QVERIFY(contents.isNull());
    QVERIFY(kept.sender() == nullptr);
    kept.setReturnValue(1); // the page is gone: nothing happens
    kept.reply(QStringLiteral("nowhere"));
    pending->addResult(1);
    pending->finish();
    QTest::qWait(50);
    QVERIFY(f.ipc.webContents().isEmpty());
}

void tst_WebEngine::electronRequireIsOptIn()
{
    PageFolder folder;
    const QUrl url = folder.write(QStringLiteral("require.html"), QStringLiteral(R"(
        window.kind = typeof require === 'function'
            ? (require('electron').ipcRenderer === ipcRenderer ? 'electron' : 'other')
            : typeof require;
    )"));
    {
        Fixture plain;
        QVERIFY(plain.load(url));
        QCOMPARE(plain.eval(QStringLiteral("window.kind")).toString(), QStringLiteral("undefined"));
    }
    WebIpc::AttachOptions options;
    options.exposeElectronRequire = true;
    Fixture electron(options);
    QVERIFY(electron.load(url));
    QCOMPARE(electron.eval(QStringLiteral("window.kind")).toString(), QStringLiteral("electron"));
    QCOMPARE(electron.eval(QStringLiteral("(() => { try { require('fs'); } catch (e) { return "
                                          "e.message; } })()"))
                     .toString(),
             QStringLiteral("Cannot find module 'fs'"));
}

// Issue 9 (one attachment) and issue 16 (attach mistakes): each refused or doubtful attach says
// why, and what works still works.
void tst_WebEngine::attachMistakesAreExplained()
{
    PageFolder folder;
    const QUrl url = folder.write(QStringLiteral("page.html"), QString());
    WebIpc::IpcMain first;
    WebIpc::IpcMain second;

    // A channel of the application's own.
    ConsolePage withChannel;
    QWebChannel appChannel;
    withChannel.setWebChannel(&appChannel, 1);
    QTest::ignoreMessage(
            QtWarningMsg,
            QRegularExpression(QStringLiteral("web channel of the application's own")));
    QCOMPARE(WebIpc::attach(&first, &withChannel), nullptr);

    // Attached to another IpcMain.
    ConsolePage page;
    WebIpc::WebContents *contents = WebIpc::attach(&first, &page);
    QVERIFY(contents);
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("attached to another IpcMain")));
    QCOMPARE(WebIpc::attach(&second, &page), nullptr);
    QCOMPARE(WebIpc::findWebContents(&second, &page), nullptr);

    // Attached again with other options: the first ones stay.
    WebIpc::AttachOptions other;
    other.exposeElectronRequire = true;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("with other options")));
    QCOMPARE(WebIpc::attach(&first, &page, other), contents);
    QCOMPARE(WebIpc::attach(&first, &page), contents); // the same options: silent
    QVERIFY(loadAndWait(&page, contents, url));
    QCOMPARE(evaluate(&page, QStringLiteral("typeof require")).toString(),
             QStringLiteral("undefined"));

    // Attached after the page loaded: its IPC comes with the next document.
    WebIpc::detach(&first, &page);
    QVERIFY(!WebIpc::findWebContents(&first, &page));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("has loaded .* already")));
    WebIpc::WebContents *late = WebIpc::attach(&second, &page);
    QVERIFY(late);
    QVERIFY(loadAndWait(&page, late, url));
    second.handle(QStringLiteral("ping"),
                  [](const QVariantList &) { return QStringLiteral("pong"); });
    const Settled answer = awaitPromise(&page, QStringLiteral("ipcRenderer.invoke('ping')"));
    QVERIFY(answer.done);
    QCOMPARE(answer.value.toString(), QStringLiteral("pong"));
}

// Whatever main queues while it handles a batch (event.reply, send, invoke answers) leaves in
// one flush when the batch is handled, in the order it was queued; what is queued later, from
// a timer, goes by itself.
void tst_WebEngine::answersQueuedWhileHandlingKeepTheirOrder()
{
    Fixture f;
    f.ipc.on(QStringLiteral("ask"), this, [&](const IpcMainEvent &event, const QVariantList &args) {
        const int i = args.value(0).toInt();
        event.reply(QStringLiteral("said"), i, QStringLiteral("reply"));
        f.contents->send(QStringLiteral("said"), i, QStringLiteral("send"));
        if (event.isSync())
            event.setReturnValue(i);
    });
    f.ipc.handle(QStringLiteral("echo"), [](const QVariantList &args) { return args.value(0); });
    f.ipc.on(QStringLiteral("later"), this, [&](const IpcMainEvent &) {
        QTimer::singleShot(0, &f.ipc, [&]() {
            f.contents->send(QStringLiteral("said"), -1, QStringLiteral("timer"));
        });
    });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("order.html"), QStringLiteral(R"(
        window.heard = [];
        ipcRenderer.on('said', (e, i, how) => window.heard.push(i + ':' + how));
    )"))));
    const Settled done = f.await(QStringLiteral(R"(
        (async () => {
            const got = [];
            const calls = [];
            for (let i = 0; i < 30; ++i) {
                if (i % 3 === 0) ipcRenderer.send('ask', i);
                else if (i % 3 === 1) got.push(ipcRenderer.sendSync('ask', i));
                else calls.push(ipcRenderer.invoke('echo', i).then(v => { window.heard.push(v + ':invoke'); return v; }));
            }
            await Promise.all(calls);
            ipcRenderer.send('later');
            return got.join(',');
        })()
    )"));
    QVERIFY(done.fulfilled);
    QCOMPARE(done.value.toString(), QStringLiteral("1,4,7,10,13,16,19,22,25,28"));
    QTRY_COMPARE(f.eval(QStringLiteral("window.heard.includes('-1:timer')")).toBool(), true);
    const QStringList heard =
            f.eval(QStringLiteral("window.heard.join(' ')")).toString().split(QLatin1Char(' '));
    // Listener messages in call order; each message's reply before its send.
    QStringList said;
    for (const QString &entry : heard) {
        if (!entry.endsWith(QLatin1String(":invoke")) && entry != QLatin1String("-1:timer"))
            said.append(entry);
    }
    QStringList expected;
    for (int i = 0; i < 30; ++i) {
        if (i % 3 != 2)
            expected << QStringLiteral("%1:reply").arg(i) << QStringLiteral("%1:send").arg(i);
    }
    QCOMPARE(said, expected);
    QCOMPARE(heard.filter(QStringLiteral(":invoke")).size(), 10);
    QCOMPARE(heard.constLast(), QStringLiteral("-1:timer"));
}

// A batch of a few messages keeps the plain form, one of many goes as one JSON text
// (outbox.cpp, emitBatch()): small and large values arrive intact, in order, either way.
void tst_WebEngine::smallAndLargeBatchesArriveIntact()
{
    Fixture f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("batches.html"), QStringLiteral(R"(
        window.got = [];
        ipcRenderer.on('v', (e, v) => window.got.push(v));
    )"))));
    const QString large =
            QString(1024 * 1024, QLatin1Char('x')) + QStringLiteral("\"\\\u00e9\U0001F600");
    f.contents->send(QStringLiteral("v"), QStringLiteral("small \"quoted\" \u00e9"));
    QTRY_COMPARE(f.eval(QStringLiteral("window.got.length")).toInt(), 1);
    f.contents->send(QStringLiteral("v"), large);
    QTRY_COMPARE(f.eval(QStringLiteral("window.got.length")).toInt(), 2);
    for (int i = 0; i < 100; ++i)
        f.contents->send(QStringLiteral("v"), i);
    f.contents->send(QStringLiteral("v"),
                     QVariantMap{{QStringLiteral("k"), QVariantList{1, QStringLiteral("two")}}});
    QTRY_COMPARE(f.eval(QStringLiteral("window.got.length")).toInt(), 103);
    QCOMPARE(f.eval(QStringLiteral("window.got[0]")).toString(),
             QStringLiteral("small \"quoted\" \u00e9"));
    QCOMPARE(f.eval(QStringLiteral("window.got[1]")).toString(), large);
    QCOMPARE(f.eval(QStringLiteral("window.got.slice(2, 102).every((v, i) => v === i)")).toBool(),
             true);
    QCOMPARE(f.eval(QStringLiteral("JSON.stringify(window.got[102])")).toString(),
             QStringLiteral("{\"k\":[1,\"two\"]}"));
}

// Between the page's two worlds a detail goes as JSON text, and its large strings (64 KiB and
// more) each alone, put back in place on the other side (world-crossing.js). Values arrive
// intact whatever a page's built-ins do: a toJSON on Array.prototype or Object.prototype (as
// old libraries define them) makes the detail go as a clone, and an accessor on an array index
// neither breaks the crossing nor runs inside WebIpc's events.
void tst_WebEngine::largeStringsCrossBetweenTheWorldsIntact_data()
{
    QTest::addColumn<QString>("pageCode");
    QTest::newRow("plain page") << QString();
    QTest::newRow("Array.prototype.toJSON")
            << QStringLiteral("Array.prototype.toJSON = function () { return 'hijacked'; };");
    QTest::newRow("Object.prototype.toJSON")
            << QStringLiteral("Object.prototype.toJSON = function () { return 'hijacked'; };");
    QTest::newRow("accessor on Array.prototype[0]") << QStringLiteral(R"(
        Object.defineProperty(Array.prototype, '0', {
            get() { window.trapped += (window.event && window.event.type) + ','; return undefined; },
            set(v) {
                window.trapped += (window.event && window.event.type) + ',';
                Object.defineProperty(this, '0', { value: v, writable: true, enumerable: true,
                                                   configurable: true });
            },
            configurable: true
        });
    )");
}

void tst_WebEngine::largeStringsCrossBetweenTheWorldsIntact()
{
    QFETCH(QString, pageCode);
    Fixture f;
    // Two large strings, unlike each other, with what JSON escapes in them.
    const QString big1 =
            QString(100 * 1024, QLatin1Char('a')) + QStringLiteral("\"\\\n\u00e9\U0001F600");
    const QString big2 = QStringLiteral("\t<b>") + QString(70 * 1024, QLatin1Char('z'));
    QVariantList heard;
    f.ipc.on(QStringLiteral("in"), this, [&](const QVariantList &args) { heard = args; });
    f.ipc.handle(QStringLiteral("echo"), [](const QVariantList &args) { return args; });
    f.ipc.on(QStringLiteral("sync"), this, [&](const IpcMainEvent &event, const QVariantList &) {
        event.setReturnValue(QVariantList{big2, QStringLiteral("small"), big1});
    });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("strings.html"), QStringLiteral(R"(
                window.got = [];
                ipcRenderer.on('v', (e, ...args) => window.got.push(args));
                window.big1 = 'a'.repeat(100 * 1024) + String.fromCharCode(34, 92, 10, 0xe9)
                        + String.fromCodePoint(0x1F600);
                window.big2 = String.fromCharCode(9) + '<b>' + 'z'.repeat(70 * 1024);
            )"),
                                QStringLiteral("<script>window.trapped = '';\n") + pageCode
                                        + QStringLiteral("</script>"))));

    // Page to main: several large strings in one message and one batch.
    const Settled echoed = f.await(QStringLiteral(R"(
        ipcRenderer.send('in', big1, 'small', big2, [big2, { s: big1 }]),
        ipcRenderer.invoke('echo', big2, big1, { nested: [big1] })
            .then(v => v[0] === big2 && v[1] === big1 && v[2].nested[0] === big1
                       && v.length === 3))"));
    QVERIFY2(echoed.fulfilled, qPrintable(echoed.value.toString()));
    QCOMPARE(echoed.value.toBool(), true);
    QTRY_COMPARE(heard.size(), 4);
    QCOMPARE(heard.value(0).toString(), big1);
    QCOMPARE(heard.value(1).toString(), QStringLiteral("small"));
    QCOMPARE(heard.value(2).toString(), big2);
    QCOMPARE(heard.value(3).toList().value(0).toString(), big2);
    QCOMPARE(heard.value(3).toList().value(1).toMap().value(QStringLiteral("s")).toString(), big1);

    // Main to page, and a sendSync's answer.
    f.contents->send(QStringLiteral("v"), big1, QVariantList{big2, big1});
    QTRY_COMPARE(f.eval(QStringLiteral("window.got.length")).toInt(), 1);
    QCOMPARE(f.eval(QStringLiteral("got[0][0] === big1 && got[0][1][0] === big2 "
                                   "&& got[0][1][1] === big1 && got[0].length === 2"))
                     .toBool(),
             true);
    QCOMPARE(f.eval(QStringLiteral("(a => a[0] === big2 && a[1] === 'small' && a[2] === big1)"
                                   "(ipcRenderer.sendSync('sync'))"))
                     .toBool(),
             true);
    // The page's accessor ran, but never inside one of WebIpc's events, whose names are secret
    // ("webipc-" and random hex; page callbacks run inside a harmless event named "webipc").
    const QString trapped = f.eval(QStringLiteral("window.trapped")).toString();
    QVERIFY2(!trapped.contains(QLatin1String("webipc-")), qPrintable(trapped.left(500)));
}

// The bridge posts by writing [documentId, messages] to its object's "posted" property. A script
// in the bridge's world that writes anything else there is refused, with a warning that says
// so; the document's next messages are handled as usual.
void tst_WebEngine::malformedPostedValueIsRefused()
{
    Fixture f;
    f.ipc.handle(QStringLiteral("echo"), [](const QVariantList &args) { return args.value(0); });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("posted.html"), QString())));
    const int property = WebIpc::BridgeObject::staticMetaObject.indexOfProperty("posted");
    QVERIFY(property >= 0);
    int refusals = 0;
    static int *counter = nullptr;
    counter = &refusals;
    static QtMessageHandler previous = nullptr;
    previous = qInstallMessageHandler(
            [](QtMsgType type, const QMessageLogContext &context, const QString &text) {
                if (text.contains(QLatin1String("dropped a malformed post")))
                    ++*counter;
                else
                    previous(type, context, text);
            });
    for (const char *value :
         {"\"[3, 1]\"", "[]", "[__webipcBridge.documentId]",
          "[__webipcBridge.documentId, \"[[0, 99, \\\"c\\\", []]]\"]", "[42, []]"}) {
        evaluateInWorld(f.page.get(),
                        QStringLiteral("qt.webChannelTransport.send(JSON.stringify({ type: 9, "
                                       "object: 'webipc', property: %1, value: %2 })); true")
                                .arg(property)
                                .arg(QLatin1String(value)),
                        WebIpc::AttachOptions().worldId);
    }
    QTRY_COMPARE(refusals, 5);
    qInstallMessageHandler(previous);
    const Settled answer = f.await(QStringLiteral("ipcRenderer.invoke('echo', 'still here')"));
    QVERIFY(answer.fulfilled);
    QCOMPARE(answer.value.toString(), QStringLiteral("still here"));
}

QTEST_MAIN(tst_WebEngine)
#include "tst_webengine.moc"
