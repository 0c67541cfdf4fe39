// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The renderer-side JavaScript, without Chromium: src/js is loaded into a QJSEngine.
// - ipcRenderer's own logic runs against a fake port (batching, invoke, sendSync, listeners).
// - The whole pipeline runs in process: ipcRenderer -> bridge.js -> qwebchannel.js -> an
//   in-process QWebChannel transport -> a real WebIpc::WebContents, and back.

#include <core/webcontents_p.h>

#include <WebIpc/IpcMain>
#include <WebIpc/WebContents>

#include <QtCore/QCoreApplication>
#include <QtCore/QEventLoop>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QTimer>
#include <QtQml/QJSEngine>
#include <QtTest/QTest>
#include <QtWebChannel/QWebChannel>
#include <QtWebChannel/QWebChannelAbstractTransport>

using WebIpc::IpcMainEvent;

namespace {

QString source(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(file.readAll());
}

// A JavaScript engine with the renderer scripts loaded and console.error captured.
class Engine : public QJSEngine
{
public:
    Engine()
    {
        evaluate(QStringLiteral("var console = { errors: [], log: function () {},"
                                " error: function () { this.errors.push(Array.prototype.join"
                                ".call(arguments, ' ')); } };"));
        load(QStringLiteral(":/webipc/codec.js"));
        load(QStringLiteral(":/webipc/ipc-renderer.js"));
    }
    void load(const QString &path)
    {
        const QJSValue result = evaluate(source(path), path);
        if (result.isError())
            qFatal("%s: %s", qPrintable(path), qPrintable(result.toString()));
    }
    // Runs \a script, then the promise jobs it queued.
    QJSValue run(const QString &script)
    {
        const QJSValue result = evaluate(script);
        QCoreApplication::processEvents();
        evaluate(QStringLiteral("0"));
        return result;
    }
    QString json(const QString &expression)
    {
        return run(QStringLiteral("JSON.stringify(%1)").arg(expression)).toString();
    }
};

// Carries QWebChannel's messages between C++ and qwebchannel.js in the same engine.
class InProcessTransport : public QWebChannelAbstractTransport
{
    Q_OBJECT
public:
    explicit InProcessTransport(QJSEngine *engine) : m_engine(engine) { }

    void sendMessage(const QJsonObject &message) override
    {
        QJSValue transport = m_engine->globalObject().property(QStringLiteral("transport"));
        QJSValue onmessage = transport.property(QStringLiteral("onmessage"));
        const QString data =
                QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact));
        QJSValue event = m_engine->newObject();
        event.setProperty(QStringLiteral("data"), data);
        const QJSValue result = onmessage.call({event});
        if (result.isError())
            qWarning() << "transport.onmessage threw" << result.toString();
    }

    Q_INVOKABLE void send(const QString &data)
    {
        Q_EMIT messageReceived(QJsonDocument::fromJson(data.toUtf8()).object(), this);
    }

private:
    QJSEngine *m_engine;
};

// Serves bridge.js's synchronous requests the way the webipc: scheme handler does.
class SyncBackend : public QObject
{
    Q_OBJECT
public:
    Q_INVOKABLE QVariantMap request(const QString &value, const QString &accept)
    {
        QVariantMap response{{QStringLiteral("status"), 0}};
        WebIpc::SyncRequest request;
        request.payload = value.toLatin1();
        request.key = accept.mid(accept.indexOf(QLatin1Char('=')) + 1).toLatin1();
        request.initiator = QUrl(QStringLiteral("qrc:")); // the origin the page's hello gave
        WebIpc::WebContentsPrivate::handleSyncRequest(
                request, [&response](int status, const QByteArray &body) {
                    response = {{QStringLiteral("status"), status},
                                {QStringLiteral("text"), QString::fromUtf8(body)}};
                });
        return response;
    }
};

