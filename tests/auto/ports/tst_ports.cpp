// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// MessagePorts (Electron's MessageChannelMain, MessagePortMain, ipcRenderer.postMessage and
// webContents.postMessage), in real pages: both directions, two pages talking through main,
// subframes, the lifecycle of a port (closing either end, documents going away), values and
// forged port numbers. B-numbers refer to Electron's behaviour checklist.

#include "testsupport.h"

#include <WebIpc/MessageChannelMain>
#include <WebIpc/MessagePortMain>
#include <core/bridgeobject_p.h>
#include <core/messageport_p.h>

#include <QtCore/QDateTime>
#include <QtCore/QFile>
#include <QtCore/QPointer>
#include <QtCore/QThread>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace WebIpcTest;
using WebIpc::IpcMainEvent;
using WebIpc::MessageChannelMain;
using WebIpc::MessageEvent;
using WebIpc::MessagePortMain;

namespace {

// Collects what a port receives.
struct Inbox
{
    explicit Inbox(MessagePortMain *port)
    {
        QObject::connect(port, &MessagePortMain::message, port,
                         [this](const MessageEvent &event) { events.append(event); });
    }
    QList<MessageEvent> events;
};

// The page's end of every port it gets on 'port' echoes "echo:<data>", and its closing is
// reported on 'closed'.
const QString EchoPorts = QStringLiteral(R"(
    ipcRenderer.on('port', (e, message) => {
        for (const p of e.ports) {
            p.addEventListener('close', () => ipcRenderer.send('closed', message));
            p.onmessage = (ev) => p.postMessage('echo:' + ev.data);
        }
        window.lastPorts = e.ports;
        ipcRenderer.send('got-port', message, e.ports.length);
    });
)");

// A page running EchoPorts, and what it reports.
struct EchoPage : PageFixture
{
    explicit EchoPage(const WebIpc::AttachOptions &options = {}) : PageFixture(options)
    {
        ipc.on(QStringLiteral("closed"), [this](const IpcMainEvent &, const QVariantList &args) {
            closed.append(args.value(0).toString());
        });
        ipc.on(QStringLiteral("got-port"), [this](const IpcMainEvent &, const QVariantList &args) {
            ++got;
            lastGot = args;
        });
    }
    bool loadEcho(const QString &more = QString())
    {
        return load(folder.write(QStringLiteral("p.html"), EchoPorts + more));
    }
    // Gives the page \a port on 'port' with \a message, and waits until it has it.
    bool give(MessagePortMain *port, const QVariant &message = QVariant())
    {
        const int before = got;
        return contents->postMessage(QStringLiteral("port"), message, {port})
                && waitFor([&]() { return got > before; });
    }

    PageFolder folder;
    QStringList closed;
    int got = 0;
    QVariantList lastGot;
};

// Page code that keeps window.channel.port2 and gives main port1.
const QString OfferChannel =
        QStringLiteral("window.channel = new MessageChannel(); "
                       "ipcRenderer.postMessage('port', null, [channel.port1]);");

// Loads a page running \a script, which posts a port on 'port': the port main got, started.
MessagePortMain *portFromPage(PageFixture &f, PageFolder &folder, const QString &script)
{
    QPointer<MessagePortMain> port;
    const auto connection = f.ipc.on(QStringLiteral("port"), [&](const IpcMainEvent &event) {
        port = event.ports().value(0);
    });
    const bool ok = f.load(folder.write(QStringLiteral("p.html"), script))
            && waitFor([&]() { return !port.isNull(); });
    f.ipc.removeListener(QStringLiteral("port"), connection);
    return ok ? port.data() : nullptr;
}

// A second page, attached to the same IpcMain as \a first.
struct SecondPage
{
    explicit SecondPage(WebIpc::IpcMain *ipc) : page(std::make_unique<ConsolePage>())
    {
        contents = WebIpc::attach(ipc, page.get());
    }
    bool load(const QUrl &url) { return loadAndWait(page.get(), contents, url); }
    std::unique_ptr<ConsolePage> page;
    WebIpc::WebContents *contents = nullptr;
};

} // namespace

class tst_Ports : public QObject
{
    Q_OBJECT
public:
    static void initMain() { WebIpcTest::initMain(); }

private Q_SLOTS:
    void channelQueuesUntilStart();
    void transferErrorsAreElectrons();
    void unstartedPortHoldsABoundedQueue();
    void closingOneEndClosesTheOther();
    void portsHaveThreadAffinity();
    void pageSendsPortToMain();
    void postMessageWithoutTransferHasNoPorts();
    void rendererTransferTakesOnlyPorts();
    void mainSendsPortToPage();
    void postedBeforeThePageListensIsNotLost();
    void pageTransfersItsPortOn();
    void portsTravelOverPorts();
    void twoPagesTalk();
    void portsInSubframes();
    void portsInAPreload();
    void mainClosingFiresCloseInThePage();
    void pageClosingClosesMainsEnd();
    void deletedPortClosesThePagesEnd();
    void documentGoneClosesThePort_data();
    void documentGoneClosesThePort();
    void neverDeliveredToAReplacingDocument();
    void closedPageClosesTheOtherPagesPort();
    void closedPortsAreFreed();
    void portsSentToNowhereClose();
    void pageGoneBeforeItListenedClosesThePort();
    void arrayBuffersTransferInThePage();
    void uncloneableInThePageIsReported();
    void valuesUseTheCodec();
    void tooLargeMessageIsRefused();
    void forgedPortNumberIsRefused();
};

