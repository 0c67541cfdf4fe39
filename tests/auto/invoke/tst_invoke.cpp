// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Beyond Electron's invoke, end to end in real pages: one path for every handler's answer
// (values, QFutures, QtConcurrent), calls the page can abort or time out, calls cancelled when
// their document goes away, and errors that keep their data.

#include "testsupport.h"

#include <WebIpc/HandlerError>
#include <WebIpc/JsError>
#include <WebIpc/RemoteError>

#include <QtConcurrent/QtConcurrentRun>
#include <QtCore/QFile>
#include <QtCore/QPromise>
#include <QtCore/QThreadPool>
#include <QtCore/QTimer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <atomic>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

using namespace WebIpcTest;
using WebIpc::IpcMainInvokeEvent;

namespace {

using Fixture = PageFixture;

QString invokeError(const QString &channel, const QString &error)
{
    return QStringLiteral("Error invoking remote method '%1': %2").arg(channel, error);
}

// A handler that never answers by itself: the test holds its promise and its event.
struct HeldCall
{
    std::shared_ptr<QPromise<int>> promise;
    IpcMainInvokeEvent event;
    int calls = 0;
    bool toldCanceled = false;
    bool started() const { return promise != nullptr; }
};

void holdCalls(WebIpc::IpcMain *ipc, const QString &channel, HeldCall *held, QObject *context)
{
    ipc->handle(channel, [held, context](const IpcMainInvokeEvent &event) {
        ++held->calls;
        held->promise = std::make_shared<QPromise<int>>();
        held->promise->start();
        held->event = event;
        event.onCanceled(context, [held]() { held->toldCanceled = true; });
        return held->promise->future();
    });
}

// What a rejection looks like from the page: "name|message|instanceof DOMException".
const char DescribeRejection[] = ".then(v => 'resolved ' + v, e => e.name + '|' + e.message + '|' "
                                 "+ (e instanceof DOMException))";

// How a WebContents::invoke() ended.
struct Outcome
{
    bool finished = false;
    bool canceled = false;
    QVariant value;
    std::optional<WebIpc::RemoteError> error;
};

Outcome outcomeOf(QFuture<QVariant> future, int timeoutMs = 10000)
{
    Outcome outcome;
    outcome.finished = waitFor([&]() { return future.isFinished(); }, timeoutMs);
    if (!outcome.finished)
        return outcome;
    try {
        future.waitForFinished();
        outcome.canceled = future.isCanceled();
        if (!outcome.canceled && future.resultCount() > 0)
            outcome.value = future.result();
    } catch (const WebIpc::RemoteError &error) {
        outcome.error = error;
    }
    return outcome;
}

} // namespace

class tst_Invoke : public QObject
{
    Q_OBJECT
public:
    static void initMain() { WebIpcTest::initMain(); }

private Q_SLOTS:
    // 1. One invoke path
    void concurrentExceptionsKeepTheirText_data();
    void concurrentExceptionsKeepTheirText();
    void everyKindOfAnswerTakesOnePath();
    // 2. Cancellation and timeouts, page to main
    void abortRejectsAtOnceAndCancelsTheHandler_data();
    void abortRejectsAtOnceAndCancelsTheHandler();
    void abortedSignalNeverCallsTheHandler();
    void callTimeoutRejectsWithTimeoutError();
    void channelTimeoutRejectsWithTimeoutError();
    void lastObjectArgumentIsNeverOptions();
    void badOptionsReject();
    void documentGoingAwayCancelsItsCalls_data();
    void documentGoingAwayCancelsItsCalls();
    void pageCannotCancelAnotherDocumentsCall();
    // 3. Main to page invoke
    void mainInvokesPageHandlers();
    void pageHandlerErrorsKeepTheirData();
    void missingPageHandlerFails();
    void handleOnceAndRemoveHandler();
    void secondPageHandlerThrows();
    void cancelAbortsThePageHandlersSignal();
    void remoteCallTimesOut();
    void remoteCallStaysWithItsDocument_data();
    void remoteCallStaysWithItsDocument();
    void remoteCallWithoutDocumentFails();
    void preloadAndMainWorldHandlersShareOneDocument();
    // 4. Streams
    void streamDeliversEveryResultInOrder();
    void streamFailureComesAfterItsChunks();
    void leavingTheLoopCancelsTheFuture_data();
    void leavingTheLoopCancelsTheFuture();
    void streamAsReadableStream();
    void slowConsumerSuspendsTheProducer();
    void cleanup();
    // 5. Errors that keep their data
    void handlerErrorKeepsItsData();
};

// ---------------------------------------------------------------------------------------------
// 1. One invoke path

void tst_Invoke::concurrentExceptionsKeepTheirText_data()
{
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QString>("expected");
    // QtConcurrent::run() wraps what is not a QException in a QUnhandledException, whose what()
    // is "std::exception": the page must see the exception inside.
    QTest::newRow("std::runtime_error") << "load-file"
                                        << "Error|" + invokeError("load-file", "Error: disk gone");
    QTest::newRow("HandlerError") << "typed"
                                  << "NotFoundError|"
                    + invokeError("typed", "NotFoundError: no such file");
}

