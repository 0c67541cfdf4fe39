// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// frame.ipc: a frame's own listeners and handlers, before the page's (webContents.ipc) and the
// IpcMain's, in real pages (Electron's B52-B60).

#include "testsupport.h"

#include <WebIpc/FrameInfo>
#include <WebIpc/MessagePortMain>

#include <QtCore/QPointer>
#include <QtTest/QTest>

using namespace WebIpcTest;
using WebIpc::IpcMainEvent;
using WebIpc::IpcMainInvokeEvent;

class tst_FrameIpc : public QObject
{
    Q_OBJECT
public:
    static void initMain() { WebIpcTest::initMain(); }

private Q_SLOTS:
    void messagesReachEveryTierInOrder();
    void frameHandlerWins();
    void syncAndPortsThroughTheFrame();
    void eachFrameHasItsOwn();
    void frameNavigatingAway();
};

void tst_FrameIpc::messagesReachEveryTierInOrder()
{
    // B54: frame.ipc, then webContents.ipc, then ipcMain; all of them.
    PageFixture f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("p.html"), QString())));
    QCOMPARE(f.contents->frames().size(), 1);
    WebIpc::IpcMain *frame = f.contents->frames().at(0).ipc();
    QVERIFY(frame);
    QCOMPARE(frame, f.contents->frameIpc(0));
    QStringList order;
    f.ipc.on(QStringLiteral("t"), [&]() { order.append(QStringLiteral("ipcMain")); });
    f.contents->ipc()->on(QStringLiteral("t"), [&]() { order.append(QStringLiteral("contents")); });
    frame->on(QStringLiteral("t"), [&](const IpcMainEvent &event, const QVariantList &args) {
        QCOMPARE(args.value(0).toInt(), 42);
        QCOMPARE(event.senderFrame().ipc(), frame);
        order.append(QStringLiteral("frame"));
    });
    f.eval(QStringLiteral("ipcRenderer.send('t', 42)"));
    QTRY_COMPARE(order.size(), 3);
    QCOMPARE(order,
             (QStringList{QStringLiteral("frame"), QStringLiteral("contents"),
                          QStringLiteral("ipcMain")}));
}

void tst_FrameIpc::frameHandlerWins()
{
    // B53: the first handler found answers, frame before page before IpcMain.
    PageFixture f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("p.html"), QString())));
    WebIpc::IpcMain *frame = f.contents->frameIpc(0);
    f.ipc.handle(QStringLiteral("who"), []() { return QStringLiteral("ipcMain"); });
    f.contents->ipc()->handle(QStringLiteral("who"), []() { return QStringLiteral("contents"); });
    frame->handle(QStringLiteral("who"), []() { return QStringLiteral("frame"); });
    const auto who = [&]() { return f.await(QStringLiteral("ipcRenderer.invoke('who')")); };
    QCOMPARE(who().value.toString(), QStringLiteral("frame"));
    frame->removeHandler(QStringLiteral("who"));
    QCOMPARE(who().value.toString(), QStringLiteral("contents"));
    f.contents->ipc()->removeHandler(QStringLiteral("who"));
    QCOMPARE(who().value.toString(), QStringLiteral("ipcMain"));
    // A handler on the frame alone is enough.
    f.ipc.removeHandler(QStringLiteral("who"));
    frame->handle(QStringLiteral("only"), []() { return 7; });
    QCOMPARE(f.await(QStringLiteral("ipcRenderer.invoke('only')")).value.toInt(), 7);
}

void tst_FrameIpc::syncAndPortsThroughTheFrame()
{
    // B55, B56: sendSync and postMessage reach the frame's listeners.
    PageFixture f;
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("p.html"), QString())));
    WebIpc::IpcMain *frame = f.contents->frameIpc(0);
    frame->on(QStringLiteral("double"), [](const IpcMainEvent &event, const QVariantList &args) {
        event.setReturnValue(args.value(0).toInt() * 2);
    });
    QCOMPARE(f.eval(QStringLiteral("ipcRenderer.sendSync('double', 21)")).toInt(), 42);
    qsizetype ports = -1;
    frame->on(QStringLiteral("port"),
              [&](const IpcMainEvent &event) { ports = event.ports().size(); });
    f.eval(QStringLiteral("ipcRenderer.postMessage('port', null, [new MessageChannel().port1])"));
    QTRY_COMPARE(ports, qsizetype(1));
}

