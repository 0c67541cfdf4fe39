// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Pages come and go: reloads, navigations, history, crashes, deleted pages and views, many views
// at once, each with calls in flight. Nothing crashes, nothing leaks into the wrong document,
// and the page works again afterwards. B-numbers refer to Electron's behaviour checklist.

#include "testsupport.h"

#include <core/webcontents_p.h>

#include <WebIpc/FrameInfo>

#include <QtCore/QFile>
#include <QtCore/QPointer>
#include <QtCore/QPromise>
#include <QtCore/QTimer>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWebEngineCore/QWebEngineHistory>
#include <QtWebEngineWidgets/QWebEngineView>

#include <memory>
#include <vector>

#include <signal.h>

using namespace WebIpcTest;
using WebIpc::IpcMainEvent;
using WebIpc::IpcMainInvokeEvent;

namespace {

using Fixture = PageFixture;

const QString ListenScript = QStringLiteral(R"(
    window.got = [];
    ipcRenderer.on('x', (e, v) => window.got.push(v));
)");

// An HTTP server whose responses never come while it hangs: a page with an <img> from it has
// committed its document but not finished loading.
class HangingServer
{
public:
    HangingServer()
    {
        m_server.listen(QHostAddress::LocalHost);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this]() {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                ++connections;
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                if (m_hanging)
                    m_held.append(socket);
                else
                    answer(socket);
            }
        });
    }
    QUrl url() const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1/hang.png").arg(m_server.serverPort()));
    }
    // Answers (404) what is held and everything from now on.
    void release()
    {
        m_hanging = false;
        for (const QPointer<QTcpSocket> &socket : std::as_const(m_held))
            if (socket)
                answer(socket);
        m_held.clear();
    }
    int connections = 0;

private:
    static void answer(QTcpSocket *socket)
    {
        socket->write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        socket->disconnectFromHost();
    }
    QTcpServer m_server;
    bool m_hanging = true;
    QList<QPointer<QTcpSocket>> m_held;
};

// invoke and sendSync work in the page's current document.
void verifyIpcWorks(QWebEnginePage *page)
{
    const Settled invoked = awaitPromise(page, QStringLiteral("ipcRenderer.invoke('h')"));
    QVERIFY2(invoked.done, "the invoke never settled");
    QVERIFY2(invoked.fulfilled, qPrintable(invoked.value.toString()));
    QCOMPARE(invoked.value.toString(), QStringLiteral("handled"));
    QCOMPARE(evaluate(page,
                      QStringLiteral("(() => { try { return ipcRenderer.sendSync('s'); }"
                                     " catch (e) { return 'threw ' + e.message; } })()"))
                     .toString(),
             QStringLiteral("sync"));
}

void handleHAndS(WebIpc::IpcMain *ipc, QObject *context)
{
    ipc->setSyncReplyTimeout(std::chrono::milliseconds(3000));
    ipc->handle(QStringLiteral("h"), []() { return QStringLiteral("handled"); });
    ipc->on(QStringLiteral("s"), context,
            [](const IpcMainEvent &event) { event.setReturnValue(QStringLiteral("sync")); });
}

} // namespace

class tst_Lifecycle : public QObject
{
    Q_OBJECT
public:
    static void initMain() { WebIpcTest::initMain(); }

private Q_SLOTS:
    void rendererCrashWithCallsInFlight_data();
    void rendererCrashWithCallsInFlight();
    void historyNavigationKeepsWorking();
    void sameDocumentNavigationKeepsTheDocument();
    void deletingTheViewWithCallsInFlight();
    void detachAndAttachAgain();
    void ipcMainDestroyedBeforeThePage();
    void tenViewsNeverCross();
    void contentsIpcComesFirst();
    // Issue 9.6
    void nothingAddressedToADocumentOutlivesIt_data();
    void nothingAddressedToADocumentOutlivesIt();
    // Issue 9.7
    void everyCommittedDocumentGetsWorkingIpc_data();
    void everyCommittedDocumentGetsWorkingIpc();
    void rapidHistoryNavigationKeepsIpcWorking();
    // Issue 9.10
    void pendingInvokesDoNotLeakAcrossReloads();
    // Issue 9.11
    void deletingInsideACallbackDoesNotCrash_data();
    void deletingInsideACallbackDoesNotCrash();
};

