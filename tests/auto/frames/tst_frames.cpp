// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// ipcRenderer in iframes (same-origin, cross-origin, nested) when the application enables
// subframes: each frame's identity comes from the browser, replies reach the exact frame, and a
// hostile frame cannot pass for another. B-numbers refer to Electron's behaviour checklist.

#include "testsupport.h"

#include <WebIpc/FrameInfo>

#include <QtCore/QFile>
#include <QtCore/QPromise>
#include <QtCore/QTimer>
#include <QtTest/QTest>

#include <memory>

using namespace WebIpcTest;
using WebIpc::IpcMainEvent;
using WebIpc::IpcMainInvokeEvent;

namespace {

// Every frame runs this with its own name: it says hello, answers what main sends it, invokes,
// and tries sendSync, reporting each outcome on 'got'.
QString frameScript(const QString &name)
{
    return QStringLiteral(R"(
        const name = '%1';
        const report = (what) => ipcRenderer.send('got', name, what);
        ipcRenderer.on('reply', (e, v) => report('reply:' + v));
        ipcRenderer.on('direct', (e, v) => report('direct:' + v));
        ipcRenderer.invoke('whoami').then(v => report('invoke:' + v));
        try { report('sync:' + ipcRenderer.sendSync('sync')); }
        catch (e) { report('sync threw:' + e.message); }
        ipcRenderer.send('hello', name);
    )")
            .arg(name);
}

QString iframe(const QUrl &url)
{
    return QStringLiteral("<iframe src=\"%1\"></iframe>").arg(url.toString());
}

// An iframe whose srcdoc is a page running \a script.
QString srcdocFrame(const QString &script, const QString &attributes = QString())
{
    QString html = pageHtml(script);
    html.replace(QLatin1Char('&'), QStringLiteral("&amp;"))
            .replace(QLatin1Char('"'), QStringLiteral("&quot;"));
    return QStringLiteral("<iframe %1 srcdoc=\"%2\"></iframe>").arg(attributes, html);
}

// The top page collects what its children post as { probe: ... }.
const QString CollectProbes = QStringLiteral("window.probes = [];"
                                             "addEventListener('message', e => { if (e.data && "
                                             "e.data.probe) probes.push(e.data.probe); });");

// A local top page (file: or app:) with \a body after its script.
QUrl localPage(const QString &scheme, QWebEngineProfile *profile, PageFolder &folder,
               const QString &name, const QString &script, const QString &body)
{
    if (scheme == QLatin1String("app"))
        return AppSchemePages::serve(profile, name, pageHtml(script) + body);
    const QUrl url = folder.write(name, script);
    QFile file(url.toLocalFile());
    if (file.open(QIODevice::Append))
        file.write(body.toUtf8());
    return url;
}

WebIpc::AttachOptions withSubframes()
{
    WebIpc::AttachOptions options;
    options.enableSubframes = true;
    return options;
}

} // namespace

class tst_Frames : public QObject
{
    Q_OBJECT
public:
    static void initMain() { WebIpcTest::initMain(); }

private Q_SLOTS:
    void subframesAreOffByDefault();
    void everyFrameSpeaksAsItself();
    void hostileFrameCannotPassForAnother();
    // Issue 9.2
    void opaqueOriginsAreNeverLocal_data();
    void opaqueOriginsAreNeverLocal();
    void srcdocInheritsTheLocalOrigin_data();
    void srcdocInheritsTheLocalOrigin();
    void blobDocumentHasItsCreatorsOrigin_data();
    void blobDocumentHasItsCreatorsOrigin();
    void childrenOfARefusedPageAreRefused();
    // Issue 9.5
    void replayedMessagesNeverSpeakForAnotherFrame();
    // Issue 9.8
    void unloadingSubframeMessagesArrive_data();
    void unloadingSubframeMessagesArrive();
};

