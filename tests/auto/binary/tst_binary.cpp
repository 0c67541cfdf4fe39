// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The binary lane end to end, in real pages: large ArrayBuffers travel beside their message
// (pulled from the bridge, fetched from the webipc: scheme) on every path, nested, keeping
// their types and order; small ones and subframes stay inline; forged, replayed and foreign
// ids are refused; a reload frees what was held; the maximum message size holds. MessagePorts
// take the lane too, both ways and from page to page.

#include "testsupport.h"

#include <WebIpc/MessageChannelMain>
#include <WebIpc/MessagePortMain>
#include <WebIpc/jsvalues.h>
#include <core/binarylane_p.h>
#include <core/bridgeobject_p.h>
#include <core/webcontents_p.h>

#include <QtCore/QFile>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace WebIpcTest;
using WebIpc::IpcMainEvent;
using WebIpc::IpcMainInvokeEvent;
using WebIpc::MessageChannelMain;
using WebIpc::MessageEvent;
using WebIpc::MessagePortMain;

namespace {

constexpr qsizetype Large = 1024 * 1024;
constexpr qsizetype Small = 1024;

QByteArray makeBytes(qsizetype n, int salt = 0)
{
    QByteArray bytes(n, Qt::Uninitialized);
    for (qsizetype i = 0; i < n; ++i)
        bytes[i] = char((i * 31 + (i >> 8) + salt) & 255);
    return bytes;
}

// The page's side: the same bytes, and a check of what came back.
const QString PageHelpers = QStringLiteral(
        "window.makeBytes = (n, salt = 0) => { const b = new Uint8Array(n);"
        " for (let i = 0; i < n; ++i) b[i] = (i * 31 + (i >> 8) + salt) & 255; return b; };"
        "window.sameBytes = (a, b) => { a = new Uint8Array(a.buffer || a, a.byteOffset || 0,"
        " a.byteLength); b = new Uint8Array(b.buffer || b, b.byteOffset || 0, b.byteLength);"
        " if (a.length !== b.length) return false;"
        " for (let i = 0; i < a.length; ++i) if (a[i] !== b[i]) return false; return true; };"
        "");

WebIpc::WebContentsPrivate *privateOf(WebIpc::WebContents *contents)
{
    return WebIpc::WebContentsPrivate::get(contents);
}

struct Fixture : PageFixture
{
    explicit Fixture(const WebIpc::AttachOptions &options = {}) : PageFixture(options) { }
    Settled await(const QString &expression, int timeoutMs = 30000)
    {
        return awaitPromise(page.get(), expression, timeoutMs);
    }
    WebIpc::WebContentsPrivate *d() const { return privateOf(contents); }
    // Whether page code's \a expression (%1 in it: Large) is true.
    bool says(const QString &expression) { return eval(expression.arg(Large)).toBool(); }
    // An "echo" handler that keeps what it got in \a got.
    void handleEcho()
    {
        ipc.handle(QStringLiteral("echo"), [this](const QVariantList &args) {
            got = args.value(0);
            return args.value(0);
        });
    }
    QVariant got;
};

// The page's end of the port main gives it on 'port' keeps what arrives in window.got, and
// answers 'echo' with what it got last.
const QString PortHolder =
        QStringLiteral("window.got = []; ipcRenderer.on('port', (e) => { window.held = e.ports[0];"
                       " held.onmessage = (ev) => { got.push(ev.data);"
                       " if (ev.data === 'echo') held.postMessage(got[got.length - 2]); };"
                       " ipcRenderer.send('holding'); });");

// Gives the page of \a f the port \a port on 'port' (PortHolder): true once it holds it.
bool givePort(Fixture &f, MessagePortMain *port)
{
    bool holding = false;
    const auto connection = f.ipc.on(QStringLiteral("holding"), [&]() { holding = true; });
    const bool given = f.contents->postMessage(QStringLiteral("port"), QVariant(), {port})
            && waitFor([&] { return holding; });
    f.ipc.removeListener(QStringLiteral("holding"), connection);
    return given;
}

// The page of \a f makes a MessageChannel and gives main port1 (page code keeps port2 as
// window.channel.port2): main's end, started, with what arrives at it in \a events.
MessagePortMain *portFromPage(Fixture &f, QList<MessageEvent> *events)
{
    QPointer<MessagePortMain> port;
    const auto connection = f.ipc.on(QStringLiteral("port"), [&](const IpcMainEvent &event) {
        port = event.ports().value(0);
    });
    f.eval(QStringLiteral("window.channel = new MessageChannel();"
                          " ipcRenderer.postMessage('port', null, [channel.port1]); true"));
    const bool ok = waitFor([&] { return !port.isNull(); });
    f.ipc.removeListener(QStringLiteral("port"), connection);
    if (!ok)
        return nullptr;
    QObject::connect(port, &MessagePortMain::message, port,
                     [events](const MessageEvent &event) { events->append(event); });
    port->start();
    return port;
}

WebIpc::AttachOptions withSubframes()
{
    WebIpc::AttachOptions options;
    options.enableSubframes = true;
    return options;
}

// A page that gave main a port (portFromPage()), and what arrives at main's end.
struct PortFixture : Fixture
{
    bool open(const QUrl &url)
    {
        if (load(url))
            port = portFromPage(*this, &events);
        return !port.isNull();
    }
    QList<MessageEvent> events;
    QPointer<MessagePortMain> port;
};

// The bytes of a Uint8Array at \a path (keys, then indexes) in \a value.
QByteArray bytesAt(QVariant value, const QStringList &path)
{
    for (const QString &step : path) {
        bool isIndex = false;
        const int index = step.toInt(&isIndex);
        value = isIndex ? value.toList().value(index) : value.toMap().value(step);
    }
    return value.toByteArray();
}

} // namespace

