// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// sendSync over window.prompt(), answered in C++: WebIpc::WebEnginePage, an application's own
// javaScriptPrompt() override with WebIpc::answerJavaScriptPrompt(), and the QML
// WebEngineView's hook. The synchronous XHR stays the fallback. A test proves the prompt
// carried a call by taking the webipc: scheme (the XHR's) off the profile first.

#include <testsupport.h>

#include <WebIpc/IpcMain>
#include <WebIpc/WebContents>
#include <WebIpc/WebEngine>
#include <WebIpc/WebEnginePage>
#include <WebIpc/quick.h>
#include <webengine/syncschemehandler_p.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QPointer>
#include <QtCore/QRegularExpression>
#include <QtCore/QTimer>
#include <QtQml/QQmlComponent>
#include <QtQml/QQmlContext>
#include <QtQml/QQmlEngine>
#include <QtTest/QtTest>
#include <QtWebEngineCore/QWebEngineProfile>
#include <QtWebEngineCore/QWebEngineUrlRequestJob>
#include <QtWebEngineCore/QWebEngineUrlSchemeHandler>
#include <QtWebEngineQuick/QQuickWebEngineProfile>
#include <QtWebEngineQuick/QtWebEngineQuick>

#include <memory>

using namespace WebIpc;
using namespace WebIpcTest;