void tst_Invoke::concurrentExceptionsKeepTheirText()
{
    QFETCH(QString, channel);
    QFETCH(QString, expected);
    Fixture f;
    f.ipc.handle(QStringLiteral("load-file"), []() {
        return QtConcurrent::run([]() -> QString { throw std::runtime_error("disk gone"); });
    });
    f.ipc.handle(QStringLiteral("typed"), []() {
        return QtConcurrent::run([]() -> int {
            throw WebIpc::HandlerError(QStringLiteral("NotFoundError"),
                                       QStringLiteral("no such file"));
        });
    });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("concurrent.html"), QString())));
    QTest::ignoreMessage(
            QtWarningMsg,
            QRegularExpression(QStringLiteral("Error occurred in handler for '%1'").arg(channel)));
    const Settled result = f.await(
            QStringLiteral("ipcRenderer.invoke('%1').then(v => 'resolved', e => e.name + '|' + "
                           "e.message)")
                    .arg(channel));
    QVERIFY(result.done);
    QCOMPARE(result.value.toString(), expected);
}

void tst_Invoke::everyKindOfAnswerTakesOnePath()
{
    Fixture f;
    f.ipc.handle(QStringLiteral("value"), []() { return 1; });
    f.ipc.handle(QStringLiteral("ready-future"), []() {
        QPromise<QString> promise;
        promise.start();
        promise.addResult(QStringLiteral("two"));
        promise.finish();
        return promise.future();
    });
    f.ipc.handle(QStringLiteral("concurrent"),
                 []() { return QtConcurrent::run([]() { return 3.5; }); });
    f.ipc.handle(QStringLiteral("concurrent-void"), []() { return QtConcurrent::run([]() {}); });
    f.ipc.handle(QStringLiteral("variant-future"), []() {
        return QtConcurrent::run([]() { return QVariant(QStringList{QStringLiteral("v")}); });
    });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("paths.html"), QString())));
    const Settled all = f.await(QStringLiteral(
            "Promise.all(['value', 'ready-future', 'concurrent', 'concurrent-void', "
            "'variant-future'].map(c => ipcRenderer.invoke(c))).then(v => JSON.stringify(v))"));
    QVERIFY(all.fulfilled);
    QCOMPARE(all.value.toString(), QStringLiteral("[1,\"two\",3.5,null,[\"v\"]]"));
}

// ---------------------------------------------------------------------------------------------
// 2. Cancellation and timeouts

void tst_Invoke::abortRejectsAtOnceAndCancelsTheHandler_data()
{
    QTest::addColumn<QString>("abort");
    QTest::addColumn<QString>("expected");
    // The rejection is the signal's reason itself: by default the browser's AbortError.
    QTest::newRow("default reason") << "c.abort()"
                                    << "AbortError|true|true";
    QTest::newRow("own reason") << "c.abort(new RangeError('stop'))"
                                << "RangeError|true|false";
}

void tst_Invoke::abortRejectsAtOnceAndCancelsTheHandler()
{
    QFETCH(QString, abort);
    QFETCH(QString, expected);
    Fixture f;
    HeldCall held;
    holdCalls(&f.ipc, QStringLiteral("slow"), &held, this);
    f.ipc.handle(QStringLiteral("after"), []() { return 2; });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("abort.html"), QString())));
    f.eval(QStringLiteral("window.c = new AbortController(); window.outcome = null;"
                          "ipcRenderer.invokeWithOptions('slow', { signal: c.signal }, 1)"
                          ".then(v => 'resolved ' + v, e => e.name + '|' + (e === c.signal.reason)"
                          " + '|' + (e instanceof DOMException))"
                          ".then(v => window.outcome = v); 0"));
    QTRY_VERIFY(held.started());
    QVERIFY(!held.event.isCanceled());
    QVERIFY(!held.promise->isCanceled());
    // The rejection comes in the same task as abort(), before any answer from main.
    QCOMPARE(f.eval(QStringLiteral("%1; Promise.resolve().then(() => 0); 0").arg(abort)).toInt(),
             0);
    QTRY_COMPARE(f.eval(QStringLiteral("window.outcome")).toString(), expected);
    // The main side is told: the future, the event, the callback.
    QTRY_VERIFY(held.promise->isCanceled());
    QVERIFY(held.event.isCanceled());
    QTRY_VERIFY(held.toldCanceled);
    // A late answer is dropped: nothing reaches the page, which keeps working.
    held.promise->addResult(7);
    held.promise->finish();
    QCOMPARE(f.await(QStringLiteral("ipcRenderer.invoke('after')")).value.toInt(), 2);
    QCOMPARE(f.eval(QStringLiteral("window.outcome")).toString(), expected);
    QVERIFY2(f.page->errors.isEmpty(), qPrintable(f.page->errors.join(QLatin1Char('\n'))));
}