class tst_Binary : public QObject
{
    Q_OBJECT
public:
    static void initMain() { WebIpcTest::initMain(); }

private Q_SLOTS:
    void initTestCase();
    void invokeArgumentsAndResults_data();
    void invokeArgumentsAndResults();
    void smallValuesStayInline();
    void sendAndWebContentsSend();
    void nestedBinaryKeepsTypesAndIdentity();
    void streamChunks();
    void postMessageAndRemoteInvoke();
    void sendSyncArgumentsAndResults();
    void orderIsKept();
    void appSchemePage();
    void subframeFallsBackToInline();
    void overMaximumMessageSize();
    void forgedAndReplayedIdsAreRefused();
    void otherDocumentCannotFetch();
    void reloadFreesHeldBytes();
    void portMessagesPageToMain();
    void portMessagesMainToPage();
    void portMessagesPageToPage();
    void portMessagesToASubframeGoInline();
    void portMessagesInAPreload();
    void forgedPortBytesAreRefused();

private:
    PageFolder m_folder;
    QUrl m_url;
};

void tst_Binary::initTestCase()
{
    m_url = m_folder.write(QStringLiteral("binary.html"), PageHelpers);
}

void tst_Binary::invokeArgumentsAndResults_data()
{
    QTest::addColumn<QString>("make");
    QTest::addColumn<QString>("kind");
    QTest::newRow("Uint8Array") << QStringLiteral("makeBytes(%1)") << QStringLiteral("Uint8Array");
    QTest::newRow("ArrayBuffer") << QStringLiteral("makeBytes(%1).buffer")
                                 << QStringLiteral("ArrayBuffer");
    QTest::newRow("Float64Array") << QStringLiteral("new Float64Array(makeBytes(%1).buffer)")
                                  << QStringLiteral("Float64Array");
    QTest::newRow("DataView") << QStringLiteral("new DataView(makeBytes(%1).buffer, 8, 4096)")
                              << QStringLiteral("DataView");
}

// invoke: large arguments are pulled, large results fetched; the value's kind survives.
void tst_Binary::invokeArgumentsAndResults()
{
    QFETCH(QString, make);
    QFETCH(QString, kind);
    Fixture f;
    f.handleEcho();
    QVERIFY(f.load(m_url));
    const Settled echoed = f.await(
            QStringLiteral(
                    "(async () => { const v = %1; const r = await ipcRenderer.invoke('echo', v);"
                    " return [Object.prototype.toString.call(r).slice(8, -1),"
                    " sameBytes(v, r), r.byteLength].join(' '); })()")
                    .arg(make.arg(Large)));
    QVERIFY2(echoed.done && echoed.fulfilled, qPrintable(echoed.value.toString()));
    QCOMPARE(echoed.value.toString(),
             QStringLiteral("%1 true %2")
                     .arg(kind)
                     .arg(kind == QLatin1String("DataView") ? 4096 : Large));
    QCOMPARE(f.d()->lanePulls(), 1);
    QCOMPARE(f.d()->laneOffers(), 1);
    if (kind == QLatin1String("Uint8Array"))
        QCOMPARE(f.got.toByteArray(), makeBytes(Large));
    else
        QVERIFY(f.got.canConvert<WebIpc::TypedArray>());
    QCOMPARE(f.d()->laneBytesHeld(), qsizetype(0));
}

void tst_Binary::smallValuesStayInline()
{
    Fixture f;
    f.handleEcho();
    QVERIFY(f.load(m_url));
    const Settled echoed = f.await(QStringLiteral("(async () => { const v = makeBytes(%1);"
                                                  " const r = await ipcRenderer.invoke('echo', v);"
                                                  " return sameBytes(v, r) + ' 0'; })()")
                                           .arg(Small));
    QVERIFY(echoed.done && echoed.fulfilled);
    QCOMPARE(echoed.value.toString(), QStringLiteral("true 0"));
    QCOMPARE(f.d()->lanePulls(), 0);
    QCOMPARE(f.d()->laneOffers(), 0);
}