namespace {

// \a text as a JavaScript string literal.
QString jsString(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

bool hasLongHexRun(const QString &text)
{
    static const QRegularExpression run(QStringLiteral("[0-9a-f]{24,}"));
    return run.match(text).hasMatch();
}

// A WebIpc page that also records its console.
class PromptPage : public WebIpc::WebEnginePage
{
    Q_OBJECT
public:
    using WebIpc::WebEnginePage::WebEnginePage;
    QStringList console;

protected:
    void javaScriptConsoleMessage(JavaScriptConsoleMessageLevel, const QString &message, int,
                                  const QString &) override
    {
        console.append(message);
    }
};

// An application's page with prompts of its own: WebIpc's one call first, then its own
// handling. It records what reached its own handling, and (for the tests of forged keys)
// the default values of WebIpc's prompts, which hold a document's key.
class AppPage : public QWebEnginePage
{
    Q_OBJECT
public:
    using QWebEnginePage::QWebEnginePage;
    QStringList ownPrompts;
    QStringList webIpcDefaults;

protected:
    bool javaScriptPrompt(const QUrl &origin, const QString &msg, const QString &defaultValue,
                          QString *result) override
    {
        if (msg == QLatin1String("webipc:sync"))
            webIpcDefaults.append(defaultValue);
        bool accepted = false;
        if (WebIpc::answerJavaScriptPrompt(origin, msg, defaultValue, result, &accepted))
            return accepted;
        ownPrompts.append(msg + QLatin1Char('|') + defaultValue);
        *result = QStringLiteral("app:") + msg;
        return true;
    }
};

// Takes the place of WebIpc's handler of the XHR's schemes: fails every request, and counts.
class XhrRefuser : public QWebEngineUrlSchemeHandler
{
    Q_OBJECT
public:
    using QWebEngineUrlSchemeHandler::QWebEngineUrlSchemeHandler;
    int requests = 0;
    void requestStarted(QWebEngineUrlRequestJob *job) override
    {
        ++requests;
        job->fail(QWebEngineUrlRequestJob::RequestDenied);
    }
};

template<typename Profile>
XhrRefuser *replaceXhr(Profile *profile)
{
    profile->removeUrlSchemeHandler(
            const_cast<QWebEngineUrlSchemeHandler *>(profile->urlSchemeHandler("webipc")));
    auto *refuser = new XhrRefuser(profile);
    profile->installUrlSchemeHandler("webipc", refuser);
    profile->installUrlSchemeHandler("webipc-local", refuser);
    return refuser;
}

// One IpcMain, a profile of its own and one attached page of class Page.
template<typename Page>
struct Fixture
{
    explicit Fixture(const AttachOptions &options = {})
        : profile(std::make_unique<QWebEngineProfile>()),
          page(std::make_unique<Page>(profile.get()))
    {
        ipc.setAllowedOrigins({QStringLiteral("local"), QStringLiteral("http://127.0.0.1:*"),
                               QStringLiteral("http://localhost:*")});
        contents = WebIpc::attach(&ipc, page.get(), options);
        ipc.on(QStringLiteral("result"), page.get(),
               [this](const QVariantList &args) { results.append(args.value(0).toString()); });
        ipc.on(QStringLiteral("echo"), page.get(),
               [](const IpcMainEvent &event, const QVariantList &args) {
                   event.setReturnValue(args.value(0));
               });
        ipc.on(QStringLiteral("origin"), page.get(), [](const IpcMainEvent &event) {
            event.setReturnValue(event.senderFrame().origin());
        });
    }
    ~Fixture() { page.reset(); }
    // Takes the XHR's scheme off the profile: only the prompt can carry a sendSync now.
    void dropXhr() { xhrs = replaceXhr(profile.get()); }
    bool load(const QUrl &url) { return loadAndWait(page.get(), contents, url); }
    QVariant eval(const QString &script) { return evaluate(page.get(), script); }
    // The next result a page sends on 'result'.
    QString nextResult()
    {
        if (!waitFor([this]() { return !results.isEmpty(); }, 20000))
            return QStringLiteral("(no result)");
        return results.takeFirst();
    }

    IpcMain ipc;
    std::unique_ptr<QWebEngineProfile> profile;
    std::unique_ptr<Page> page;
    WebContents *contents = nullptr;
    QStringList results;
    XhrRefuser *xhrs = nullptr;
};

AttachOptions withSubframes(bool answersPrompts = false)
{
    AttachOptions options;
    options.enableSubframes = true;
    options.answersPrompts = answersPrompts;
    return options;
}

AttachOptions withHook()
{
    AttachOptions options;
    options.answersPrompts = true;
    return options;
}

const QString SendSyncEcho = QStringLiteral(R"(
    (() => { try { return String(ipcRenderer.sendSync('echo', 'ok')); }
             catch (e) { return 'threw ' + e.message; } })()
)");

} // namespace

class tst_SyncPrompt : public QObject
{
    Q_OBJECT
public:
    static void initMain()
    {
        WebIpcTest::initMain();
        QtWebEngineQuick::initialize();
    }

private Q_SLOTS:
    void webEnginePageAnswersOverPrompt();
    void appOverrideKeepsItsOwnPrompts();
    void plainPageKeepsTheXhr();
    void orderIsKept_data();
    void orderIsKept();
    void sandboxedFrameFallsBackToTheXhr();
    void crossOriginSubframeOverPrompt();
    void pageScriptsCannotUseThePromptChannel();
    void forgedKeysGetNothing();
    void failuresHoldNoUrlOrKey();
    void unloadHandlersGetWebIpcsWords();
    void listenerMayDeleteThePage_data();
    void listenerMayDeleteThePage();
    void qmlViewAnswersOverPrompt();
    void qmlAppHandlerKeepsItsPrompts();
};

void tst_SyncPrompt::webEnginePageAnswersOverPrompt()
{
    Fixture<PromptPage> f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("page.html"), QString())));
    f.dropXhr();
    QCOMPARE(f.eval(SendSyncEcho).toString(), QStringLiteral("ok"));
    // Large both ways (the prompt's message is cut at 10,240 characters, its value is not).
    QCOMPARE(f.eval(QStringLiteral("ipcRenderer.sendSync('echo', 'x'.repeat(1 << 20)).length"))
                     .toInt(),
             1 << 20);
    QCOMPARE(f.eval(QStringLiteral("ipcRenderer.sendSync('echo', '100% { \"\\n\" }')")).toString(),
             QStringLiteral("100% { \"\n\" }"));
    QCOMPARE(f.eval(QStringLiteral("ipcRenderer.sendSync('origin')")).toString(),
             QStringLiteral("file://"));
    // The page's own prompt goes to QWebEnginePage's handling: no view, so no dialog (null).
    QCOMPARE(f.eval(QStringLiteral("String(prompt('question', 'answer'))")).toString(),
             QStringLiteral("null"));
    QCOMPARE(f.eval(SendSyncEcho).toString(), QStringLiteral("ok"));
    QCOMPARE(f.xhrs->requests, 0);
}