void tst_Invoke::abortedSignalNeverCallsTheHandler()
{
    Fixture f;
    HeldCall held;
    holdCalls(&f.ipc, QStringLiteral("slow"), &held, this);
    f.ipc.handle(QStringLiteral("after"), []() { return 2; });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("aborted.html"), QString())));
    const Settled result = f.await(QStringLiteral(
            "(() => { const s = AbortSignal.abort(); return ipcRenderer.invokeWithOptions('slow', "
            "{ signal: s }).then(v => 'resolved', e => e.name + '|' + (e === s.reason)); })()"));
    QCOMPARE(result.value.toString(), QStringLiteral("AbortError|true"));
    QCOMPARE(f.await(QStringLiteral("ipcRenderer.invoke('after')")).value.toInt(), 2);
    QCOMPARE(held.calls, 0);
}

void tst_Invoke::callTimeoutRejectsWithTimeoutError()
{
    Fixture f;
    HeldCall held;
    holdCalls(&f.ipc, QStringLiteral("slow"), &held, this);
    f.ipc.handle(QStringLiteral("fast"), []() { return 5; });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("timeout.html"), QString())));
    const Settled result =
            f.await(QStringLiteral("ipcRenderer.invokeWithOptions('slow', { timeout: 50 })")
                    + QLatin1String(DescribeRejection));
    QCOMPARE(result.value.toString(),
             QStringLiteral("TimeoutError|")
                     + invokeError("slow", "TimeoutError: no answer within 50 ms")
                     + QStringLiteral("|false"));
    QTRY_VERIFY(held.promise && held.promise->isCanceled());
    QVERIFY(held.event.isCanceled());
    // An answer in time is an answer, and the timer is gone with it.
    const Settled fast = f.await(QStringLiteral(
            "ipcRenderer.invokeWithOptions('fast', { timeout: 100000 }).then(v => v * 2)"));
    QCOMPARE(fast.value.toInt(), 10);
}

void tst_Invoke::channelTimeoutRejectsWithTimeoutError()
{
    Fixture f;
    HeldCall held;
    holdCalls(&f.ipc, QStringLiteral("slow"), &held, this);
    QCOMPARE(f.ipc.invokeTimeout(QStringLiteral("slow")).count(), 0); // no default, as Electron
    f.ipc.setInvokeTimeout(QStringLiteral("slow"), std::chrono::milliseconds(80));
    QCOMPARE(f.ipc.invokeTimeout(QStringLiteral("slow")).count(), 80);
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("channel-timeout.html"), QString())));
    const QString text =
            QStringLiteral("TimeoutError: the handler for 'slow' did not answer within 80 ms");
    QTest::ignoreMessage(
            QtWarningMsg,
            qPrintable(QStringLiteral("Error occurred in handler for 'slow': ") + text));
    const Settled result = f.await(QStringLiteral("ipcRenderer.invoke('slow')")
                                   + QLatin1String(DescribeRejection));
    QCOMPARE(result.value.toString(),
             QStringLiteral("TimeoutError|") + invokeError("slow", text)
                     + QStringLiteral("|false"));
    QVERIFY(held.promise->isCanceled());
    QVERIFY(held.event.isCanceled());
    QTRY_VERIFY(held.toldCanceled);
    // Zero removes it.
    f.ipc.setInvokeTimeout(QStringLiteral("slow"), std::chrono::milliseconds(0));
    QCOMPARE(f.ipc.invokeTimeout(QStringLiteral("slow")).count(), 0);
}

void tst_Invoke::lastObjectArgumentIsNeverOptions()
{
    Fixture f;
    f.ipc.handle(QStringLiteral("echo"), [](const QVariantList &args) { return args; });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("args.html"), QString())));
    const Settled result = f.await(
            QStringLiteral("ipcRenderer.invoke('echo', 1, { timeout: 1, signal: null }).then(v => "
                           "JSON.stringify(v))"));
    QVERIFY(result.fulfilled);
    QCOMPARE(result.value.toString(), QStringLiteral("[1,{\"signal\":null,\"timeout\":1}]"));
    const Settled withOptions = f.await(
            QStringLiteral("ipcRenderer.invokeWithOptions('echo', {}, { timeout: 1 }).then(v => "
                           "JSON.stringify(v))"));
    QCOMPARE(withOptions.value.toString(), QStringLiteral("[{\"timeout\":1}]"));
}

void tst_Invoke::badOptionsReject()
{
    Fixture f;
    f.ipc.handle(QStringLiteral("echo"), [](const QVariantList &args) { return args; });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("bad-options.html"), QString())));
    const Settled result = f.await(QStringLiteral(
            "Promise.allSettled([ipcRenderer.invokeWithOptions('echo', 5),"
            " ipcRenderer.invokeWithOptions('echo', { signal: {} }),"
            " ipcRenderer.invokeWithOptions('echo', { timeout: -1 }),"
            " ipcRenderer.invokeWithOptions('echo', { timeout: NaN }),"
            " ipcRenderer.invokeWithOptions(3, {})])"
            ".then(r => r.map(x => x.status + ':' + (x.reason && x.reason.name)).join())"));
    QCOMPARE(result.value.toString(),
             QStringLiteral("rejected:TypeError,rejected:TypeError,rejected:RangeError,"
                            "rejected:RangeError,rejected:TypeError"));
}