void tst_Frames::subframesAreOffByDefault()
{
    WebIpc::IpcMain ipc;
    auto page = std::make_unique<ConsolePage>();
    WebIpc::WebContents *contents = WebIpc::attach(&ipc, page.get());
    const QUrl child = AppSchemePages::serve(
            page->profile(), QStringLiteral("plain-child.html"),
            pageHtml(QStringLiteral("top.postMessage({ probe: typeof ipcRenderer }, '*');")));
    const QUrl top = AppSchemePages::serve(
            page->profile(), QStringLiteral("plain-top.html"),
            pageHtml(QStringLiteral("window.addEventListener('message', e => { if (e.data.probe)"
                                    " window.probe = e.data.probe; });"),
                     QString())
                    + iframe(child));
    QVERIFY(loadAndWait(page.get(), contents, top));
    QTRY_COMPARE(evaluate(page.get(), QStringLiteral("window.probe")).toString(),
                 QStringLiteral("undefined"));
    QCOMPARE(evaluate(page.get(), QStringLiteral("typeof ipcRenderer")).toString(),
             QStringLiteral("object"));
}

void tst_Frames::everyFrameSpeaksAsItself()
{
    WebIpc::IpcMain ipc;
    auto page = std::make_unique<ConsolePage>();
    WebIpc::AttachOptions options;
    options.enableSubframes = true;
    WebIpc::WebContents *contents = WebIpc::attach(&ipc, page.get(), options);

    QHash<QString, WebIpc::FrameInfo> frames;
    QHash<QString, QStringList> got;
    ipc.on(QStringLiteral("hello"), this, [&](const IpcMainEvent &event, const QVariantList &args) {
        const QString name = args.value(0).toString();
        frames.insert(name, event.senderFrame());
        QCOMPARE(event.frameId(), event.senderFrame().frameId());
        event.reply(QStringLiteral("reply"), name); // B43: to that frame
        if (name == QLatin1String("grand"))
            event.sender()->send(QStringLiteral("direct"), "main"); // B45: to the main frame
    });
    ipc.on(QStringLiteral("got"), this, [&](const IpcMainEvent &, const QVariantList &args) {
        got[args.value(0).toString()] << args.value(1).toString();
    });
    QSet<int> syncFrames;
    ipc.on(QStringLiteral("sync"), this, [&](const IpcMainEvent &event) {
        syncFrames.insert(event.frameId());
        event.setReturnValue(event.senderFrame().origin());
    });
    ipc.handle(QStringLiteral("whoami"),
               [](const IpcMainInvokeEvent &event) { return event.senderFrame().origin(); });

    LocalHttpServer http;
    QWebEngineProfile *profile = page->profile();
    const QUrl grand = AppSchemePages::serve(profile, QStringLiteral("grand.html"),
                                             pageHtml(frameScript(QStringLiteral("grand"))));
    const QUrl child =
            AppSchemePages::serve(profile, QStringLiteral("child.html"),
                                  pageHtml(frameScript(QStringLiteral("child"))) + iframe(grand));
    const QUrl cross = http.serve(QStringLiteral("/cross.html"),
                                  pageHtml(frameScript(QStringLiteral("cross"))));
    const QUrl top = AppSchemePages::serve(profile, QStringLiteral("top.html"),
                                           pageHtml(frameScript(QStringLiteral("top")))
                                                   + iframe(child) + iframe(cross));
    const QString crossOrigin = WebIpc::FrameInfo::originOf(cross);
    ipc.setAllowedOrigins({QStringLiteral("local"), crossOrigin});
    QVERIFY(loadAndWait(page.get(), contents, top));
    QTRY_COMPARE_WITH_TIMEOUT(frames.size(), 4, 15000);

    // Identity: from the browser, one id per frame, the main frame alone is main.
    QVERIFY(frames.value(QStringLiteral("top")).isMainFrame());
    QCOMPARE(frames.value(QStringLiteral("top")).frameId(), 0);
    QSet<int> ids;
    for (const QString &name :
         {QStringLiteral("child"), QStringLiteral("grand"), QStringLiteral("cross")}) {
        const WebIpc::FrameInfo info = frames.value(name);
        QVERIFY2(!info.isMainFrame(), qPrintable(name));
        QVERIFY(info.frameId() > 0);
        ids.insert(info.frameId());
    }
    QCOMPARE(ids.size(), 3);
    QCOMPARE(frames.value(QStringLiteral("child")).origin(), QStringLiteral("app://pages"));
    QCOMPARE(frames.value(QStringLiteral("child")).url(), child);
    QCOMPARE(frames.value(QStringLiteral("grand")).url(), grand);
    QCOMPARE(frames.value(QStringLiteral("cross")).origin(), crossOrigin);
    QCOMPARE(frames.value(QStringLiteral("cross")).url(), cross);

    // Replies, invoke results and sendSync answers reach exactly the frame that asked.
    for (const QString &name : {QStringLiteral("top"), QStringLiteral("child"),
                                QStringLiteral("grand"), QStringLiteral("cross")}) {
        const QString origin = frames.value(name).origin();
        QTRY_VERIFY2(got.value(name).contains(QStringLiteral("reply:") + name),
                     qPrintable(got.value(name).join(QLatin1Char('|'))));
        QTRY_VERIFY2(got.value(name).contains(QStringLiteral("invoke:") + origin),
                     qPrintable(name + QLatin1Char('=') + got.value(name).join(QLatin1Char('|'))));
        QCOMPARE(got.value(name).filter(QStringLiteral("reply:")).size(), 1);
        // sendSync works in every frame, answered as that frame.
        QVERIFY2(got.value(name).contains(QStringLiteral("sync:") + origin),
                 qPrintable(name + QLatin1Char('=') + got.value(name).join(QLatin1Char('|'))));
    }
    QCOMPARE(syncFrames.size(), 4);
    QTRY_VERIFY(got.value(QStringLiteral("top")).contains(QStringLiteral("direct:main")));

    // sendToFrame (B46): one frame, or false for a frame that does not exist.
    QVERIFY(contents->sendToFrame(frames.value(QStringLiteral("cross")).frameId(),
                                  QStringLiteral("direct"), "only cross"));
    QTRY_VERIFY(got.value(QStringLiteral("cross")).contains(QStringLiteral("direct:only cross")));
    QVERIFY(!contents->sendToFrame(999, QStringLiteral("direct"), "nobody"));
    QTest::qWait(100);
    for (const QString &name :
         {QStringLiteral("top"), QStringLiteral("child"), QStringLiteral("grand")})
        QVERIFY(!got.value(name).contains(QStringLiteral("direct:only cross")));
    QVERIFY(!got.value(QStringLiteral("child")).contains(QStringLiteral("direct:main")));
}

