// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Preload scripts, require('electron'), context isolation and contextBridge, end to end in
// real headless pages, as an Electron app's preload.js and page see them. B-numbers refer to
// Electron's behaviour checklist (shared/reference/electron-ipc-behaviour.md).

#include "testsupport.h"

#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWebEngineCore/qtwebenginecoreglobal.h>

#include <memory>

using namespace WebIpcTest;

namespace {

const QString DepthError = QStringLiteral(
        "Electron contextBridge recursion depth exceeded.  Nested objects deeper than 1000 are "
        "not supported.");
const QString BindError =
        QStringLiteral("Cannot bind an API on top of an existing property on the window object");

// A page folder with a preload.js, and a page attached with it.
struct PreloadFixture
{
    explicit PreloadFixture(const QString &preload, WebIpc::AttachOptions options = {})
    {
        QFile file(folder.path() + QStringLiteral("/preload.js"));
        if (file.open(QIODevice::WriteOnly))
            file.write(preload.toUtf8());
        file.close();
        options.preload = file.fileName();
        fixture = std::make_unique<PageFixture>(options);
    }
    bool load(const QString &script = QString(), const QString &head = QString())
    {
        return fixture->load(folder.write(QStringLiteral("page.html"), script, head));
    }
    QVariant eval(const QString &script) { return fixture->eval(script); }
    QVariant evalPreloadWorld(const QString &script)
    {
        return evaluateInWorld(fixture->page.get(), script, 1);
    }
    Settled await(const QString &expression) { return fixture->await(expression); }
    WebIpc::IpcMain &ipc() { return fixture->ipc; }
    ConsolePage *page() { return fixture->page.get(); }

    PageFolder folder;
    std::unique_ptr<PageFixture> fixture;
};

// Runs \a body (page code, may throw) and gives "ok:<result>" or "threw:<message>".
QString attempt(PreloadFixture &f, const QString &body)
{
    return f.eval(QStringLiteral("(() => { try { return 'ok:' + String((() => { %1 })()); }"
                                 " catch (e) { return 'threw:' + (e instanceof Error ? '' : "
                                 "'(not an Error)') + e.message; } })()")
                          .arg(body))
            .toString();
}

const char *const ApiPreload = R"(
const { contextBridge, ipcRenderer } = require('electron/renderer')
const secret = 'preload-only'
let pageCallback = null
contextBridge.exposeInMainWorld('api', {
  version: 3,
  nested: { list: [1, 2, { deep: true }], text: 'hi' },
  echo: (value) => value,
  add: (a, b) => a + b,
  fail: (message) => { throw new Error(message) },
  failWith: (value) => { throw value },
  callBack: (fn, value) => fn(value) + '!',
  keep: (fn) => { pageCallback = fn },
  callKept: (value) => pageCallback(value),
  later: (value) => new Promise((resolve) => setTimeout(() => resolve(value), 10)),
  rejectLater: (message) => Promise.reject(new Error(message)),
  awaitPage: async (promise) => 'page said ' + (await promise),
  giveFunction: () => (x) => x * 2,
  same: (fn) => fn,
  isSame: (a, b) => a === b,
  typeOf: (value) => Object.prototype.toString.call(value) + ':' + typeof value,
  ipc: ipcRenderer,
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  send: (channel, ...args) => ipcRenderer.send(channel, ...args),
  sendSync: (channel, ...args) => ipcRenderer.sendSync(channel, ...args),
  onMessage: (callback) => ipcRenderer.on('to-page', (event, ...args) => callback(...args)),
  onRawEvent: (callback) => ipcRenderer.on('raw', (event) => callback(event)),
  addListener: (callback) => { ipcRenderer.on('direct', callback) },
  removeListener: (callback) => { ipcRenderer.removeListener('direct', callback) },
  listenerCount: () => ipcRenderer.listenerCount('direct'),
  eventNames: () => ipcRenderer.eventNames(),
  senderCheck: () => new Promise((resolve) =>
    ipcRenderer.once('check', (event) => resolve(event.sender === ipcRenderer
                                                 && Array.isArray(event.ports)))),
  tagOf: (element) => element.tagName + ':' + (element === document.body),
  element: (id) => document.getElementById(id),
  symbol: Symbol.for('webipc.test'),
  date: new Date(86400000),
  map: new Map([[1, 'one']]),
  bytes: new Uint8Array([1, 2, 3])
})
try {
  contextBridge.exposeInMainWorld('api', {})
  globalThis.secondExpose = 'no error'
} catch (e) {
  globalThis.secondExpose = e.message
}
try {
  contextBridge.exposeInMainWorld('location', {})
  globalThis.existingExpose = 'no error'
} catch (e) {
  globalThis.existingExpose = e.message
}
)";

} // namespace