void tst_Invoke::documentGoingAwayCancelsItsCalls_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("reload") << "reload";
    QTest::newRow("navigation") << "navigation";
    QTest::newRow("crash") << "crash";
    QTest::newRow("page deleted") << "deleted";
    QTest::newRow("detach") << "detach";
}

void tst_Invoke::documentGoingAwayCancelsItsCalls()
{
    QFETCH(QString, how);
    Fixture f;
    HeldCall held;
    holdCalls(&f.ipc, QStringLiteral("slow"), &held, this);
    PageFolder folder;
    const QUrl url = folder.write(QStringLiteral("lifecycle.html"), QString());
    QVERIFY(f.load(url));
    f.eval(QStringLiteral("ipcRenderer.invoke('slow'); 0"));
    QTRY_VERIFY(held.started());
    QVERIFY(!held.event.isCanceled());
    if (how == QLatin1String("reload")) {
        f.page->triggerAction(QWebEnginePage::Reload);
    } else if (how == QLatin1String("navigation")) {
        f.page->load(folder.write(QStringLiteral("other.html"), QString()));
    } else if (how == QLatin1String("crash")) {
        f.page->load(QUrl(QStringLiteral("chrome://crash")));
    } else if (how == QLatin1String("deleted")) {
        f.page.reset();
    } else {
        WebIpc::detach(&f.ipc, f.page.get());
    }
    QTRY_VERIFY_WITH_TIMEOUT(held.promise->isCanceled(), 15000);
    QVERIFY(held.event.isCanceled());
    QTRY_VERIFY(held.toldCanceled);
}

void tst_Invoke::pageCannotCancelAnotherDocumentsCall()
{
    // Cancel messages name an invoke id: a document's ids are its own, so a hostile document
    // cannot cancel what another (an earlier document, or another page) has in flight.
    Fixture f;
    HeldCall held;
    holdCalls(&f.ipc, QStringLiteral("slow"), &held, this);
    Fixture other;
    other.ipc.handle(QStringLiteral("x"), []() { return 1; });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("victim.html"), QString())));
    QVERIFY(other.load(folder.write(QStringLiteral("hostile.html"), QString())));
    f.eval(QStringLiteral("ipcRenderer.invoke('slow'); 0"));
    QTRY_VERIFY(held.started());
    // The hostile page aborts calls with every id near the victim's.
    other.eval(QStringLiteral("for (let i = 0; i < 50; ++i) { const c = new AbortController();"
                              " ipcRenderer.invokeWithOptions('x', { signal: c.signal })"
                              ".catch(() => {}); c.abort(); } 0"));
    QCOMPARE(other.await(QStringLiteral("ipcRenderer.invoke('x')")).value.toInt(), 1);
    QVERIFY(!held.promise->isCanceled());
    QVERIFY(!held.event.isCanceled());
    held.promise->addResult(3);
    held.promise->finish();
}

// ---------------------------------------------------------------------------------------------
// 3. Main to page invoke

void tst_Invoke::mainInvokesPageHandlers()
{
    Fixture f;
    PageFolder folder;
    QVERIFY(f.load(
            folder.write(QStringLiteral("handlers.html"),
                         QStringLiteral("ipcRenderer.handle('add', (event, a, b) => a + b);"
                                        "ipcRenderer.handle('later', (event, v) =>"
                                        "  new Promise(r => setTimeout(() => r({ got: v, sender: "
                                        "event.sender === ipcRenderer }), 20)));"))));
    const Outcome sum = outcomeOf(f.contents->invoke(QStringLiteral("add"), 2, 3));
    QVERIFY(sum.finished);
    QVERIFY2(!sum.error, sum.error ? qPrintable(sum.error->toString()) : "");
    QCOMPARE(sum.value.toInt(), 5);
    const Outcome later = outcomeOf(f.contents->invoke(QStringLiteral("later"), "x"));
    QVERIFY(later.finished && !later.error);
    QCOMPARE(later.value.toMap().value(QStringLiteral("got")).toString(), QStringLiteral("x"));
    QCOMPARE(later.value.toMap().value(QStringLiteral("sender")).toBool(), true);
}