void tst_Frames::hostileFrameCannotPassForAnother()
{
    WebIpc::IpcMain ipc;
    auto page = std::make_unique<ConsolePage>();
    WebIpc::AttachOptions options;
    options.enableSubframes = true;
    WebIpc::WebContents *contents = WebIpc::attach(&ipc, page.get(), options);
    QList<WebIpc::FrameInfo> admins;
    QList<WebIpc::FrameInfo> publics;
    ipc.on(QStringLiteral("admin"), this,
           [&](const IpcMainEvent &event) { admins.append(event.senderFrame()); });
    ipc.on(QStringLiteral("public"), this,
           [&](const IpcMainEvent &event) { publics.append(event.senderFrame()); });

    LocalHttpServer http;
    // The evil frame uses its ipcRenderer, then forges a relay message claiming the top
    // document's URL and a made-up document, posted straight to the top frame, and then says
    // something real again.
    const QUrl evil = http.serve(QStringLiteral("/evil.html"), pageHtml(QStringLiteral(R"(
        ipcRenderer.send('admin', 'from evil');
        ipcRenderer.send('public', 'from evil');
        setTimeout(() => {
            top.postMessage({ webipc: 'relay', doc: 'forged', url: 'app://pages/top.html',
                              messages: [[3, 1], [0, 2, 'public', ['forged']]] }, '*');
            top.postMessage({ webipc: 'deliver', doc: 'x', messages: [[0, 'steal', []]] }, '*');
            ipcRenderer.send('public', 'after the forgery');
        }, 300);
    )")));
    const QString evilOrigin = WebIpc::FrameInfo::originOf(evil);
    const QUrl top = AppSchemePages::serve(
            page->profile(), QStringLiteral("victim.html"),
            pageHtml(QStringLiteral("ipcRenderer.send('admin', 'top');")) + iframe(evil));
    // The evil origin may use 'public' only.
    ipc.setChannelAllowedOrigins(QStringLiteral("public"), {QStringLiteral("local"), evilOrigin});
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("refused a message on 'admin'")));
    QVERIFY(loadAndWait(page.get(), contents, top));
    // The forged relay message has no document key: it is dropped. Whatever it claims, a frame
    // can only speak as itself.
    QTRY_COMPARE(publics.size(), 2); // 'from evil' and 'after the forgery'
    QTest::qWait(200);
    QCOMPARE(publics.size(), 2);
    QTRY_COMPARE(admins.size(), 1);
    QVERIFY(admins.first().isMainFrame()); // only the top document reached 'admin'
    for (const WebIpc::FrameInfo &frame : publics) {
        QCOMPARE(frame.origin(), evilOrigin);
        QVERIFY(!frame.isMainFrame());
        QCOMPARE(frame.url().host(), QStringLiteral("127.0.0.1"));
    }
    // The refusal is shown in the frame's console.
    QTRY_VERIFY(!page->errors.filter(QStringLiteral("refused a message on 'admin'")).isEmpty());
}

