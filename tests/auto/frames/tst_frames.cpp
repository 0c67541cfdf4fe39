// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// ipcRenderer in iframes (same-origin, cross-origin, nested) when the application enables
// subframes: each frame's identity comes from the browser, replies reach the exact frame, and a
// hostile frame cannot pass for another. B-numbers refer to Electron's behaviour checklist.

#include "testsupport.h"

#include <WebIpc/FrameInfo>

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

QTEST_MAIN(tst_Frames)
#include "tst_frames.moc"