void tst_Lifecycle::rendererCrashWithCallsInFlight_data()
{
    QTest::addColumn<QString>("how");
    // chrome://crash and chrome://kill are navigations, which a renderer blocked in sendSync
    // handles only once it is answered; a killed process is gone at once.
    QTest::newRow("chrome://crash") << "chrome://crash";
    QTest::newRow("chrome://kill") << "chrome://kill";
    QTest::newRow("SIGKILL while blocked in sendSync") << "SIGKILL";
}

void tst_Lifecycle::rendererCrashWithCallsInFlight()
{
    QFETCH(QString, how);
    Fixture f;
    auto pending = std::make_shared<QPromise<int>>();
    f.ipc.handle(QStringLiteral("forever"), [pending]() {
        pending->start();
        return pending->future();
    });
    IpcMainEvent keptSync;
    f.ipc.on(QStringLiteral("sync"), this, [&](const IpcMainEvent &event) { keptSync = event; });
    PageFolder folder;
    const QUrl url = folder.write(QStringLiteral("crash.html"), ListenScript);
    QVERIFY(f.load(url));
    f.eval(QStringLiteral("ipcRenderer.invoke('forever'); 0"));
    QTRY_VERIFY(pending->future().isStarted());
    QSignalSpy terminated(f.page.get(), &QWebEnginePage::renderProcessTerminated);
    if (how == QLatin1String("SIGKILL")) {
        f.eval(QStringLiteral("setTimeout(() => ipcRenderer.sendSync('sync'), 0); 0"));
        QTRY_VERIFY(keptSync.isValid());
        QVERIFY(::kill(pid_t(f.page->renderProcessPid()), SIGKILL) == 0);
    } else {
        f.page->load(QUrl(how));
    }
    QTRY_COMPARE_WITH_TIMEOUT(terminated.size(), 1, 15000);
    QVERIFY(!f.contents->isReady());
    // Everything still in flight goes nowhere, harmlessly.
    if (keptSync.isValid())
        keptSync.setReturnValue(1);
    pending->addResult(1);
    pending->finish();
    f.contents->send(QStringLiteral("x"), QStringLiteral("held while the renderer is gone"));

    // A new load starts a new renderer; the page works again and gets what was held (B49).
    QVERIFY(f.load(url));
    QTRY_COMPARE(f.eval(QStringLiteral("window.got.join()")).toString(),
                 QStringLiteral("held while the renderer is gone"));
    f.ipc.handle(QStringLiteral("after"), []() { return 2; });
    QCOMPARE(f.await(QStringLiteral("ipcRenderer.invoke('after')")).value.toInt(), 2);
}

void tst_Lifecycle::historyNavigationKeepsWorking()
{
    Fixture f;
    QStringList pages;
    f.ipc.on(QStringLiteral("loaded"), this, [&](const IpcMainEvent &, const QVariantList &args) {
        pages << args.value(0).toString();
    });
    PageFolder folder;
    const QUrl first =
            folder.write(QStringLiteral("first.html"),
                         ListenScript + QStringLiteral("ipcRenderer.send('loaded', 'first');"));
    const QUrl second =
            folder.write(QStringLiteral("second.html"),
                         ListenScript + QStringLiteral("ipcRenderer.send('loaded', 'second');"));
    QVERIFY(f.load(first));
    QVERIFY(f.load(second));
    QTRY_COMPARE(pages.size(), 2);
    QSignalSpy loaded(f.page.get(), &QWebEnginePage::loadFinished);
    f.page->triggerAction(QWebEnginePage::Back);
    QTRY_VERIFY(loaded.size() >= 1 && f.contents->isReady());
    QTRY_COMPARE(pages.size(), 3);
    QCOMPARE(pages.last(), QStringLiteral("first"));
    QCOMPARE(f.contents->url(), first);
    f.contents->send(QStringLiteral("x"), 1);
    QTRY_COMPARE(f.eval(QStringLiteral("window.got.join()")).toString(), QStringLiteral("1"));
    f.page->triggerAction(QWebEnginePage::Forward);
    QTRY_COMPARE(pages.size(), 4);
    QCOMPARE(pages.last(), QStringLiteral("second"));
    QTRY_VERIFY(f.contents->isReady());
    f.contents->send(QStringLiteral("x"), 2);
    QTRY_COMPARE(f.eval(QStringLiteral("window.got.join()")).toString(), QStringLiteral("2"));
}