// Issue 9.2 (a): a sandboxed srcdoc frame has an opaque origin, which is never local.
void tst_Frames::opaqueOriginsAreNeverLocal_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::newRow("file: top page") << "file";
    QTest::newRow("app: top page") << "app";
}

void tst_Frames::opaqueOriginsAreNeverLocal()
{
    QFETCH(QString, scheme);
    PageFixture f(withSubframes());
    int xs = 0;
    f.ipc.on(QStringLiteral("x"), this, [&]() { ++xs; });
    f.ipc.handle(QStringLiteral("h"), []() { return QStringLiteral("handled"); });
    PageFolder folder;
    const QString child = QStringLiteral(R"(
        const say = p => top.postMessage({ probe: p }, '*');
        try {
            ipcRenderer.send('x', 'sandboxed');
            ipcRenderer.invoke('h').then(v => say('resolved ' + v), e => say('rejected ' + e.message));
        } catch (e) { say('threw ' + e.message); }
    )");
    QVERIFY(f.load(localPage(scheme, f.page->profile(), folder, QStringLiteral("sandbox-top.html"),
                             CollectProbes,
                             srcdocFrame(child, QStringLiteral("sandbox=\"allow-scripts\"")))));
    QTRY_VERIFY_WITH_TIMEOUT(!f.eval(QStringLiteral("probes")).toStringList().isEmpty(), 10000);
    const QString outcome = f.eval(QStringLiteral("probes[0]")).toString();
    QVERIFY2(outcome.startsWith(QStringLiteral("rejected ")), qPrintable(outcome));
    QVERIFY2(outcome.contains(QStringLiteral(
                     "WebIpc refused a message on 'h': the origin null may not use it")),
             qPrintable(outcome));
    QTest::qWait(300);
    QCOMPARE(xs, 0);
}

// Issue 9.2 (b): a srcdoc frame without sandbox inherits its local creator's origin and works.
void tst_Frames::srcdocInheritsTheLocalOrigin_data() { opaqueOriginsAreNeverLocal_data(); }