void tst_SyncPrompt::appOverrideKeepsItsOwnPrompts()
{
    Fixture<AppPage> f(withHook());
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("page.html"), QString())));
    f.dropXhr();
    QCOMPARE(f.eval(SendSyncEcho).toString(), QStringLiteral("ok"));
    QCOMPARE(f.page->webIpcDefaults.size(), 1);
    // The page's own prompts reach the application unchanged, the answer comes back as is;
    // one that only borrows WebIpc's message too.
    QCOMPARE(f.eval(QStringLiteral("prompt('question', 'default\\nvalue')")).toString(),
             QStringLiteral("app:question"));
    QCOMPARE(f.eval(QStringLiteral("prompt('webipc:sync', 'hello')")).toString(),
             QStringLiteral("app:webipc:sync"));
    QCOMPARE(f.page->ownPrompts,
             QStringList({QStringLiteral("question|default\nvalue"),
                          QStringLiteral("webipc:sync|hello")}));
    QCOMPARE(f.eval(SendSyncEcho).toString(), QStringLiteral("ok"));
    QCOMPARE(f.page->ownPrompts.size(), 2); // WebIpc's prompts never reach it
    QCOMPARE(f.xhrs->requests, 0);
}

void tst_SyncPrompt::plainPageKeepsTheXhr()
{
    // A plain QWebEnginePage (attached without answersPrompts) never gets WebIpc's prompt:
    // without the XHR's scheme its sendSync fails, in WebIpc's words.
    Fixture<ConsolePage> f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("page.html"), QString())));
    QCOMPARE(f.eval(SendSyncEcho).toString(), QStringLiteral("ok"));
    f.dropXhr();
    const QString failed = f.eval(SendSyncEcho).toString();
    QVERIFY2(failed.startsWith(QStringLiteral("threw sendSync failed: ")), qPrintable(failed));
    QCOMPARE(f.xhrs->requests, 1);
}

void tst_SyncPrompt::orderIsKept_data()
{
    QTest::addColumn<bool>("deferred");
    QTest::newRow("answered at once") << false;
    QTest::newRow("answered later") << true;
}

void tst_SyncPrompt::orderIsKept()
{
    QFETCH(bool, deferred);
    Fixture<PromptPage> f;
    QStringList seen;
    f.ipc.on(QStringLiteral("a"), f.page.get(), [&seen](const QVariantList &args) {
        seen << QStringLiteral("a") + args.value(0).toString();
    });
    f.ipc.on(QStringLiteral("c"), f.page.get(), [&seen](const QVariantList &args) {
        seen << QStringLiteral("c") + args.value(0).toString();
    });
    f.ipc.on(QStringLiteral("b"), f.page.get(),
             [&seen, deferred](const IpcMainEvent &event, const QVariantList &args) {
                 seen << QStringLiteral("b") + args.value(0).toString();
                 if (!deferred) {
                     event.setReturnValue(seen.size());
                     return;
                 }
                 // The reply comes from a timer: WebEnginePage waits for it in a nested event loop.
                 const IpcMainEvent kept = event;
                 QTimer::singleShot(20, [kept, &seen]() { kept.setReturnValue(seen.size()); });
             });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("page.html"), QString())));
    f.dropXhr();
    const QString run = f.eval(QStringLiteral(R"(
        (() => {
            const counts = [];
            for (let i = 0; i < 20; ++i) {
                ipcRenderer.send('a', i);
                counts.push(ipcRenderer.sendSync('b', i));
                ipcRenderer.send('c', i);
            }
            return counts.join(',');
        })()
    )"))
                                .toString();
    QTRY_COMPARE_WITH_TIMEOUT(seen.size(), 60, 10000);
    QStringList expected;
    QStringList counts;
    for (int i = 0; i < 20; ++i) {
        expected << QStringLiteral("a%1").arg(i) << QStringLiteral("b%1").arg(i)
                 << QStringLiteral("c%1").arg(i);
        counts << QString::number(3 * i + 2); // a and b of this round, everything before
    }
    QCOMPARE(seen, expected);
    QCOMPARE(run, counts.join(QLatin1Char(',')));
    QCOMPARE(f.xhrs->requests, 0);
}