void tst_Lifecycle::sameDocumentNavigationKeepsTheDocument()
{
    Fixture f;
    PageFolder folder;
    const QUrl url = folder.write(QStringLiteral("same.html"), ListenScript);
    QVERIFY(f.load(url));
    const QString doc = WebIpc::WebContentsPrivate::get(f.contents)->currentDocumentId();
    QSignalSpy urls(f.contents, &WebIpc::WebContents::urlChanged);
    f.eval(QStringLiteral("history.pushState({}, '', '#/settings'); location.hash = '#/other'; 0"));
    QTRY_VERIFY(f.contents->url().fragment() == QLatin1String("/other"));
    QTest::qWait(100);
    QVERIFY(f.contents->isReady());
    QCOMPARE(WebIpc::WebContentsPrivate::get(f.contents)->currentDocumentId(), doc);
    f.contents->send(QStringLiteral("x"), 1);
    QTRY_COMPARE(f.eval(QStringLiteral("window.got.join()")).toString(), QStringLiteral("1"));
    IpcMainEvent seen;
    f.ipc.on(QStringLiteral("where"), this, [&](const IpcMainEvent &event) { seen = event; });
    f.eval(QStringLiteral("ipcRenderer.send('where')"));
    QTRY_VERIFY(seen.isValid());
    QCOMPARE(seen.senderFrame().url().fragment(), QStringLiteral("/other"));
}

void tst_Lifecycle::deletingTheViewWithCallsInFlight()
{
    WebIpc::IpcMain ipc;
    auto view = std::make_unique<QWebEngineView>();
    WebIpc::WebContents *contents = WebIpc::attach(&ipc, view.get());
    QVERIFY(contents);
    QCOMPARE(WebIpc::page(contents), view->page());
    auto pending = std::make_shared<QPromise<int>>();
    ipc.handle(QStringLiteral("forever"), [pending]() {
        pending->start();
        return pending->future();
    });
    PageFolder folder;
    QVERIFY(loadAndWait(view->page(), contents,
                        folder.write(QStringLiteral("view.html"), QString())));
    evaluate(view->page(), QStringLiteral("ipcRenderer.invoke('forever'); 0"));
    QTRY_VERIFY(pending->future().isStarted());
    QSignalSpy closed(contents, &WebIpc::WebContents::closed);
    QPointer<WebIpc::WebContents> guard(contents);
    contents->send(QStringLiteral("x"), 1);
    view.reset();
    QCOMPARE(closed.size(), 1);
    QVERIFY(guard.isNull());
    pending->addResult(1);
    pending->finish();
    QTest::qWait(20);
    QVERIFY(ipc.webContents().isEmpty());
}

void tst_Lifecycle::detachAndAttachAgain()
{
    Fixture f;
    PageFolder folder;
    const QUrl url = folder.write(QStringLiteral("detach.html"),
                                  QStringLiteral("window.kind = typeof window.ipcRenderer;"));
    QVERIFY(f.load(url));
    WebIpc::detach(&f.ipc, f.page.get());
    QVERIFY(!WebIpc::findWebContents(&f.ipc, f.page.get()));
    QVERIFY(f.page->webChannel() == nullptr);
    QSignalSpy loaded(f.page.get(), &QWebEnginePage::loadFinished);
    f.page->load(url);
    QVERIFY(loaded.wait());
    QCOMPARE(f.eval(QStringLiteral("window.kind")).toString(), QStringLiteral("undefined"));
    f.contents = WebIpc::attach(&f.ipc, f.page.get());
    QVERIFY(f.load(url));
    QCOMPARE(f.eval(QStringLiteral("window.kind")).toString(), QStringLiteral("object"));
}

void tst_Lifecycle::ipcMainDestroyedBeforeThePage()
{
    auto page = std::make_unique<ConsolePage>();
    PageFolder folder;
    {
        WebIpc::IpcMain ipc;
        WebIpc::WebContents *contents = WebIpc::attach(&ipc, page.get());
        QVERIFY(loadAndWait(page.get(), contents,
                            folder.write(QStringLiteral("gone.html"), QString())));
    } // the IpcMain goes first: the page is detached, not left with dangling objects
    QVERIFY(page->webChannel() == nullptr);
    QCOMPARE(evaluate(page.get(), QStringLiteral("typeof ipcRenderer")).toString(),
             QStringLiteral("object")); // this document keeps its (now silent) ipcRenderer
    evaluate(page.get(), QStringLiteral("ipcRenderer.send('nobody'); 0"));
    QTest::qWait(50);
}