// send (page to main), event.reply and WebContents::send (main to page), nested in objects.
void tst_Binary::sendAndWebContentsSend()
{
    Fixture f;
    QVariant got;
    f.ipc.on(QStringLiteral("up"), this, [&](const IpcMainEvent &event, const QVariantList &args) {
        got = args.value(0);
        event.reply(QStringLiteral("down"),
                    QVariantMap{{QStringLiteral("inner"),
                                 QVariantList{makeBytes(Large, 1), QStringLiteral("x")}}});
    });
    QVERIFY(f.load(m_url));
    QVERIFY(f.eval(QStringLiteral(
                           "window.down = []; ipcRenderer.on('down', (e, v) => down.push(v));"
                           " ipcRenderer.send('up', { deep: { list: [1, makeBytes(%1, 2)] } });"
                           " true")
                           .arg(Large))
                    .toBool());
    QVERIFY(waitFor([&] { return got.isValid(); }));
    const QByteArray up = got.toMap()
                                  .value(QStringLiteral("deep"))
                                  .toMap()
                                  .value(QStringLiteral("list"))
                                  .toList()
                                  .value(1)
                                  .toByteArray();
    QCOMPARE(up, makeBytes(Large, 2));
    f.contents->send(QStringLiteral("down"), makeBytes(Large, 3));
    QVERIFY(waitFor([&] { return f.eval(QStringLiteral("down.length")).toInt() == 2; }));
    QCOMPARE(f.eval(QStringLiteral("sameBytes(down[0].inner[0], makeBytes(%1, 1))"
                                   " && down[0].inner[1] === 'x'"
                                   " && sameBytes(down[1], makeBytes(%1, 3))"
                                   " && down[1] instanceof Uint8Array")
                            .arg(Large))
                     .toBool(),
             true);
    QCOMPARE(f.d()->lanePulls(), 1);
    QCOMPARE(f.d()->laneOffers(), 2);
}

// Several buffers in one value, views sharing a buffer, and the same buffer twice: one clone
// graph, as with base64.
void tst_Binary::nestedBinaryKeepsTypesAndIdentity()
{
    Fixture f;
    f.handleEcho();
    QVERIFY(f.load(m_url));
    const Settled echoed = f.await(
            QStringLiteral(
                    "(async () => { const b = makeBytes(%1).buffer;"
                    " const v = { a: new Uint16Array(b, 2, 100), b: new Int32Array(b), same: b,"
                    " other: makeBytes(%1, 5), small: makeBytes(16) };"
                    " const r = await ipcRenderer.invoke('echo', v);"
                    " return [r.a instanceof Uint16Array, r.a.byteOffset, r.a.length,"
                    " r.b instanceof Int32Array, r.a.buffer === r.b.buffer, r.same === r.b.buffer,"
                    " sameBytes(r.same, b), sameBytes(r.other, v.other), sameBytes(r.small, "
                    "v.small),"
                    " r.other.buffer !== r.same].join(' '); })()")
                    .arg(Large));
    QVERIFY2(echoed.done && echoed.fulfilled, qPrintable(echoed.value.toString()));
    QCOMPARE(echoed.value.toString(),
             QStringLiteral("true 2 100 true true true true true true true"));
    QCOMPARE(f.d()->lanePulls(), 2); // one per buffer, however many views
    QCOMPARE(f.d()->laneOffers(), 2);
    QCOMPARE(f.got.toMap().value(QStringLiteral("other")).toByteArray(), makeBytes(Large, 5));
}

void tst_Binary::streamChunks()
{
    Fixture f;
    f.ipc.handle(QStringLiteral("chunks"), []() {
        return QVariant::fromValue(QVariantList{makeBytes(Large, 7), makeBytes(Small, 8)});
    });
    QVERIFY(f.load(m_url));
    const Settled result =
            f.await(QStringLiteral("(async () => { const r = await ipcRenderer.invoke('chunks');"
                                   " return sameBytes(r[0], makeBytes(%1, 7)) && sameBytes(r[1], "
                                   "makeBytes(%2, 8)); })()")
                            .arg(Large)
                            .arg(Small));
    QVERIFY(result.done && result.fulfilled);
    QCOMPARE(result.value.toBool(), true);
    QCOMPARE(f.d()->laneOffers(), 1);
}

// WebContents::postMessage and WebContents::invoke arguments take the lane too, and the page
// handler's result.
void tst_Binary::postMessageAndRemoteInvoke()
{
    Fixture f;
    QVERIFY(f.load(m_url));
    f.eval(QStringLiteral("window.posted = null; ipcRenderer.on('post', (e, v) => { posted = v; });"
                          " ipcRenderer.handle('size', (e, v) => v.byteLength + ':'"
                          " + sameBytes(v, makeBytes(%1, 6)));"
                          " ipcRenderer.handle('bytes', () => ({ b: makeBytes(%1, 11) }));")
                   .arg(Large));
    QVERIFY(f.contents->postMessage(QStringLiteral("post"),
                                    QVariantMap{{QStringLiteral("b"), makeBytes(Large, 5)}}));
    QVERIFY(waitFor([&] { return f.eval(QStringLiteral("posted !== null")).toBool(); }));
    QCOMPARE(f.eval(QStringLiteral("sameBytes(posted.b, makeBytes(%1, 5))").arg(Large)).toBool(),
             true);
    QFuture<QVariant> answer = f.contents->invoke(QStringLiteral("size"), makeBytes(Large, 6));
    QVERIFY(waitFor([&] { return answer.isFinished(); }));
    QCOMPARE(answer.result().toString(), QStringLiteral("%1:true").arg(Large));
    QCOMPARE(f.d()->laneOffers(), 2);
    // The page handler's result comes back by the lane (pulled).
    QFuture<QVariant> bytes = f.contents->invoke(QStringLiteral("bytes"));
    QVERIFY(waitFor([&] { return bytes.isFinished(); }));
    QCOMPARE(bytes.result().toMap().value(QStringLiteral("b")).toByteArray(), makeBytes(Large, 11));
    QCOMPARE(f.d()->lanePulls(), 1);
    QCOMPARE(f.d()->laneBytesHeld(), qsizetype(0));
}