void tst_SyncPrompt::sandboxedFrameFallsBackToTheXhr()
{
    // prompt() is ignored in a sandboxed frame without allow-modals: its sendSync takes the
    // XHR in the same call, and works. Without the XHR's scheme only the top frame's works.
    Fixture<PromptPage> f(withSubframes());
    LocalHttpServer http;
    const QString frameScript = QStringLiteral(R"(
        const answer = (() => { try { return ipcRenderer.sendSync('origin'); }
                                catch (e) { return 'threw ' + e.message; } })();
        ipcRenderer.send('result', 'frame ' + answer);
    )");
    const QUrl frame = http.serve(QStringLiteral("/frame.html"), pageHtml(frameScript));
    const QString top = QStringLiteral("<iframe sandbox=\"allow-scripts allow-same-origin\" "
                                       "src=\"%1\"></iframe>")
                                .arg(frame.toString());
    const QUrl topUrl = http.serve(QStringLiteral("/top.html"), pageHtml(QString()) + top);
    QVERIFY(f.load(topUrl));
    const QString origin = QStringLiteral("http://127.0.0.1:%1").arg(topUrl.port());
    QCOMPARE(f.nextResult(), QStringLiteral("frame ") + origin);
    QCOMPARE(f.eval(QStringLiteral("ipcRenderer.sendSync('origin')")).toString(), origin);

    f.dropXhr();
    QVERIFY(f.load(topUrl));
    const QString failed = f.nextResult();
    QVERIFY2(failed.startsWith(QStringLiteral("frame threw sendSync failed: ")),
             qPrintable(failed));
    QCOMPARE(f.xhrs->requests, 1); // the frame's: the top frame's went over the prompt
    QCOMPARE(f.eval(QStringLiteral("ipcRenderer.sendSync('origin')")).toString(), origin);
}

void tst_SyncPrompt::crossOriginSubframeOverPrompt()
{
    Fixture<PromptPage> f(withSubframes());
    LocalHttpServer http;
    const QUrl topUrl = http.serve(QStringLiteral("/top.html"), QString());
    QUrl frame = http.serve(
            QStringLiteral("/frame.html"),
            pageHtml(QStringLiteral("ipcRenderer.send('result', ipcRenderer.sendSync('origin'));"
                                    "ipcRenderer.send('result', ipcRenderer.sendSync('echo', "
                                    "'y'.repeat(100000)).length);")));
    frame.setHost(QStringLiteral("localhost")); // the same server, another origin
    http.serve(QStringLiteral("/top.html"),
               pageHtml(QString())
                       + QStringLiteral("<iframe src=\"%1\"></iframe>").arg(frame.toString()));
    f.dropXhr();
    QVERIFY(f.load(topUrl));
    QCOMPARE(f.nextResult(), QStringLiteral("http://localhost:%1").arg(topUrl.port()));
    QCOMPARE(f.nextResult(), QStringLiteral("100000"));
    QCOMPARE(f.xhrs->requests, 0);
}