void tst_Lifecycle::tenViewsNeverCross()
{
    WebIpc::IpcMain ipc;
    constexpr int Count = 10;
    std::vector<std::unique_ptr<ConsolePage>> pages;
    QList<WebIpc::WebContents *> contents;
    PageFolder folder;
    QHash<WebIpc::WebContents *, QStringList> received;
    ipc.on(QStringLiteral("from"), this, [&](const IpcMainEvent &event, const QVariantList &args) {
        received[event.sender()] << args.value(0).toString();
        event.reply(QStringLiteral("x"), args.value(0));
    });
    ipc.handle(QStringLiteral("who"),
               [](const IpcMainInvokeEvent &event) { return event.sender()->id(); });
    for (int i = 0; i < Count; ++i) {
        pages.push_back(std::make_unique<ConsolePage>());
        contents.append(WebIpc::attach(&ipc, pages.back().get()));
        QVERIFY(loadAndWait(pages.back().get(), contents.last(),
                            folder.write(QStringLiteral("view%1.html").arg(i), ListenScript)));
    }
    for (int i = 0; i < Count; ++i) {
        evaluate(pages[i].get(),
                 QStringLiteral(R"(
            for (let n = 0; n < 50; ++n) ipcRenderer.send('from', 'page%1-' + n);
            ipcRenderer.invoke('who').then(id => window.id = id);
            0
        )")
                         .arg(i));
        contents[i]->send(QStringLiteral("x"), QStringLiteral("direct%1").arg(i));
    }
    for (int i = 0; i < Count; ++i) {
        QTRY_COMPARE(received.value(contents[i]).size(), 50);
        for (const QString &value : received.value(contents[i]))
            QVERIFY(value.startsWith(QStringLiteral("page%1-").arg(i)));
        QTRY_COMPARE(evaluate(pages[i].get(), QStringLiteral("window.got.length")).toInt(), 51);
        const QStringList got =
                evaluate(pages[i].get(), QStringLiteral("window.got")).toStringList();
        for (const QString &value : got) {
            QVERIFY2(value.startsWith(QStringLiteral("page%1-").arg(i))
                             || value == QStringLiteral("direct%1").arg(i),
                     qPrintable(value));
        }
        QTRY_COMPARE(evaluate(pages[i].get(), QStringLiteral("window.id")).toInt(),
                     contents[i]->id());
    }
}

void tst_Lifecycle::contentsIpcComesFirst()
{
    WebIpc::IpcMain ipc;
    auto pageA = std::make_unique<ConsolePage>();
    auto pageB = std::make_unique<ConsolePage>();
    WebIpc::WebContents *a = WebIpc::attach(&ipc, pageA.get());
    WebIpc::WebContents *b = WebIpc::attach(&ipc, pageB.get());
    QStringList order;
    ipc.on(QStringLiteral("test"), this, [&](const IpcMainEvent &event) {
        order << QStringLiteral("ipcMain:%1").arg(event.sender() == a ? 'a' : 'b');
        if (event.isSync())
            event.setReturnValue(QStringLiteral("from ipcMain"));
    });
    a->ipc()->on(QStringLiteral("test"), this,
                 [&](const IpcMainEvent &event, const QVariantList &args) {
                     order << QStringLiteral("a.ipc");
                     if (event.isSync())
                         event.setReturnValue(args.value(0).toInt() * 2); // B55
                 });
    ipc.handle(QStringLiteral("h"), []() { return QStringLiteral("ipcMain"); });
    a->ipc()->handle(QStringLiteral("h"), []() { return QStringLiteral("a.ipc"); });
    PageFolder folder;
    QVERIFY(loadAndWait(pageA.get(), a, folder.write(QStringLiteral("a.html"), QString())));
    QVERIFY(loadAndWait(pageB.get(), b, folder.write(QStringLiteral("b.html"), QString())));
    evaluate(pageA.get(), QStringLiteral("ipcRenderer.send('test', 42)"));
    QTRY_COMPARE(order, (QStringList{QStringLiteral("a.ipc"), QStringLiteral("ipcMain:a")})); // B54
    order.clear();
    evaluate(pageB.get(), QStringLiteral("ipcRenderer.send('test', 42)")); // B52: only from a
    QTRY_COMPARE(order, QStringList{QStringLiteral("ipcMain:b")});
    order.clear();
    QCOMPARE(evaluate(pageA.get(), QStringLiteral("ipcRenderer.sendSync('test', 21)")).toInt(), 42);
    // B53: the page's handler overrides ipcMain's, other pages fall back to ipcMain's.
    QCOMPARE(awaitPromise(pageA.get(), QStringLiteral("ipcRenderer.invoke('h')")).value.toString(),
             QStringLiteral("a.ipc"));
    QCOMPARE(awaitPromise(pageB.get(), QStringLiteral("ipcRenderer.invoke('h')")).value.toString(),
             QStringLiteral("ipcMain"));
    a->ipc()->removeHandler(QStringLiteral("h"));
    QCOMPARE(awaitPromise(pageA.get(), QStringLiteral("ipcRenderer.invoke('h')")).value.toString(),
             QStringLiteral("ipcMain"));
}