void tst_Ports::channelQueuesUntilStart()
{
    // B81, B83: messages wait for start(), then arrive in order.
    MessageChannelMain channel;
    QVERIFY(channel.port1() && channel.port2());
    Inbox inbox(channel.port2());
    for (const QVariant &value :
         {QVariant(), QVariant(42), QVariant(false), QVariant(QStringLiteral("hello")),
          QVariant(QVariantList{}),
          QVariant(QVariantMap{{QStringLiteral("hello"), QStringLiteral("goodbye")}})})
        QVERIFY(channel.port1()->postMessage(value));
    QCoreApplication::sendPostedEvents(); // every delivery has reached the port
    QVERIFY(inbox.events.isEmpty());
    channel.port2()->start();
    QTRY_COMPARE(inbox.events.size(), 6);
    QCOMPARE(inbox.events.at(1).data.toInt(), 42);
    QCOMPARE(inbox.events.at(3).data.toString(), QStringLiteral("hello"));
    QCOMPARE(inbox.events.at(5).data.toMap().value(QStringLiteral("hello")).toString(),
             QStringLiteral("goodbye"));
}

void tst_Ports::transferErrorsAreElectrons()
{
    // B82, with Electron's texts.
    MessageChannelMain a, b;
    QString error;
    QVERIFY(!a.port1()->postMessage(1, {nullptr}, &error));
    QCOMPARE(error, QStringLiteral("Port at index 0 is not a valid port"));
    QVERIFY(!a.port1()->postMessage(1, {a.port1()}, &error));
    QCOMPARE(error, QStringLiteral("Port at index 0 contains the source port."));
    QVERIFY(!a.port1()->postMessage(1, {b.port1(), b.port1()}, &error));
    QCOMPARE(error, QStringLiteral("Port at index 1 is a duplicate."));
    QVERIFY(a.port1()->postMessage(1, {b.port1()}, &error));
    QVERIFY(b.port1()->isNeutered());
    QVERIFY(!a.port1()->postMessage(1, {b.port1()}, &error));
    QCOMPARE(error, QStringLiteral("Port at index 0 is already neutered."));
    // A value the codec cannot clone fails with its path.
    QVERIFY(!a.port1()->postMessage(QVariant::fromValue(static_cast<QObject *>(&a)), {}, &error));
    QVERIFY2(error.contains(QLatin1String("could not be cloned")), qPrintable(error));
    // The port sent with the message arrives, and works.
    Inbox inbox(a.port2());
    a.port2()->start();
    QTRY_COMPARE(inbox.events.size(), 1);
    QCOMPARE(inbox.events.at(0).ports.size(), 1);
    MessagePortMain *carried = inbox.events.at(0).ports.at(0);
    Inbox carriedInbox(carried);
    carried->start();
    QVERIFY(b.port2()->postMessage(QStringLiteral("through")));
    QTRY_COMPARE(carriedInbox.events.size(), 1);
    QCOMPARE(carriedInbox.events.at(0).data.toString(), QStringLiteral("through"));
}

void tst_Ports::unstartedPortHoldsABoundedQueue()
{
    // A port nobody starts cannot be made to hold everything (a page could send forever): past
    // 100000 messages the rest are dropped, with one warning; the queued ones still arrive.
    MessageChannelMain channel;
    Inbox inbox(channel.port2());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("dropped messages")));
    for (int i = 0; i < 100010; ++i)
        QVERIFY(channel.port1()->postMessage(i));
    QCoreApplication::sendPostedEvents(channel.port2()); // every delivery has reached the port
    channel.port2()->start();
    QTRY_COMPARE(inbox.events.size(), 100000);
    QCOMPARE(inbox.events.last().data.toInt(), 99999);
}

void tst_Ports::closingOneEndClosesTheOther()
{
    MessageChannelMain channel;
    QSignalSpy closed1(channel.port1(), &MessagePortMain::closed);
    QSignalSpy closed2(channel.port2(), &MessagePortMain::closed);
    channel.port1()->close();
    QCOMPARE(closed1.size(), 1); // on the port closed, at once
    QTRY_COMPARE(closed2.size(), 1);
    QVERIFY(channel.port2()->isClosed());
    // B84: posting on either does not fail and delivers nothing.
    Inbox inbox(channel.port2());
    channel.port2()->start();
    QVERIFY(channel.port1()->postMessage(1));
    QVERIFY(channel.port2()->postMessage(2));
    QCoreApplication::sendPostedEvents(); // anything that would be delivered has been
    QVERIFY(inbox.events.isEmpty());
    QCOMPARE(closed1.size(), 1);
}

void tst_Ports::portsHaveThreadAffinity()
{
    // A port moved to another thread receives there.
    MessageChannelMain channel;
    QThread thread;
    thread.start();
    channel.port2()->setParent(nullptr);
    channel.port2()->moveToThread(&thread);
    QThread *receivedIn = nullptr;
    QVariant received;
    QObject::connect(channel.port2(), &MessagePortMain::message, channel.port2(),
                     [&](const MessageEvent &event) {
                         receivedIn = QThread::currentThread();
                         received = event.data;
                     });
    QMetaObject::invokeMethod(channel.port2(), &MessagePortMain::start,
                              Qt::BlockingQueuedConnection);
    QVERIFY(channel.port1()->postMessage(QStringLiteral("across")));
    QTRY_COMPARE(received.toString(), QStringLiteral("across"));
    QCOMPARE(receivedIn, &thread);
    QMetaObject::invokeMethod(
            channel.port2(), [port = channel.port2()]() { delete port; },
            Qt::BlockingQueuedConnection);
    QTRY_VERIFY(channel.port1()->isClosed());
    thread.quit();
    thread.wait();
}