void tst_SyncPrompt::pageScriptsCannotUseThePromptChannel()
{
    // Page code replacing window.prompt sees nothing of sendSync (the bridge calls its own
    // world's prompt), and the application's hook answers nothing a page script asks.
    Fixture<AppPage> f(withHook());
    int heard = 0;
    f.ipc.on(QStringLiteral("s"), f.page.get(), [&heard](const IpcMainEvent &event) {
        ++heard;
        event.setReturnValue(QStringLiteral("secret"));
    });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("page.html"), QStringLiteral(R"(
        window.seenPrompts = [];
        const original = window.prompt;
        window.prompt = function (message, value) {
            window.seenPrompts.push(String(message) + ' ' + String(value));
            return original.call(window, message, value);
        };
    )"))));
    f.dropXhr();
    QCOMPARE(f.eval(QStringLiteral("ipcRenderer.sendSync('s')")).toString(),
             QStringLiteral("secret"));
    QCOMPARE(heard, 1);
    QCOMPARE(f.eval(QStringLiteral("window.seenPrompts.length")).toInt(), 0);
    // WebIpc-looking prompts from page code: made-up keys, no key, a malformed request.
    const QString forged = f.eval(QStringLiteral(R"(
        (() => {
            const request = JSON.stringify({ doc: 'ab'.repeat(16), url: location.href,
                                             subframe: false, after: 0,
                                             messages: [[2, 1000, 's', []]] });
            return [
                prompt('webipc:sync', 'webipc-key=' + 'ab'.repeat(16) + '\n\n' + request),
                prompt('webipc:sync', 'webipc-key=\n\n' + request),
                prompt('webipc:sync', 'webipc-key=' + 'cd'.repeat(16) + '\n\n{'),
                prompt('webipc:sync', 'webipc-key=' + 'ef'.repeat(16) + '\nwebipc-page=' + 'ab'.repeat(16) + '\n' + request.replace('false', 'true')),
            ].map(String).join(' ');
        })()
    )"))
                                   .toString();
    QCOMPARE(forged, QStringLiteral("null null null null"));
    QCOMPARE(heard, 1);
    QVERIFY(f.page->ownPrompts.isEmpty());
    QCOMPARE(f.eval(QStringLiteral("ipcRenderer.sendSync('s')")).toString(),
             QStringLiteral("secret"));
}

void tst_SyncPrompt::forgedKeysGetNothing()
{
    // Another document's key, even a real one, is refused: from a cross-origin frame (the
    // browser names the frame's origin), and once that document is gone.
    Fixture<AppPage> f(withSubframes(true));
    QStringList heard;
    f.ipc.on(QStringLiteral("s"), f.page.get(), [&heard](const IpcMainEvent &event) {
        heard << event.senderFrame().origin();
        event.setReturnValue(QStringLiteral("secret"));
    });
    LocalHttpServer http;
    QUrl frame = http.serve(QStringLiteral("/evil.html"), pageHtml(QStringLiteral(R"(
        window.addEventListener('message', (event) => {
            if (typeof event.data.forge === 'string')
                top.postMessage({ forged: String(prompt('webipc:sync', event.data.forge)) }, '*');
        });
        top.postMessage({ ready: true }, '*');
    )")));
    frame.setHost(QStringLiteral("localhost"));
    const QUrl topUrl = http.serve(QStringLiteral("/top.html"), pageHtml(QStringLiteral(R"(
                window.addEventListener('message', (event) => {
                    if (event.data.ready) window.frameReady = true;
                    if (event.data.forged) window.forged = event.data.forged;
                });
            )")) + QStringLiteral("<iframe src=\"%1\"></iframe>").arg(frame.toString()));
    f.dropXhr();
    QVERIFY(f.load(topUrl));
    QCOMPARE(f.eval(QStringLiteral("ipcRenderer.sendSync('s')")).toString(),
             QStringLiteral("secret"));
    QCOMPARE(f.page->webIpcDefaults.size(), 1);
    const QString stolen = f.page->webIpcDefaults.first(); // the top document's key, request
    QTRY_VERIFY(f.eval(QStringLiteral("window.frameReady === true")).toBool());
    f.eval(QStringLiteral("frames[0].postMessage({ forge: %1 }, '*')").arg(jsString(stolen)));
    QTRY_COMPARE(f.eval(QStringLiteral("String(window.forged)")).toString(),
                 QStringLiteral("null"));
    QCOMPARE(heard.size(), 1);

    // The same key from the next document of the top frame, which has a key of its own.
    QVERIFY(f.load(topUrl));
    const QString replayed =
            f.eval(QStringLiteral("String(prompt('webipc:sync', %1))").arg(jsString(stolen)))
                    .toString();
    QCOMPARE(replayed, QStringLiteral("null"));
    QCOMPARE(heard.size(), 1);
    QVERIFY(f.page->ownPrompts.isEmpty());
}

void tst_SyncPrompt::failuresHoldNoUrlOrKey()
{
    // A sandboxed frame (an opaque origin, no allow-modals): the browser ignores its prompt()
    // and refuses its XHR to a local scheme, with the request's URL in its console message.
    // Neither that nor the error page code catches holds the frame's key (its hello, which the
    // request carries, used to hold it in the URL) or a URL.
    Fixture<PromptPage> f(withSubframes());
    PageFolder folder;
    folder.write(QStringLiteral("frame.html"), QStringLiteral(R"(
        let message = 'sendSync did not throw';
        try { ipcRenderer.sendSync('echo', 1); } catch (e) { message = String(e && e.message); }
        parent.postMessage({ frameError: message }, '*');
    )"));
    const QUrl top = folder.write(QStringLiteral("top.html"), QStringLiteral(R"(
        window.relayKeys = [];
        addEventListener('message', (event) => {
            if (event.data && event.data.webipc === 'relay') relayKeys.push(event.data.key);
            if (event.data && event.data.frameError) window.frameError = event.data.frameError;
        });
        document.addEventListener('DOMContentLoaded', () => {
            const frame = document.createElement('iframe');
            frame.sandbox = 'allow-scripts';
            frame.src = 'frame.html';
            document.body.appendChild(frame);
        });
    )"));
    QVERIFY(f.load(top));
    QTRY_VERIFY_WITH_TIMEOUT(
            f.eval(QStringLiteral("typeof window.frameError === 'string'")).toBool(), 10000);
    const QString error = f.eval(QStringLiteral("window.frameError")).toString();
    const QStringList keys = f.eval(QStringLiteral("window.relayKeys")).toStringList();
    QVERIFY(!keys.isEmpty());
    QVERIFY2(error.startsWith(QStringLiteral("sendSync failed: ")), qPrintable(error));
    QVERIFY2(!error.contains(QStringLiteral("webipc"), Qt::CaseInsensitive), qPrintable(error));
    QVERIFY2(!error.contains(QStringLiteral("file:")), qPrintable(error));
    QVERIFY2(!hasLongHexRun(error), qPrintable(error));
    for (const QString &key : keys) {
        QVERIFY(key.size() >= 32);
        for (const QString &message : std::as_const(f.page->console))
            QVERIFY2(!message.contains(key), qPrintable(message));
    }
}

void tst_SyncPrompt::unloadHandlersGetWebIpcsWords()
{
    Fixture<PromptPage> f;
    QString reported;
    f.ipc.on(QStringLiteral("report"), f.page.get(),
             [&reported](const QVariantList &args) { reported = args.value(0).toString(); });
    PageFolder folder;
    const QUrl leaving = folder.write(QStringLiteral("leaving.html"), QStringLiteral(R"(
        addEventListener('pagehide', () => {
            let message = 'sendSync did not throw';
            try { ipcRenderer.sendSync('echo', 1); } catch (e) { message = String(e && e.message); }
            ipcRenderer.send('report', message);
        });
    )"));
    QVERIFY(f.load(leaving));
    QCOMPARE(f.eval(SendSyncEcho).toString(), QStringLiteral("ok"));
    QVERIFY(f.load(folder.write(QStringLiteral("elsewhere.html"), QString())));
    QTRY_VERIFY_WITH_TIMEOUT(!reported.isEmpty(), 10000);
    QVERIFY2(reported.startsWith(QStringLiteral("sendSync failed: ")), qPrintable(reported));
    QVERIFY2(!reported.contains(QStringLiteral("webipc"), Qt::CaseInsensitive),
             qPrintable(reported));
    QVERIFY2(!reported.contains(QStringLiteral("file:")), qPrintable(reported));
    QVERIFY2(!hasLongHexRun(reported), qPrintable(reported));
}

void tst_SyncPrompt::listenerMayDeleteThePage_data()
{
    QTest::addColumn<bool>("later");
    QTest::newRow("deleteLater in the listener") << false;
    QTest::newRow("deleteLater from a deferred reply") << true;
}

void tst_SyncPrompt::listenerMayDeleteThePage()
{
    // A listener closes the page blocked in javaScriptPrompt() with deleteLater(), as
    // WebEnginePage asks (deleting it there, before javaScriptPrompt() returns, would leave
    // Qt WebEngine answering a dialog of a freed page): the application goes on.
    QFETCH(bool, later);
    Fixture<PromptPage> f;
    QPointer<QWebEnginePage> watched(f.page.get());
    f.ipc.on(QStringLiteral("close"), &f.ipc, [&f, later](const IpcMainEvent &event) {
        if (!later) {
            f.page.release()->deleteLater();
            return;
        }
        const IpcMainEvent kept = event;
        QTimer::singleShot(10, &f.ipc, [&f, kept]() {
            kept.setReturnValue(1);
            f.page.release()->deleteLater();
        });
    });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("page.html"), QString())));
    f.page->runJavaScript(QStringLiteral("ipcRenderer.sendSync('close')"));
    QTRY_VERIFY_WITH_TIMEOUT(!watched, 10000);
    // Another page of the same profile still works.
    PromptPage other(f.profile.get());
    WebContents *contents = WebIpc::attach(&f.ipc, &other);
    QVERIFY(loadAndWait(&other, contents, folder.write(QStringLiteral("other.html"), QString())));
    f.ipc.on(QStringLiteral("again"), &f.ipc,
             [](const IpcMainEvent &event) { event.setReturnValue(QStringLiteral("ok")); });
    QCOMPARE(evaluate(&other, QStringLiteral("ipcRenderer.sendSync('again')")).toString(),
             QStringLiteral("ok"));
}

namespace {
// A QML window with one WebEngineView attached to ipcMain; \a handler goes into the view.
QByteArray qmlWindow(const QByteArray &handler)
{
    return QByteArrayLiteral(R"(
        import QtQuick
        import QtQuick.Window
        import QtWebEngine
        import WebIpc
        Window {
            width: 320; height: 240; visible: true
            property alias view: view
            property var dialogs: []
            WebEngineView {
                id: view
                anchors.fill: parent
                WebIpc.ipcMain: sharedIpcMain
                url: pageUrl
                )")
            + handler + QByteArrayLiteral(R"(
            }
        })");
}

QQuickWebEngineProfile *profileOf(QObject *view)
{
    return view->property("profile").value<QQuickWebEngineProfile *>();
}

void run(QObject *view, const QString &script)
{
    QMetaObject::invokeMethod(view, "runJavaScript", Q_ARG(QString, script));
}
} // namespace

namespace {
// A QML window whose WebEngineView (with \a handler inside) is attached to an IpcMain with the
// 'result' and 'echo' listeners, its page loaded.
struct QmlFixture
{
    explicit QmlFixture(const QByteArray &handler)
    {
        const QUrl url = folder.write(QStringLiteral("page.html"), QString());
        ipcMain.on(QStringLiteral("result"), &ipcMain,
                   [this](const QVariantList &args) { results << args.value(0).toString(); });
        ipcMain.on(QStringLiteral("echo"), &ipcMain,
                   [](const IpcMainEvent &event, const QVariantList &args) {
                       event.setReturnValue(args.value(0));
                   });
        engine.rootContext()->setContextProperty(QStringLiteral("sharedIpcMain"),
                                                 qmlIpcMain(&ipcMain));
        engine.rootContext()->setContextProperty(QStringLiteral("pageUrl"), url);
        QQmlComponent component(&engine);
        component.setData(qmlWindow(handler),
                          QUrl(QStringLiteral("qrc:/tst_syncprompt/inline.qml")));
        window.reset(component.create());
        if (!window) {
            qWarning().noquote() << component.errorString();
            return;
        }
        view = window->property("view").value<QObject *>();
        contents = findQuickWebContents(&ipcMain, view);
    }
    bool ready()
    {
        return contents && waitFor([this]() { return contents->isReady(); }, 20000);
    }

    PageFolder folder;
    IpcMain ipcMain;
    QStringList results;
    QQmlEngine engine;
    std::unique_ptr<QObject> window;
    QObject *view = nullptr;
    WebContents *contents = nullptr;
};
} // namespace

void tst_SyncPrompt::qmlViewAnswersOverPrompt()
{
    QmlFixture f{QByteArray()};
    QVERIFY(f.ready());
    QQuickWebEngineProfile *profile = profileOf(f.view);
    QVERIFY(profile);
    XhrRefuser *xhrs = replaceXhr(profile);
    run(f.view, QStringLiteral(R"(
        ipcRenderer.send('result', 'first');
        ipcRenderer.send('result', ipcRenderer.sendSync('echo', 'over prompt'));
        ipcRenderer.send('result', ipcRenderer.sendSync('echo', 'z'.repeat(1 << 20)).length);
    )"));
    QTRY_COMPARE_WITH_TIMEOUT(f.results.size(), 3, 20000);
    QCOMPARE(f.results,
             QStringList({QStringLiteral("first"), QStringLiteral("over prompt"),
                          QString::number(1 << 20)}));
    QCOMPARE(xhrs->requests, 0);
    f.window.reset();
    // The profile is every QML view's: WebIpc's handler goes back.
    profile->removeUrlSchemeHandler(xhrs);
    auto *handler = new SyncSchemeHandler(profile);
    profile->installUrlSchemeHandler(SyncSchemeHandler::SchemeName, handler);
    profile->installUrlSchemeHandler(SyncSchemeHandler::LocalSchemeName, handler);
}

void tst_SyncPrompt::qmlAppHandlerKeepsItsPrompts()
{
    // A view with an onJavaScriptDialogRequested handler of the application's: QML handlers
    // run before any C++ connection, so WebIpc leaves its dialogs alone and sendSync keeps the
    // XHR. The page's own prompts reach the handler unchanged.
    QmlFixture f(QByteArrayLiteral(R"(
        onJavaScriptDialogRequested: (request) => {
            dialogs.push(request.message + '|' + request.defaultText);
            request.accepted = true;
            request.dialogAccept('qml:' + request.message);
        }
    )"));
    QVERIFY(f.ready());
    run(f.view, QStringLiteral(R"(
        ipcRenderer.send('result', ipcRenderer.sendSync('echo', 'over the xhr'));
        ipcRenderer.send('result', prompt('question', 'default'));
    )"));
    QTRY_COMPARE_WITH_TIMEOUT(f.results.size(), 2, 20000);
    QCOMPARE(f.results,
             QStringList({QStringLiteral("over the xhr"), QStringLiteral("qml:question")}));
    QCOMPARE(f.window->property("dialogs").toStringList(),
             QStringList({QStringLiteral("question|default")}));
}

QTEST_MAIN(tst_SyncPrompt)
#include "tst_syncprompt.moc"