// Issue 9.6: an event.reply() or sendToFrame() addressed to a document that went away never
// reaches the document that replaced it; send() means the current document.
void tst_Lifecycle::nothingAddressedToADocumentOutlivesIt_data()
{
    QTest::addColumn<bool>("subframe");
    QTest::newRow("main frame reloads") << false;
    QTest::newRow("subframe navigates") << true;
}

void tst_Lifecycle::nothingAddressedToADocumentOutlivesIt()
{
    QFETCH(bool, subframe);
    WebIpc::AttachOptions options;
    options.enableSubframes = subframe;
    Fixture f(options);
    IpcMainEvent kept;
    IpcMainEvent newHello;
    f.ipc.handle(QStringLiteral("hh"), []() { return QStringLiteral("handled"); });
    QStringList got;
    f.ipc.on(QStringLiteral("keep"), this, [&](const IpcMainEvent &event) {
        if (!kept.isValid())
            kept = event;
    });
    f.ipc.on(QStringLiteral("hello"), this, [&](const IpcMainEvent &event) { newHello = event; });
    f.ipc.on(QStringLiteral("got"), this, [&](const QVariantList &args) {
        got << args.value(0).toString() + QLatin1Char(':') + args.value(1).toString();
    });
    const QString listen = QStringLiteral(R"(
        ipcRenderer.on('r', (e, v) => ipcRenderer.send('got', '%1', v));
        ipcRenderer.on('done', () => ipcRenderer.send('got', '%1', 'done'));
    )");
    QWebEngineProfile *profile = f.page->profile();
    const QUrl newChild =
            AppSchemePages::serve(profile, QStringLiteral("doc-new-child.html"),
                                  pageHtml(listen.arg(QStringLiteral("new"))
                                           + QStringLiteral("ipcRenderer.send('hello');")));
    QUrl url;
    if (subframe) {
        const QUrl oldChild =
                AppSchemePages::serve(profile, QStringLiteral("doc-old-child.html"),
                                      pageHtml(listen.arg(QStringLiteral("old"))
                                               + QStringLiteral("ipcRenderer.send('keep');")));
        url = AppSchemePages::serve(
                profile, QStringLiteral("doc-top.html"),
                pageHtml(listen.arg(QStringLiteral("top")))
                        + QStringLiteral("<iframe src=\"%1\"></iframe>").arg(oldChild.toString()));
    } else {
        url = AppSchemePages::serve(profile, QStringLiteral("doc-main.html"),
                                    pageHtml(listen.arg(QStringLiteral("doc"))
                                             + QStringLiteral("ipcRenderer.send('keep');")));
    }
    QVERIFY(f.load(url));
    QTRY_VERIFY(kept.isValid());
    const int oldFrameId = kept.frameId();
    newHello = IpcMainEvent();
    if (subframe) {
        QVERIFY(!kept.senderFrame().isMainFrame());
        f.eval(QStringLiteral("document.querySelector('iframe').src = '%1'; 0")
                       .arg(newChild.toString()));
    } else {
        QVERIFY(f.load(url));
    }
    // The new document is there and listening.
    const Settled live = f.await(QStringLiteral("ipcRenderer.invoke('hh')"));
    QVERIFY2(live.done && live.fulfilled, qPrintable(live.value.toString()));
    if (subframe)
        QTRY_VERIFY(newHello.isValid());

    kept.reply(QStringLiteral("r"), 1);
    if (subframe) // (sendToFrame(0) is the main frame, i.e. its current document)
        f.contents->sendToFrame(oldFrameId, QStringLiteral("r"), 2);
    f.contents->send(QStringLiteral("r"), 3);
    if (subframe)
        newHello.reply(QStringLiteral("done"));
    else
        f.contents->send(QStringLiteral("done"));
    const QString now = subframe ? QStringLiteral("new") : QStringLiteral("doc");
    const QString main = subframe ? QStringLiteral("top") : QStringLiteral("doc");
    QTRY_VERIFY2(got.contains(now + QStringLiteral(":done")),
                 qPrintable(got.join(QLatin1Char(' '))));
    QTRY_VERIFY2(got.contains(main + QStringLiteral(":3")), qPrintable(got.join(QLatin1Char(' '))));
    QTest::qWait(1000);
    for (const QString &name :
         {QStringLiteral("new"), QStringLiteral("top"), QStringLiteral("doc")}) {
        QVERIFY2(!got.contains(name + QStringLiteral(":1")),
                 qPrintable(got.join(QLatin1Char(' '))));
        QVERIFY2(!got.contains(name + QStringLiteral(":2")),
                 qPrintable(got.join(QLatin1Char(' '))));
    }
    QCOMPARE(got.filter(QStringLiteral(":3")).size(),
             1); // send() reached the current main document
}