// sendSync cannot wait for a pull (the page is blocked): its arguments, and what was sent
// before it, go inline; its result too. Values and order are the same.
void tst_Binary::sendSyncArgumentsAndResults()
{
    Fixture f;
    QStringList order;
    f.ipc.on(QStringLiteral("before"), this, [&](const QVariantList &args) {
        order.append(QStringLiteral("before %1")
                             .arg(args.value(0).toByteArray() == makeBytes(Large, 1)));
    });
    f.ipc.on(QStringLiteral("sync"), this,
             [&](const IpcMainEvent &event, const QVariantList &args) {
                 order.append(QStringLiteral("sync %1").arg(args.value(0).toByteArray()
                                                            == makeBytes(Large, 2)));
                 event.setReturnValue(makeBytes(Large, 3));
             });
    QVERIFY(f.load(m_url));
    QCOMPARE(f.eval(QStringLiteral("(() => { ipcRenderer.send('before', makeBytes(%1, 1));"
                                   " const r = ipcRenderer.sendSync('sync', makeBytes(%1, 2));"
                                   " return sameBytes(r, makeBytes(%1, 3)); })()")
                            .arg(Large))
                     .toBool(),
             true);
    QCOMPARE(order, QStringList({QStringLiteral("before 1"), QStringLiteral("sync 1")}));
    QCOMPARE(f.d()->lanePulls(), 0);
}

// A message whose bytes are being pulled holds back the messages after it.
void tst_Binary::orderIsKept()
{
    Fixture f;
    QStringList order;
    f.ipc.on(QStringLiteral("m"), this, [&](const QVariantList &args) {
        const QVariant value = args.value(1);
        order.append(args.value(0).toString()
                     + (value.metaType().id() == QMetaType::QByteArray
                                ? QStringLiteral(":%1").arg(value.toByteArray().size())
                                : QString()));
    });
    f.ipc.handle(QStringLiteral("i"), [&](const QVariantList &args) {
        order.append(args.value(0).toString());
        return args.value(0);
    });
    QVERIFY(f.load(m_url));
    const Settled done = f.await(
            QStringLiteral("(async () => { ipcRenderer.send('m', 'a', makeBytes(%1)); "
                           "ipcRenderer.send('m', 'b');"
                           " await Promise.resolve(); ipcRenderer.send('m', 'c', makeBytes(%1));"
                           " ipcRenderer.send('m', 'd', makeBytes(10)); return "
                           "ipcRenderer.invoke('i', 'e'); })()")
                    .arg(Large));
    QVERIFY(done.done && done.fulfilled);
    QCOMPARE(order.join(QLatin1Char(' ')), QStringLiteral("a:%1 b c:%1 d:10 e").arg(Large));
}

// A page of a scheme of the application's (not file:): webipc:, not webipc-local:.
void tst_Binary::appSchemePage()
{
    Fixture f;
    f.handleEcho();
    const QUrl url = AppSchemePages::serve(f.page->profile(), QStringLiteral("binary.html"),
                                           pageHtml(PageHelpers));
    QVERIFY(f.load(url));
    const Settled echoed = f.await(QStringLiteral("(async () => { const v = makeBytes(%1); const r "
                                                  "= await ipcRenderer.invoke('echo', v);"
                                                  " return sameBytes(v, r) + ' 1'; })()")
                                           .arg(Large));
    QVERIFY2(echoed.done && echoed.fulfilled, qPrintable(echoed.value.toString()));
    QCOMPARE(echoed.value.toString(), QStringLiteral("true 1"));
    QCOMPARE(f.d()->lanePulls(), 1);
    QCOMPARE(f.d()->laneOffers(), 1);
}

// Subframes have no pull: their values go inline, both ways, and arrive the same.
void tst_Binary::subframeFallsBackToInline()
{
    Fixture f(withSubframes());
    QByteArray got;
    f.ipc.on(QStringLiteral("up"), this, [&](const IpcMainEvent &event, const QVariantList &args) {
        got = args.value(0).toByteArray();
        event.reply(QStringLiteral("down"), makeBytes(Large, 4));
    });
    m_folder.write(QStringLiteral("child.html"),
                   QStringLiteral("ipcRenderer.on('down', (e, v) => { parent.childGot ="
                                  " sameBytes(v, makeBytes(%1, 4)); });"
                                  " ipcRenderer.send('up', makeBytes(%1, 9));")
                           .arg(Large),
                   QStringLiteral("<script>%1</script>").arg(PageHelpers));
    const QUrl top =
            m_folder.write(QStringLiteral("top.html"),
                           PageHelpers
                                   + QStringLiteral("document.body.appendChild("
                                                    "Object.assign(document.createElement("
                                                    "'iframe'), { src: 'child.html' }));"));
    QVERIFY(f.load(top));
    QVERIFY(waitFor([&] { return !got.isEmpty(); }, 20000));
    QCOMPARE(got, makeBytes(Large, 9));
    QVERIFY(waitFor([&] { return f.eval(QStringLiteral("window.childGot")).toBool(); }, 20000));
    QCOMPARE(f.d()->lanePulls(), 0);
    QCOMPARE(f.d()->laneOffers(), 0);
}