void tst_Invoke::pageHandlerErrorsKeepTheirData()
{
    Fixture f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(
            QStringLiteral("throws.html"),
            QStringLiteral("ipcRenderer.handle('bad', () => { const e = new TypeError('bad input');"
                           " e.code = 'E_BAD'; e.data = { n: 1 }; e.fn = () => 0; throw e; });"
                           "ipcRenderer.handle('rejects', () => Promise.reject("
                           "  new RangeError('too far', { cause: new Error('root') })));"
                           "ipcRenderer.handle('string', () => { throw 'plain'; });"))));
    const Outcome bad = outcomeOf(f.contents->invoke(QStringLiteral("bad")));
    QVERIFY(bad.finished);
    QVERIFY(bad.error);
    QCOMPARE(bad.error->name(), QStringLiteral("TypeError"));
    QCOMPARE(bad.error->message(), QStringLiteral("bad input"));
    QVERIFY2(bad.error->stack().contains(QStringLiteral("throws.html")),
             qPrintable(bad.error->stack()));
    QCOMPARE(bad.error->property(QStringLiteral("code")).toString(), QStringLiteral("E_BAD"));
    QCOMPARE(bad.error->property(QStringLiteral("data")).toMap().value(QStringLiteral("n")).toInt(),
             1);
    QVERIFY(!bad.error->properties().contains(QStringLiteral("fn"))); // not cloneable: left out
    QCOMPARE(bad.error->toString(), QStringLiteral("TypeError: bad input"));

    const Outcome rejects = outcomeOf(f.contents->invoke(QStringLiteral("rejects")));
    QVERIFY(rejects.error);
    QCOMPARE(rejects.error->name(), QStringLiteral("RangeError"));
    const auto cause = rejects.error->property(QStringLiteral("cause")).value<WebIpc::JsError>();
    QCOMPARE(cause.message(), QStringLiteral("root"));

    const Outcome plain = outcomeOf(f.contents->invoke(QStringLiteral("string")));
    QVERIFY(plain.error);
    QCOMPARE(plain.error->name(), QStringLiteral("Error"));
    QCOMPARE(plain.error->message(), QStringLiteral("plain"));
}

void tst_Invoke::missingPageHandlerFails()
{
    Fixture f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("none.html"), QString())));
    const Outcome none = outcomeOf(f.contents->invoke(QStringLiteral("nope"), 1));
    QVERIFY(none.finished);
    QVERIFY(none.error);
    QCOMPARE(none.error->name(), QStringLiteral("NoHandlerError"));
    QCOMPARE(none.error->message(), QStringLiteral("No handler registered for 'nope'"));
}

void tst_Invoke::handleOnceAndRemoveHandler()
{
    Fixture f;
    PageFolder folder;
    QVERIFY(f.load(
            folder.write(QStringLiteral("once.html"),
                         QStringLiteral("let n = 0; ipcRenderer.handleOnce('once', () => ++n);"
                                        "ipcRenderer.handle('gone', () => 1);"
                                        "ipcRenderer.removeHandler('gone');"))));
    QCOMPARE(outcomeOf(f.contents->invoke(QStringLiteral("once"))).value.toInt(), 1);
    const Outcome second = outcomeOf(f.contents->invoke(QStringLiteral("once")));
    QVERIFY(second.error);
    QCOMPARE(second.error->name(), QStringLiteral("NoHandlerError"));
    const Outcome gone = outcomeOf(f.contents->invoke(QStringLiteral("gone")));
    QVERIFY(gone.error);
    QCOMPARE(gone.error->name(), QStringLiteral("NoHandlerError"));
    // A removed handler can be registered again.
    f.eval(QStringLiteral("ipcRenderer.handle('gone', () => 2); 0"));
    QCOMPARE(outcomeOf(f.contents->invoke(QStringLiteral("gone"))).value.toInt(), 2);
}

void tst_Invoke::secondPageHandlerThrows()
{
    Fixture f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("twice.html"), QString())));
    QCOMPARE(f.eval(QStringLiteral(
                            "ipcRenderer.handle('x', () => 1); try { "
                            "ipcRenderer.handle('x', () => 2); 'no' } catch (e) { e.message }"))
                     .toString(),
             QStringLiteral("Attempted to register a second handler for 'x'"));
    QCOMPARE(f.eval(QStringLiteral("try { ipcRenderer.handle('y', 5); 'no' } catch (e) { e.name }"))
                     .toString(),
             QStringLiteral("TypeError"));
    QCOMPARE(outcomeOf(f.contents->invoke(QStringLiteral("x"))).value.toInt(), 1);
}

void tst_Invoke::cancelAbortsThePageHandlersSignal()
{
    Fixture f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(
            QStringLiteral("signal.html"),
            QStringLiteral("window.aborted = 'no'; window.started = false;"
                           "ipcRenderer.handle('wait', e => new Promise((resolve, reject) => {"
                           "  window.started = true;"
                           "  e.signal.addEventListener('abort', () => {"
                           "    window.aborted = e.signal.aborted + ''; resolve(1); });"
                           "}));"))));
    QFuture<QVariant> future = f.contents->invoke(QStringLiteral("wait"));
    QTRY_VERIFY(f.eval(QStringLiteral("window.started")).toBool());
    future.cancel();
    QTRY_COMPARE(f.eval(QStringLiteral("window.aborted")).toString(), QStringLiteral("true"));
    const Outcome outcome = outcomeOf(future);
    QVERIFY(outcome.finished);
    QVERIFY(outcome.canceled);
    QVERIFY(!outcome.error);
}

