// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Pages come and go: reloads, navigations, history, crashes, deleted pages and views, many views
// at once, each with calls in flight. Nothing crashes, nothing leaks into the wrong document,
// and the page works again afterwards. B-numbers refer to Electron's behaviour checklist.

#include "testsupport.h"

#include <core/webcontents_p.h>

#include <QtCore/QPromise>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWebEngineCore/QWebEngineHistory>
#include <QtWebEngineWidgets/QWebEngineView>

#include <memory>

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
    QCOMPARE(contents->page(), view->page());
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

QTEST_MAIN(tst_Lifecycle)
#include "tst_lifecycle.moc"