void tst_Ports::pageSendsPortToMain()
{
    // B75, B78: a port made with new MessageChannel() in page code reaches ipcMain.on, and the
    // two talk.
    PageFixture f;
    PageFolder folder;
    QPointer<MessagePortMain> port;
    QVariant message;
    f.ipc.on(QStringLiteral("port"), [&](const IpcMainEvent &event, const QVariantList &args) {
        message = args.value(0);
        QCOMPARE(args.size(), 1);
        QCOMPARE(event.ports().size(), 1);
        port = event.ports().value(0);
    });
    QVERIFY(f.load(folder.write(QStringLiteral("p.html"), QStringLiteral(R"(
        const channel = new MessageChannel();
        channel.port2.onmessage = (e) => channel.port2.postMessage(e.data * 2);
        ipcRenderer.postMessage('port', 'hi', [channel.port1]);
    )"))));
    QTRY_VERIFY(port);
    QCOMPARE(message.toString(), QStringLiteral("hi"));
    QCOMPARE(port->parent(), f.contents);
    Inbox inbox(port);
    port->start();
    QVERIFY(port->postMessage(42));
    QTRY_COMPARE(inbox.events.size(), 1);
    QCOMPARE(inbox.events.at(0).data.toDouble(), 84.0);
    QVERIFY(f.page->errors.isEmpty());
}

void tst_Ports::postMessageWithoutTransferHasNoPorts()
{
    // B76, and send() has no ports either (B71).
    PageFixture f;
    PageFolder folder;
    int calls = 0;
    qsizetype portCount = -1;
    f.ipc.on(QStringLiteral("port"), [&](const IpcMainEvent &event) {
        ++calls;
        portCount = event.ports().size();
    });
    QVERIFY(f.load(folder.write(QStringLiteral("p.html"),
                                QStringLiteral("ipcRenderer.postMessage('port', 'hi');"))));
    QTRY_COMPARE(calls, 1);
    QCOMPARE(portCount, 0);
}

void tst_Ports::rendererTransferTakesOnlyPorts()
{
    // B77, B90: only MessagePorts are transferred; a port inside a message cannot be cloned.
    PageFixture f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("p.html"), QString())));
    const auto thrown = [&](const QString &call) {
        return f.eval(QStringLiteral("(() => { try { %1; return 'no error'; } catch (e) { "
                                     "return e.message; } })()")
                              .arg(call))
                .toString();
    };
    QCOMPARE(thrown(QStringLiteral("ipcRenderer.postMessage('x', 1, [new ArrayBuffer(8)])")),
             QStringLiteral("Invalid value for transfer"));
    QCOMPARE(thrown(QStringLiteral("ipcRenderer.postMessage('x', 1, 'port')")),
             QStringLiteral("Invalid value for transfer"));
    QCOMPARE(thrown(QStringLiteral("const c = new MessageChannel(); "
                                   "ipcRenderer.postMessage('x', 1, [c.port1, c.port1])")),
             QStringLiteral("Port at index 1 is a duplicate."));
    QVERIFY(thrown(QStringLiteral("ipcRenderer.send('x', new MessageChannel().port1)"))
                    .contains(QLatin1String("could not be cloned")));
    QVERIFY(thrown(QStringLiteral("ipcRenderer.postMessage('x', new MessageChannel().port1)"))
                    .contains(QLatin1String("could not be cloned")));
    QCOMPARE(thrown(QStringLiteral("ipcRenderer.postMessage('x', 1, [])")),
             QStringLiteral("no error"));
}

void tst_Ports::mainSendsPortToPage()
{
    // B87, B89: webContents.postMessage gives page listeners real MessagePorts.
    EchoPage f;
    QVERIFY(f.loadEcho());
    MessageChannelMain channel;
    Inbox inbox(channel.port1());
    channel.port1()->start();
    QVERIFY(f.give(channel.port2(), QStringLiteral("take")));
    QVERIFY(channel.port2()->isNeutered());
    QCOMPARE(f.lastGot, (QVariantList{QStringLiteral("take"), 1}));
    QCOMPARE(f.eval(QStringLiteral("lastPorts[0] instanceof MessagePort")).toBool(), true);
    QVERIFY(channel.port1()->postMessage(QStringLiteral("one")));
    QVERIFY(channel.port1()->postMessage(QStringLiteral("two")));
    QTRY_COMPARE(inbox.events.size(), 2);
    QCOMPARE(inbox.events.at(0).data.toString(), QStringLiteral("echo:one"));
    QCOMPARE(inbox.events.at(1).data.toString(), QStringLiteral("echo:two"));

    // Electron's argument errors (B88).
    QString error;
    QVERIFY(!f.contents->postMessage(QStringLiteral("port"), 1, {nullptr}, &error));
    QCOMPARE(error, QStringLiteral("Invalid value for transfer"));
    QVERIFY(!f.contents->postMessage(QStringLiteral("port"), 1, {channel.port2()}, &error));
    QCOMPARE(error, QStringLiteral("Port at index 0 is already neutered."));
    MessageChannelMain other;
    QVERIFY(!f.contents->postMessage(QStringLiteral("port"), 1, {other.port1(), other.port1()},
                                     &error));
    QCOMPARE(error, QStringLiteral("Port at index 1 is a duplicate."));
    QVERIFY(!f.contents->postMessageToFrame(42, QStringLiteral("port"), 1, {}, &error));
    QCOMPARE(error,
             QStringLiteral("Render frame was disposed before WebFrameMain could be accessed"));
}