void tst_Invoke::remoteCallTimesOut()
{
    Fixture f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(
            QStringLiteral("slow-page.html"),
            QStringLiteral("window.aborted = false;"
                           "ipcRenderer.handle('slow', e => new Promise(() => {"
                           "  e.signal.onabort = () => { window.aborted = true; }; }));"))));
    WebIpc::InvokeOptions options;
    options.timeout = std::chrono::milliseconds(100);
    const Outcome outcome = outcomeOf(f.contents->invokeArgs(QStringLiteral("slow"), {}, options));
    QVERIFY(outcome.finished);
    QVERIFY(outcome.error);
    QCOMPARE(outcome.error->name(), QStringLiteral("TimeoutError"));
    QCOMPARE(outcome.error->message(),
             QStringLiteral("the page's handler for 'slow' did not answer within 100 ms"));
    QTRY_VERIFY(f.eval(QStringLiteral("window.aborted")).toBool());
}

void tst_Invoke::remoteCallStaysWithItsDocument_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("navigation") << "navigation";
    QTest::newRow("reload") << "reload";
    QTest::newRow("crash") << "crash";
    QTest::newRow("page closed") << "closed";
}

void tst_Invoke::remoteCallStaysWithItsDocument()
{
    QFETCH(QString, how);
    Fixture f;
    f.ipc.on(QStringLiteral("asked"), this, []() {});
    PageFolder folder;
    // Every document of this page handles 'wait' and never answers; a new one reports whether
    // it was asked.
    const QString script =
            QStringLiteral("window.asked = 0; ipcRenderer.handle('wait', () => { ++window.asked; "
                           "return new Promise(() => {}); });");
    QVERIFY(f.load(folder.write(QStringLiteral("first.html"), script)));
    QFuture<QVariant> future = f.contents->invoke(QStringLiteral("wait"));
    QTRY_COMPARE(f.eval(QStringLiteral("window.asked")).toInt(), 1);
    if (how == QLatin1String("navigation"))
        QVERIFY(f.load(folder.write(QStringLiteral("second.html"), script)));
    else if (how == QLatin1String("reload"))
        f.page->triggerAction(QWebEnginePage::Reload);
    else if (how == QLatin1String("crash"))
        f.page->load(QUrl(QStringLiteral("chrome://crash")));
    else
        f.page.reset();
    const Outcome outcome = outcomeOf(future, 15000);
    QVERIFY(outcome.finished);
    QVERIFY(outcome.error);
    QCOMPARE(outcome.error->name(), QStringLiteral("DocumentGoneError"));
    if (how == QLatin1String("navigation") || how == QLatin1String("reload")) {
        if (how == QLatin1String("reload"))
            QTRY_VERIFY(f.contents->isReady());
        // The new document was never asked.
        QTest::qWait(50);
        QCOMPARE(f.eval(QStringLiteral("window.asked")).toInt(), 0);
    }
}

void tst_Invoke::remoteCallWithoutDocumentFails()
{
    Fixture f; // nothing loaded yet
    const Outcome outcome = outcomeOf(f.contents->invoke(QStringLiteral("x")));
    QVERIFY(outcome.finished);
    QVERIFY(outcome.error);
    QCOMPARE(outcome.error->name(), QStringLiteral("DocumentGoneError"));
    // No such frame either.
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("frameless.html"), QString())));
    const Outcome frame = outcomeOf(f.contents->invokeFrame(42, QStringLiteral("x")));
    QVERIFY(frame.error);
    QCOMPARE(frame.error->name(), QStringLiteral("DocumentGoneError"));
}

void tst_Invoke::preloadAndMainWorldHandlersShareOneDocument()
{
    // The preload's ipcRenderer and the main world's hear the same calls: the one that has the
    // handler answers, the other's "no handler" does not count.
    PageFolder folder;
    const QString preload = folder.path() + QStringLiteral("/preload.js");
    {
        QFile file(preload);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("const { ipcRenderer } = require('electron');\n"
                   "ipcRenderer.handle('from-preload', () => 'preload');\n");
    }
    WebIpc::AttachOptions options;
    options.preload = preload;
    options.exposeIpcRendererToMainWorld = true;
    Fixture f(options);
    QVERIFY(f.load(folder.write(QStringLiteral("both.html"),
                                QStringLiteral("ipcRenderer.handle('from-main', () => 'main');"))));
    const Outcome fromPreload = outcomeOf(f.contents->invoke(QStringLiteral("from-preload")));
    QVERIFY2(!fromPreload.error,
             fromPreload.error ? qPrintable(fromPreload.error->toString()) : "");
    QCOMPARE(fromPreload.value.toString(), QStringLiteral("preload"));
    const Outcome fromMain = outcomeOf(f.contents->invoke(QStringLiteral("from-main")));
    QVERIFY2(!fromMain.error, fromMain.error ? qPrintable(fromMain.error->toString()) : "");
    QCOMPARE(fromMain.value.toString(), QStringLiteral("main"));
    const Outcome neither = outcomeOf(f.contents->invoke(QStringLiteral("neither")));
    QVERIFY(neither.error);
    QCOMPARE(neither.error->name(), QStringLiteral("NoHandlerError"));
}

// ---------------------------------------------------------------------------------------------
// 4. Streams