void tst_Frames::srcdocInheritsTheLocalOrigin()
{
    QFETCH(QString, scheme);
    PageFixture f(withSubframes());
    QHash<QString, WebIpc::FrameInfo> frames;
    f.ipc.on(QStringLiteral("hello"), this,
             [&](const IpcMainEvent &event, const QVariantList &args) {
                 frames.insert(args.value(0).toString(), event.senderFrame());
             });
    PageFolder folder;
    QVERIFY(f.load(localPage(scheme, f.page->profile(), folder, QStringLiteral("srcdoc-top.html"),
                             QStringLiteral("ipcRenderer.send('hello', 'top');"),
                             srcdocFrame(QStringLiteral("ipcRenderer.send('hello', 'child');")))));
    QTRY_VERIFY_WITH_TIMEOUT(frames.contains(QStringLiteral("child"))
                                     && frames.contains(QStringLiteral("top")),
                             10000);
    const WebIpc::FrameInfo child = frames.value(QStringLiteral("child"));
    QVERIFY(!child.isMainFrame());
    QCOMPARE(child.origin(), frames.value(QStringLiteral("top")).origin());
    if (scheme == QLatin1String("app")) // (self.origin of a file: page is "null")
        QCOMPARE(child.origin(), f.eval(QStringLiteral("self.origin")).toString());
}

// Issue 9.2 (c): a blob: document has the origin of the page that made it.
void tst_Frames::blobDocumentHasItsCreatorsOrigin_data()
{
    QTest::addColumn<bool>("allowed");
    QTest::newRow("creator refused") << false;
    QTest::newRow("creator allowed") << true;
}