void tst_Ports::postedBeforeThePageListensIsNotLost()
{
    EchoPage f;
    MessageChannelMain channel;
    Inbox inbox(channel.port1());
    channel.port1()->start();
    QVERIFY(f.contents->postMessage(QStringLiteral("port"), QStringLiteral("early"),
                                    {channel.port2()}));
    QVERIFY(channel.port1()->postMessage(QStringLiteral("queued")));
    QVERIFY(f.loadEcho());
    QTRY_COMPARE(f.got, 1);
    QCOMPARE(f.lastGot.value(0).toString(), QStringLiteral("early"));
    QTRY_COMPARE(inbox.events.size(), 1);
    QCOMPARE(inbox.events.at(0).data.toString(), QStringLiteral("echo:queued"));
}

void tst_Ports::pageTransfersItsPortOn()
{
    // The page's port is a real MessagePort: it may go on to another window (a same-origin
    // iframe here, which has no ipcRenderer), and still talks to main.
    PageFixture f;
    PageFolder folder;
    QVariantList got;
    f.ipc.on(QStringLiteral("got-port"),
             [&](const IpcMainEvent &, const QVariantList &args) { got = args; });
    const QString frameHtml =
            pageHtml(QStringLiteral("onmessage = (e) => { const p = e.ports[0]; "
                                    "p.onmessage = (ev) => p.postMessage('frame:' + ev.data); };"));
    QString srcdoc = frameHtml;
    srcdoc.replace(QLatin1Char('&'), QStringLiteral("&amp;"))
            .replace(QLatin1Char('"'), QStringLiteral("&quot;"));
    QVERIFY(f.load(folder.write(
            QStringLiteral("p.html"),
            QStringLiteral("ipcRenderer.on('port', (e) => { "
                           "document.querySelector('iframe').contentWindow.postMessage("
                           "'', '*', [e.ports[0]]); ipcRenderer.send('got-port', 1); });"),
            QString())));
    QVERIFY(f.eval(QStringLiteral("const i = document.createElement('iframe'); "
                                  "i.srcdoc = %1; document.body.appendChild(i); "
                                  "new Promise(r => i.onload = r); true")
                           .arg(QStringLiteral("`") + frameHtml + QStringLiteral("`")))
                    .toBool());
    QTRY_VERIFY(f.eval(QStringLiteral("document.querySelector('iframe').contentDocument."
                                      "readyState === 'complete'"))
                        .toBool());
    MessageChannelMain channel;
    Inbox inbox(channel.port1());
    channel.port1()->start();
    QVERIFY(f.contents->postMessage(QStringLiteral("port"), QVariant(), {channel.port2()}));
    QTRY_COMPARE(got.size(), 1);
    QVERIFY(channel.port1()->postMessage(QStringLiteral("x")));
    QTRY_COMPARE(inbox.events.size(), 1);
    QCOMPARE(inbox.events.at(0).data.toString(), QStringLiteral("frame:x"));
}