namespace {
// A producer in a worker thread that honours suspension and cancellation, as the README says.
struct Producer
{
    std::atomic<int> produced{0};
    std::atomic<bool> sawCancel{false};
    QFuture<int> future;
};

// The producers' own threads: the global pool has as many threads as cores (2 here), and a
// suspended producer holds its thread.
QThreadPool &producerPool()
{
    static QThreadPool pool;
    pool.setMaxThreadCount(16);
    return pool;
}

// Every producer started, so that cleanup() can end the ones a test left suspended.
std::vector<std::weak_ptr<Producer>> &producersStarted()
{
    static std::vector<std::weak_ptr<Producer>> started;
    return started;
}

// The worker shares the producer: it may outlive the test (suspended until cancelled).
void handleNumbers(WebIpc::IpcMain *ipc, const std::shared_ptr<Producer> &producer)
{
    producersStarted().push_back(producer);
    ipc->handle(QStringLiteral("numbers"), [producer](const QVariantList &args) {
        producer->future = QtConcurrent::run(
                &producerPool(),
                [producer](QPromise<int> &promise, int count) {
                    for (int i = 0; i < count; ++i) {
                        promise.suspendIfRequested();
                        if (promise.isCanceled()) {
                            producer->sawCancel = true;
                            return;
                        }
                        promise.addResult(i);
                        ++producer->produced;
                    }
                },
                args.value(0).toInt());
        return producer->future;
    });
}
} // namespace

void tst_Invoke::streamDeliversEveryResultInOrder()
{
    Fixture f;
    const auto shared = std::make_shared<Producer>();
    Producer &producer = *shared;
    handleNumbers(&f.ipc, shared);
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("stream.html"), QString())));
    const Settled all = f.await(QStringLiteral(
            "(async () => { const got = []; for await (const v of ipcRenderer.stream('numbers', "
            "500)) got.push(v); return got.every((v, i) => v === i) + ' ' + got.length; })()"));
    QVERIFY2(all.fulfilled, qPrintable(all.value.toString()));
    QCOMPARE(all.value.toString(), QStringLiteral("true 500"));
}

void tst_Invoke::streamFailureComesAfterItsChunks()
{
    // Qt drops a failed future's results: the chunks the page has got stay, then the error.
    Fixture f;
    auto promise = std::make_shared<QPromise<QString>>();
    f.ipc.handle(QStringLiteral("fails"), [promise]() {
        promise->start();
        promise->addResult(QStringLiteral("a"));
        promise->addResult(QStringLiteral("b"));
        return promise->future();
    });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("stream-fails.html"), QString())));
    f.eval(QStringLiteral("window.got = []; (async () => { try { for await (const v of "
                          "ipcRenderer.stream('fails')) got.push(v); } catch (e) { "
                          "got.push(e.name, e.code, e.message); } })(); 0"));
    QTRY_COMPARE(f.eval(QStringLiteral("got.join('|')")).toString(), QStringLiteral("a|b"));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("Error occurred in handler")));
    promise->setException(std::make_exception_ptr(
            WebIpc::HandlerError(QStringLiteral("IOError"), QStringLiteral("pipe broke"))
                    .setCode(QStringLiteral("EPIPE"))));
    promise->finish();
    QTRY_COMPARE(f.eval(QStringLiteral("got.join('|')")).toString(),
                 QStringLiteral("a|b|IOError|EPIPE|")
                         + invokeError("fails", "IOError: pipe broke"));
}

void tst_Invoke::leavingTheLoopCancelsTheFuture_data()
{
    QTest::addColumn<QString>("script");
    QTest::newRow("break") << "for await (const v of ipcRenderer.stream('numbers', 1e9)) "
                              "{ if (v === 3) break; }";
    QTest::newRow("cancel()") << "const s = ipcRenderer.stream('numbers', 1e9); "
                                 "await s.next(); s.cancel();";
    QTest::newRow("signal") << "const c = new AbortController(); try { for await (const v of "
                               "ipcRenderer.streamWithOptions('numbers', { signal: c.signal }, "
                               "1e9)) { if (v === 2) c.abort(); } } catch (e) { "
                               "if (e.name !== 'AbortError') throw e; }";
}

void tst_Invoke::leavingTheLoopCancelsTheFuture()
{
    QFETCH(QString, script);
    Fixture f;
    const auto shared = std::make_shared<Producer>();
    Producer &producer = *shared;
    handleNumbers(&f.ipc, shared);
    f.ipc.handle(QStringLiteral("after"), []() { return 2; });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("stream-cancel.html"), QString())));
    const Settled left =
            f.await(QStringLiteral("(async () => { %1 return 'left'; })()").arg(script));
    QVERIFY2(left.fulfilled, qPrintable(left.value.toString()));
    QTRY_VERIFY(producer.future.isCanceled());
    QTRY_VERIFY(producer.future.isFinished());
    QVERIFY(producer.sawCancel);
    QVERIFY(producer.produced < 1000000000);
    QCOMPARE(f.await(QStringLiteral("ipcRenderer.invoke('after')")).value.toInt(), 2);
}