// ipcRenderer, bridge.js and a real WebContents, wired together in one engine.
struct Pipeline
{
    Pipeline() : transport(&engine)
    {
        contents = WebIpc::WebContentsPrivate::create(&ipc, &host);
        d = WebIpc::WebContentsPrivate::get(contents);
        engine.load(QStringLiteral(":/qtwebchannel/qwebchannel.js"));
        engine.load(QStringLiteral(":/webipc/bridge.js"));
        engine.globalObject().setProperty(QStringLiteral("nativeTransport"),
                                          engine.newQObject(&transport));
        engine.globalObject().setProperty(QStringLiteral("nativeSync"), engine.newQObject(&sync));
        channel.registerObject(QStringLiteral("webipc"), d->bridge);
        channel.connectTo(&transport);
        engine.globalObject().setProperty(
                QStringLiteral("postMethod"),
                WebIpc::BridgeObject::staticMetaObject.indexOfMethod("post(QString,QJsonArray)"));
        engine.run(QStringLiteral(R"(
            var transport = { send: function (data) { nativeTransport.send(data); },
                              onmessage: null };
            var toBridge = null, syncAnswer = null, nextId = 0;
            var renderer = createWebIpcRenderer({
                post: function (m) { toBridge({ post: m }); },
                sync: function (m) { toBridge({ sync: m }); return syncAnswer; }
            }, WebIpcCodec);
            var ipcRenderer = renderer.ipcRenderer;
            var bridge = startWebIpcBridge({ syncUrl: 'webipc:sync', syncHeader: 'X-WebIpc-Request',
                                             objectName: 'webipc', postMethod: postMethod }, {
                QWebChannel: QWebChannel,
                transport: transport,
                listen: function (fn) { toBridge = fn; },
                respond: function (detail) {
                    // As main-world.js does: most batches come as [jsonText].
                    if (detail.deliver)
                        renderer.receive(detail.deliver.length === 1
                                         && typeof detail.deliver[0] === 'string'
                                         ? JSON.parse(detail.deliver[0]) : detail.deliver);
                    if (detail.syncAnswer) syncAnswer = detail.syncAnswer;
                },
                // Like the scheme handler: the request is in the header, or else in the query.
                syncRequest: function (url, headers) {
                    var large = headers['X-WebIpc-Request'];
                    return nativeSync.request(large ? large : url.slice(url.indexOf('?') + 1),
                                              headers['Accept']);
                },
                randomId: function () { return 'id' + (++nextId) + '0123456789abcdef0123456789abcdef'; },
                origin: function () { return 'qrc:'; }
            });
        )"));
        engine.run(QStringLiteral("0"));
    }
    ~Pipeline() { delete contents; }

    WebIpc::IpcMain ipc;
    QObject host;
    Engine engine;
    InProcessTransport transport;
    QWebChannel channel;
    SyncBackend sync;
    WebIpc::WebContents *contents = nullptr;
    WebIpc::WebContentsPrivate *d = nullptr;
};

} // namespace

class tst_JsShim : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void sendsAreBatchedPerTask();
    void invokeSettlesFromReplies();
    void invokeNeverThrows();
    void listenerChannelsAreEventEmitterKeys();
    void sendSyncFlushesEarlierMessagesFirst();
    void listenersFollowEventEmitterRules();
    void listenerErrorsDoNotStopOthers();
    void malformedDeliveriesAreIgnored();
    void codecKeepsWhatJsonLoses();
    void protoKeysPolluteNothing();
    void pipelineSendInvokeAndSendSync();
    void pipelineDropsOtherDocumentsDeliveries();
    void pipelineAnswersFromAListenersOwnEventLoop();

private:
    std::unique_ptr<Engine> js;
};