void tst_Ports::portsTravelOverPorts()
{
    // B79: a port sent over a port arrives in the message's ports, both ways.
    PageFixture f;
    PageFolder folder;
    QPointer<MessagePortMain> port = portFromPage(f, folder, QStringLiteral(R"(
        const channel = new MessageChannel();
        channel.port2.onmessage = (e) => {
            // main sent a port: answer on it, and send one back over the first
            const given = e.ports[0];
            given.postMessage('on the given port:' + e.data);
            const inner = new MessageChannel();
            inner.port2.onmessage = (ev) => inner.port2.postMessage('inner:' + ev.data);
            channel.port2.postMessage('take this', [inner.port1]);
        };
        ipcRenderer.postMessage('port', null, [channel.port1]);
    )"));
    QVERIFY(port);
    Inbox inbox(port);
    port->start();
    MessageChannelMain given;
    Inbox givenInbox(given.port1());
    given.port1()->start();
    QVERIFY(port->postMessage(QStringLiteral("hello"), {given.port2()}));
    QTRY_COMPARE(givenInbox.events.size(), 1);
    QCOMPARE(givenInbox.events.at(0).data.toString(), QStringLiteral("on the given port:hello"));
    QTRY_COMPARE(inbox.events.size(), 1);
    QCOMPARE(inbox.events.at(0).data.toString(), QStringLiteral("take this"));
    QCOMPARE(inbox.events.at(0).ports.size(), 1);
    MessagePortMain *inner = inbox.events.at(0).ports.at(0);
    QCOMPARE(inner->parent(), port.data());
    Inbox innerInbox(inner);
    inner->start();
    QVERIFY(inner->postMessage(7));
    QTRY_COMPARE(innerInbox.events.size(), 1);
    QCOMPARE(innerInbox.events.at(0).data.toString(), QStringLiteral("inner:7"));
}

void tst_Ports::twoPagesTalk()
{
    // B80 and a MessageChannelMain between two pages: each sees a plain MessagePort, WebIpc
    // relays.
    PageFixture a;
    PageFolder folder;
    SecondPage b(&a.ipc);
    WebIpc::WebContents *contentsB = b.contents;
    QStringList heard;
    a.ipc.on(QStringLiteral("heard"), [&](const IpcMainEvent &event, const QVariantList &args) {
        heard.append(QStringLiteral("%1:%2").arg(event.sender() == a.contents ? "A" : "B",
                                                 args.value(0).toString()));
    });
    const QString script = QStringLiteral(R"(
        ipcRenderer.on('peer', (e) => {
            const port = e.ports[0];
            port.onmessage = (ev) => {
                ipcRenderer.send('heard', ev.data);
                if (ev.data === 'hello from A')
                    port.postMessage('hello from B');
            };
            window.peer = port;
            ipcRenderer.send('ready');
        });
    )");
    int ready = 0;
    a.ipc.on(QStringLiteral("ready"), [&]() { ++ready; });
    QVERIFY(a.load(folder.write(QStringLiteral("a.html"), script)));
    QVERIFY(b.load(folder.write(QStringLiteral("b.html"), script)));
    auto *channel = new MessageChannelMain(&a.ipc);
    QVERIFY(a.contents->postMessage(QStringLiteral("peer"), QVariant(), {channel->port1()}));
    QVERIFY(contentsB->postMessage(QStringLiteral("peer"), QVariant(), {channel->port2()}));
    QTRY_COMPARE(ready, 2);
    a.eval(QStringLiteral("peer.postMessage('hello from A')"));
    QTRY_COMPARE(heard,
                 (QStringList{QStringLiteral("B:hello from A"), QStringLiteral("A:hello from B")}));

    // B80: a port received from page A, forwarded to page B.
    QPointer<MessagePortMain> fromA;
    a.ipc.on(QStringLiteral("offer"),
             [&](const IpcMainEvent &event) { fromA = event.ports().value(0); });
    a.eval(QStringLiteral(
            "window.own = new MessageChannel(); "
            "own.port2.onmessage = (e) => ipcRenderer.send('heard', 'own:' + e.data); "
            "ipcRenderer.postMessage('offer', null, [own.port1]); true"));
    QTRY_VERIFY(fromA);
    ready = 0;
    QVERIFY(contentsB->postMessage(QStringLiteral("peer"), QVariant(), {fromA.data()}));
    QTRY_COMPARE(ready, 1);
    evaluate(b.page.get(), QStringLiteral("peer.postMessage('forwarded')"));
    QTRY_VERIFY(heard.contains(QStringLiteral("A:own:forwarded")));
    QVERIFY(a.page->errors.isEmpty());
    QVERIFY(b.page->errors.isEmpty());
}

void tst_Ports::portsInSubframes()
{
    WebIpc::AttachOptions options;
    options.enableSubframes = true;
    PageFixture f(options);
    PageFolder folder;
    QPointer<MessagePortMain> port;
    int frameId = -1;
    f.ipc.on(QStringLiteral("port"), [&](const IpcMainEvent &event) {
        port = event.ports().value(0);
        frameId = event.frameId();
    });
    int got = 0;
    f.ipc.on(QStringLiteral("got-port"), [&]() { ++got; });
    const QUrl child = folder.write(QStringLiteral("child.html"), EchoPorts + QStringLiteral(R"(
        const channel = new MessageChannel();
        channel.port2.onmessage = (e) => channel.port2.postMessage('child:' + e.data);
        ipcRenderer.postMessage('port', null, [channel.port1]);
    )"));
    QVERIFY(f.load(
            folder.write(QStringLiteral("top.html"), QString(),
                         QStringLiteral("<iframe src=\"%1\"></iframe>").arg(child.toString()))));
    QTRY_VERIFY(port);
    QVERIFY(frameId > 0);
    Inbox inbox(port);
    port->start();
    QVERIFY(port->postMessage(1));
    QTRY_COMPARE(inbox.events.size(), 1);
    QCOMPARE(inbox.events.at(0).data.toString(), QStringLiteral("child:1"));

    // And to the frame (Electron's frame.postMessage).
    MessageChannelMain channel;
    Inbox frameInbox(channel.port1());
    channel.port1()->start();
    QVERIFY(f.contents->postMessageToFrame(frameId, QStringLiteral("port"), QStringLiteral("f"),
                                           {channel.port2()}));
    QTRY_COMPARE(got, 1);
    QVERIFY(channel.port1()->postMessage(QStringLiteral("z")));
    QTRY_COMPARE(frameInbox.events.size(), 1);
    QCOMPARE(frameInbox.events.at(0).data.toString(), QStringLiteral("echo:z"));
}

void tst_Ports::portsInAPreload()
{
    // With a preload, ports are the preload's ipcRenderer's (its isolated world), both ways.
    PageFolder folder;
    QFile preload(folder.path() + QStringLiteral("/preload.js"));
    QVERIFY(preload.open(QIODevice::WriteOnly));
    preload.write(R"(
        const { ipcRenderer } = require('electron');
        ipcRenderer.on('port', (e) => {
            const p = e.ports[0];
            p.onmessage = (ev) => p.postMessage('preload:' + ev.data);
        });
        const own = new MessageChannel();
        own.port2.onmessage = (ev) => own.port2.postMessage('own:' + ev.data);
        ipcRenderer.postMessage('offer', null, [own.port1]);
    )");
    preload.close();
    WebIpc::AttachOptions options;
    options.preload = preload.fileName();
    PageFixture f(options);
    QPointer<MessagePortMain> offered;
    f.ipc.on(QStringLiteral("offer"),
             [&](const IpcMainEvent &event) { offered = event.ports().value(0); });
    QVERIFY(f.load(folder.write(QStringLiteral("p.html"), QString())));
    QTRY_VERIFY(offered);
    Inbox offeredInbox(offered);
    offered->start();
    QVERIFY(offered->postMessage(1));
    QTRY_COMPARE(offeredInbox.events.size(), 1);
    QCOMPARE(offeredInbox.events.at(0).data.toString(), QStringLiteral("own:1"));

    MessageChannelMain channel;
    Inbox inbox(channel.port1());
    channel.port1()->start();
    QVERIFY(f.contents->postMessage(QStringLiteral("port"), QVariant(), {channel.port2()}));
    QVERIFY(channel.port1()->postMessage(2));
    QTRY_COMPARE(inbox.events.size(), 1);
    QCOMPARE(inbox.events.at(0).data.toString(), QStringLiteral("preload:2"));
    // The page's own world has no ipcRenderer, and its MessageChannel is untouched.
    QCOMPARE(f.eval(QStringLiteral("typeof window.ipcRenderer")).toString(),
             QStringLiteral("undefined"));
    QCOMPARE(f.eval(QStringLiteral("MessagePort.prototype.close.toString().includes('native')"))
                     .toBool(),
             true);
}

void tst_Ports::mainClosingFiresCloseInThePage()
{
    // B85: the page's port gets 'close' when main closes its end.
    EchoPage f;
    QVERIFY(f.loadEcho());
    MessageChannelMain channel;
    QVERIFY(f.give(channel.port2(), QStringLiteral("first")));
    QSignalSpy localClosed(channel.port1(), &MessagePortMain::closed);
    channel.port1()->close();
    QCOMPARE(localClosed.size(), 1);
    QTRY_COMPARE(f.closed, QStringList{QStringLiteral("first")});
    // The page's end is closed: posting on it reaches nobody, and does not throw.
    QCOMPARE(f.eval(QStringLiteral("lastPorts[0].postMessage('late'); true")).toBool(), true);

    // onclose works as well as addEventListener('close').
    MessageChannelMain second;
    QVERIFY(f.give(second.port2()));
    f.eval(QStringLiteral("window.oncloseRan = false; "
                          "lastPorts[0].onclose = () => { window.oncloseRan = true; }; true"));
    second.port1()->close();
    QTRY_VERIFY(f.eval(QStringLiteral("window.oncloseRan")).toBool());
}

void tst_Ports::pageClosingClosesMainsEnd()
{
    // Closing either end closes the other: the page closes the end main gave it, or the one
    // that stayed when it transferred the other.
    EchoPage f;
    QPointer<MessagePortMain> fromPage;
    f.ipc.on(QStringLiteral("offer"),
             [&](const IpcMainEvent &event) { fromPage = event.ports().value(0); });
    QVERIFY(f.loadEcho());
    MessageChannelMain channel;
    QSignalSpy closed(channel.port1(), &MessagePortMain::closed);
    QVERIFY(f.give(channel.port2()));
    f.eval(QStringLiteral("lastPorts[0].close()"));
    QTRY_COMPARE(closed.size(), 1);
    QVERIFY(channel.port1()->isClosed());

    f.eval(QStringLiteral("window.own = new MessageChannel(); "
                          "ipcRenderer.postMessage('offer', null, [own.port1]); true"));
    QTRY_VERIFY(fromPage);
    QSignalSpy pageClosed(fromPage.data(), &MessagePortMain::closed);
    f.eval(QStringLiteral("own.port2.close()"));
    QTRY_COMPARE(pageClosed.size(), 1);
}

void tst_Ports::deletedPortClosesThePagesEnd()
{
    // Like a collected MessagePortMain in Electron (B85): the page's end gets 'close'.
    EchoPage f;
    QVERIFY(f.loadEcho());
    auto *channel = new MessageChannelMain;
    QVERIFY(f.give(channel->port2(), QStringLiteral("deleted")));
    delete channel;
    QTRY_COMPARE(f.closed, QStringList{QStringLiteral("deleted")});
}

void tst_Ports::documentGoneClosesThePort_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("reload") << "reload";
    QTest::newRow("navigation") << "navigation";
    QTest::newRow("crash") << "crash";
}

void tst_Ports::documentGoneClosesThePort()
{
    QFETCH(QString, how);
    EchoPage f;
    QPointer<MessagePortMain> fromPage;
    f.ipc.on(QStringLiteral("offer"),
             [&](const IpcMainEvent &event) { fromPage = event.ports().value(0); });
    QVERIFY(f.loadEcho(QStringLiteral(R"(
        window.own = new MessageChannel();
        ipcRenderer.postMessage('offer', null, [own.port1]);
    )")));
    MessageChannelMain channel;
    QSignalSpy closed(channel.port1(), &MessagePortMain::closed);
    QVERIFY(f.give(channel.port2()));
    QTRY_VERIFY(fromPage);
    QSignalSpy pageClosed(fromPage.data(), &MessagePortMain::closed);
    if (how == QLatin1String("reload")) {
        f.page->triggerAction(QWebEnginePage::Reload);
    } else if (how == QLatin1String("navigation")) {
        f.page->load(f.folder.write(QStringLiteral("other.html"), QString()));
    } else {
        f.page->load(QUrl(QStringLiteral("chrome://crash")));
    }
    QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 20000);
    QTRY_COMPARE(pageClosed.size(), 1);
}

void tst_Ports::neverDeliveredToAReplacingDocument()
{
    // A message for a port is addressed to the document holding it: after a reload the new
    // document gets nothing, even what main posted before it learned of the reload.
    EchoPage f;
    int strays = 0;
    f.ipc.on(QStringLiteral("stray"), [&]() { ++strays; });
    // Whatever arrives here on any port but one given to this document is a leak.
    QVERIFY(f.loadEcho(
            QStringLiteral("addEventListener('message', () => ipcRenderer.send('stray'), true);")));
    MessageChannelMain channel;
    Inbox inbox(channel.port1());
    channel.port1()->start();
    QVERIFY(f.give(channel.port2()));
    QVERIFY(f.load(f.page->url()));
    QVERIFY(channel.port1()->postMessage(QStringLiteral("after")));
    QTRY_VERIFY(channel.port1()->isClosed());
    // The new document still works, and heard nothing meant for the old one.
    int pings = 0;
    f.ipc.on(QStringLiteral("ping"), [&]() { ++pings; });
    f.eval(QStringLiteral("ipcRenderer.send('ping')"));
    QTRY_COMPARE(pings, 1);
    QCOMPARE(strays, 0);
    QVERIFY(inbox.events.isEmpty());
}

void tst_Ports::closedPageClosesTheOtherPagesPort()
{
    EchoPage a;
    auto b = std::make_unique<SecondPage>(&a.ipc);
    QVERIFY(a.loadEcho());
    QVERIFY(b->load(a.page->url()));
    auto *channel = new MessageChannelMain(&a.ipc);
    QVERIFY(a.give(channel->port1(), QStringLiteral("A")));
    QVERIFY(b->contents->postMessage(QStringLiteral("port"), QStringLiteral("B"),
                                     {channel->port2()}));
    QTRY_COMPARE(a.got, 2);
    b.reset(); // page B is closed
    QTRY_COMPARE(a.closed, QStringList{QStringLiteral("A")});
}

void tst_Ports::closedPortsAreFreed()
{
    // An unreferenced, closed port frees what it held: no end of it is left in C++ or in the
    // page's relay.
    const int before = WebIpc::PortCore::liveCount();
    {
        EchoPage f;
        QVERIFY(f.loadEcho());
        for (int i = 0; i < 20; ++i) {
            MessageChannelMain channel;
            QVERIFY(f.give(channel.port2(), i));
            channel.port1()->close();
        }
        QTRY_COMPARE(WebIpc::PortCore::liveCount(), before);
    }
    QCOMPARE(WebIpc::PortCore::liveCount(), before);
}

void tst_Ports::portsSentToNowhereClose()
{
    // B85: a port posted on a channel nobody listens to closes, both ways.
    EchoPage f;
    QVERIFY(f.loadEcho());
    MessageChannelMain channel;
    QSignalSpy closed(channel.port1(), &MessagePortMain::closed);
    QVERIFY(f.contents->postMessage(QStringLiteral("nobody"), QVariant(), {channel.port2()}));
    QTRY_COMPARE(closed.size(), 1);

    f.eval(QStringLiteral("window.nowhere = new MessageChannel(); window.nowhereClosed = false; "
                          "nowhere.port2.addEventListener('close', () => nowhereClosed = true); "
                          "ipcRenderer.postMessage('nobody', null, [nowhere.port1]); true"));
    QTRY_VERIFY(f.eval(QStringLiteral("nowhereClosed")).toBool());
}

void tst_Ports::pageGoneBeforeItListenedClosesThePort()
{
    // A port posted to a page that is closed before any document listened: its other end closes.
    MessageChannelMain channel;
    QSignalSpy closed(channel.port1(), &MessagePortMain::closed);
    {
        PageFixture f;
        QVERIFY(f.contents->postMessage(QStringLiteral("port"), QVariant(), {channel.port2()}));
    }
    QTRY_COMPARE(closed.size(), 1);
}

void tst_Ports::arrayBuffersTransferInThePage()
{
    // Within the page a port takes Chromium's transfer list (an ArrayBuffer is moved to the
    // relay end); main gets the bytes. Main's own transfer lists take ports only (B82).
    PageFixture f;
    PageFolder folder;
    QPointer<MessagePortMain> port = portFromPage(f, folder, OfferChannel);
    QVERIFY(port);
    Inbox inbox(port);
    port->start();
    QCOMPARE(f.eval(QStringLiteral("const b = new Uint8Array([5, 6, 7]).buffer; "
                                   "channel.port2.postMessage(b, [b]); b.byteLength"))
                     .toInt(),
             0); // moved
    QTRY_COMPARE(inbox.events.size(), 1);
    QCOMPARE(inbox.events.at(0).data.toByteArray(), QByteArray("\x05\x06\x07"));
}

void tst_Ports::uncloneableInThePageIsReported()
{
    // Chromium clones a Blob, WebIpc's codec refuses it (as Electron does): the page's console
    // says so, nothing arrives, and the port keeps working.
    PageFixture f;
    PageFolder folder;
    QPointer<MessagePortMain> port = portFromPage(f, folder, OfferChannel);
    QVERIFY(port);
    Inbox inbox(port);
    port->start();
    f.eval(QStringLiteral("channel.port2.postMessage(new Blob(['x'])); "
                          "channel.port2.postMessage('after'); true"));
    QTRY_COMPARE(inbox.events.size(), 1);
    QCOMPARE(inbox.events.at(0).data.toString(), QStringLiteral("after"));
    QTRY_VERIFY(!f.page->errors.isEmpty());
    QVERIFY2(f.page->errors.join(QLatin1Char('\n')).contains(QLatin1String("could not be cloned")),
             qPrintable(f.page->errors.join(QLatin1Char('\n'))));
}

void tst_Ports::valuesUseTheCodec()
{
    // The values of channel messages, both ways, cycles and all.
    PageFixture f;
    PageFolder folder;
    QPointer<MessagePortMain> port = portFromPage(f, folder, QStringLiteral(R"(
        const channel = new MessageChannel();
        channel.port2.onmessage = (e) => {
            const v = e.data;
            channel.port2.postMessage({ isDate: v.when instanceof Date, year: v.when.getUTCFullYear(),
                                        map: new Map([['k', v.list.length]]),
                                        bytes: new Uint8Array([1, 2, 3]), nan: NaN,
                                        undef: undefined });
        };
        ipcRenderer.postMessage('port', null, [channel.port1]);
    )"));
    QVERIFY(port);
    Inbox inbox(port);
    port->start();
    QVERIFY(port->postMessage(QVariantMap{
            {QStringLiteral("when"), QDateTime(QDate(2026, 1, 2), QTime(3, 4), Qt::UTC)},
            {QStringLiteral("list"), QVariantList{1, 2, 3}}}));
    QTRY_COMPARE(inbox.events.size(), 1);
    const QVariantMap answer = inbox.events.at(0).data.toMap();
    QCOMPARE(answer.value(QStringLiteral("isDate")).toBool(), true);
    QCOMPARE(answer.value(QStringLiteral("year")).toInt(), 2026);
    QCOMPARE(answer.value(QStringLiteral("bytes")).toByteArray(), QByteArray("\x01\x02\x03"));
    QVERIFY(qIsNaN(answer.value(QStringLiteral("nan")).toDouble()));
    QVERIFY(answer.contains(QStringLiteral("map")));
}

void tst_Ports::tooLargeMessageIsRefused()
{
    // The IpcMain's size limit applies to port messages too; the port stays usable.
    PageFixture f;
    PageFolder folder;
    f.ipc.setMaximumMessageSize(64 * 1024);
    QPointer<MessagePortMain> port = portFromPage(f, folder, OfferChannel);
    QVERIFY(port);
    Inbox inbox(port);
    port->start();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("dropped a message")));
    f.eval(QStringLiteral("channel.port2.postMessage('x'.repeat(1024 * 1024)); "
                          "channel.port2.postMessage('small'); true"));
    QTRY_COMPARE(inbox.events.size(), 1);
    QCOMPARE(inbox.events.at(0).data.toString(), QStringLiteral("small"));
}

void tst_Ports::forgedPortNumberIsRefused()
{
    // A port number is a capability of the document it was given to. A page that names a
    // number it does not hold (another page's, one it closed, one made up) is refused, and the
    // port it aimed at hears nothing.
    EchoPage a;
    SecondPage b(&a.ipc);
    QVERIFY(a.loadEcho());
    QVERIFY(b.load(a.folder.write(QStringLiteral("b.html"), QString())));
    MessageChannelMain channel;
    Inbox inbox(channel.port1());
    channel.port1()->start();
    QVERIFY(a.give(channel.port2()));
    // Page A holds port -1. Page B names it over its own bridge (in the bridge's world, with
    // QWebChannel's own messages: as much as a compromised renderer of B could do).
    const int postMethod =
            WebIpc::BridgeObject::staticMetaObject.indexOfMethod("post(QString,QJsonArray)");
    static int refusals = 0;
    static QtMessageHandler previous = nullptr;
    refusals = 0;
    previous = qInstallMessageHandler(
            [](QtMsgType type, const QMessageLogContext &context, const QString &text) {
                if (text.contains(QLatin1String("refused a message for a port")))
                    ++refusals;
                else
                    previous(type, context, text);
            });
    evaluateInWorld(b.page.get(),
                    QStringLiteral("qt.webChannelTransport.send(JSON.stringify({ type: 6, "
                                   "object: 'webipc', method: %1, id: 100000, args: "
                                   "[__webipcBridge.documentId, [[6, 900000, -1, [\"forged\"], "
                                   "[]]]] })); true")
                            .arg(postMethod),
                    WebIpc::AttachOptions().worldId);
    QTRY_COMPARE(refusals, 1);
    qInstallMessageHandler(previous);
    QVERIFY(inbox.events.isEmpty());
    // The real holder still talks.
    QVERIFY(channel.port1()->postMessage(QStringLiteral("real")));
    QTRY_COMPARE(inbox.events.size(), 1);
    QCOMPARE(inbox.events.at(0).data.toString(), QStringLiteral("echo:real"));
}

QTEST_MAIN(tst_Ports)
#include "tst_ports.moc"
