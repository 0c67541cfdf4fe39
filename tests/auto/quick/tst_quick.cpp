// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT

#include <testsupport.h>

#include <WebIpc/IpcMain>
#include <WebIpc/WebContents>
#include <WebIpc/quick.h>
#include <core/webcontents_p.h>

#include <QtCore/QPointer>
#include <QtQml/QQmlComponent>
#include <QtQml/QQmlContext>
#include <QtQml/QQmlEngine>
#include <QtQuick/QQuickWindow>
#include <QtTest/QSignalSpy>
#include <QtTest/QtTest>
#include <QtWebEngineQuick/QtWebEngineQuick>

#include <memory>

using namespace WebIpc;

namespace {

// Records, in order, what C++ and QML listeners saw.
class Recorder : public QObject
{
    Q_OBJECT
public:
    QStringList entries;
    Q_INVOKABLE void add(const QString &entry) { entries.append(entry); }
};

// A window with a WebEngineView attached to the context's sharedIpcMain, loading pageUrl;
// \a more goes inside the Window.
QByteArray viewWindow(const QByteArray &more)
{
    return QByteArrayLiteral(R"(
        import QtQuick
        import QtQuick.Window
        import QtWebEngine
        import WebIpc
        Window {
            width: 320; height: 240; visible: true
            property alias view: view
            WebEngineView {
                id: view
                anchors.fill: parent
                WebIpc.ipcMain: sharedIpcMain
                url: pageUrl
            }
)") + more + QByteArrayLiteral("\n}");
}

} // namespace

class tst_Quick : public QObject
{
    Q_OBJECT
public:
    static void initMain()
    {
        WebIpcTest::initMain();
        QtWebEngineQuick::initialize();
    }

private Q_SLOTS:
    void sharedFaceIsStable();
    void qmlCreatedIpcMain();
    void declarativeTypesFollowTheirObjects();
    void secondHandlerThrowsAcrossCppAndQml();
    void sharedIpcMainWithAQmlView();
    void binaryLaneInAQmlView();
    void attachRefusesWhatIsNotAView();
    void qmlViewTakesEveryAttachOption_data();
    void qmlViewTakesEveryAttachOption();

private:
    std::unique_ptr<QObject> create(QQmlEngine &engine, const QByteArray &qml);
};

std::unique_ptr<QObject> tst_Quick::create(QQmlEngine &engine, const QByteArray &qml)
{
    QQmlComponent component(&engine);
    component.setData(qml, QUrl(QStringLiteral("qrc:/tst_quick/inline.qml")));
    std::unique_ptr<QObject> object(component.create());
    if (!object)
        qWarning().noquote() << component.errorString();
    return object;
}

void tst_Quick::sharedFaceIsStable()
{
    IpcMain ipcMain;
    QObject *face = qmlIpcMain(&ipcMain);
    QVERIFY(face);
    QCOMPARE(qmlIpcMain(&ipcMain), face);
    QCOMPARE(ipcMainOf(face), &ipcMain);
    QCOMPARE(face->parent(), &ipcMain);
    QCOMPARE(qmlIpcMain(nullptr), nullptr);
    QCOMPARE(ipcMainOf(&ipcMain), nullptr);
    QCOMPARE(ipcMainOf(nullptr), nullptr);
}