void tst_JsShim::init()
{
    js = std::make_unique<Engine>();
    js->run(QStringLiteral(R"(
        var posted = [], syncSeen = null, syncAnswer = [true, null];
        var r = createWebIpcRenderer({
            post: function (m) { posted.push(m); },
            sync: function (m) { syncSeen = m; return syncAnswer; }
        }, WebIpcCodec);
        var ipc = r.ipcRenderer;
    )"));
}

void tst_JsShim::sendsAreBatchedPerTask()
{
    const QJSValue countDuringTask = js->run(
            QStringLiteral("ipc.send('a', 1); ipc.send('b', 'two'); ipc.send('a'); posted.length"));
    QCOMPARE(countDuringTask.toInt(), 0);
    QCOMPARE(js->json(QStringLiteral("posted")),
             QStringLiteral("[[[0,\"a\",[1]],[0,\"b\",[\"two\"]],[0,\"a\",[]]]]"));
    js->run(QStringLiteral("ipc.send('c')"));
    QCOMPARE(js->run(QStringLiteral("posted.length")).toInt(), 2);
}

void tst_JsShim::invokeSettlesFromReplies()
{
    js->run(QStringLiteral(R"(
        var outcomes = [];
        ipc.invoke('sum', 1, 2).then(v => outcomes.push('ok:' + v));
        ipc.invoke('boom').catch(e => outcomes.push('err:' + e.message));
    )"));
    QCOMPARE(js->json(QStringLiteral("posted")),
             QStringLiteral("[[[1,\"sum\",[1,2],1],[1,\"boom\",[],2]]]"));
    js->run(QStringLiteral("r.receive([[1, 2, false, 'Error: some error'], [1, 1, true, 3],"
                           " [1, 99, true, 'unknown id']])"));
    QCOMPARE(js->json(QStringLiteral("outcomes")),
             QStringLiteral("[\"err:Error invoking remote method 'boom': Error: some error\","
                            "\"ok:3\"]"));
}

void tst_JsShim::invokeNeverThrows()
{
    js->run(QStringLiteral(R"(
        var errors = [];
        try {
            ipc.invoke(42).catch(e => errors.push(e.message));
            ipc.invoke('x', function () {}).catch(e => errors.push(e.message));
        } catch (e) { errors.push('threw'); }
    )"));
    QCOMPARE(js->json(QStringLiteral("errors")),
             QStringLiteral("[\"Missing required channel argument\",\"An object could not be "
                            "cloned (args[0] is a function).\"]"));
    QCOMPARE(js->run(QStringLiteral("posted.length")).toInt(), 0);
}

// Issue 10: listeners are keyed like Node's EventEmitter (Electron's ipcRenderer is one): a
// number names its string, a symbol itself; send and invoke still want a string.
void tst_JsShim::listenerChannelsAreEventEmitterKeys()
{
    js->run(QStringLiteral(R"(
        var heard = [];
        var sym = Symbol('s');
        ipc.on(7, (e, v) => heard.push('7:' + v));
        ipc.on(sym, () => heard.push('symbol'));
        ipc.on('', (e, v) => heard.push('empty:' + v));
    )"));
    QCOMPARE(js->run(QStringLiteral("ipc.listenerCount('7')")).toInt(), 1);
    QCOMPARE(js->run(QStringLiteral("ipc.listenerCount(7)")).toInt(), 1);
    QCOMPARE(js->run(QStringLiteral("ipc.listenerCount(sym)")).toInt(), 1);
    QCOMPARE(js->run(QStringLiteral("ipc.listenerCount('Symbol(s)')")).toInt(), 0);
    js->run(QStringLiteral("r.receive([[0, '7', [1]], [0, '', [2]]])"));
    QCOMPARE(js->json(QStringLiteral("heard")), QStringLiteral("[\"7:1\",\"empty:2\"]"));
    js->run(QStringLiteral("ipc.removeAllListeners(7)"));
    QCOMPARE(js->run(QStringLiteral("ipc.listenerCount('7')")).toInt(), 0);
    QCOMPARE(js->run(QStringLiteral("(() => { try { ipc.send(7); return 'sent'; }"
                                    " catch (e) { return e.message; } })()"))
                     .toString(),
             QStringLiteral("Missing required channel argument"));
}

void tst_JsShim::sendSyncFlushesEarlierMessagesFirst()
{
    const QJSValue value = js->run(QStringLiteral(R"(
        syncAnswer = [true, { '\u0001': 'u' }];
        ipc.send('first');
        ipc.sendSync('second', 'x') === undefined;
    )"));
    QVERIFY(value.toBool());
    QCOMPARE(js->json(QStringLiteral("syncSeen")),
             QStringLiteral("[[0,\"first\",[]],[2,\"second\",[\"x\"]]]"));
    QCOMPARE(js->run(QStringLiteral("posted.length")).toInt(), 0); // not sent twice
    const QJSValue error = js->run(QStringLiteral(R"(
        syncAnswer = [false, 'WebIpc: refused'];
        (function () { try { ipc.sendSync('c'); return 'no'; } catch (e) { return e.message; } })()
    )"));
    QCOMPARE(error.toString(), QStringLiteral("WebIpc: refused"));
}

void tst_JsShim::listenersFollowEventEmitterRules()
{
    js->run(QStringLiteral(R"(
        var log = [];
        var a = function (e, v) { log.push('a' + v + (e.sender === ipc) + e.ports.length); };
        var b = function (e, v) { log.push('b' + v); };
        ipc.on('ch', a).on('ch', b).once('ch', function (e, v) { log.push('once' + v); });
        ipc.prependListener('ch', function (e, v) { log.push('first' + v); });
        ipc.on('ch', b);
        ipc.off('ch', b); // removes the most recently added b
        r.receive([[0, 'ch', [1]], [0, 'ch', [2]], [0, 'other', [3]]]);
    )"));
    QCOMPARE(js->json(QStringLiteral("log")),
             QStringLiteral(
                     "[\"first1\",\"a1true0\",\"b1\",\"once1\",\"first2\",\"a2true0\",\"b2\"]"));
    QCOMPARE(js->json(QStringLiteral("[ipc.listenerCount('ch'), ipc.eventNames()]")),
             QStringLiteral("[3,[\"ch\"]]"));
    QCOMPARE(js->run(QStringLiteral("ipc.removeAllListeners().eventNames().length")).toInt(), 0);
    const QJSValue bad = js->run(QStringLiteral(
            "(function () { try { ipc.on('x', 5); } catch (e) { return e.name; } })()"));
    QCOMPARE(bad.toString(), QStringLiteral("TypeError"));
}

void tst_JsShim::listenerErrorsDoNotStopOthers()
{
    js->run(QStringLiteral(R"(
        var reached = false;
        ipc.on('ch', function () { throw new Error('listener bug'); });
        ipc.on('ch', function () { reached = true; });
        r.receive([[0, 'ch', []]]);
    )"));
    QVERIFY(js->run(QStringLiteral("reached")).toBool());
    QVERIFY(js->run(QStringLiteral("console.errors.join()"))
                    .toString()
                    .contains(QStringLiteral("listener bug")));
}

void tst_JsShim::malformedDeliveriesAreIgnored()
{
    js->run(QStringLiteral(R"(
        var got = [];
        ipc.on('ok', function (e, v) { got.push(v); });
        r.receive('nonsense');
        r.receive(null);
        r.receive([null, 5, [7], [0, 3, []], [0, 'ok', [{ '\u0001': 'no such tag' }]], [0, 'ok', ['fine']]]);
    )"));
    QCOMPARE(js->json(QStringLiteral("got")), QStringLiteral("[\"fine\"]"));
}

void tst_JsShim::codecKeepsWhatJsonLoses()
{
    const QJSValue same = js->run(QStringLiteral(R"(
        (function () {
            var sent = [undefined, NaN, -0, Infinity, -Infinity, { u: undefined, '\u0001k': 1 },
                        [undefined, null], new Date(86400000)];
            var back = WebIpcCodec.decodeArgs(JSON.parse(JSON.stringify(WebIpcCodec.encodeArgs(sent))));
            return back[0] === undefined && back.length === 8 && isNaN(back[1]) &&
                   Object.is(back[2], -0) && back[3] === Infinity && back[4] === -Infinity &&
                   'u' in back[5] && back[5].u === undefined && back[5]['\u0001k'] === 1 &&
                   back[6][0] === undefined && back[6][1] === null &&
                   back[7] instanceof Date && back[7].getTime() === 86400000;
        })()
    )"));
    QVERIFY(same.toBool());
}

void tst_JsShim::protoKeysPolluteNothing()
{
    const QJSValue clean = js->run(QStringLiteral(R"(
        (function () {
            var decoded = WebIpcCodec.decode(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'));
            return ({}).polluted === undefined && decoded.polluted === undefined &&
                   Object.getPrototypeOf(decoded) === Object.prototype &&
                   decoded.__proto__ !== undefined && Object.keys(decoded).length === 2;
        })()
    )"));
    QVERIFY(clean.toBool());
}

void tst_JsShim::pipelineSendInvokeAndSendSync()
{
    Pipeline p;
    QVERIFY(p.contents->isReady()); // the bridge said hello over the channel
    QVariantList sent;
    p.ipc.on(QStringLiteral("log"), this,
             [&](const IpcMainEvent &, const QVariantList &args) { sent = args; });
    p.ipc.handle(QStringLiteral("double"),
                 [](const QVariantList &args) { return args.value(0).toInt() * 2; });
    p.ipc.on(QStringLiteral("sync"), this, [](const IpcMainEvent &event, const QVariantList &args) {
        event.setReturnValue(QVariantMap{{QStringLiteral("echo"), args.value(0)}});
    });
    p.engine.run(QStringLiteral(R"(
        var out = [];
        ipcRenderer.send('log', 'hello', { n: 1 });
        ipcRenderer.invoke('double', 21).then(v => out.push(v));
        out.push(ipcRenderer.sendSync('sync', 'now').echo);
        ipcRenderer.on('pushed', (e, v) => out.push(v));
    )"));
    QTRY_COMPARE(sent.size(), 2);
    QCOMPARE(sent.at(0).toString(), QStringLiteral("hello"));
    p.contents->send(QStringLiteral("pushed"), "from C++");
    QTRY_COMPARE(p.engine.json(QStringLiteral("out")), QStringLiteral("[\"now\",42,\"from C++\"]"));
}

// A listener that runs an event loop of its own (a dialog, say) while main handles the page's
// batch: what it sends meanwhile reaches the page before the listener returns, although the
// batch's own flush comes only after it. (In a real page the nested loop runs inside a Chromium
// task, where the page's answers cannot reach C++ until it returns; this in-process pipeline
// shows what is delivered.)
void tst_JsShim::pipelineAnswersFromAListenersOwnEventLoop()
{
    Pipeline p;
    bool seenInside = false;
    p.ipc.on(QStringLiteral("modal"), this, [&](const IpcMainEvent &event) {
        event.reply(QStringLiteral("inside"), 1);
        QEventLoop loop;
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, &loop, [&]() {
            if (p.engine.evaluate(QStringLiteral("got.length")).toInt() == 1) {
                seenInside = true;
                loop.quit();
            }
        });
        poll.start(5);
        QTimer::singleShot(5000, &loop, &QEventLoop::quit); // a cap only: the test fails then
        loop.exec();
    });
    p.engine.run(QStringLiteral(R"(
        var got = [];
        ipcRenderer.on('inside', (e, v) => got.push(v));
        ipcRenderer.send('modal');
    )"));
    QTRY_VERIFY(seenInside);
}

void tst_JsShim::pipelineDropsOtherDocumentsDeliveries()
{
    Pipeline p;
    p.engine.run(QStringLiteral("var got = []; ipcRenderer.on('x', (e, v) => got.push(v));"));
    // A delivery addressed to another document (say, the one before a reload) is dropped.
    Q_EMIT p.d->bridge->deliver(QStringLiteral("some-earlier-document"),
                                QJsonArray{QJsonArray{0, "x", QJsonArray{"stale"}}});
    p.contents->send(QStringLiteral("x"), "current");
    QTRY_COMPARE(p.engine.json(QStringLiteral("got")), QStringLiteral("[\"current\"]"));
}

QTEST_MAIN(tst_JsShim)
#include "tst_jsshim.moc"