void tst_Frames::blobDocumentHasItsCreatorsOrigin()
{
    QFETCH(bool, allowed);
    PageFixture f(withSubframes());
    QList<WebIpc::FrameInfo> xs;
    f.ipc.on(QStringLiteral("x"), this,
             [&](const IpcMainEvent &event) { xs << event.senderFrame(); });
    LocalHttpServer http;
    const QUrl remote = http.serve(QStringLiteral("/maker.html"), pageHtml(QStringLiteral(R"(
        const html = '<!doctype html><html><body><script>window.blobRan = true;'
                   + 'ipcRenderer.send("x", "blob");<\/script></body></html>';
        location.href = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
    )")));
    const QString origin = WebIpc::FrameInfo::originOf(remote);
    if (allowed)
        f.ipc.setAllowedOrigins({QStringLiteral("local"), origin});
    f.page->load(remote);
    QVERIFY(waitFor([&]() {
        return f.eval(QStringLiteral("location.protocol === 'blob:' && window.blobRan === true"))
                .toBool();
    }));
    if (allowed) {
        QTRY_VERIFY2(xs.size() == 1,
                     qPrintable(QStringLiteral("typeof ipcRenderer in the blob document: ")
                                + f.eval(QStringLiteral("typeof ipcRenderer")).toString()));
        QCOMPARE(xs.first().origin(), origin);
    } else {
        waitFor([&]() { return !f.page->errors.filter(QStringLiteral("refused")).isEmpty(); },
                3000);
        QTest::qWait(500);
        QCOMPARE(xs.size(), 0);
    }
}

// Issue 9.2 (d): the data: and srcdoc children of a refused page are refused too.
void tst_Frames::childrenOfARefusedPageAreRefused()
{
    PageFixture f(withSubframes());
    QStringList xs;
    f.ipc.on(QStringLiteral("x"), this,
             [&](const QVariantList &args) { xs << args.value(0).toString(); });
    const QString child = QStringLiteral("try { ipcRenderer.send('x', '%1'); } catch (e) {} "
                                         "top.postMessage({ probe: '%1' }, '*');");
    const QString dataUrl = QStringLiteral("data:text/html,")
            + QString::fromLatin1(QUrl::toPercentEncoding(
                    pageHtml(child.arg(QStringLiteral("data")))));
    LocalHttpServer http;
    const QUrl remote = http.serve(
            QStringLiteral("/parent.html"),
            pageHtml(CollectProbes) + QStringLiteral("<iframe src=\"%1\"></iframe>").arg(dataUrl)
                    + srcdocFrame(child.arg(QStringLiteral("srcdoc"))));
    f.page->load(remote);
    QTRY_COMPARE_WITH_TIMEOUT(f.eval(QStringLiteral("probes.slice().sort().join()")).toString(),
                              QStringLiteral("data,srcdoc"), 10000);
    QTest::qWait(1000);
    QVERIFY2(xs.isEmpty(), qPrintable(xs.join(QLatin1Char(','))));
}

// Issue 9.5: what one frame posted, replayed verbatim by another, never speaks for the first,
// and an answer meant for the first never reaches the other.
void tst_Frames::replayedMessagesNeverSpeakForAnotherFrame()
{
    PageFixture f(withSubframes());
    QHash<QString, int> ids;
    QList<QPair<QString, int>> xs;
    int slowCalls = 0;
    f.ipc.on(QStringLiteral("hello"), this,
             [&](const IpcMainEvent &event, const QVariantList &args) {
                 if (!ids.contains(args.value(0).toString()))
                     ids.insert(args.value(0).toString(), event.frameId());
             });
    f.ipc.on(QStringLiteral("x"), this, [&](const IpcMainEvent &event, const QVariantList &args) {
        xs.append({args.value(0).toString(), event.frameId()});
    });
    f.ipc.handle(QStringLiteral("slow"), [&](const IpcMainInvokeEvent &event) {
        ++slowCalls;
        const QString who = event.frameId() == ids.value(QStringLiteral("A"), -1)
                ? QStringLiteral("A")
                : event.frameId() == ids.value(QStringLiteral("B"), -1) ? QStringLiteral("B")
                                                                        : QStringLiteral("other");
        auto promise = std::make_shared<QPromise<QString>>();
        promise->start();
        QTimer::singleShot(300, this, [promise, who]() {
            promise->addResult(QStringLiteral("answer-for-") + who);
            promise->finish();
        });
        return promise->future();
    });
    const QString top = QStringLiteral(R"(
        window.captured = [];
        addEventListener('message', e => {
            const a = document.getElementById('A');
            if (a && e.source === a.contentWindow) captured.push(e.data);
        });
        window.replay = () => {
            const b = document.getElementById('B').contentWindow;
            let n = 0;
            for (const data of captured) {
                try { b.postMessage({ replay: data }, '*'); ++n; } catch (e) {}
            }
            return n;
        };
    )");
    const QString a = QStringLiteral(R"(
        ipcRenderer.send('hello', 'A');
        setTimeout(() => {
            ipcRenderer.send('x', 'from-A');
            ipcRenderer.invoke('slow').then(v => window.result = v,
                                            e => window.result = 'rejected ' + e.message);
        }, 100);
    )");
    const QString b = QStringLiteral(R"(
        window.sawAnswer = false;
        addEventListener('message', e => {
            if (e.data && e.data.replay !== undefined) {
                try { window.top.postMessage(e.data.replay, '*'); } catch (x) {}
                return;
            }
            let text;
            try { text = JSON.stringify(e.data); } catch (x) { text = String(e.data); }
            if (String(text).includes('answer-for-A')) window.sawAnswer = true;
        });
        ipcRenderer.on('x', () => {});
        ipcRenderer.send('hello', 'B');
    )");
    QVERIFY(f.load(AppSchemePages::serve(f.page->profile(), QStringLiteral("relay-top.html"),
                                         pageHtml(top) + srcdocFrame(a, QStringLiteral("id=\"A\""))
                                                 + srcdocFrame(b, QStringLiteral("id=\"B\"")))));
    QTRY_VERIFY_WITH_TIMEOUT(ids.contains(QStringLiteral("A")) && ids.contains(QStringLiteral("B")),
                             10000);
    QVERIFY(ids.value(QStringLiteral("A")) != ids.value(QStringLiteral("B")));
    QTRY_VERIFY(!xs.isEmpty() && slowCalls >= 1);
    qInfo("slow called %d times before the replay", slowCalls);
    const int replayed = f.eval(QStringLiteral("replay()")).toInt();
    QVERIFY(replayed > 0);
    QTRY_VERIFY2(
            f.eval(QStringLiteral("document.getElementById('A').contentWindow.result")).toString()
                    == QLatin1String("answer-for-A"),
            qPrintable(QStringLiteral("A got '%1'; slow was called %2 times; %3 replayed")
                               .arg(f.eval(QStringLiteral("String(document.getElementById('A')."
                                                          "contentWindow.result)"))
                                            .toString())
                               .arg(slowCalls)
                               .arg(replayed)));
    QTest::qWait(1000);
    const int idA = ids.value(QStringLiteral("A"));
    const int idB = ids.value(QStringLiteral("B"));
    int asA = 0;
    for (const auto &[payload, frameId] : std::as_const(xs)) {
        if (payload != QLatin1String("from-A"))
            continue;
        if (frameId == idA)
            ++asA;
        else
            QCOMPARE(frameId, idB); // a replay speaks as B, if at all
    }
    QCOMPARE(asA, 1); // only A's own message speaks as A
    QCOMPARE(
            f.eval(QStringLiteral("document.getElementById('B').contentWindow.sawAnswer")).toBool(),
            false);
}

// Issue 9.8: what a subframe sends from pagehide and unload arrives, as that subframe.
void tst_Frames::unloadingSubframeMessagesArrive_data()
{
    QTest::addColumn<bool>("remove");
    QTest::newRow("subframe navigated") << false;
    QTest::newRow("iframe removed") << true;
}

void tst_Frames::unloadingSubframeMessagesArrive()
{
    QFETCH(bool, remove);
    if (remove) {
        // Measured on Qt 6.4.2: a removed iframe's pagehide and unload listeners run after the
        // frame was detached, and nothing they post reaches the top frame (no message event at
        // all), while synchronous requests are refused there; no path is left for them.
        QSKIP("Chromium 102 delivers nothing from a removed iframe's unload handlers");
    }
    PageFixture f(withSubframes());
    int childId = -1;
    QList<QPair<QString, WebIpc::FrameInfo>> byes;
    f.ipc.on(QStringLiteral("hello"), this,
             [&](const IpcMainEvent &event) { childId = event.frameId(); });
    f.ipc.on(QStringLiteral("bye"), this, [&](const IpcMainEvent &event, const QVariantList &args) {
        byes.append({args.value(0).toString(), event.senderFrame()});
    });
    QWebEngineProfile *profile = f.page->profile();
    const QUrl other =
            AppSchemePages::serve(profile, QStringLiteral("bye-other.html"), pageHtml(QString()));
    const QUrl child = AppSchemePages::serve(profile, QStringLiteral("bye-child.html"),
                                             pageHtml(QStringLiteral(R"(
        addEventListener('pagehide', () => ipcRenderer.send('bye', 'pagehide'));
        addEventListener('unload', () => ipcRenderer.send('bye', 'unload'));
        ipcRenderer.send('hello');
    )")));
    QVERIFY(f.load(AppSchemePages::serve(profile, QStringLiteral("bye-top.html"),
                                         pageHtml(QString()) + iframe(child))));
    QTRY_VERIFY(childId > 0);
    if (remove)
        f.eval(QStringLiteral("document.querySelector('iframe').remove(); 0"));
    else
        f.eval(QStringLiteral("document.querySelector('iframe').src = '%1'; 0")
                       .arg(other.toString()));
    QStringList kinds;
    QVERIFY2(waitFor([&]() {
                 kinds.clear();
                 for (const auto &bye : std::as_const(byes))
                     kinds << bye.first;
                 return kinds.contains(QStringLiteral("pagehide"))
                         && kinds.contains(QStringLiteral("unload"));
             }),
             qPrintable(QStringLiteral("received: ") + kinds.join(QLatin1Char(','))));
    for (const auto &[kind, frame] : std::as_const(byes)) {
        QVERIFY2(!frame.isMainFrame(), qPrintable(kind));
        QCOMPARE(frame.frameId(), childId);
    }
}

QTEST_MAIN(tst_Frames)
#include "tst_frames.moc"