void tst_Invoke::streamAsReadableStream()
{
    Fixture f;
    const auto shared = std::make_shared<Producer>();
    Producer &producer = *shared;
    handleNumbers(&f.ipc, shared);
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("readable.html"), QString())));
    const Settled read = f.await(QStringLiteral(
            "(async () => { const reader = ipcRenderer.stream('numbers', 5).readable.getReader();"
            " const got = []; for (;;) { const { value, done } = await reader.read(); if (done) "
            "break; got.push(value); } return got.join(); })()"));
    QCOMPARE(read.value.toString(), QStringLiteral("0,1,2,3,4"));
}

void tst_Invoke::slowConsumerSuspendsTheProducer()
{
    // Back-pressure with results far smaller and faster than the main thread can pass on: the
    // producer is held once a window's worth waits, and goes on as the page reads.
    Fixture f;
    const auto shared = std::make_shared<Producer>();
    Producer &producer = *shared;
    handleNumbers(&f.ipc, shared);
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("slow.html"), QString())));
    f.eval(QStringLiteral(
            "window.got = []; window.readMore = null; window.stream = ipcRenderer.stream("
            "'numbers', 1e9); (async () => { for await (const v of stream) { got.push(v); "
            "if (got.length % 20 === 0) await new Promise(r => { readMore = r; }); } })(); 0"));
    QTRY_COMPARE(f.eval(QStringLiteral("got.length")).toInt(), 20);
    // The page reads no more: the producer is suspended, having made a bounded amount.
    QTRY_VERIFY(producer.future.isSuspended());
    const int producedWhenHeld = producer.produced;
    QVERIFY2(producedWhenHeld < 1000000, qPrintable(QString::number(producedWhenHeld)));
    QTest::qWait(300); // what a producer that is not held would use to run on
    QCOMPARE(int(producer.produced), producedWhenHeld);
    QVERIFY(producer.future.isSuspended());
    QCOMPARE(f.eval(QStringLiteral("got.length")).toInt(), 20);
    // Reading on resumes it, and the values keep their order.
    for (int round = 2; round <= 5; ++round) {
        f.eval(QStringLiteral("readMore(); 0"));
        QTRY_COMPARE(f.eval(QStringLiteral("got.length")).toInt(), round * 20);
    }
    QVERIFY(f.eval(QStringLiteral("got.every((v, i) => v === i)")).toBool());
    QTRY_VERIFY(producer.future.isSuspended());
    QVERIFY(producer.produced < 1000000);
    // Leaving the stream cancels the producer.
    f.eval(QStringLiteral("stream.cancel(); readMore(); 0"));
    QTRY_VERIFY(producer.future.isFinished());
    QVERIFY(producer.sawCancel);
}

void tst_Invoke::cleanup()
{
    // A producer a failed test left suspended would hold the pool's destructor forever.
    for (const std::weak_ptr<Producer> &started : producersStarted()) {
        if (const std::shared_ptr<Producer> producer = started.lock())
            producer->future.cancel();
    }
    producersStarted().clear();
}

// ---------------------------------------------------------------------------------------------
// 5. Errors that keep their data

void tst_Invoke::handlerErrorKeepsItsData()
{
    Fixture f;
    f.ipc.handle(QStringLiteral("load"), []() -> int {
        // electron#24427: a custom property of the error survives, with code, data and cause.
        throw WebIpc::HandlerError(QStringLiteral("NotFoundError"), QStringLiteral("no such file"))
                .setCode(QStringLiteral("ENOENT"))
                .setData(QVariantMap{{QStringLiteral("path"), QStringLiteral("/x")}})
                .setProperty(QStringLiteral("retryable"), true)
                .setProperty(QStringLiteral("cause"),
                             QVariant::fromValue(WebIpc::JsError(QStringLiteral("disk"))));
    });
    f.ipc.handle(QStringLiteral("plain"), []() -> int { throw std::runtime_error("plain"); });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("data.html"), QString())));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("Error occurred in handler")));
    const Settled loaded = f.await(QStringLiteral(
            "ipcRenderer.invoke('load').catch(e => JSON.stringify([e instanceof Error, e.name, "
            "e.message, e.code, e.data, e.retryable, e.cause instanceof Error && e.cause.message, "
            "String(e).startsWith('NotFoundError: Error invoking')]))"));
    QCOMPARE(loaded.value.toString(),
             QStringLiteral("[true,\"NotFoundError\",\"Error invoking remote method 'load': "
                            "NotFoundError: no such file\",\"ENOENT\",{\"path\":\"/x\"},true,"
                            "\"disk\",true]"));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("Error occurred in handler")));
    const Settled plain = f.await(QStringLiteral(
            "ipcRenderer.invoke('plain').catch(e => JSON.stringify([e.name, e.message, "
            "Object.keys(e)]))"));
    QCOMPARE(plain.value.toString(),
             QStringLiteral("[\"Error\",\"Error invoking remote method 'plain': Error: plain\","
                            "[]]"));
}

QTEST_MAIN(tst_Invoke)
#include "tst_invoke.moc"