class tst_Preload : public QObject
{
    Q_OBJECT
public:
    static void initMain() { WebIpcTest::initMain(); }

private Q_SLOTS:
    void preloadRunsBeforePageScriptsInItsOwnScope();
    void requireAndProcess();
    void preloadFromResourceAndQrcUrl();
    void preloadIpcRendererTalksToMain();
    void mainWorldCannotReachIpcRenderer();
    void pageCannotForgeOrOverhearTheBridge();
    void exposedValuesAreFrozenCopies();
    void exposingTwiceThrows();
    void functionsAreProxiedBothWays();
    void errorsArriveAsErrors();
    void promisesAreProxiedBothWays();
    void recursionDepthIsLimited();
    void ipcRendererCrossesAsEmptyObject();
    void listenerEventSenderIsIpcRenderer();
    void otherValuesCross();
    void executeInMainWorld();
    void executeInMainWorldUnderCsp();
    void brokenPreloadIsReported();
    void preloadRunsInSubframes();
    void ipcRendererMayBeExposedAlongsidePreload();
    void classicRequireSnippetWithoutPreload();
    void electronPatterns_data();
    void electronPatterns();
};

void tst_Preload::preloadRunsBeforePageScriptsInItsOwnScope()
{
    PreloadFixture f(QStringLiteral(R"(
        const { contextBridge } = require('electron')
        const topLevel = 'a const at top level'
        contextBridge.exposeInMainWorld('early', { topLevel })
    )"));
    QVERIFY(f.load(QStringLiteral("window.inBody = typeof early;"),
                   QStringLiteral("<script>window.inHead = early.topLevel;</script>")));
    QCOMPARE(f.eval(QStringLiteral("window.inHead")).toString(),
             QStringLiteral("a const at top level"));
    QCOMPARE(f.eval(QStringLiteral("window.inBody")).toString(), QStringLiteral("object"));
    // Wrapped in a function: its top-level names are not globals of its world.
    QCOMPARE(f.evalPreloadWorld(QStringLiteral("typeof topLevel")).toString(),
             QStringLiteral("undefined"));
    // It runs again in every new document.
    QVERIFY(f.load(QStringLiteral("window.again = early.topLevel;")));
    QCOMPARE(f.eval(QStringLiteral("window.again")).toString(),
             QStringLiteral("a const at top level"));
}

void tst_Preload::requireAndProcess()
{
    PreloadFixture f(QStringLiteral(R"(
        const electron = require('electron')
        const result = {
          same: electron === require('electron/renderer'),
          keys: Object.keys(electron).sort().join(','),
          process: [process.type, process.platform, process.contextIsolated,
                    process.versions.chrome, process.versions.qt,
                    typeof process.versions.webipc].join('|'),
          hasGlobal: global === window,
          hasImmediate: typeof setImmediate + typeof clearImmediate
        }
        try { require('fs') } catch (e) { result.fs = e.message }
        try { require('electron/main') } catch (e) { result.main = e.message }
        require('electron').contextBridge.exposeInMainWorld('result', result)
    )"));
    QVERIFY(f.load());
    QCOMPARE(f.eval(QStringLiteral("result.same")).toBool(), true);
    QCOMPARE(f.eval(QStringLiteral("result.keys")).toString(),
             QStringLiteral("contextBridge,ipcRenderer,webFrame"));
    QCOMPARE(f.eval(QStringLiteral("result.process")).toString(),
             QStringLiteral("renderer|linux|true|%1|%2|string")
                     .arg(QLatin1String(qWebEngineChromiumVersion()), QLatin1String(qVersion())));
    QCOMPARE(f.eval(QStringLiteral("result.hasGlobal")).toBool(), true);
    QCOMPARE(f.eval(QStringLiteral("result.hasImmediate")).toString(),
             QStringLiteral("functionfunction"));
    QCOMPARE(f.eval(QStringLiteral("result.fs")).toString(),
             QStringLiteral("Cannot find module 'fs'"));
    QCOMPARE(f.eval(QStringLiteral("result.main")).toString(),
             QStringLiteral("Cannot find module 'electron/main'"));
}

void tst_Preload::preloadFromResourceAndQrcUrl()
{
    for (const QString &location : {QStringLiteral(":/tests/resource-preload.js"),
                                    QStringLiteral("qrc:/tests/resource-preload.js")}) {
        WebIpc::AttachOptions options;
        options.preload = location;
        PageFixture f(options);
        PageFolder folder;
        QVERIFY(f.load(folder.write(QStringLiteral("page.html"), QString())));
        QCOMPARE(f.eval(QStringLiteral("window.fromResource && fromResource.loaded")).toBool(),
                 true);
    }
}

void tst_Preload::preloadIpcRendererTalksToMain()
{
    PreloadFixture f(QString::fromLatin1(ApiPreload));
    QStringList sent;
    f.ipc().on(QStringLiteral("note"), f.page(),
               [&sent](const WebIpc::IpcMainEvent &, const QVariantList &args) {
                   sent << args.value(0).toString();
               });
    f.ipc().on(QStringLiteral("sync"), f.page(),
               [](const WebIpc::IpcMainEvent &event, const QVariantList &args) {
                   event.setReturnValue(args.value(0).toInt() * 2);
               });
    f.ipc().handle(QStringLiteral("sum"),
                   [](const WebIpc::IpcMainInvokeEvent &, const QVariantList &args) {
                       return QVariant(args.value(0).toInt() + args.value(1).toInt());
                   });
    QVERIFY(f.load());
    // The preload's ipcRenderer: invoke, send and sendSync, called from page code through
    // the exposed API.
    const Settled sum = f.await(QStringLiteral("api.invoke('sum', 2, 3)"));
    QVERIFY(sum.done && sum.fulfilled);
    QCOMPARE(sum.value.toInt(), 5);
    QCOMPARE(f.eval(QStringLiteral("api.sendSync('sync', 21)")).toInt(), 42);
    f.eval(QStringLiteral("api.send('note', 'from the page')"));
    QVERIFY(waitFor([&]() { return sent == QStringList{QStringLiteral("from the page")}; }));
    const Settled missing = f.await(QStringLiteral("api.invoke('nobody')"));
    QVERIFY(missing.done && !missing.fulfilled);
    QCOMPARE(missing.value.toString(),
             QStringLiteral("Error invoking remote method 'nobody': Error: No handler "
                            "registered for 'nobody'"));
    // Main to the preload's listeners, and on to a page callback.
    f.eval(QStringLiteral("window.got = []; api.onMessage((...args) => got.push(args));"));
    f.fixture->contents->sendArgs(QStringLiteral("to-page"), {1, QStringLiteral("two")});
    QVERIFY(waitFor([&]() { return f.eval(QStringLiteral("got.length")).toInt() == 1; }));
    QCOMPARE(f.eval(QStringLiteral("JSON.stringify(got)")).toString(),
             QStringLiteral("[[1,\"two\"]]"));
}

void tst_Preload::mainWorldCannotReachIpcRenderer()
{
    PreloadFixture f(QString::fromLatin1(ApiPreload));
    QVERIFY(f.load());
    QCOMPARE(f.eval(QStringLiteral("typeof ipcRenderer")).toString(), QStringLiteral("undefined"));
    QCOMPARE(f.eval(QStringLiteral("typeof require")).toString(), QStringLiteral("undefined"));
    QCOMPARE(f.eval(QStringLiteral("typeof qt")).toString(), QStringLiteral("undefined"));
    QCOMPARE(f.eval(QStringLiteral("typeof process")).toString(), QStringLiteral("undefined"));
    QCOMPARE(f.eval(QStringLiteral("typeof contextBridge")).toString(),
             QStringLiteral("undefined"));
    // No global of the page's world holds more than the built-ins and what the preload
    // exposed.
    const QString newGlobals = f.eval(QStringLiteral(R"(
        (() => {
          const frame = document.createElement('iframe');
          document.body.appendChild(frame);
          const builtIns = new Set(Object.getOwnPropertyNames(frame.contentWindow));
          const extra = Object.getOwnPropertyNames(window)
            .concat(Object.getOwnPropertySymbols(window).map(String))
            .filter((name) => !builtIns.has(name) && name !== '__settled' && !/^[0-9]+$/.test(name));
          frame.remove();
          return extra.sort().join(',');
        })()
    )"))
                                       .toString();
    QCOMPARE(newGlobals, QStringLiteral("api"));
    // Nothing reachable from the exposed API leads to ipcRenderer.
    QCOMPARE(f.eval(QStringLiteral(R"(
        (() => {
          const seen = new Set();
          const found = [];
          const walk = (value, path) => {
            if (value === null || (typeof value !== 'object' && typeof value !== 'function')
                || seen.has(value)) return;
            seen.add(value);
            for (const key of Reflect.ownKeys(value)) {
              if (typeof key === 'string' && /^(send|invoke|sendSync|on)$/.test(key)
                  && path.indexOf('api.ipc') === 0) found.push(path + '.' + key);
              let child;
              try { child = value[key]; } catch (e) { continue; }
              walk(child, path + '.' + String(key));
            }
            walk(Object.getPrototypeOf(value), path + '.__proto__');
          };
          walk(window.api, 'api');
          return found.join(',') || 'nothing';
        })()
    )"))
                     .toString(),
             QStringLiteral("nothing"));
}

void tst_Preload::pageCannotForgeOrOverhearTheBridge()
{
    // A hostile page patches every built-in it can before using the API, then records
    // every event type, every object our code might hand it, and window.event in callbacks.
    PreloadFixture f(QString::fromLatin1(ApiPreload));
    QSignalSpy readyFlag(f.page(), &QWebEnginePage::loadFinished);
    QVERIFY(f.load(QStringLiteral(R"(
        window.leaks = [];
        let noting = false;
        const note = (what) => {
          if (noting || String(what).indexOf('webipc-') < 0) return;
          noting = true;
          leaks.push(String(what));
          noting = false;
        };
        const origDispatch = EventTarget.prototype.dispatchEvent;
        EventTarget.prototype.dispatchEvent = function (event) {
          note(event.type); return origDispatch.call(this, event);
        };
        const origAdd = EventTarget.prototype.addEventListener;
        EventTarget.prototype.addEventListener = function (type, ...rest) {
          note(type); return origAdd.call(this, type, ...rest);
        };
        Function.prototype.call = function (...args) {
          args.forEach((a) => { if (a && a.type) note(a.type); });
          return Reflect.apply(this, args[0], args.slice(1));
        };
        const detail = Object.getOwnPropertyDescriptor(CustomEvent.prototype, 'detail').get;
        Object.defineProperty(CustomEvent.prototype, 'detail', {
          get() { note(this.type); note('detail read: ' + this.type); return Reflect.apply(detail, this, []); }
        });
        Object.defineProperty(Array.prototype, '5', {
          get() { note(window.event && window.event.type); return undefined; },
          set(v) {
            note(window.event && window.event.type);
            Object.defineProperty(this, '5', { value: v, writable: true, enumerable: true, configurable: true });
          },
          configurable: true
        });
        // Getters our code might meet: a leak is one that runs inside our events or sees a name.
        const seen = (self) => { try { return JSON.stringify(self) || ''; } catch (e) { return ''; } };
        for (const key of ['deliver', 'post', 'sync', 'syncAnswer', 'ready', 'detail',
                           'bubbles', 'cancelable', 'composed', 'get', 'set', 'value',
                           'writable', 'enumerable', 'configurable',
                           'request', 'response', 'toIsolated', 'toMain', 'ack', 'once']) {
          Object.defineProperty(Object.prototype, key, {
            __proto__: null,
            get() {
              const e = window.event;
              const text = seen(this);
              if ((e && String(e.type).indexOf('webipc-') >= 0) || text.indexOf('webipc-') >= 0)
                leaks.push('getter ' + key + ': ' + text);
              return undefined;
            },
            set(v) { note(seen(this)); },
            configurable: true
          });
        }
        const sawEvent = () => { const e = window.event; if (e) { note(e.type); note(JSON.stringify(e.detail)); } };
        window.results = [];
        results.push(api.callBack((v) => { sawEvent(); return v + 1; }, 1));
        api.keep((v) => { sawEvent(); return v; });
        results.push(api.callKept('kept'));
        api.onMessage((...args) => { sawEvent(); results.push(args.join()); });
        // Forging the handshake: nothing answers, and nobody hands out names.
        origAdd.call(document, 'webipc:connect', (e) => {
          if (!e.detail || e.detail.ack !== 'x') leaks.push('connect seen: ' + JSON.stringify(e.detail));
        }, true);
        origDispatch.call(document, new CustomEvent('webipc:connect', {
          detail: { ack: 'x', toIsolated: 'forged-in', toMain: 'forged-out' } }));
        origDispatch.call(document, new Event('webipc:bridge-up'));
        origAdd.call(document, 'forged-out', () => leaks.push('forged reply'));
        origDispatch.call(document, new CustomEvent('forged-in', { detail: [false, [0, 1, [], null]] }));
        origDispatch.call(document, new CustomEvent('webipcforged', { detail: [false, [0, 1, [], null]] }));
        window.step1 = 'done';
    )")));
    QVERIFY2(f.eval(QStringLiteral("window.step1")).toString() == QLatin1String("done"),
             qPrintable(f.page()->messages.join(QLatin1Char('\n'))));
    f.fixture->contents->sendArgs(QStringLiteral("to-page"), {QStringLiteral("a"), 1});
    QVERIFY(waitFor([&]() { return f.eval(QStringLiteral("results.length")).toInt() == 3; }));
    QCOMPARE(f.eval(QStringLiteral("results.join('|')")).toString(), QStringLiteral("2!|kept|a,1"));
    const Settled promise = f.await(QStringLiteral("api.later('p')"));
    QVERIFY(promise.done && promise.fulfilled);
    QCOMPARE(f.eval(QStringLiteral("leaks.join('\\n')")).toString(), QString());
}

void tst_Preload::exposedValuesAreFrozenCopies()
{
    PreloadFixture f(QString::fromLatin1(ApiPreload));
    QVERIFY(f.load());
    // B103: read-only global, unwritable properties, immutable arrays (nested too).
    QCOMPARE(attempt(f, QStringLiteral("window.api = 456; return typeof api;")),
             QStringLiteral("ok:object"));
    QCOMPARE(attempt(f, QStringLiteral("api.version = 4; return api.version;")),
             QStringLiteral("ok:3"));
    QCOMPARE(attempt(f, QStringLiteral("'use strict'; api.nested.text = 'x';")).left(6),
             QStringLiteral("threw:"));
    QCOMPARE(attempt(f, QStringLiteral("api.nested.list.push(4);")).left(6),
             QStringLiteral("threw:"));
    QCOMPARE(attempt(f,
                     QStringLiteral("api.nested.list[2].deep = false; "
                                    "return api.nested.list[2].deep;")),
             QStringLiteral("ok:true"));
    QCOMPARE(attempt(f,
                     QStringLiteral("return Object.isFrozen(api) && Object.isFrozen(api.nested)"
                                    " && Array.isArray(api.nested.list) "
                                    "&& Object.getPrototypeOf(api) === Object.prototype;")),
             QStringLiteral("ok:true"));
    QCOMPARE(attempt(f, QStringLiteral("return delete window.api;")), QStringLiteral("ok:false"));
    QCOMPARE(attempt(f,
                     QStringLiteral("api.echo.extra = 1; return Object.isFrozen(api.echo) + ':'"
                                    " + api.echo.extra;")),
             QStringLiteral("ok:true:undefined"));
    // A copy: the page's values are the page's (arguments are copies too).
    QCOMPARE(attempt(f,
                     QStringLiteral("const o = { a: [1] }; const back = api.echo(o); "
                                    "return back !== o && back.a[0] === 1 "
                                    "&& !Object.isFrozen(back);")),
             QStringLiteral("ok:true"));
    QCOMPARE(attempt(f,
                     QStringLiteral("const o = { }; o.self = o; const back = api.echo([o, o]);"
                                    " return back[0] === back[1] && back[0].self === back[0];")),
             QStringLiteral("ok:true"));
}

void tst_Preload::exposingTwiceThrows()
{
    PreloadFixture f(QString::fromLatin1(ApiPreload));
    QVERIFY(f.load());
    // B102: the second exposure throws in the preload, and the first value stays.
    QCOMPARE(f.evalPreloadWorld(QStringLiteral("secondExpose")).toString(), BindError);
    QCOMPARE(f.evalPreloadWorld(QStringLiteral("existingExpose")).toString(), BindError);
    QCOMPARE(f.eval(QStringLiteral("api.version")).toInt(), 3);
    QCOMPARE(f.eval(QStringLiteral("typeof location.href")).toString(), QStringLiteral("string"));
}

void tst_Preload::functionsAreProxiedBothWays()
{
    PreloadFixture f(QString::fromLatin1(ApiPreload));
    QVERIFY(f.load());
    QCOMPARE(f.eval(QStringLiteral("api.add(2, 3)")).toInt(), 5);
    // B9: the preload's ipcRenderer starts with no channels (none of WebIpc's own).
    QCOMPARE(f.eval(QStringLiteral("api.eventNames().length")).toInt(), 0);
    // A page callback passed in is called, synchronously, with its result coming back.
    QCOMPARE(f.eval(QStringLiteral("api.callBack((v) => v * 10, 4)")).toString(),
             QStringLiteral("40!"));
    // Kept and called later.
    QCOMPARE(f.eval(QStringLiteral("api.keep((v) => 'page got ' + v); api.callKept('x')"))
                     .toString(),
             QStringLiteral("page got x"));
    // A function the preload returns works in the page.
    QCOMPARE(f.eval(QStringLiteral("api.giveFunction()(21)")).toInt(), 42);
    // B105: a page function that comes back is the original; one function passed twice in
    // one call is one proxy.
    QCOMPARE(f.eval(QStringLiteral("(() => { const fn = () => 1; return api.same(fn) === fn; })()"))
                     .toBool(),
             true);
    QCOMPARE(f.eval(QStringLiteral("(() => { const fn = () => 1; return api.isSame(fn, fn); })()"))
                     .toBool(),
             true);
    // One function has one proxy while it lives: removeListener through the bridge works
    // (Electron makes a new proxy per crossing, electron#33328).
    QCOMPARE(f.eval(QStringLiteral("(() => { const cb = () => {}; api.addListener(cb);"
                                   " const added = api.listenerCount(); api.removeListener(cb);"
                                   " return added + ',' + api.listenerCount(); })()"))
                     .toString(),
             QStringLiteral("1,0"));
    // Nested calls: preload -> page -> preload.
    QCOMPARE(f.eval(QStringLiteral("api.callBack((v) => api.add(v, 1), 1)")).toString(),
             QStringLiteral("2!"));
}

void tst_Preload::errorsArriveAsErrors()
{
    PreloadFixture f(QString::fromLatin1(ApiPreload));
    QVERIFY(f.load());
    // B104: a thrown Error arrives as an Error of the page's world, with its message.
    QCOMPARE(attempt(f, QStringLiteral("api.fail('oh no');")), QStringLiteral("threw:oh no"));
    QCOMPARE(attempt(f,
                     QStringLiteral("try { api.fail('x'); } catch (e) {"
                                    " return e instanceof Error && e.constructor === Error; }")),
             QStringLiteral("ok:true"));
    // A thrown non-Error arrives as an Error too.
    QCOMPARE(attempt(f, QStringLiteral("api.failWith('plain');")), QStringLiteral("threw:plain"));
    // A page callback that throws: the preload sees an Error, and it comes back to the page.
    QCOMPARE(attempt(f, QStringLiteral("api.callBack(() => { throw new TypeError('cb'); }, 0);")),
             QStringLiteral("threw:cb"));
    // A return value that cannot be cloned.
    QCOMPARE(attempt(f, QStringLiteral("api.echo(new WeakMap());")),
             QStringLiteral("threw:An object could not be cloned."));
}

void tst_Preload::promisesAreProxiedBothWays()
{
    PreloadFixture f(QString::fromLatin1(ApiPreload));
    QVERIFY(f.load());
    const Settled later = f.await(QStringLiteral("api.later({ n: 1 }).then((v) => v.n)"));
    QVERIFY(later.done && later.fulfilled);
    QCOMPARE(later.value.toInt(), 1);
    const Settled rejected =
            f.await(QStringLiteral("api.rejectLater('nope').catch((e) => { throw new Error("
                                   "String(e instanceof Error) + ':' + e.message); })"));
    QVERIFY(rejected.done && !rejected.fulfilled);
    QCOMPARE(rejected.value.toString(), QStringLiteral("true:nope"));
    // A page promise given to the preload.
    const Settled fromPage = f.await(QStringLiteral(
            "api.awaitPage(new Promise((resolve) => setTimeout(() => resolve('hi'), 5)))"));
    QVERIFY(fromPage.done && fromPage.fulfilled);
    QCOMPARE(fromPage.value.toString(), QStringLiteral("page said hi"));
    const Settled pageRejects =
            f.await(QStringLiteral("api.awaitPage(Promise.reject(new Error('no')))"));
    QVERIFY(pageRejects.done && !pageRejects.fulfilled);
    QCOMPARE(pageRejects.value.toString(), QStringLiteral("no"));
}

void tst_Preload::recursionDepthIsLimited()
{
    PreloadFixture f(QString::fromLatin1(ApiPreload));
    QVERIFY(f.load());
    // B106: as Electron's spec: 999 wraps pass, 1000 throw.
    QCOMPARE(attempt(f,
                     QStringLiteral("let a = []; for (let i = 0; i < 999; i++) a = [a];"
                                    " api.echo(a); return 'passed';")),
             QStringLiteral("ok:passed"));
    QCOMPARE(attempt(f,
                     QStringLiteral("let a = []; for (let i = 0; i < 1000; i++) a = [a];"
                                    " api.echo(a);")),
             QStringLiteral("threw:") + DepthError);
}

void tst_Preload::ipcRendererCrossesAsEmptyObject()
{
    PreloadFixture f(QString::fromLatin1(ApiPreload));
    QVERIFY(f.load());
    // B109.
    QCOMPARE(f.eval(QStringLiteral("JSON.stringify(api.ipc) + Reflect.ownKeys(api.ipc).length"))
                     .toString(),
             QStringLiteral("{}0"));
    // B111: a preload that hands the event to the page hands over no ipcRenderer.
    f.eval(QStringLiteral("window.raw = null; api.onRawEvent((event) => { raw = event; });"));
    f.fixture->contents->sendArgs(QStringLiteral("raw"), {});
    QVERIFY(waitFor([&]() { return f.eval(QStringLiteral("raw !== null")).toBool(); }));
    QCOMPARE(f.eval(QStringLiteral("JSON.stringify(raw)")).toString(),
             QStringLiteral("{\"sender\":{},\"ports\":[]}"));
}

void tst_Preload::listenerEventSenderIsIpcRenderer()
{
    PreloadFixture f(QString::fromLatin1(ApiPreload));
    QVERIFY(f.load());
    f.eval(QStringLiteral("window.check = null; api.senderCheck().then((v) => { check = v; });"));
    f.fixture->contents->sendArgs(QStringLiteral("check"), {});
    QVERIFY(waitFor([&]() { return !f.eval(QStringLiteral("check")).isNull(); }));
    QCOMPARE(f.eval(QStringLiteral("check")).toBool(), true);
}

void tst_Preload::otherValuesCross()
{
    PreloadFixture f(QString::fromLatin1(ApiPreload));
    QVERIFY(f.load());
    // B107: symbols keep identity (registered ones; and a symbol's round trip).
    QCOMPARE(f.eval(QStringLiteral("api.symbol === Symbol.for('webipc.test')")).toBool(), true);
    QCOMPARE(f.eval(QStringLiteral(
                            "(() => { const s = Symbol('mine'); return api.echo(s) === s; })()"))
                     .toBool(),
             true);
    // B108: Date, Map and typed arrays are structured clones of their kind.
    QCOMPARE(f.eval(QStringLiteral("api.date instanceof Date && api.date.getTime()")).toInt(),
             86400000);
    QCOMPARE(f.eval(QStringLiteral("api.map instanceof Map && api.map.get(1)")).toString(),
             QStringLiteral("one"));
    QCOMPARE(f.eval(QStringLiteral("api.bytes instanceof Uint8Array && api.bytes.join()"))
                     .toString(),
             QStringLiteral("1,2,3"));
    QCOMPARE(f.eval(QStringLiteral("api.typeOf(/a/g)")).toString(),
             QStringLiteral("[object RegExp]:object"));
    QCOMPARE(f.eval(QStringLiteral("api.typeOf(10n) + api.typeOf(undefined) + api.typeOf(null)"))
                     .toString(),
             QStringLiteral(
                     "[object BigInt]:bigint[object Undefined]:undefined[object Null]:object"));
    QCOMPARE(f.eval(QStringLiteral("api.echo(new Error('as value')) instanceof Error")).toBool(),
             true);
    // DOM nodes of the document cross as themselves, both ways; a detached one cannot cross.
    QCOMPARE(f.eval(QStringLiteral("api.tagOf(document.body)")).toString(),
             QStringLiteral("BODY:true"));
    QCOMPARE(f.eval(QStringLiteral("(() => { const p = document.createElement('p'); p.id = 'x';"
                                   " document.body.appendChild(p); return api.element('x') === p"
                                   " && api.echo([p, p])[1] === p; })()"))
                     .toBool(),
             true);
    QCOMPARE(attempt(f, QStringLiteral("api.tagOf(document.createElement('div'));")),
             QStringLiteral("threw:An object could not be cloned."));
}

void tst_Preload::executeInMainWorld()
{
    PreloadFixture f(QStringLiteral(R"(
        const { contextBridge, webFrame } = require('electron')
        window.addEventListener('DOMContentLoaded', () => {
          globalThis.executed = contextBridge.executeInMainWorld({
            func: (a, b) => { window.fromPreload = a + b; return { sum: a + b, title: document.title } },
            args: [2, 3]
          })
          try {
            contextBridge.executeInMainWorld({ func: () => { throw new Error('in main') } })
          } catch (e) { globalThis.executeError = e.message }
          webFrame.executeJavaScript('window.viaWebFrame = 6 * 7').then((v) => { globalThis.webFrameResult = v })
        })
    )"));
    QVERIFY(f.load(QString(), QStringLiteral("<title>T</title>")));
    QCOMPARE(f.eval(QStringLiteral("window.fromPreload")).toInt(), 5);
    QCOMPARE(f.evalPreloadWorld(QStringLiteral("JSON.stringify(executed)")).toString(),
             QStringLiteral("{\"sum\":5,\"title\":\"T\"}"));
    QCOMPARE(f.evalPreloadWorld(QStringLiteral("executeError")).toString(),
             QStringLiteral("in main"));
    QVERIFY(waitFor([&]() {
        return f.evalPreloadWorld(QStringLiteral("globalThis.webFrameResult")).toInt() == 42;
    }));
    QCOMPARE(f.eval(QStringLiteral("window.viaWebFrame")).toInt(), 42);
}

void tst_Preload::executeInMainWorldUnderCsp()
{
    // A page whose CSP forbids eval: the preload still gets an answer, as an Error that says
    // why (documented in the README).
    PreloadFixture f(QStringLiteral(R"(
        const { contextBridge } = require('electron')
        contextBridge.exposeInMainWorld('api', { run: () => {
          try {
            return 'ok:' + contextBridge.executeInMainWorld({ func: () => 6 * 7 })
          } catch (e) { return 'threw:' + e.message }
        } })
    )"));
    QVERIFY(f.load(QString(),
                   QStringLiteral("<meta http-equiv=\"Content-Security-Policy\" "
                                  "content=\"script-src 'self' 'unsafe-inline'\">")));
    const QString outcome = f.eval(QStringLiteral("api.run()")).toString();
    QVERIFY2(outcome == QLatin1String("ok:42") || outcome.contains(QLatin1String("unsafe-eval")),
             qPrintable(outcome));
    qInfo("executeInMainWorld under a CSP without 'unsafe-eval': %s", qPrintable(outcome));
}

void tst_Preload::brokenPreloadIsReported()
{
    {
        PreloadFixture f(QStringLiteral("require('electron').contextBridge.exposeInMainWorld("
                                        "'before', 1)\nthrow new Error('preload broke')\n"));
        QVERIFY(f.load());
        QVERIFY(waitFor([&]() {
            return f.page()
                    ->messages.join(QLatin1Char('\n'))
                    .contains(QStringLiteral("Unable to load preload script: ") + f.folder.path()
                              + QStringLiteral("/preload.js"));
        }));
        QVERIFY(f.page()->messages.join(QLatin1Char('\n'))
                        .contains(QStringLiteral("preload broke")));
        QCOMPARE(f.eval(QStringLiteral("window.before")).toInt(), 1);
        QCOMPARE(f.eval(QStringLiteral("typeof ipcRenderer")).toString(),
                 QStringLiteral("undefined"));
    }
    {
        PreloadFixture f(QStringLiteral("this is not JavaScript"));
        QVERIFY(f.load()); // the bridge still works: the page became ready
        QCOMPARE(f.eval(QStringLiteral("typeof ipcRenderer")).toString(),
                 QStringLiteral("undefined"));
    }
    WebIpc::AttachOptions options;
    options.preload = QStringLiteral("/nonexistent/preload.js");
    QTest::ignoreMessage(QtWarningMsg, "Unable to load preload script: /nonexistent/preload.js");
    PageFixture f(options);
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("page.html"), QString())));
    QVERIFY(waitFor([&]() {
        return f.page->messages.contains(
                QStringLiteral("Unable to load preload script: /nonexistent/preload.js"));
    }));
    QCOMPARE(f.eval(QStringLiteral("typeof ipcRenderer")).toString(), QStringLiteral("undefined"));
}

void tst_Preload::preloadRunsInSubframes()
{
    WebIpc::AttachOptions options;
    options.enableSubframes = true;
    PreloadFixture f(QStringLiteral(R"(
        const { contextBridge, ipcRenderer } = require('electron')
        contextBridge.exposeInMainWorld('frameApi', {
          top: window.top === window,
          invoke: (channel) => ipcRenderer.invoke(channel)
        })
    )"),
                     options);
    f.ipc().handle(QStringLiteral("where"),
                   [](const WebIpc::IpcMainInvokeEvent &event, const QVariantList &) {
                       return QVariant(event.senderFrame().isMainFrame() ? QStringLiteral("top")
                                                                         : QStringLiteral("sub"));
                   });
    f.folder.write(QStringLiteral("child.html"), QString());
    QVERIFY(f.load(QString(), QStringLiteral("<iframe id=child src=\"child.html\"></iframe>")));
    QVERIFY(waitFor(
            [&]() { return f.eval(QStringLiteral("!!(child.contentWindow.frameApi)")).toBool(); }));
    QCOMPARE(f.eval(QStringLiteral("frameApi.top + ',' + child.contentWindow.frameApi.top"))
                     .toString(),
             QStringLiteral("true,false"));
    QCOMPARE(f.eval(QStringLiteral("typeof child.contentWindow.ipcRenderer")).toString(),
             QStringLiteral("undefined"));
    const Settled sub = f.await(QStringLiteral("child.contentWindow.frameApi.invoke('where')"));
    QVERIFY(sub.done && sub.fulfilled);
    QCOMPARE(sub.value.toString(), QStringLiteral("sub"));
    const Settled top = f.await(QStringLiteral("frameApi.invoke('where')"));
    QVERIFY(top.done && top.fulfilled);
    QCOMPARE(top.value.toString(), QStringLiteral("top"));
}

void tst_Preload::ipcRendererMayBeExposedAlongsidePreload()
{
    WebIpc::AttachOptions options;
    options.exposeIpcRendererToMainWorld = true;
    PreloadFixture f(QString::fromLatin1(ApiPreload), options);
    f.ipc().handle(QStringLiteral("echo"),
                   [](const WebIpc::IpcMainInvokeEvent &, const QVariantList &args) {
                       return args.value(0);
                   });
    QVERIFY(f.load());
    QCOMPARE(f.eval(QStringLiteral("typeof ipcRenderer.invoke")).toString(),
             QStringLiteral("function"));
    // Both worlds invoke at once; each gets its own answers.
    const Settled both = f.await(QStringLiteral(
            "Promise.all([ipcRenderer.invoke('echo', 'main'), api.invoke('echo', 'preload'),"
            " ipcRenderer.invoke('echo', 'main2'), api.invoke('echo', 'preload2')])"
            ".then((v) => v.join())"));
    QVERIFY(both.done && both.fulfilled);
    QCOMPARE(both.value.toString(), QStringLiteral("main,preload,main2,preload2"));
}

void tst_Preload::classicRequireSnippetWithoutPreload()
{
    // The renderer snippet of Electron's ipcMain docs, as a classic inline script:
    // its top-level const shadows the window.ipcRenderer global.
    WebIpc::AttachOptions options;
    options.exposeElectronRequire = true;
    PageFixture f(options);
    f.ipc.on(QStringLiteral("synchronous-message"), f.page.get(),
             [](const WebIpc::IpcMainEvent &event, const QVariantList &args) {
                 if (args.value(0).toString() == QLatin1String("ping"))
                     event.setReturnValue(QStringLiteral("pong"));
             });
    f.ipc.on(QStringLiteral("asynchronous-message"), f.page.get(),
             [](const WebIpc::IpcMainEvent &event, const QVariantList &args) {
                 if (args.value(0).toString() == QLatin1String("ping"))
                     event.reply(QStringLiteral("asynchronous-reply"), "pong");
             });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("snippet.html"), QStringLiteral(R"(
// In renderer process (web page).
// NB. Electron APIs are only accessible from preload, unless contextIsolation is disabled.
const { ipcRenderer } = require('electron')
console.log(ipcRenderer.sendSync('synchronous-message', 'ping')) // prints "pong"

ipcRenderer.on('asynchronous-reply', (event, arg) => {
  console.log(arg) // prints "pong"
})
ipcRenderer.send('asynchronous-message', 'ping')
)"))));
    QVERIFY(waitFor([&]() { return f.page->messages.count(QStringLiteral("pong")) == 2; }));
    QVERIFY(f.page->errors.isEmpty());
}

void tst_Preload::electronPatterns_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("1: renderer to main")
            << QStringLiteral("1")
            << QStringList{QStringLiteral("--title"), QStringLiteral("Hello from the page")}
            << QStringList{QStringLiteral("[main] set-title: window title is now \"Hello from "
                                          "the page\"")};
    QTest::newRow("2: renderer to main and back")
            << QStringLiteral("2")
            << QStringList{QStringLiteral("--file"), QStringLiteral("/tmp/chosen.txt")}
            << QStringList{QStringLiteral("[main] dialog:openFile: /tmp/chosen.txt"),
                           QStringLiteral("[page] File path: /tmp/chosen.txt")};
    QTest::newRow("3: main to renderer")
            << QStringLiteral("3")
            << QStringList{QStringLiteral("--clicks"), QStringLiteral("+,+,-,+")}
            << QStringList{QStringLiteral("[main] menu: Increment"),
                           QStringLiteral("[main] menu: Increment"),
                           QStringLiteral("[main] menu: Decrement"),
                           QStringLiteral("[main] menu: Increment"),
                           QStringLiteral("[main] counter-value: 1"),
                           QStringLiteral("[main] counter-value: 2"),
                           QStringLiteral("[main] counter-value: 1"),
                           QStringLiteral("[main] counter-value: 2")};
}

void tst_Preload::electronPatterns()
{
#ifndef WEBIPC_PATTERNS_EXAMPLE
    QSKIP("The examples are not built (WEBIPC_BUILD_EXAMPLES=OFF), so there is nothing to run");
#else
    QFETCH(QString, pattern);
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, expected);
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(WEBIPC_PATTERNS_EXAMPLE), QStringList{pattern} + arguments);
    QVERIFY(process.waitForFinished(60000));
    const QString output = QString::fromUtf8(process.readAll());
    QCOMPARE(process.exitCode(), 0);
    int from = 0;
    for (const QString &line : expected) {
        const int at = output.indexOf(line, from);
        QVERIFY2(at >= 0, qPrintable(QStringLiteral("missing \"%1\" in:\n%2").arg(line, output)));
        from = at + line.size();
    }
#endif
}

QTEST_MAIN(tst_Preload)
#include "tst_preload.moc"