void tst_Quick::qmlCreatedIpcMain()
{
    QQmlEngine engine;
    auto root = create(engine, QByteArrayLiteral(R"(
        import QtQml
        import WebIpc
        IpcMain {
            allowedOrigins: ["local", "https://example.com"]
            maximumMessageSize: 4096
            syncReplyTimeout: 1500
            IpcListener { channel: "a" }
            IpcHandler { channel: "h"; handler: () => 1 }
            Component.onCompleted: on("b", () => {})
        })"));
    QVERIFY(root);
    IpcMain *ipcMain = ipcMainOf(root.get());
    QVERIFY(ipcMain);
    QCOMPARE(ipcMain->listenerCount(QStringLiteral("a")), 1);
    QCOMPARE(ipcMain->listenerCount(QStringLiteral("b")), 1);
    QVERIFY(ipcMain->hasHandler(QStringLiteral("h")));
    QCOMPARE(ipcMain->eventNames(), QStringList({QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(ipcMain->allowedOrigins(),
             QStringList({QStringLiteral("local"), QStringLiteral("https://example.com")}));
    QCOMPARE(ipcMain->maximumMessageSize(), qsizetype(4096));
    QCOMPARE(ipcMain->syncReplyTimeout(), std::chrono::milliseconds(1500));
}

void tst_Quick::declarativeTypesFollowTheirObjects()
{
    IpcMain ipcMain;
    QQmlEngine engine;
    engine.rootContext()->setContextProperty(QStringLiteral("sharedIpcMain"), qmlIpcMain(&ipcMain));
    auto root = create(engine, QByteArrayLiteral(R"(
        import QtQml
        import WebIpc
        QtObject {
            id: root
            property bool listening: true
            property list<QtObject> items: [
                IpcListener { ipcMain: sharedIpcMain; channel: "l"; enabled: root.listening },
                IpcHandler { objectName: "first"; ipcMain: sharedIpcMain; channel: "h"; handler: () => 1 },
                IpcHandler { objectName: "second"; ipcMain: sharedIpcMain; channel: "h"; handler: () => 2 }
            ]
        })"));
    QVERIFY(root);
    QCOMPARE(ipcMain.listenerCount(QStringLiteral("l")), 1);
    QVERIFY(ipcMain.hasHandler(QStringLiteral("h")));

    // One declarative handler of a channel is active; the other says so, and warned.
    const auto handlers = root->findChildren<QObject *>();
    QObject *first = nullptr;
    QObject *second = nullptr;
    for (QObject *child : handlers) {
        if (child->objectName() == QLatin1String("first"))
            first = child;
        else if (child->objectName() == QLatin1String("second"))
            second = child;
    }
    QVERIFY(first && second);
    QCOMPARE(first->property("active").toBool() + second->property("active").toBool(), 1);

    root->setProperty("listening", false);
    QCOMPARE(ipcMain.listenerCount(QStringLiteral("l")), 0);
    root->setProperty("listening", true);
    QCOMPARE(ipcMain.listenerCount(QStringLiteral("l")), 1);

    root.reset();
    QCOMPARE(ipcMain.listenerCount(QStringLiteral("l")), 0);
    QVERIFY(!ipcMain.hasHandler(QStringLiteral("h")));
}

void tst_Quick::secondHandlerThrowsAcrossCppAndQml()
{
    IpcMain ipcMain;
    ipcMain.handle(QStringLiteral("taken"), [] { return 1; });
    QQmlEngine engine;
    engine.rootContext()->setContextProperty(QStringLiteral("sharedIpcMain"), qmlIpcMain(&ipcMain));
    auto root = create(engine, QByteArrayLiteral(R"(
        import QtQml
        QtObject {
            function tryHandle(channel) {
                try {
                    sharedIpcMain.handle(channel, () => 2)
                    return "registered"
                } catch (error) {
                    return error.message
                }
            }
        })"));
    QVERIFY(root);
    QVariant result;
    QVERIFY(QMetaObject::invokeMethod(root.get(), "tryHandle", Q_RETURN_ARG(QVariant, result),
                                      Q_ARG(QVariant, QStringLiteral("taken"))));
    QCOMPARE(result.toString(),
             QStringLiteral("Attempted to register a second handler for 'taken'"));
    QVERIFY(QMetaObject::invokeMethod(root.get(), "tryHandle", Q_RETURN_ARG(QVariant, result),
                                      Q_ARG(QVariant, QStringLiteral("free"))));
    QCOMPARE(result.toString(), QStringLiteral("registered"));
    QVERIFY(ipcMain.hasHandler(QStringLiteral("free")));
}

void tst_Quick::sharedIpcMainWithAQmlView()
{
    WebIpcTest::PageFolder folder;
    const QUrl url = folder.write(QStringLiteral("page.html"), QString());

    IpcMain ipcMain;
    Recorder recorder;
    // C++ and QML listeners on one channel run in registration order.
    ipcMain.on(QStringLiteral("order"), &recorder, [&recorder](const QVariantList &args) {
        recorder.add(QStringLiteral("c++ ") + args.value(0).toString());
    });
    QPointer<WebContents> created;
    connect(&ipcMain, &IpcMain::webContentsCreated, this,
            [&created](WebContents *contents) { created = contents; });

    QQmlEngine engine;
    engine.rootContext()->setContextProperty(QStringLiteral("sharedIpcMain"), qmlIpcMain(&ipcMain));
    engine.rootContext()->setContextProperty(QStringLiteral("recorder"), &recorder);
    engine.rootContext()->setContextProperty(QStringLiteral("pageUrl"), url);
    auto window = create(engine, viewWindow(QByteArrayLiteral(R"(
            Component.onCompleted: {
                sharedIpcMain.on("order", (event, value) => recorder.add("qml " + value
                    + " from " + event.senderFrame.url))
                sharedIpcMain.handle("twice", (event, n) => n * 2)
            }
        )")));
    QVERIFY(window);
    auto *view = window->property("view").value<QObject *>();
    QVERIFY(view);

    WebContents *contents = findQuickWebContents(&ipcMain, view);
    QVERIFY(contents);
    QCOMPARE(created.data(), contents);
    QCOMPARE(ipcMain.webContents(), QList<WebContents *>{contents});
    QCOMPARE(WebIpc::page(contents), nullptr); // a QML view has no QWebEnginePage to give
    QTRY_VERIFY_WITH_TIMEOUT(contents->isReady(), 20000);
    QCOMPARE(contents->url(), url);

    QVERIFY(QMetaObject::invokeMethod(view, "runJavaScript", Q_ARG(QString, QStringLiteral(R"(
        ipcRenderer.send('order', 1);
        ipcRenderer.invoke('twice', 21).then(v => ipcRenderer.send('order', 'twice=' + v));
    )"))));
    QTRY_COMPARE_WITH_TIMEOUT(recorder.entries.size(), 4, 10000);
    QCOMPARE(recorder.entries,
             QStringList({QStringLiteral("c++ 1"), QStringLiteral("qml 1 from ") + url.toString(),
                          QStringLiteral("c++ twice=42"),
                          QStringLiteral("qml twice=42 from ") + url.toString()}));

    // The WebContents goes with its view.
    QSignalSpy closed(contents, &WebContents::closed);
    window.reset();
    QCOMPARE(closed.size(), 1);
    QVERIFY(!created);
    QVERIFY(ipcMain.webContents().isEmpty());
}

// The binary lane works in QML pages too: the pull goes through WebEngineView.runJavaScript,
// the fetch through the profile's webipc: scheme (see tests/auto/binary for the rest).
void tst_Quick::binaryLaneInAQmlView()
{
    WebIpcTest::PageFolder folder;
    const QUrl url = folder.write(QStringLiteral("page.html"), QString());
    IpcMain ipcMain;
    Recorder recorder;
    QByteArray got;
    ipcMain.handle(QStringLiteral("echo"), [&got](const QVariantList &args) {
        got = args.value(0).toByteArray();
        return args.value(0);
    });
    ipcMain.on(QStringLiteral("result"), &recorder,
               [&recorder](const QVariantList &args) { recorder.add(args.value(0).toString()); });
    QQmlEngine engine;
    engine.rootContext()->setContextProperty(QStringLiteral("sharedIpcMain"), qmlIpcMain(&ipcMain));
    engine.rootContext()->setContextProperty(QStringLiteral("pageUrl"), url);
    auto window = create(engine, viewWindow(QByteArray()));
    QVERIFY(window);
    auto *view = window->property("view").value<QObject *>();
    WebContents *contents = findQuickWebContents(&ipcMain, view);
    QVERIFY(contents);
    QTRY_VERIFY_WITH_TIMEOUT(contents->isReady(), 20000);
    QVERIFY(QMetaObject::invokeMethod(view, "runJavaScript", Q_ARG(QString, QStringLiteral(R"(
        const v = new Uint8Array(1 << 20);
        for (let i = 0; i < v.length; ++i) v[i] = (i * 7) & 255;
        ipcRenderer.invoke('echo', v).then(r => ipcRenderer.send('result',
            r instanceof Uint8Array && r.length === v.length && r.every((b, i) => b === v[i])));
    )"))));
    QTRY_COMPARE_WITH_TIMEOUT(recorder.entries.size(), 1, 20000);
    QCOMPARE(recorder.entries, QStringList{QStringLiteral("true")});
    QCOMPARE(got.size(), 1 << 20);
    QCOMPARE(got.at(1000), char((1000 * 7) & 255));
    QCOMPARE(WebContentsPrivate::get(contents)->lanePulls(), 1);
    QCOMPARE(WebContentsPrivate::get(contents)->laneOffers(), 1);
}

void tst_Quick::attachRefusesWhatIsNotAView()
{
    IpcMain ipcMain;
    QObject notAView;
    QCOMPARE(attachQuickView(&ipcMain, &notAView), nullptr);
    QCOMPARE(attachQuickView(&ipcMain, nullptr), nullptr);
    QCOMPARE(findQuickWebContents(&ipcMain, &notAView), nullptr);
}

// Issue 9: one attachment for Widgets and QML, so QML takes every AttachOptions field; here
// enableSubframes, which QML views did not have.
void tst_Quick::qmlViewTakesEveryAttachOption_data()
{
    QTest::addColumn<bool>("subframes");
    QTest::newRow("enableSubframes: true") << true;
    QTest::newRow("enableSubframes: false") << false;
}

void tst_Quick::qmlViewTakesEveryAttachOption()
{
    QFETCH(bool, subframes);
    WebIpcTest::PageFolder folder;
    const QUrl child = folder.write(QStringLiteral("child.html"), QStringLiteral(R"(
        if (window.ipcRenderer) ipcRenderer.send('from-child', location.href);
        parent.postMessage(typeof window.ipcRenderer, '*');
    )"));
    const QUrl top = folder.write(QStringLiteral("top.html"), QStringLiteral(R"(
        // (The subframe's relay to the top frame's bridge passes here too: not a string.)
        addEventListener('message', (e) => {
            if (typeof e.data === 'string') ipcRenderer.send('child-has', e.data);
        });
        const frame = document.createElement('iframe');
        frame.src = 'child.html';
        document.body.appendChild(frame);
    )"));

    IpcMain ipcMain;
    QString childHas;
    QList<FrameInfo> childFrames;
    ipcMain.on(QStringLiteral("child-has"), this,
               [&](const QVariantList &args) { childHas = args.value(0).toString(); });
    ipcMain.on(QStringLiteral("from-child"), this,
               [&](const IpcMainEvent &event, const QVariantList &) {
                   childFrames << event.senderFrame();
               });

    QQmlEngine engine;
    engine.rootContext()->setContextProperty(QStringLiteral("sharedIpcMain"), qmlIpcMain(&ipcMain));
    engine.rootContext()->setContextProperty(QStringLiteral("pageUrl"), top);
    engine.rootContext()->setContextProperty(QStringLiteral("subframes"), subframes);
    auto window = create(engine, QByteArrayLiteral(R"(
        import QtQuick
        import QtQuick.Window
        import QtWebEngine
        import WebIpc
        Window {
            width: 320; height: 240; visible: true
            WebEngineView {
                anchors.fill: parent
                WebIpc.ipcMain: sharedIpcMain
                WebIpc.enableSubframes: subframes
                url: pageUrl
            }
        })"));
    QVERIFY(window);
    QTRY_VERIFY_WITH_TIMEOUT(!childHas.isEmpty(), 20000);
    QCOMPARE(childHas, subframes ? QStringLiteral("object") : QStringLiteral("undefined"));
    if (subframes) {
        QTRY_COMPARE_WITH_TIMEOUT(childFrames.size(), 1, 10000);
        QVERIFY(!childFrames.first().isMainFrame());
        QCOMPARE(childFrames.first().url(), child);
        QCOMPARE(childFrames.first().origin(), QStringLiteral("file://"));
    } else {
        QVERIFY(childFrames.isEmpty());
    }
}

QTEST_MAIN(tst_Quick)

#include "tst_quick.moc"