void tst_FrameIpc::eachFrameHasItsOwn()
{
    // B57, B58: the main frame's ipc does not hear a child frame; the child's own does, and
    // webContents.ipc hears both.
    WebIpc::AttachOptions options;
    options.enableSubframes = true;
    PageFixture f(options);
    PageFolder folder;
    QPointer<WebIpc::IpcMain> childIpc;
    int childFrameId = -1;
    f.ipc.on(QStringLiteral("hello"), [&](const IpcMainEvent &event) {
        if (!event.senderFrame().isMainFrame()) {
            childIpc = event.senderFrame().ipc();
            childFrameId = event.frameId();
        }
    });
    const QUrl child = folder.write(QStringLiteral("child.html"),
                                    QStringLiteral("ipcRenderer.send('hello');"));
    QVERIFY(f.load(
            folder.write(QStringLiteral("top.html"), QString(),
                         QStringLiteral("<iframe src=\"%1\"></iframe>").arg(child.toString()))));
    QTRY_VERIFY(childIpc);
    QCOMPARE(f.contents->frames().size(), 2);
    QCOMPARE(f.contents->frameIpc(childFrameId), childIpc.data());
    QStringList heard;
    f.contents->frameIpc(0)->on(
            QStringLiteral("t"), [&](const IpcMainEvent &, const QVariantList &args) {
                heard.append(QStringLiteral("main frame:") + args.value(0).toString());
            });
    childIpc->on(QStringLiteral("t"), [&](const IpcMainEvent &, const QVariantList &args) {
        heard.append(QStringLiteral("child frame:") + args.value(0).toString());
    });
    f.contents->ipc()->on(QStringLiteral("t"), [&](const IpcMainEvent &, const QVariantList &args) {
        heard.append(QStringLiteral("contents:") + args.value(0).toString());
    });
    f.eval(QStringLiteral("document.querySelector('iframe').contentWindow.ipcRenderer.send('t', "
                          "'child'); ipcRenderer.send('t', 'top'); true"));
    QTRY_COMPARE(heard.size(), 4);
    // The two frames' messages may arrive in either order (the child's are relayed); each goes
    // to its frame's ipc, then to the page's.
    QVERIFY(heard.indexOf(QStringLiteral("child frame:child"))
            < heard.indexOf(QStringLiteral("contents:child")));
    QVERIFY(heard.indexOf(QStringLiteral("main frame:top"))
            < heard.indexOf(QStringLiteral("contents:top")));
    QVERIFY(!heard.contains(QStringLiteral("main frame:child")));
    QVERIFY(!heard.contains(QStringLiteral("child frame:top")));
}

void tst_FrameIpc::frameNavigatingAway()
{
    // B60: the main frame's ipc survives navigations. A subframe's ends with its document: the
    // next document of that iframe is a new frame, and the old listeners hear nothing of it.
    WebIpc::AttachOptions options;
    options.enableSubframes = true;
    PageFixture f(options);
    PageFolder folder;
    QList<int> childFrames;
    QPointer<WebIpc::IpcMain> childIpc;
    f.ipc.on(QStringLiteral("hello"), [&](const IpcMainEvent &event) {
        if (!event.senderFrame().isMainFrame()) {
            childFrames.append(event.frameId());
            if (childFrames.size() == 1)
                childIpc = event.senderFrame().ipc();
        }
    });
    const QUrl child = folder.write(QStringLiteral("child.html"),
                                    QStringLiteral("ipcRenderer.send('hello');"));
    const QUrl top =
            folder.write(QStringLiteral("top.html"), QString(),
                         QStringLiteral("<iframe src=\"%1\"></iframe>").arg(child.toString()));
    QVERIFY(f.load(top));
    QTRY_VERIFY(childIpc);
    int oldChildHeard = 0;
    childIpc->on(QStringLiteral("hello"), [&]() { ++oldChildHeard; });
    WebIpc::IpcMain *mainFrame = f.contents->frameIpc(0);
    int mainHeard = 0;
    mainFrame->on(QStringLiteral("top"), [&]() { ++mainHeard; });

    // The iframe loads a new document.
    f.eval(QStringLiteral("document.querySelector('iframe').src = '%1?again'; true")
                   .arg(child.toString()));
    QTRY_COMPARE(childFrames.size(), 2);
    QVERIFY(childFrames.at(1) != childFrames.at(0));
    QCOMPARE(oldChildHeard, 0);
    QVERIFY(!f.contents->frameIpc(childFrames.at(0)));
    QTRY_VERIFY(!childIpc); // destroyed with its frame
    QVERIFY(f.contents->frameIpc(childFrames.at(1)));

    // The main frame navigates: its ipc is the same, and hears the new document.
    QVERIFY(f.load(folder.write(QStringLiteral("next.html"), QString())));
    QCOMPARE(f.contents->frameIpc(0), mainFrame);
    f.eval(QStringLiteral("ipcRenderer.send('top')"));
    QTRY_COMPARE(mainHeard, 1);
}

QTEST_MAIN(tst_FrameIpc)
#include "tst_frameipc.moc"