// Over the maximum message size: refused before anything is pulled, with the size error, and
// the messages after it still arrive.
void tst_Binary::overMaximumMessageSize()
{
    Fixture f;
    int reached = 0;
    QStringList after;
    f.ipc.handle(QStringLiteral("big"), [&reached]() { ++reached; });
    f.ipc.on(QStringLiteral("after"), this,
             [&after](const QVariantList &args) { after.append(args.value(0).toString()); });
    QVERIFY(f.load(m_url));
    f.ipc.setMaximumMessageSize(Large); // the page does not know
    const Settled invoked = f.await(
            QStringLiteral("(async () => { const p = ipcRenderer.invoke('big', makeBytes(%1));"
                           " ipcRenderer.send('after', 'one'); return p; })()")
                    .arg(2 * Large));
    QVERIFY(invoked.done && !invoked.fulfilled);
    QCOMPARE(invoked.value.toString(),
             QStringLiteral("Error invoking remote method 'big': Error: WebIpc refused the "
                            "message: the message is larger than the maximum message size of "
                            "%1 bytes")
                     .arg(Large));
    QVERIFY(waitFor([&] { return after.size() == 1; }));
    QCOMPARE(reached, 0);
    QCOMPARE(f.d()->lanePulls(), 0);
    QCOMPARE(f.d()->laneBytesHeld(), qsizetype(0));
}

// Nothing of the lane is visible to page code, and its ids are good once, for their document
// only, with its key, from its origin.
void tst_Binary::forgedAndReplayedIdsAreRefused()
{
    Fixture f;
    Fixture other;
    QVERIFY(f.load(m_url));
    LocalHttpServer http;
    QVERIFY(other.load(http.serve(QStringLiteral("/other.html"), pageHtml(PageHelpers))));
    f.eval(QStringLiteral("window.down = null; ipcRenderer.on('down', (e, v) => { down = v; });"));
    // The page is busy for a while: the buffer waits for its fetch meanwhile.
    f.page->runJavaScript(
            QStringLiteral("{ const t = Date.now(); while (Date.now() - t < 1500) {} }"));
    f.contents->send(QStringLiteral("down"), makeBytes(Large));
    QVERIFY(waitFor([&] { return f.d()->laneOffers() == 1; }));
    const QByteArray id = f.d()->laneLastOffer();
    QCOMPARE(id.size(), 32);
    QCOMPARE(f.d()->laneBytesHeld(), Large);
    const QByteArray key = f.d()->documents.mainFrame().document.key;
    const QByteArray otherKey = other.d()->documents.mainFrame().document.key;
    const auto refused = [](const QByteArray &withKey, const QString &initiator,
                            const QByteArray &bytesId) {
        bool answered = false, ok = true;
        WebIpc::WebContentsPrivate::serveBytes(withKey, QUrl(initiator), bytesId,
                                               [&](bool success, const QByteArray &) {
                                                   answered = true;
                                                   ok = success;
                                               });
        return answered && !ok;
    };
    // Another document's key (from its own origin), the right key from another origin, no key,
    // a made-up id: all refused, and none of them uses the id up.
    QVERIFY(refused(otherKey,
                    other.page->url().adjusted(QUrl::RemovePath | QUrl::RemoveQuery).toString(),
                    id));
    QVERIFY(refused(key, QStringLiteral("http://127.0.0.1"), id));
    QVERIFY(refused(QByteArray(32, 'b'), QStringLiteral("file://"), id));
    QVERIFY(refused(key, QStringLiteral("file://"), QByteArray(32, 'c')));
    // Page code's own request for it (it has no key) fails.
    const Settled forged = f.await(
            QStringLiteral(
                    "new Promise(resolve => { const x = new XMLHttpRequest();"
                    " x.open('GET', 'webipc-local:bytes?%1'); x.responseType = 'arraybuffer';"
                    " x.setRequestHeader('Accept', 'webipc-key=%2');"
                    " x.onload = () => resolve('status ' + x.status); x.onerror = () => "
                    "resolve('failed');"
                    " x.send(); })")
                    .arg(QString::fromLatin1(id), QString(32, QLatin1Char('b'))));
    QCOMPARE(forged.value.toString(), QStringLiteral("failed"));
    // The bridge's fetch still works; afterwards the id is used up, even with the right key.
    QVERIFY(waitFor([&] { return f.eval(QStringLiteral("down !== null")).toBool(); }));
    QCOMPARE(f.eval(QStringLiteral("sameBytes(down, makeBytes(%1))").arg(Large)).toBool(), true);
    QCOMPARE(f.d()->laneBytesHeld(), qsizetype(0));
    QVERIFY(refused(key, QStringLiteral("file://"), id));
    // Page code never sees the lane's requests: resource timing lists its own forged one only.
    QCOMPARE(f.eval(QStringLiteral("performance.getEntriesByType('resource')"
                                   ".filter(e => /^webipc/.test(e.name)).map(e => e.name).join()"))
                     .toString(),
             QStringLiteral("webipc-local:bytes?") + QString::fromLatin1(id));
}