// Issue 9.7: every document that commits gets working IPC, however it came to be.
void tst_Lifecycle::everyCommittedDocumentGetsWorkingIpc_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("location.replace() in a head script") << "replace";
    QTest::newRow("meta refresh 0") << "meta";
    QTest::newRow("Reload before the first load finished") << "reload";
    QTest::newRow("load() before the first load finished") << "load";
    QTest::newRow("100 reloads 15 ms apart") << "reloads";
}

void tst_Lifecycle::everyCommittedDocumentGetsWorkingIpc()
{
    QFETCH(QString, how);
    Fixture f;
    handleHAndS(&f.ipc, this);
    PageFolder folder;
    HangingServer hanging;
    const QUrl final =
            folder.write(QStringLiteral("final.html"), QStringLiteral("window.last = 1;"));
    // slow.html commits its document at once and does not finish loading while the server
    // hangs (it is served over http, as file: pages may not load remote images).
    LocalHttpServer http;
    const QUrl slow =
            http.serve(QStringLiteral("/slow.html"),
                       pageHtml(QStringLiteral("window.last = 2;"))
                               + QStringLiteral("<img src=\"%1\">").arg(hanging.url().toString()));
    f.ipc.setAllowedOrigins({QStringLiteral("local"), WebIpc::FrameInfo::originOf(slow)});
    QUrl expected = final;
    if (how == QLatin1String("replace")) {
        const QUrl first = folder.write(
                QStringLiteral("replace.html"), QString(),
                QStringLiteral("<script>location.replace('%1');</script>").arg(final.toString()));
        f.page->load(first);
    } else if (how == QLatin1String("meta")) {
        const QUrl first =
                folder.write(QStringLiteral("meta.html"), QString(),
                             QStringLiteral("<meta http-equiv=\"refresh\" content=\"0;url=%1\">")
                                     .arg(final.toString()));
        f.page->load(first);
    } else if (how == QLatin1String("reload") || how == QLatin1String("load")) {
        f.page->load(slow);
        QTRY_VERIFY(hanging.connections >= 1); // committed, still loading
        if (how == QLatin1String("reload")) {
            expected = slow;
            f.page->triggerAction(QWebEnginePage::Reload);
            QTRY_VERIFY(hanging.connections >= 2); // the new document committed
        } else {
            f.page->load(final);
        }
    } else {
        QVERIFY(f.load(final));
        int reloads = 0;
        bool finishedAfterLast = false;
        connect(f.page.get(), &QWebEnginePage::loadFinished, this,
                [&]() { finishedAfterLast = reloads == 100; });
        QTimer timer;
        timer.setInterval(15);
        connect(&timer, &QTimer::timeout, this, [&]() {
            f.page->triggerAction(QWebEnginePage::Reload);
            if (++reloads == 100)
                timer.stop();
        });
        timer.start();
        QTRY_COMPARE_WITH_TIMEOUT(reloads, 100, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(finishedAfterLast, 10000);
        QTest::qWait(200);
    }
    QVERIFY2(waitFor([&]() {
                 return evaluate(f.page.get(),
                                 QStringLiteral("typeof ipcRenderer === 'object' && location.href"))
                         == expected.toString();
             }),
             qPrintable(evaluate(f.page.get(), QStringLiteral("location.href")).toString()));
    hanging.release();
    verifyIpcWorks(f.page.get());
    if (QTest::currentTestFailed())
        return;
    // And it still works after the load finished.
    QTRY_VERIFY(!f.page->isLoading());
    verifyIpcWorks(f.page.get());
}

// Issue 9.7: back and forward, many times in a row, then IPC works in the document shown.
void tst_Lifecycle::rapidHistoryNavigationKeepsIpcWorking()
{
    Fixture f;
    handleHAndS(&f.ipc, this);
    PageFolder folder;
    const QUrl first = folder.write(QStringLiteral("first.html"), ListenScript);
    const QUrl second = folder.write(QStringLiteral("second.html"), ListenScript);
    QVERIFY(f.load(first));
    QVERIFY(f.load(second));
    for (int i = 0; i < 10; ++i) {
        f.page->triggerAction(QWebEnginePage::Back);
        QTest::qWait(20);
        f.page->triggerAction(QWebEnginePage::Forward);
        QTest::qWait(20);
    }
    // History navigations queued by the storm may still commit after the page first looks
    // idle: wait until one document stays shown (same time origin) for half a second.
    const QString documentStamp = QStringLiteral("String(performance.timeOrigin)");
    QString shown;
    QVERIFY(waitFor(
            [&]() {
                if (f.page->isLoading())
                    return false;
                const QString before = f.eval(documentStamp).toString();
                QTest::qWait(500);
                shown = f.eval(documentStamp).toString();
                return !f.page->isLoading() && !shown.isEmpty() && shown == before;
            },
            20000));
    verifyIpcWorks(f.page.get());
    if (QTest::currentTestFailed())
        return;
    // The storm may leave an empty document shown: a history navigation that committed and
    // was then stopped by the next one before any of its HTML was parsed (Chromium 102:
    // document.documentElement is null, so the page's own script never ran). WebIpc's scripts
    // run at document creation, so IPC must work there too: the test then listens itself.
    if (f.eval(QStringLiteral("document.documentElement === null")).toBool())
        f.eval(QStringLiteral("window.got = []; ipcRenderer.on('x', (e, v) => got.push(v)); 0"));
    f.contents->send(QStringLiteral("x"), 1);
    QTRY_COMPARE(f.eval(QStringLiteral("window.got.join()")).toString(), QStringLiteral("1"));
    QCOMPARE(f.eval(documentStamp).toString(), shown); // the same document all along
}

// Issue 9.10: the invokes a document leaves pending are cancelled when it goes away, and the
// pending-invoke limit counts the live document only.
void tst_Lifecycle::pendingInvokesDoNotLeakAcrossReloads()
{
    std::vector<std::unique_ptr<QPromise<int>>> promises;
    Fixture f;
    handleHAndS(&f.ipc, this);
    f.ipc.setMaximumPendingInvokes(60);
    f.ipc.handle(QStringLiteral("wait"), [&]() {
        promises.push_back(std::make_unique<QPromise<int>>());
        promises.back()->start();
        return promises.back()->future();
    });
    PageFolder folder;
    const QUrl url = folder.write(QStringLiteral("pending.html"), QStringLiteral(R"(
        window.rejected = [];
        window.startWaits = n => {
            for (let i = 0; i < n; ++i)
                ipcRenderer.invoke('wait').catch(e => rejected.push(String(e && e.message)));
        };
    )"));
    constexpr int Reloads = 15;
    for (int round = 0; round <= Reloads; ++round) {
        QVERIFY(f.load(url)); // the first load, then a reload of the same URL
        const size_t before = promises.size();
        auto uncancelled = [&]() {
            int count = 0;
            for (size_t i = 0; i < before; ++i)
                count += promises[i]->isCanceled() ? 0 : 1;
            return count;
        };
        QVERIFY2(waitFor([&]() { return uncancelled() == 0; }, 5000),
                 qPrintable(QStringLiteral("after reload %1, %2 of %3 earlier invokes are not "
                                           "cancelled")
                                    .arg(round)
                                    .arg(uncancelled())
                                    .arg(before)));
        f.eval(QStringLiteral("startWaits(50); 0"));
        QVERIFY2(waitFor([&]() {
                     return int(promises.size() - before)
                             + f.eval(QStringLiteral("rejected.length")).toInt()
                             == 50;
                 }),
                 qPrintable(QStringLiteral("round %1: %2 handled")
                                    .arg(round)
                                    .arg(promises.size() - before)));
        QVERIFY2(f.eval(QStringLiteral("rejected.length")).toInt() == 0,
                 qPrintable(QStringLiteral("round %1: %2 rejected, e.g. %3")
                                    .arg(round)
                                    .arg(f.eval(QStringLiteral("rejected.length")).toInt())
                                    .arg(f.eval(QStringLiteral("rejected[0]")).toString())));
    }
    verifyIpcWorks(f.page.get()); // the last document's invokes work
}

// Issue 9.11: deleting the page, its view or the IpcMain from inside a listener or handler.
void tst_Lifecycle::deletingInsideACallbackDoesNotCrash_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("what");
    for (const char *kind : {"sendSync", "invoke", "send"}) {
        for (const char *what :
             {"delete page", "deleteLater page", "delete view", "delete IpcMain"})
            QTest::addRow("%s, %s", kind, what)
                    << QString::fromLatin1(kind) << QString::fromLatin1(what);
    }
}

void tst_Lifecycle::deletingInsideACallbackDoesNotCrash()
{
    QFETCH(QString, kind);
    QFETCH(QString, what);
    PageFolder folder;
    const QUrl url = folder.write(QStringLiteral("delete.html"), QString());
    auto *ipc = new WebIpc::IpcMain;
    QPointer<WebIpc::IpcMain> ipcAlive(ipc);
    QWebEngineView *view = nullptr;
    ConsolePage *page = nullptr;
    QWebEnginePage *target = nullptr;
    WebIpc::WebContents *contents = nullptr;
    if (what == QLatin1String("delete view")) {
        view = new QWebEngineView;
        contents = WebIpc::attach(ipc, view);
        target = view->page();
    } else {
        page = new ConsolePage;
        contents = WebIpc::attach(ipc, page);
        target = page;
    }
    QPointer<QObject> hostAlive(view ? static_cast<QObject *>(view) : page);
    handleHAndS(ipc, this);
    QVERIFY(loadAndWait(target, contents, url));
    bool called = false;
    auto destroy = [&, what]() {
        called = true;
        if (what == QLatin1String("delete page"))
            delete page;
        else if (what == QLatin1String("deleteLater page"))
            page->deleteLater();
        else if (what == QLatin1String("delete view"))
            delete view;
        else
            delete ipc;
    };
    if (kind == QLatin1String("invoke")) {
        ipc->handle(QStringLiteral("c"), [destroy]() {
            destroy();
            return 1;
        });
    } else {
        ipc->on(QStringLiteral("c"), this, [destroy](const IpcMainEvent &event) {
            destroy();
            if (event.isSync())
                event.setReturnValue(1);
        });
    }
    const QString call = kind == QLatin1String("invoke")
            ? QStringLiteral("ipcRenderer.invoke('c').catch(() => {})")
            : QStringLiteral("ipcRenderer.%1('c')").arg(kind);
    evaluate(target,
             QStringLiteral("setTimeout(() => { try { %1; } catch (e) {} }, 0); 0").arg(call));
    QTRY_VERIFY(called);
    if (what == QLatin1String("delete IpcMain"))
        QTRY_VERIFY(ipcAlive.isNull());
    else
        QTRY_VERIFY(hostAlive.isNull());
    QTest::qWait(300); // anything left to go wrong would go wrong now

    // Later pages work: with the same IpcMain if it lives, and with a new one.
    if (ipcAlive) {
        auto next = std::make_unique<ConsolePage>();
        WebIpc::WebContents *nextContents = WebIpc::attach(ipc, next.get());
        QVERIFY(loadAndWait(next.get(), nextContents, url));
        verifyIpcWorks(next.get());
    }
    {
        Fixture f;
        handleHAndS(&f.ipc, this);
        QVERIFY(f.load(url));
        verifyIpcWorks(f.page.get());
    }
    delete hostAlive.data();
    delete ipcAlive.data();
}

QTEST_MAIN(tst_Lifecycle)
#include "tst_lifecycle.moc"