// A page of another origin cannot fetch through the scheme either.
void tst_Binary::otherDocumentCannotFetch()
{
    Fixture f;
    LocalHttpServer http;
    QVERIFY(f.load(http.serve(QStringLiteral("/other.html"), pageHtml(PageHelpers))));
    const Settled result = f.await(
            QStringLiteral("new Promise(resolve => { const x = new XMLHttpRequest();"
                           " x.open('GET', 'webipc:bytes?%1'); x.responseType = 'arraybuffer';"
                           " x.onload = () => resolve('status ' + x.status); x.onerror = () => "
                           "resolve('failed');"
                           " x.send(); })")
                    .arg(QString(32, QLatin1Char('e'))));
    QCOMPARE(result.value.toString(), QStringLiteral("failed"));
}

// A document that goes away mid-transfer: what was pulled or waits for it is freed, and the
// next document works.
void tst_Binary::reloadFreesHeldBytes()
{
    Fixture f;
    int big = 0;
    f.ipc.on(QStringLiteral("big"), this, [&big]() { ++big; });
    f.handleEcho();
    QVERIFY(f.load(m_url));
    // The test waits for each of the page's own reloads to finish: a load() started meanwhile
    // would cancel it, and could see it fail.
    QSignalSpy reloaded(f.page.get(), &QWebEnginePage::loadFinished);
    const auto reloadFinished = [&]() {
        const bool finished = waitFor([&] { return reloaded.count() > 0; })
                && reloaded.first().first().toBool()
                && waitFor([&] { return f.contents->isReady(); });
        reloaded.clear();
        return finished;
    };
    f.eval(QStringLiteral("ipcRenderer.send('big', makeBytes(%1)); location.reload(); true")
                   .arg(8 * Large));
    QVERIFY(waitFor([&] {
        return f.d()->laneBytesHeld() == 0 && !f.d()->currentDocumentId().isEmpty()
                && f.eval(QStringLiteral("typeof makeBytes")).toString()
                == QLatin1String("function");
    }));
    QVERIFY(reloadFinished());
    // Main's bytes for a document that is gone are dropped.
    f.contents->send(QStringLiteral("nobody"), makeBytes(Large));
    f.eval(QStringLiteral("location.reload(); true"));
    QVERIFY(waitFor([&] { return f.d()->laneBytesHeld() == 0; }));
    QVERIFY(reloadFinished());
    const Settled echoed =
            f.await(QStringLiteral("(async () => { const v = makeBytes(%1); return sameBytes(v, "
                                   "await ipcRenderer.invoke('echo', v)); })()")
                            .arg(Large));
    QVERIFY(echoed.done && echoed.fulfilled);
    QCOMPARE(echoed.value.toBool(), true);
    QVERIFY(big <= 1);
    QCOMPARE(f.d()->laneBytesHeld(), qsizetype(0));
}

// A page's messages on a MessagePort are pulled, not base64: MessagePortMain gets exactly the
// bytes, top-level and nested.
void tst_Binary::portMessagesPageToMain()
{
    PortFixture f;
    QVERIFY(f.open(m_url));
    const QList<MessageEvent> &events = f.events;
    f.eval(QStringLiteral("channel.port2.postMessage(makeBytes(%1, 1));"
                          " channel.port2.postMessage({ deep: { list: [1, makeBytes(%1, 2)] },"
                          " small: makeBytes(16) }); true")
                   .arg(Large));
    QVERIFY(waitFor([&] { return events.size() == 2; }));
    QCOMPARE(events.at(0).data.toByteArray(), makeBytes(Large, 1));
    QCOMPARE(bytesAt(events.at(1).data,
                     {QStringLiteral("deep"), QStringLiteral("list"), QStringLiteral("1")}),
             makeBytes(Large, 2));
    QCOMPARE(bytesAt(events.at(1).data, {QStringLiteral("small")}), makeBytes(16));
    QCOMPARE(f.d()->lanePulls(), 2);
    QCOMPARE(f.d()->laneBytesHeld(), qsizetype(0));
    QVERIFY(f.page->errors.isEmpty());
}

// MessagePortMain's large buffers reach a page's port by the lane (fetched, not base64), and
// another MessagePortMain gets them as they were.
void tst_Binary::portMessagesMainToPage()
{
    Fixture f;
    QVERIFY(f.load(m_url));
    QVERIFY(f.eval(PortHolder + QStringLiteral("true")).toBool());
    MessageChannelMain channel;
    QVERIFY(givePort(f, channel.port2()));
    QVERIFY(channel.port1()->postMessage(makeBytes(Large, 3)));
    QVERIFY(channel.port1()->postMessage(QVariantMap{
            {QStringLiteral("inner"), QVariantList{makeBytes(Large, 4), QStringLiteral("x")}}}));
    QVERIFY(waitFor([&] { return f.eval(QStringLiteral("got.length")).toInt() == 2; }));
    QVERIFY(f.says(QStringLiteral("got[0] instanceof Uint8Array"
                                  " && sameBytes(got[0], makeBytes(%1, 3))"
                                  " && sameBytes(got[1].inner[0], makeBytes(%1, 4))"
                                  " && got[1].inner[1] === 'x'")));
    QCOMPARE(f.d()->laneOffers(), 2);
    QCOMPARE(f.d()->lanePulls(), 0);
    QVERIFY(waitFor([&] { return f.d()->laneBytesHeld() == 0; }));

    // Between two MessagePortMains the buffers are shared, and arrive the same.
    MessageChannelMain local;
    QList<MessageEvent> events;
    connect(local.port2(), &MessagePortMain::message, this,
            [&](const MessageEvent &event) { events.append(event); });
    local.port2()->start();
    QVERIFY(local.port1()->postMessage(QVariantList{makeBytes(Large, 5)}));
    QVERIFY(waitFor([&] { return events.size() == 1; }));
    QCOMPARE(bytesAt(events.at(0).data, {QStringLiteral("0")}), makeBytes(Large, 5));
    QVERIFY(f.page->errors.isEmpty());
}

// Two pages talking over a MessageChannelMain, and over a port one of them made: the bytes go
// by the lane on both hops (pulled from one page, fetched by the other), both ways.
void tst_Binary::portMessagesPageToPage()
{
    Fixture a;
    Fixture b;
    QVERIFY(a.load(m_url));
    QVERIFY(b.load(m_url));
    QVERIFY(b.eval(PortHolder + QStringLiteral("true")).toBool());
    QVERIFY(a.eval(PortHolder + QStringLiteral("true")).toBool());
    MessageChannelMain channel;
    QVERIFY(givePort(a, channel.port1()));
    QVERIFY(givePort(b, channel.port2()));
    a.eval(QStringLiteral("held.postMessage({ nested: [makeBytes(%1, 6)] });"
                          " held.postMessage('echo'); true")
                   .arg(Large));
    QVERIFY(waitFor([&] { return b.eval(QStringLiteral("got.length")).toInt() == 2; }));
    QVERIFY(b.says(QStringLiteral("sameBytes(got[0].nested[0], makeBytes(%1, 6))"
                                  " && got[0].nested[0] instanceof Uint8Array")));
    // B echoed it back to A.
    QVERIFY(waitFor([&] { return a.eval(QStringLiteral("got.length")).toInt() == 1; }));
    QVERIFY(a.says(QStringLiteral("sameBytes(got[0].nested[0], makeBytes(%1, 6))")));
    QCOMPARE(a.d()->lanePulls(), 1);
    QCOMPARE(b.d()->laneOffers(), 1);
    QCOMPARE(b.d()->lanePulls(), 1);
    QCOMPARE(a.d()->laneOffers(), 1);

    // A port page A made, given to main and on to page B: B's messages reach A by the lane.
    QList<MessageEvent> unused;
    QPointer<MessagePortMain> fromA = portFromPage(a, &unused);
    QVERIFY(fromA);
    a.eval(QStringLiteral("window.own = []; channel.port2.onmessage = (e) => own.push(e.data);"
                          " true"));
    b.eval(QStringLiteral("got = []; true"));
    QVERIFY(givePort(b, fromA.data()));
    b.eval(QStringLiteral("held.postMessage(makeBytes(%1, 7)); true").arg(Large));
    QVERIFY(waitFor([&] { return a.eval(QStringLiteral("own.length")).toInt() == 1; }));
    QVERIFY(a.says(QStringLiteral("sameBytes(own[0], makeBytes(%1, 7))")));
    QCOMPARE(b.d()->lanePulls(), 2);
    QCOMPARE(a.d()->laneOffers(), 2);
    QVERIFY(a.page->errors.isEmpty());
    QVERIFY(b.page->errors.isEmpty());
}

// A subframe's port gets what the top frame pulled, and what MessagePortMain posts, inline;
// the bytes are the same after a round trip.
void tst_Binary::portMessagesToASubframeGoInline()
{
    Fixture f(withSubframes());
    int frameId = -1;
    f.ipc.on(QStringLiteral("child-up"),
             [&](const IpcMainEvent &event) { frameId = event.frameId(); });
    bool holding = false;
    f.ipc.on(QStringLiteral("holding"), [&]() { holding = true; });
    m_folder.write(QStringLiteral("child.html"),
                   PortHolder + QStringLiteral("ipcRenderer.send('child-up');"),
                   QStringLiteral("<script>%1</script>").arg(PageHelpers));
    const QUrl top = m_folder.write(
            QStringLiteral("top.html"),
            PageHelpers + PortHolder
                    + QStringLiteral("document.body.appendChild(Object.assign("
                                     "document.createElement('iframe'), { src: 'child.html' }));"));
    QVERIFY(f.load(top));
    QVERIFY(waitFor([&] { return frameId > 0; }, 20000));
    MessageChannelMain channel;
    QVERIFY(givePort(f, channel.port1()));
    holding = false;
    QVERIFY(f.contents->postMessageToFrame(frameId, QStringLiteral("port"), QVariant(),
                                           {channel.port2()}));
    QVERIFY(waitFor([&] { return holding; }));
    // Top to child and back.
    f.eval(QStringLiteral("held.postMessage(makeBytes(%1, 9)); held.postMessage('echo'); true")
                   .arg(Large));
    QVERIFY(waitFor([&] { return f.eval(QStringLiteral("got.length")).toInt() == 1; }, 20000));
    QVERIFY(f.says(QStringLiteral("sameBytes(got[0], makeBytes(%1, 9))")));
    // Main to child and back.
    MessageChannelMain toChild;
    QList<MessageEvent> events;
    connect(toChild.port1(), &MessagePortMain::message, this,
            [&](const MessageEvent &event) { events.append(event); });
    toChild.port1()->start();
    holding = false;
    QVERIFY(f.contents->postMessageToFrame(frameId, QStringLiteral("port"), QVariant(),
                                           {toChild.port2()}));
    QVERIFY(waitFor([&] { return holding; }));
    QVERIFY(toChild.port1()->postMessage(makeBytes(Large, 10)));
    QVERIFY(toChild.port1()->postMessage(QStringLiteral("echo")));
    QVERIFY(waitFor([&] { return events.size() == 1; }, 20000));
    QCOMPARE(events.at(0).data.toByteArray(), makeBytes(Large, 10));
    QCOMPARE(f.d()->lanePulls(), 1); // the top frame's message only
    QCOMPARE(f.d()->laneOffers(), 0);
    QVERIFY(f.page->errors.isEmpty());
}

// With a preload, ports are its ipcRenderer's: they take the lane both ways too.
void tst_Binary::portMessagesInAPreload()
{
    QFile preload(m_folder.path() + QStringLiteral("/preload.js"));
    QVERIFY(preload.open(QIODevice::WriteOnly));
    preload.write("require('electron').ipcRenderer.on('port', (e) => {"
                  " const p = e.ports[0]; p.onmessage = (ev) => p.postMessage(ev.data); });");
    preload.close();
    WebIpc::AttachOptions options;
    options.preload = preload.fileName();
    Fixture f(options);
    QVERIFY(f.load(m_url));
    MessageChannelMain channel;
    QList<MessageEvent> events;
    connect(channel.port1(), &MessagePortMain::message, this,
            [&](const MessageEvent &event) { events.append(event); });
    channel.port1()->start();
    QVERIFY(f.contents->postMessage(QStringLiteral("port"), QVariant(), {channel.port2()}));
    QVERIFY(channel.port1()->postMessage(QVariantList{makeBytes(Large, 12)}));
    QVERIFY(waitFor([&] { return events.size() == 1; }));
    QCOMPARE(bytesAt(events.at(0).data, {QStringLiteral("0")}), makeBytes(Large, 12));
    QCOMPARE(f.d()->laneOffers(), 1);
    QCOMPARE(f.d()->lanePulls(), 1);
}

// A compromised page (its bridge's own QWebChannel messages) posting a port message whose "B"
// tag names a buffer that does not exist, or after forged out-of-band buffers that cannot be
// pulled: each is dropped with the codec's error, and the messages after it arrive.
void tst_Binary::forgedPortBytesAreRefused()
{
    PortFixture f;
    QVERIFY(f.open(m_url));
    const QList<MessageEvent> &events = f.events;
    f.eval(QStringLiteral("channel.port2.postMessage('real'); true"));
    QVERIFY(waitFor([&] { return events.size() == 1; }));
    const double seq = f.d()->documents.mainFrame().document.lastSeq;
    const int postMethod =
            WebIpc::BridgeObject::staticMetaObject.indexOfMethod("post(QString,QJsonArray)");
    const QString refusal = QStringLiteral(
            "dropped a message on a MessagePort with an out-of-band ArrayBuffer that did not "
            "arrive");
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(refusal));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(refusal));
    // Port 1 is the page's (its first); one inline buffer, a "B" tag naming the fourth; then a
    // buffer under an id the bridge never had, and a message that uses it.
    evaluateInWorld(
            f.page.get(),
            QStringLiteral(
                    "(() => { const B = (v) => ({ '\\u0001': 'B', v: v }); const s = %2;"
                    " qt.webChannelTransport.send(JSON.stringify({ type: 6, object: 'webipc',"
                    " method: %1, id: 100000, args: [__webipcBridge.documentId, ["
                    " [14, s + 1, true, ['AQIDBA=='], [4]], [6, s + 2, 1, [B(3)], []],"
                    " [6, s + 3, 1, ['after one'], []],"
                    " [14, s + 4, false, ['%3'], [%4]], [6, s + 5, 1, [[B(0)]], []],"
                    " [6, s + 6, 1, ['after two'], []]]] })); return true; })()")
                    .arg(postMethod)
                    .arg(qint64(seq))
                    .arg(QString(32, QLatin1Char('a')))
                    .arg(Large),
            WebIpc::AttachOptions().worldId);
    QVERIFY(waitFor([&] { return events.size() == 3; }));
    QCOMPARE(events.at(1).data.toString(), QStringLiteral("after one"));
    QCOMPARE(events.at(2).data.toString(), QStringLiteral("after two"));
    QCOMPARE(f.d()->lanePulls(), 0);
    QCOMPARE(f.d()->laneBytesHeld(), qsizetype(0));
    // Main's end still reaches the page.
    f.eval(QStringLiteral("window.back = null; channel.port2.onmessage = (e) => back = e.data;"
                          " true"));
    QVERIFY(f.port->postMessage(makeBytes(Large, 8)));
    QVERIFY(waitFor([&] { return f.eval(QStringLiteral("back !== null")).toBool(); }));
    QVERIFY(f.says(QStringLiteral("sameBytes(back, makeBytes(%1, 8))")));
}

QTEST_MAIN(tst_Binary)
#include "tst_binary.moc"
