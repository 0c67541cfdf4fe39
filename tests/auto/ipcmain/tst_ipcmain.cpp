// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// IpcMain's API and the main side of the protocol, without Chromium: wire messages go straight
// into a WebContents the way its bridge object would deliver them, and what it sends back is
// read from the bridge's deliver() and deliverJson() signals.

#include <core/bridgeobject_p.h>
#include <core/channelhints_p.h>
#include <core/originpolicy_p.h>
#include <core/webcontents_p.h>

#include <WebIpc/HandlerError>
#include <WebIpc/IpcMain>
#include <WebIpc/Logging>
#include <WebIpc/WebContents>

#include <QtCore/QJsonDocument>
#include <QtCore/QPromise>
#include <QtCore/QRandomGenerator>
#include <QtCore/QTimer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>
#include <thread>

using WebIpc::IpcMain;
using WebIpc::IpcMainEvent;
using WebIpc::IpcMainInvokeEvent;
using WebIpc::OriginPolicy;
using WebIpc::WebContentsPrivate;

static_assert(std::is_copy_constructible_v<IpcMainEvent>);
static_assert(std::is_copy_assignable_v<WebIpc::FrameInfo>);

namespace {

const QString Doc = QStringLiteral("0123456789abcdef0123456789abcdef");
// The document's key (its sync credential), as its bridge announces it in its hello.
const QByteArray Key = QByteArrayLiteral("fedcba9876543210fedcba9876543210");

WebIpc::SyncRequest syncRequest(const QJsonObject &object, const QByteArray &key,
                                const QUrl &initiator = QUrl())
{
    WebIpc::SyncRequest request;
    request.payload = QJsonDocument(object).toJson(QJsonDocument::Compact).toPercentEncoding();
    request.key = key;
    request.initiator = initiator;
    return request;
}

// The batches a bridge object delivers to the top frame, in order, whichever of its two
// signals carries them (most go as JSON text: WebContentsPrivate::emitBatch()).
struct Deliveries
{
    struct Batch
    {
        QString documentId;
        QJsonArray messages;
    };
    explicit Deliveries(WebIpc::BridgeObject *bridge)
    {
        QObject::connect(bridge, &WebIpc::BridgeObject::deliver, &context,
                         [this](const QString &doc, const QJsonArray &messages) {
                             batches.append({doc, messages});
                         });
        QObject::connect(bridge, &WebIpc::BridgeObject::deliverJson, &context,
                         [this](const QString &doc, const QString &text) {
                             batches.append({doc, QJsonDocument::fromJson(text.toUtf8()).array()});
                         });
    }
    QObject context;
    QList<Batch> batches;
};

// A WebContents with no page behind it, fed wire messages by hand.
struct Endpoint
{
    explicit Endpoint(IpcMain *ipc) : contents(WebContentsPrivate::create(ipc, &host))
    {
        d = WebContentsPrivate::get(contents);
        d->setUrl(QUrl(QStringLiteral("qrc:/app/index.html")));
    }

    void post(const QJsonArray &messages, const QString &doc = Doc)
    {
        d->receivePosted(doc, messages);
    }
    // A new document's hello, and then its bridge listening (QWebChannel started).
    void hello()
    {
        post(QJsonArray{QJsonArray{3, ++seq, QString::fromLatin1(Key), QStringLiteral("qrc:")}});
        post(QJsonArray{QJsonArray{4, ++seq}});
    }
    void send(const QString &channel, const QJsonArray &args)
    {
        post(QJsonArray{QJsonArray{0, ++seq, channel, args}});
    }
    void invoke(const QString &channel, const QJsonArray &args, int id)
    {
        post(QJsonArray{QJsonArray{1, ++seq, channel, args, id}});
    }
    // A sendSync request as the bridge makes it; returns the answer body once it comes.
    QByteArray sendSync(const QString &channel, const QJsonArray &args, double after = -1,
                        const QJsonArray &before = {})
    {
        QJsonArray messages = before;
        messages.append(QJsonArray{2, ++seq, channel, args});
        const QJsonObject request{{QStringLiteral("doc"), Doc},
                                  {QStringLiteral("after"), after < 0 ? seq - 1 : after},
                                  {QStringLiteral("messages"), messages}};
        answer.clear();
        status = 0;
        WebContentsPrivate::handleSyncRequest(
                syncRequest(request, Key, QUrl(QStringLiteral("qrc:"))),
                [this](int s, const QByteArray &body) {
                    status = s;
                    answer = body;
                });
        return answer;
    }
    // Everything delivered to this document so far, flattened.
    QJsonArray delivered(const Deliveries &deliveries)
    {
        QJsonArray all;
        for (const Deliveries::Batch &batch : deliveries.batches) {
            if (batch.documentId != Doc)
                continue;
            for (const QJsonValue &message : batch.messages)
                all.append(message);
        }
        return all;
    }

    QObject host;
    WebIpc::WebContents *contents;
    WebContentsPrivate *d;
    int seq = 0;
    QByteArray answer;
    int status = 0;
};

QJsonArray reply(int id, bool ok, const QJsonValue &value) { return QJsonArray{1, id, ok, value}; }

// Stands in for WebIpc's WebEngine library: the schemes "registered with QWebEngineUrlScheme".
QStringList registeredSchemes;
QStringList askedSchemes;
bool fakeRegistered(QStringView scheme)
{
    askedSchemes.append(scheme.toString());
    return registeredSchemes.contains(scheme.toString());
}

} // namespace

Q_DECLARE_METATYPE(OriginPolicy::Kind)

namespace { } // namespace

class tst_IpcMain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void channelHints_data();
    void channelHints();
    void invokeAndSendSyncGiveAdvice();
    void ipcMainAsItsOwnContext();
    void listenersAreConnections();
    void removeAllListeners();
    void memberFunctionsAsListenersAndHandlers();
    void throwingMemberFunctionDoesNotStopOthers();
    void listenersAsTheyWereWhenTheMessageCame();
    void removedListenerWithoutContextObjectDoesNotRun();
    void listenersWithoutContext();
    void secondHandlerIsRefused();
    void loggingCategoriesAreApi();
    void handlerGoesWithItsContext();
    void invokeRepliesThroughDeliver();
    void futureFinishedInAnotherThread();
    void sendSyncAnswers();
    void sendSyncAnsweredFromAnotherThread();
    void sendSyncTimesOut();
    void sendSyncWaitsForEarlierMessages();
    void sendSyncRefusesWrongSecret();
    void cleanup();
    void originKinds_data();
    void originKinds();
    void originPatterns_data();
    void originPatterns();
    void originOfUrl_data();
    void originOfUrl();
    void refusalFixes_data();
    void refusalFixes();
    void registeredSchemesAreLocal();
    void addLocalScheme_data();
    void addLocalScheme();
    void originAnswersFollowChanges();
    void subframeSyncIsCheckedAgainstItsFrame();
    void messagesAreHeldUntilHello();
    void replyForEndedDocumentIsDropped();
    void unexpectedDocumentIsRefused();
    void randomInputNeverCrashes();
};

void tst_IpcMain::listenersAreConnections()
{
    IpcMain ipc;
    Endpoint page(&ipc);
    page.hello();
    QStringList calls;
    QObject context;
    const auto first =
            ipc.on(QStringLiteral("ch"), &context, [&]() { calls << QStringLiteral("on"); });
    ipc.once(QStringLiteral("ch"), &context, [&]() { calls << QStringLiteral("once"); });
    QVERIFY(first);
    // A plain Qt connection to the channel's signal is a listener too.
    connect(ipc.channel(QStringLiteral("ch")), &WebIpc::IpcChannel::message, this,
            [&](const IpcMainEvent &event, const QVariantList &args) {
                calls << QStringLiteral("direct:") + args.value(0).toString();
                QCOMPARE(event.channel(), QStringLiteral("ch"));
            });
    QCOMPARE(ipc.listenerCount(QStringLiteral("ch")), 3);
    QCOMPARE(ipc.eventNames(), QStringList{QStringLiteral("ch")});

    page.send(QStringLiteral("ch"), QJsonArray{"x"});
    page.send(QStringLiteral("ch"), QJsonArray{"y"});
    QCOMPARE(calls,
             (QStringList{QStringLiteral("on"), QStringLiteral("once"), QStringLiteral("direct:x"),
                          QStringLiteral("on"), QStringLiteral("direct:y")}));
    QVERIFY(ipc.removeListener(QStringLiteral("ch"), first));
    QCOMPARE(ipc.listenerCount(QStringLiteral("ch")), 1);
    QVERIFY(ipc.removeListener(QStringLiteral("ch"), this));
    QCOMPARE(ipc.listenerCount(QStringLiteral("ch")), 0);
    QCOMPARE(ipc.eventNames(), QStringList());

    // Destroying the context removes its listeners.
    {
        QObject shortLived;
        ipc.on(QStringLiteral("gone"), &shortLived, []() {});
        QCOMPARE(ipc.listenerCount(QStringLiteral("gone")), 1);
    }
    QCOMPARE(ipc.listenerCount(QStringLiteral("gone")), 0);
}

void tst_IpcMain::removeAllListeners()
{
    IpcMain ipc;
    ipc.on(QStringLiteral("channel1"), this, []() {});
    ipc.on(QStringLiteral("channel1"), this, []() {});
    ipc.on(QStringLiteral("channel2"), this, []() {});
    ipc.handle(QStringLiteral("channel1"), []() { return 1; });
    QCOMPARE(ipc.eventNames(),
             (QStringList{QStringLiteral("channel1"), QStringLiteral("channel2")}));
    ipc.removeAllListeners(QStringLiteral("channel1")); // B10
    QCOMPARE(ipc.eventNames(), QStringList{QStringLiteral("channel2")});
    ipc.removeAllListeners();
    QCOMPARE(ipc.eventNames(), QStringList());
    QVERIFY(ipc.hasHandler(QStringLiteral("channel1"))); // handlers are separate (B7)
}

namespace {
class Receiver : public QObject
{
public:
    int onMessage(const IpcMainEvent &, const QVariantList &args)
    {
        received = args;
        return 0;
    }
    QString name(const IpcMainInvokeEvent &event)
    {
        return QStringLiteral("from ") + event.channel();
    }
    QVariantList received;
};
} // namespace

void tst_IpcMain::memberFunctionsAsListenersAndHandlers()
{
    IpcMain ipc;
    Endpoint page(&ipc);
    page.hello();
    Receiver receiver;
    ipc.on(QStringLiteral("m"), &receiver, &Receiver::onMessage);
    ipc.handle(QStringLiteral("n"), &receiver, &Receiver::name);
    Deliveries delivered(page.d->bridge);
    page.send(QStringLiteral("m"), QJsonArray{1, "two"});
    QCOMPARE(receiver.received, (QVariantList{1, QStringLiteral("two")}));
    page.invoke(QStringLiteral("n"), {}, 5);
    QTRY_COMPARE(page.delivered(delivered), QJsonArray{reply(5, true, QStringLiteral("from n"))});
}

namespace {
class ThrowingReceiver : public QObject
{
public:
    void onMessage(const QVariantList &args)
    {
        throw std::runtime_error("failed on " + args.value(0).toString().toStdString());
    }
};
} // namespace

void tst_IpcMain::throwingMemberFunctionDoesNotStopOthers()
{
    IpcMain ipc;
    Endpoint page(&ipc);
    page.hello();
    ThrowingReceiver receiver;
    QStringList calls;
    ipc.on(QStringLiteral("m"), &receiver, &ThrowingReceiver::onMessage);
    ipc.once(QStringLiteral("m"), &receiver, &ThrowingReceiver::onMessage);
    ipc.on(QStringLiteral("m"), this,
           [&](const QVariantList &args) { calls << args.value(0).toString(); });
    QTest::ignoreMessage(QtWarningMsg, "Error occurred in listener for m : Error: failed on x");
    QTest::ignoreMessage(QtWarningMsg, "Error occurred in listener for m : Error: failed on x");
    page.send(QStringLiteral("m"), QJsonArray{"x"});
    QTest::ignoreMessage(QtWarningMsg, "Error occurred in listener for m : Error: failed on y");
    page.send(QStringLiteral("m"), QJsonArray{"y"});
    QCOMPARE(calls, (QStringList{QStringLiteral("x"), QStringLiteral("y")}));

    // A member function without its object is refused, not called on nullptr.
    QTest::ignoreMessage(QtWarningMsg, "A member function listening on 'm' needs its object");
    QVERIFY(!ipc.on(QStringLiteral("m"), static_cast<ThrowingReceiver *>(nullptr),
                    &ThrowingReceiver::onMessage));
    QCOMPARE(ipc.listenerCount(QStringLiteral("m")), 2);
    QTest::ignoreMessage(QtWarningMsg, "A member function handling 'h' needs its object");
    QVERIFY(!ipc.handle(QStringLiteral("h"), static_cast<Receiver *>(nullptr), &Receiver::name));
    QVERIFY(!ipc.hasHandler(QStringLiteral("h")));
}

// Electron's listeners are a Node EventEmitter: a message goes to the listeners there were
// when it came, whatever they do to the list meanwhile.
void tst_IpcMain::listenersAsTheyWereWhenTheMessageCame()
{
    IpcMain ipc;
    Endpoint page(&ipc);
    page.hello();
    const QString ch = QStringLiteral("ch");
    QStringList calls;
    QMetaObject::Connection second, third, fourth, fifth;
    ipc.on(ch, this, [&](const QVariantList &args) {
        const QString message = args.value(0).toString();
        calls << QStringLiteral("first:") + message;
        if (message != QLatin1String("x"))
            return;
        // Every way of removing a listener, and a new one.
        ipc.removeListener(ch, second);
        QObject::disconnect(third);
        ipc.removeListener(ch, fourth);
        ipc.removeListener(ch, fifth);
        ipc.on(ch, this, [&](const QVariantList &args) {
            calls << QStringLiteral("added:") + args.value(0).toString();
        });
    });
    second = ipc.on(ch, this, [&](const QVariantList &args) {
        calls << QStringLiteral("second:") + args.value(0).toString();
    });
    third = ipc.on(ch, [&](const QVariantList &args) {
        calls << QStringLiteral("third:") + args.value(0).toString();
    });
    fourth = ipc.once(ch, this, [&](const QVariantList &args) {
        calls << QStringLiteral("fourth:") + args.value(0).toString();
    });
    QObject fifthContext;
    fifth = ipc.on(ch, &fifthContext, [&](const QVariantList &args) {
        calls << QStringLiteral("fifth:") + args.value(0).toString();
    });
    QCOMPARE(ipc.listenerCount(ch), 5);

    page.send(ch, QJsonArray{"x"});
    QCOMPARE(calls,
             (QStringList{QStringLiteral("first:x"), QStringLiteral("second:x"),
                          QStringLiteral("third:x"), QStringLiteral("fourth:x"),
                          QStringLiteral("fifth:x")}));
    QCOMPARE(ipc.listenerCount(ch), 2);
    calls.clear();
    page.send(ch, QJsonArray{"y"});
    QCOMPARE(calls, (QStringList{QStringLiteral("first:y"), QStringLiteral("added:y")}));
}

void tst_IpcMain::removedListenerWithoutContextObjectDoesNotRun()
{
    IpcMain ipc;
    Endpoint page(&ipc);
    page.hello();
    const QString ch = QStringLiteral("ch");
    QStringList calls;
    auto context = std::make_unique<QObject>();
    ipc.on(ch, this, [&]() {
        calls << QStringLiteral("first");
        context.reset(); // its listener cannot run any more: it may use the context
    });
    ipc.on(ch, context.get(), [&]() { calls << QStringLiteral("second"); });
    ipc.on(ch, this, [&]() { calls << QStringLiteral("third"); });
    page.send(ch, QJsonArray{});
    QCOMPARE(calls, (QStringList{QStringLiteral("first"), QStringLiteral("third")}));
}

void tst_IpcMain::listenersWithoutContext()
{
    IpcMain ipc;
    Endpoint page(&ipc);
    page.hello();
    QStringList calls;
    const auto on =
            ipc.on(QStringLiteral("n"), [&](const IpcMainEvent &event, const QVariantList &args) {
                calls << event.channel() + QLatin1Char(':') + args.value(0).toString();
            });
    ipc.once(QStringLiteral("n"), [&]() { calls << QStringLiteral("once"); });
    ipc.on(QStringLiteral("n"), []() { throw std::runtime_error("thrown"); });
    QVERIFY(on);
    QCOMPARE(ipc.listenerCount(QStringLiteral("n")), 3);
    QTest::ignoreMessage(QtWarningMsg, "Error occurred in listener for n : Error: thrown");
    page.send(QStringLiteral("n"), QJsonArray{1});
    QTest::ignoreMessage(QtWarningMsg, "Error occurred in listener for n : Error: thrown");
    page.send(QStringLiteral("n"), QJsonArray{2});
    QCOMPARE(calls,
             (QStringList{QStringLiteral("n:1"), QStringLiteral("once"), QStringLiteral("n:2")}));
    QVERIFY(ipc.removeListener(QStringLiteral("n"), on));
    QCOMPARE(ipc.listenerCount(QStringLiteral("n")), 1);
}

void tst_IpcMain::secondHandlerIsRefused()
{
    IpcMain ipc;
    QVERIFY(ipc.handle(QStringLiteral("x"), []() { return 1; }));
    QTest::ignoreMessage(QtWarningMsg, "Attempted to register a second handler for 'x'"); // B1
    QVERIFY(!ipc.handle(QStringLiteral("x"), []() { return 2; }));
    QTest::ignoreMessage(QtWarningMsg, "Attempted to register a second handler for 'x'"); // B6
    QVERIFY(!ipc.handleOnce(QStringLiteral("x"), []() { return 2; }));
    ipc.removeHandler(QStringLiteral("x"));
    QVERIFY(ipc.handleOnce(QStringLiteral("x"), []() { return 3; }));
}

// An application filters WebIpc's categories in code, through the installed header.
void tst_IpcMain::loggingCategoriesAreApi()
{
    QCOMPARE(QByteArray(WebIpc::lcMain().categoryName()), QByteArray("webipc.main"));
    QCOMPARE(QByteArray(WebIpc::lcProtocol().categoryName()), QByteArray("webipc.protocol"));
    QCOMPARE(QByteArray(WebIpc::lcTraffic().categoryName()), QByteArray("webipc.traffic"));
    QVERIFY(WebIpc::lcMain().isWarningEnabled());
    QVERIFY(!WebIpc::lcTraffic().isDebugEnabled());

    IpcMain ipc;
    ipc.handle(QStringLiteral("twice"), []() {});
    QTest::ignoreMessage(QtWarningMsg, "Attempted to register a second handler for 'twice'");
    QVERIFY(!ipc.handle(QStringLiteral("twice"), []() {}));
    auto &category = const_cast<QLoggingCategory &>(WebIpc::lcMain());
    category.setEnabled(QtWarningMsg, false);
    QTest::failOnWarning(QRegularExpression(QStringLiteral("second handler")));
    QVERIFY(!ipc.handle(QStringLiteral("twice"), []() {}));
    category.setEnabled(QtWarningMsg, true);
}

void tst_IpcMain::handlerGoesWithItsContext()
{
    IpcMain ipc;
    auto context = std::make_unique<QObject>();
    QVERIFY(ipc.handle(QStringLiteral("scoped"), context.get(), []() { return 1; }));
    QVERIFY(ipc.hasHandler(QStringLiteral("scoped")));
    context.reset();
    QVERIFY(!ipc.hasHandler(QStringLiteral("scoped")));
    QVERIFY(ipc.handle(QStringLiteral("scoped"), []() { return 2; }));
}

void tst_IpcMain::invokeRepliesThroughDeliver()
{
    IpcMain ipc;
    Endpoint page(&ipc);
    page.hello();
    ipc.handle(QStringLiteral("add"), [](const QVariantList &args) {
        return args.value(0).toDouble() + args.value(1).toDouble();
    });
    ipc.handle(QStringLiteral("fail"), []() -> int {
        throw WebIpc::HandlerError(QStringLiteral("RangeError"), QStringLiteral("too big"));
    });
    Deliveries delivered(page.d->bridge);
    QTest::ignoreMessage(QtWarningMsg, "Error occurred in handler for 'fail': RangeError: too big");
    QTest::ignoreMessage(QtWarningMsg,
                         qPrintable(QStringLiteral("WebContents #%1: No handler registered for "
                                                   "'none'")
                                            .arg(page.contents->id())));
    // One batch from the page (one task's calls)...
    page.post(QJsonArray{QJsonArray{1, ++page.seq, "add", QJsonArray{1, 2.5}, 1},
                         QJsonArray{1, ++page.seq, "fail", QJsonArray{}, 2},
                         QJsonArray{1, ++page.seq, "none", QJsonArray{}, 3}});
    // ... answered at once, in one batch, in order, addressed to the document that asked.
    QCOMPARE(delivered.batches.size(), 1);
    QCOMPARE(delivered.batches.first().documentId, Doc);
    QCOMPARE(
            page.delivered(delivered),
            (QJsonArray{
                    reply(1, true, 3.5),
                    // The Error's name travels too (beyond Electron: the page's Error has it).
                    QJsonArray{1, 2, false, QStringLiteral("RangeError: too big"),
                               QJsonObject{{QStringLiteral("name"), QStringLiteral("RangeError")}}},
                    reply(3, false, QStringLiteral("Error: No handler registered for 'none'"))}));
}

void tst_IpcMain::futureFinishedInAnotherThread()
{
    IpcMain ipc;
    Endpoint page(&ipc);
    page.hello();
    std::thread worker;
    ipc.handle(QStringLiteral("work"), [&worker](const QVariantList &args) {
        auto promise = std::make_shared<QPromise<QString>>();
        QFuture<QString> future = promise->future();
        promise->start();
        const QString input = args.value(0).toString();
        worker = std::thread([promise, input]() {
            promise->addResult(input.toUpper());
            promise->finish();
        });
        return future;
    });
    Deliveries delivered(page.d->bridge);
    page.invoke(QStringLiteral("work"), QJsonArray{"done"}, 9);
    QTRY_COMPARE(page.delivered(delivered), QJsonArray{reply(9, true, QStringLiteral("DONE"))});
    worker.join();
}

void tst_IpcMain::sendSyncAnswers()
{
    IpcMain ipc;
    Endpoint page(&ipc);
    page.hello();
    ipc.on(QStringLiteral("echo"), this, [](const IpcMainEvent &event, const QVariantList &args) {
        event.setReturnValue(args.value(0));
        event.setReturnValue(QStringLiteral("ignored")); // the first value wins
    });
    QCOMPARE(page.sendSync(QStringLiteral("echo"), QJsonArray{"hi"}), QByteArray("[true,\"hi\"]"));
    QCOMPARE(page.status, 200);
    QTest::ignoreMessage(QtWarningMsg,
                         qPrintable(QStringLiteral("WebContents #%1 called ipcRenderer.sendSync() "
                                                   "with 'nobody' channel without listeners.")
                                            .arg(page.contents->id())));
    QCOMPARE(page.sendSync(QStringLiteral("nobody"), {}),
             QByteArray("[true,{\"error\":\"reply was never sent\"}]"));
}

void tst_IpcMain::sendSyncAnsweredFromAnotherThread()
{
    IpcMain ipc;
    Endpoint page(&ipc);
    page.hello();
    std::thread worker;
    ipc.on(QStringLiteral("threaded"), this, [&worker](const IpcMainEvent &event) {
        worker = std::thread([event]() { event.setReturnValue(42); });
    });
    page.sendSync(QStringLiteral("threaded"), {});
    QTRY_COMPARE(page.answer, QByteArray("[true,42]"));
    worker.join();
}

void tst_IpcMain::sendSyncTimesOut()
{
    IpcMain ipc;
    ipc.setSyncReplyTimeout(std::chrono::milliseconds(50));
    Endpoint page(&ipc);
    page.hello();
    IpcMainEvent kept;
    ipc.on(QStringLiteral("keep"), this, [&kept](const IpcMainEvent &event) { kept = event; });
    page.sendSync(QStringLiteral("keep"), {});
    QVERIFY(page.answer.isEmpty()); // still waiting: the event is kept
    // Issue 16: the log says which call timed out, and after how long.
    QTest::ignoreMessage(QtWarningMsg,
                         qPrintable(QStringLiteral("WebContents #%1: ipcRenderer.sendSync('keep') "
                                                   "timed out after 50 ms: no listener set "
                                                   "event.returnValue (see "
                                                   "IpcMain::setSyncReplyTimeout)")
                                            .arg(page.contents->id())));
    QTRY_COMPARE(page.answer, QByteArray("[true,{\"error\":\"reply was never sent\"}]"));
    kept.setReturnValue(1); // too late: ignored
}

void tst_IpcMain::sendSyncWaitsForEarlierMessages()
{
    IpcMain ipc;
    Endpoint page(&ipc);
    page.hello();
    QStringList order;
    ipc.on(QStringLiteral("a"), this, [&](const IpcMainEvent &event, const QVariantList &args) {
        order << args.value(0).toString();
        if (event.isSync())
            event.setReturnValue(true);
    });
    // Message 2 went over the channel, but the sync request (3) arrives first.
    const int asyncSeq = ++page.seq;
    page.sendSync(QStringLiteral("a"), QJsonArray{"sync"}, asyncSeq);
    QVERIFY(page.answer.isEmpty());
    QVERIFY(order.isEmpty());
    page.post(QJsonArray{QJsonArray{0, asyncSeq, "a", QJsonArray{"async"}}});
    QCOMPARE(order, (QStringList{QStringLiteral("async"), QStringLiteral("sync")}));
    QCOMPARE(page.answer, QByteArray("[true,true]"));
    // Messages queued before the channel was ready travel inside the sync request, first.
    order.clear();
    const int queued = ++page.seq;
    page.sendSync(QStringLiteral("a"), QJsonArray{"second"}, queued - 1,
                  QJsonArray{QJsonArray{0, queued, "a", QJsonArray{"first"}}});
    QCOMPARE(order, (QStringList{QStringLiteral("first"), QStringLiteral("second")}));
}

void tst_IpcMain::sendSyncRefusesWrongSecret()
{
    IpcMain ipc;
    Endpoint page(&ipc);
    page.hello();
    int calls = 0;
    ipc.on(QStringLiteral("a"), this, [&]() { ++calls; });
    const QJsonObject forged{
            {QStringLiteral("doc"), Doc},
            {QStringLiteral("after"), 0},
            {QStringLiteral("messages"), QJsonArray{QJsonArray{2, 99, "a", QJsonArray{}}}}};
    int status = 0;
    QByteArray body;
    const auto respond = [&](int s, const QByteArray &b) {
        status = s;
        body = b;
    };
    // No key, or one that is too short: refused at once.
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("malformed sendSync request")));
    WebContentsPrivate::handleSyncRequest(syncRequest(forged, "guess"), respond);
    QCOMPARE(status, 403);
    // A key no document announced waits a moment for its hello, then is refused.
    status = 0;
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("request of an unknown document")));
    WebContentsPrivate::handleSyncRequest(syncRequest(forged, QByteArray(32, 'a')), respond);
    QCOMPARE(status, 0);
    QTRY_COMPARE(status, 200);
    QVERIFY(body.startsWith("[false,\"sendSync failed: "));
    // The right key from a page of another origin is refused too.
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("refused a sendSync request from")));
    WebContentsPrivate::handleSyncRequest(
            syncRequest(forged, Key, QUrl(QStringLiteral("https://evil.example"))), respond);
    QCOMPARE(status, 403);
    QCOMPARE(calls, 0);
    // And a key is void once its document is gone.
    page.d->documentLost();
    status = 0;
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("request of an unknown document")));
    WebContentsPrivate::handleSyncRequest(syncRequest(forged, Key, QUrl(QStringLiteral("qrc:"))),
                                          respond);
    QTRY_COMPARE(status, 200);
    QVERIFY(body.startsWith("[false,"));
    QCOMPARE(calls, 0);
}

void tst_IpcMain::cleanup()
{
    // The scheme registry is process-wide: each test starts without one.
    OriginPolicy::setRegisteredSchemePredicate(nullptr);
    for (const char *scheme : {"app", "pages", "myapp", "MyApp2"})
        OriginPolicy::removeLocalScheme(QString::fromLatin1(scheme));
    registeredSchemes.clear();
    askedSchemes.clear();
}

void tst_IpcMain::originKinds_data()
{
    QTest::addColumn<QString>("origin");
    QTest::addColumn<OriginPolicy::Kind>("kind");
    const auto Local = OriginPolicy::Kind::Local;
    const auto Remote = OriginPolicy::Kind::Remote;
    const auto Opaque = OriginPolicy::Kind::Opaque;
    // Origins as Chromium serializes them (measured on Qt 6.4.2).
    QTest::newRow("qrc") << "qrc:" << Local;
    QTest::newRow("qrc, old spelling") << "qrc://" << Local;
    QTest::newRow("QRC") << "QRC:" << Local;
    QTest::newRow("file") << "file://" << Local;
    QTest::newRow("file:") << "file:" << Local;
    QTest::newRow("registered, path syntax") << "app:" << Local;
    QTest::newRow("registered, host syntax") << "pages://ui" << Local;
    QTest::newRow("registered, host and port") << "pages://ui:8080" << Local;
    QTest::newRow("named by the application") << "myapp:" << Local;
    QTest::newRow("https") << "https://example.com" << Remote;
    QTest::newRow("HTTP") << "HTTP://example.com" << Remote;
    QTest::newRow("http with port") << "http://127.0.0.1:8765" << Remote;
    QTest::newRow("http ipv6") << "http://[::1]:8765" << Remote;
    QTest::newRow("ws") << "ws://example.com" << Remote;
    QTest::newRow("wss") << "wss://example.com" << Remote;
    QTest::newRow("ftp") << "ftp://example.com" << Remote;
    // Not every scheme that is not a network scheme is the application's.
    QTest::newRow("unregistered scheme") << "other:" << Remote;
    QTest::newRow("unregistered host scheme") << "other://host" << Remote;
    QTest::newRow("chrome-error") << "chrome-error://chromewebdata" << Remote;
    QTest::newRow("webipc") << "webipc:" << Remote;
    QTest::newRow("webipc-local") << "webipc-local:" << Remote;
    QTest::newRow("WebIpc") << "WebIpc:" << Remote;
    // Opaque: never local.
    QTest::newRow("null") << "null" << Opaque;
    QTest::newRow("NULL") << "NULL" << Opaque;
    QTest::newRow("empty") << "" << Opaque;
    QTest::newRow("colon") << ":" << Opaque;
    QTest::newRow("no scheme") << "//example.com" << Opaque;
    QTest::newRow("bad scheme") << "1app:" << Opaque;
    QTest::newRow("space") << " qrc:" << Opaque;
    QTest::newRow("blob") << "blob:" << Opaque;
    QTest::newRow("blob of app") << "blob:app:" << Opaque;
    QTest::newRow("blob url") << "blob:app:/0123" << Opaque;
    QTest::newRow("about") << "about:" << Opaque;
    QTest::newRow("data") << "data:" << Opaque;
    QTest::newRow("javascript") << "javascript:" << Opaque;
    QTest::newRow("filesystem") << "filesystem:" << Opaque;
    QTest::newRow("a URL, not an origin") << "app:/x.html" << Opaque;
    QTest::newRow("a path after the host") << "qrc:///x.html" << Opaque;
    QTest::newRow("https with a path") << "https://example.com/" << Opaque;
    QTest::newRow("user info") << "https://a@example.com" << Opaque;
    QTest::newRow("bad port") << "https://example.com:x" << Opaque;
    QTest::newRow("port too big") << "https://example.com:65536" << Opaque;
    QTest::newRow("empty port") << "https://example.com:" << Opaque;
    QTest::newRow("wildcard is no origin") << "https://*.example.com" << Opaque;
}

void tst_IpcMain::originKinds()
{
    QFETCH(QString, origin);
    QFETCH(OriginPolicy::Kind, kind);
    registeredSchemes = QStringList{QStringLiteral("app"), QStringLiteral("pages"),
                                    QStringLiteral("webipc"), QStringLiteral("https")};
    OriginPolicy::setRegisteredSchemePredicate(&fakeRegistered);
    QVERIFY(IpcMain::addLocalScheme(QStringLiteral("myapp")));
    QCOMPARE(OriginPolicy::classify(origin), kind);
    IpcMain ipc; // "local" is the default
    QCOMPARE(ipc.isOriginAllowed(origin, QStringLiteral("x")), kind == OriginPolicy::Kind::Local);
    // Only "*" lets an opaque origin in.
    ipc.setAllowedOrigins({QStringLiteral("*")});
    QVERIFY(ipc.isOriginAllowed(origin, QStringLiteral("x")));
    ipc.setAllowedOrigins({QStringLiteral("null"), origin});
    QCOMPARE(ipc.isOriginAllowed(origin, QStringLiteral("x")), kind != OriginPolicy::Kind::Opaque);
    // WebIpc's own and the network schemes are never asked about.
    for (const QString &asked : std::as_const(askedSchemes)) {
        QVERIFY2(!asked.startsWith(QLatin1String("webipc")), qPrintable(asked));
        QVERIFY2(!asked.startsWith(QLatin1String("http")), qPrintable(asked));
    }
}

void tst_IpcMain::originPatterns_data()
{
    QTest::addColumn<QStringList>("patterns");
    QTest::addColumn<QString>("origin");
    QTest::addColumn<bool>("allowed");
    const QStringList local{QStringLiteral("local")};
    QTest::newRow("qrc is local") << local << "qrc:" << true;
    QTest::newRow("file is local") << local << "file://" << true;
    QTest::newRow("opaque is not local") << local << "null" << false;
    QTest::newRow("unregistered scheme is not local") << local << "app:" << false;
    QTest::newRow("https is remote") << local << "https://example.com" << false;
    QTest::newRow("HTTP is remote") << local << "HTTP://example.com" << false;
    QTest::newRow("ws is remote") << local << "ws://example.com" << false;
    const QStringList site{QStringLiteral("https://example.com"),
                           QStringLiteral("https://*.example.org")};
    QTest::newRow("exact origin") << site << "https://example.com" << true;
    QTest::newRow("exact, other case") << site << "HTTPS://Example.COM" << true;
    QTest::newRow("exact, default port") << site << "https://example.com:443" << true;
    QTest::newRow("other port") << site << "https://example.com:8443" << false;
    QTest::newRow("other scheme") << site << "http://example.com" << false;
    QTest::newRow("longer host") << site << "https://example.com.evil.net" << false;
    QTest::newRow("a URL, not an origin") << site << "https://example.com/x" << false;
    QTest::newRow("subdomain") << site << "https://a.b.example.org" << true;
    QTest::newRow("subdomain, other case") << site << "https://A.Example.ORG" << true;
    QTest::newRow("not the domain itself") << site << "https://example.org" << false;
    QTest::newRow("not an empty label") << site << "https://.example.org" << false;
    QTest::newRow("suffix trick") << site << "https://evilexample.org" << false;
    QTest::newRow("suffix in the middle")
            << site << "https://evil.com.example.org.attacker.net" << false;
    QTest::newRow("subdomain, other port") << site << "https://a.example.org:8443" << false;
    QTest::newRow("subdomain, default port") << site << "https://a.example.org:443" << true;
    QTest::newRow("subdomain, other scheme") << site << "http://a.example.org" << false;
    QTest::newRow("local not included") << site << "qrc:" << false;
    QTest::newRow("opaque not included") << site << "null" << false;
    const QStringList ports{QStringLiteral("http://localhost:*"),
                            QStringLiteral("https://*.example.net:8443"),
                            QStringLiteral("http://127.0.0.1:8765")};
    QTest::newRow("any port") << ports << "http://localhost:5173" << true;
    QTest::newRow("any port, the default") << ports << "http://localhost" << true;
    QTest::newRow("any port, other host") << ports << "http://localhost.evil:5173" << false;
    QTest::newRow("subdomains on a port") << ports << "https://a.example.net:8443" << true;
    QTest::newRow("subdomains, not the default port") << ports << "https://a.example.net" << false;
    QTest::newRow("ip and port") << ports << "http://127.0.0.1:8765" << true;
    QTest::newRow("ip, other port") << ports << "http://127.0.0.1:8766" << false;
    const QStringList http80{QStringLiteral("http://example.com:80")};
    QTest::newRow("default port spelled out") << http80 << "http://example.com" << true;
    const QStringList paths{QStringLiteral("qrc://"), QStringLiteral("app:"),
                            QStringLiteral("file:")};
    QTest::newRow("qrc:// is qrc:") << paths << "qrc:" << true;
    QTest::newRow("app: exact") << paths << "app:" << true;
    QTest::newRow("app: is not app://host") << paths << "app://host" << false;
    QTest::newRow("file: is file://") << paths << "file://" << true;
    QTest::newRow("other path scheme") << paths << "other:" << false;
    const QStringList bad{QStringLiteral("null"),
                          QStringLiteral("https://*"),
                          QStringLiteral("https://a*.example.com"),
                          QStringLiteral("https://*."),
                          QStringLiteral("example.com"),
                          QStringLiteral("https://example.com/"),
                          QStringLiteral(""),
                          QStringLiteral("blob:")};
    QTest::newRow("null pattern") << bad << "null" << false;
    QTest::newRow("bad patterns, https") << bad << "https://a.example.com" << false;
    QTest::newRow("bad patterns, bare") << bad << "example.com" << false;
    QTest::newRow("bad patterns, empty") << bad << "" << false;
    QTest::newRow("bad patterns, blob") << bad << "blob:" << false;
    QTest::newRow("everything") << QStringList{QStringLiteral("*")} << "https://any.where" << true;
    QTest::newRow("everything, opaque") << QStringList{QStringLiteral("*")} << "null" << true;
}

void tst_IpcMain::originPatterns()
{
    QFETCH(QStringList, patterns);
    QFETCH(QString, origin);
    QFETCH(bool, allowed);
    IpcMain ipc;
    QVERIFY(ipc.isOriginAllowed(QStringLiteral("qrc:"), QStringLiteral("x"))); // the default
    QVERIFY(!ipc.isOriginAllowed(QStringLiteral("null"), QStringLiteral("x")));
    ipc.setAllowedOrigins(patterns);
    QCOMPARE(ipc.isOriginAllowed(origin, QStringLiteral("x")), allowed);
    // A channel's own rule decides for it alone.
    ipc.setChannelAllowedOrigins(QStringLiteral("open"), {QStringLiteral("*")});
    QVERIFY(ipc.isOriginAllowed(origin, QStringLiteral("open")));
    QCOMPARE(ipc.isOriginAllowed(origin, QStringLiteral("x")), allowed);
    ipc.setChannelAllowedOrigins(QStringLiteral("open"), {});
    QCOMPARE(ipc.isOriginAllowed(origin, QStringLiteral("open")), allowed);
}

void tst_IpcMain::originOfUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("origin");
    QTest::newRow("https") << "https://example.com/a/b?c#d"
                           << "https://example.com";
    QTest::newRow("https, default port") << "https://example.com:443/"
                                         << "https://example.com";
    QTest::newRow("https, port") << "https://example.com:8443/"
                                 << "https://example.com:8443";
    QTest::newRow("http, default port") << "http://h:80/x"
                                        << "http://h";
    QTest::newRow("http, port") << "http://127.0.0.1:8765/x"
                                << "http://127.0.0.1:8765";
    QTest::newRow("http, 443") << "http://h:443/"
                               << "http://h:443";
    QTest::newRow("ws, default port") << "ws://h:80/"
                                      << "ws://h";
    QTest::newRow("wss, default port") << "wss://h:443/"
                                       << "wss://h";
    QTest::newRow("upper case") << "HTTPS://EXAMPLE.com/"
                                << "https://example.com";
    QTest::newRow("user info") << "https://u:p@example.com/"
                               << "https://example.com";
    QTest::newRow("ipv6") << "http://[::1]:8080/"
                          << "http://[::1]:8080";
    QTest::newRow("idn") << "https://bücher.example/"
                         << "https://xn--bcher-kva.example";
    QTest::newRow("http without host") << "http:/x"
                                       << "null";
    QTest::newRow("file") << "file:///tmp/p.html"
                          << "file://";
    QTest::newRow("file with host") << "file://server/share/p.html"
                                    << "file://";
    QTest::newRow("qrc") << "qrc:/x.html"
                         << "qrc:";
    QTest::newRow("qrc, empty authority") << "qrc:///x.html"
                                          << "qrc:";
    QTest::newRow("path scheme") << "app:/x.html"
                                 << "app:";
    QTest::newRow("host scheme") << "app://pages/x.html"
                                 << "app://pages";
    QTest::newRow("host scheme, port") << "app://pages:99/x.html"
                                       << "app://pages:99";
    QTest::newRow("blob of https") << "blob:https://h/0123-4567"
                                   << "https://h";
    QTest::newRow("blob of https, port") << "blob:https://h:8443/0123"
                                         << "https://h:8443";
    QTest::newRow("blob of app") << "blob:app:/0123-4567"
                                 << "app:";
    QTest::newRow("blob of file") << "blob:file:///0123"
                                  << "file://";
    QTest::newRow("blob of null") << "blob:null/0123"
                                  << "null";
    QTest::newRow("blob of blob") << "blob:blob:https://h/0123"
                                  << "null";
    QTest::newRow("blob of data") << "blob:data:text/html,x"
                                  << "null";
    QTest::newRow("filesystem") << "filesystem:https://h/temporary/x"
                                << "https://h";
    QTest::newRow("data") << "data:text/html,<p>x"
                          << "null";
    QTest::newRow("about:blank") << "about:blank"
                                 << "null";
    QTest::newRow("about:srcdoc") << "about:srcdoc"
                                  << "null";
    QTest::newRow("javascript") << "javascript:alert(1)"
                                << "null";
    QTest::newRow("no scheme") << "x.html"
                               << "null";
    QTest::newRow("empty") << ""
                           << "null";
    QTest::newRow("invalid") << "http://exa mple.com/"
                             << "null";
}

void tst_IpcMain::originOfUrl()
{
    QFETCH(QString, url);
    QFETCH(QString, origin);
    QCOMPARE(WebIpc::FrameInfo::originOf(QUrl(url)), origin);
    QCOMPARE(WebIpc::FrameInfo(QUrl(url), 0, 0, true).origin(), origin);
    // An origin is its own origin, as a URL: what a sync request's initiator() gives.
    QCOMPARE(WebIpc::FrameInfo::originOf(QUrl(origin)), origin);
}

void tst_IpcMain::registeredSchemesAreLocal()
{
    IpcMain ipc;
    QVERIFY(!ipc.isOriginAllowed(QStringLiteral("app:"), QStringLiteral("x")));
    registeredSchemes = QStringList{QStringLiteral("app")};
    OriginPolicy::setRegisteredSchemePredicate(&fakeRegistered);
    QVERIFY(ipc.isOriginAllowed(QStringLiteral("app:"), QStringLiteral("x")));
    QVERIFY(ipc.isOriginAllowed(QStringLiteral("APP://host"), QStringLiteral("x")));
    QVERIFY(!ipc.isOriginAllowed(QStringLiteral("other:"), QStringLiteral("x")));
    QVERIFY(!ipc.isOriginAllowed(QStringLiteral("other:"), QStringLiteral("x")));
    // Asked once per scheme, in lower case; the answer is kept.
    QCOMPARE(askedSchemes, (QStringList{QStringLiteral("app"), QStringLiteral("other")}));
    registeredSchemes.clear();
    QVERIFY(ipc.isOriginAllowed(QStringLiteral("app:"), QStringLiteral("x")));
    QCOMPARE(askedSchemes.size(), 2);
    // qrc: and file: need no asking; opaque, network and WebIpc schemes are never asked about.
    for (const char *origin :
         {"qrc:", "file://", "null", "blob:", "https://h", "webipc:", "webipc-local:"})
        ipc.isOriginAllowed(QString::fromLatin1(origin), QStringLiteral("x"));
    QCOMPARE(askedSchemes.size(), 2);
    // A new predicate forgets the old one's answers.
    OriginPolicy::setRegisteredSchemePredicate(&fakeRegistered);
    QVERIFY(!ipc.isOriginAllowed(QStringLiteral("app:"), QStringLiteral("x")));
    OriginPolicy::setRegisteredSchemePredicate(nullptr);
    registeredSchemes = QStringList{QStringLiteral("app")};
    QVERIFY(!ipc.isOriginAllowed(QStringLiteral("app:"), QStringLiteral("x")));
    QCOMPARE(askedSchemes.size(), 3);
}

void tst_IpcMain::addLocalScheme_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<bool>("added");
    QTest::addColumn<QString>("origin");
    QTest::newRow("path scheme") << "myapp" << true << "myapp:";
    QTest::newRow("host scheme") << "myapp" << true << "myapp://ui:1234";
    QTest::newRow("any case") << "MyApp2" << true << "myapp2:";
    QTest::newRow("already local") << "qrc" << true << "qrc:";
    for (const char *refused : {"http", "HTTPS", "ws", "wss", "ftp", "blob", "about", "data",
                                "javascript", "filesystem", "webipc", "webipc-local"}) {
        QTest::addRow("%s", refused)
                << QString::fromLatin1(refused) << false
                << QString::fromLatin1(refused).toLower() + QLatin1String("://h");
    }
    QTest::newRow("not a scheme") << "my app" << false << "my app:";
    QTest::newRow("with a colon") << "myapp:" << false << "myapp:";
    QTest::newRow("empty") << "" << false << "";
    QTest::newRow("null") << "null" << true << "null";
}

void tst_IpcMain::addLocalScheme()
{
    QFETCH(QString, scheme);
    QFETCH(bool, added);
    QFETCH(QString, origin);
    if (!added)
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("as a local scheme")));
    QCOMPARE(IpcMain::addLocalScheme(scheme), added);
    IpcMain ipc;
    // "null" is a valid scheme name, but an origin "null" is opaque, never local.
    const bool local = added && origin != QLatin1String("null");
    QCOMPARE(ipc.isOriginAllowed(origin, QStringLiteral("x")), local);
    // Process-wide: every IpcMain, the ones already made too.
    IpcMain other;
    QCOMPARE(other.isOriginAllowed(origin, QStringLiteral("x")), local);
    OriginPolicy::removeLocalScheme(QStringLiteral("null"));
}

// The policy remembers its last answer (a page's messages ask about one origin, over and over):
// a change of the allowed origins, of a channel's own rule or of the local schemes is seen at
// once, for the very origin just asked about.
void tst_IpcMain::originAnswersFollowChanges()
{
    IpcMain ipc;
    const QString x = QStringLiteral("x"), y = QStringLiteral("y");
    const QString remote = QStringLiteral("https://example.com");
    QVERIFY(!ipc.isOriginAllowed(remote, x));
    QVERIFY(!ipc.isOriginAllowed(remote, x));
    ipc.setAllowedOrigins({QStringLiteral("local"), remote});
    QVERIFY(ipc.isOriginAllowed(remote, x));
    ipc.setAllowedOrigins({QStringLiteral("local")});
    QVERIFY(!ipc.isOriginAllowed(remote, x));
    ipc.setChannelAllowedOrigins(y, {remote});
    QVERIFY(ipc.isOriginAllowed(remote, y));
    QVERIFY(!ipc.isOriginAllowed(remote, x));
    ipc.setChannelAllowedOrigins(y, {});
    QVERIFY(!ipc.isOriginAllowed(remote, y));

    const QString app = QStringLiteral("cachedapp://ui");
    QVERIFY(!ipc.isOriginAllowed(app, x));
    QVERIFY(IpcMain::addLocalScheme(QStringLiteral("cachedapp")));
    QVERIFY(ipc.isOriginAllowed(app, x));
    OriginPolicy::removeLocalScheme(QStringLiteral("cachedapp"));
    QVERIFY(!ipc.isOriginAllowed(app, x));
}

void tst_IpcMain::subframeSyncIsCheckedAgainstItsFrame()
{
    IpcMain ipc;
    Endpoint page(&ipc);
    page.hello();
    QList<WebIpc::FrameInfo> senders;
    ipc.on(QStringLiteral("s"), this, [&](const IpcMainEvent &event) {
        senders.append(event.senderFrame());
        event.setReturnValue(event.frameId());
    });
    ipc.setAllowedOrigins({QStringLiteral("local"), QStringLiteral("https://frame.example")});
    // A subframe of https://frame.example, known through the top frame's relay.
    const QString frameDoc = QStringLiteral("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    const QByteArray frameKey = QByteArrayLiteral("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    const QJsonArray frameHello{3, 1, QString::fromLatin1(frameKey),
                                QStringLiteral("https://frame.example")};
    page.d->setSubframesEnabled(true);
    page.d->receiveFromFrame(7, QStringLiteral("https://frame.example"),
                             QStringLiteral("https://frame.example/x.html"), frameDoc,
                             QString::fromLatin1(frameKey), QJsonArray{frameHello});
    auto request = [&](const QString &doc, const QJsonArray &messages) {
        return QJsonObject{{QStringLiteral("doc"), doc},
                           {QStringLiteral("subframe"), true},
                           {QStringLiteral("after"), 0},
                           {QStringLiteral("messages"), messages}};
    };
    int status = 0;
    QByteArray body;
    auto respond = [&](int s, const QByteArray &b) {
        status = s;
        body = b;
    };
    // The frame itself: answered as that frame (a relayed message it repeats is handled once).
    WebIpc::WebContentsPrivate::handleSyncRequest(
            syncRequest(
                    request(frameDoc, QJsonArray{frameHello, QJsonArray{2, 2, "s", QJsonArray{}}}),
                    frameKey, QUrl(QStringLiteral("https://frame.example"))),
            respond);
    QCOMPARE(status, 200);
    QCOMPARE(senders.size(), 1);
    QCOMPARE(senders.first().origin(), QStringLiteral("https://frame.example"));
    QVERIFY(!senders.first().isMainFrame());
    QCOMPARE(body, QByteArray("[true,") + QByteArray::number(senders.first().frameId()) + ']');
    // Another origin with that frame's key is refused, whatever it knows.
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("refused a sendSync request from")));
    WebIpc::WebContentsPrivate::handleSyncRequest(
            syncRequest(request(frameDoc, QJsonArray{QJsonArray{2, 3, "s", QJsonArray{}}}),
                        frameKey, QUrl(QStringLiteral("https://evil.example"))),
            respond);
    QCOMPARE(status, 403);
    // So is the main frame's key used for a subframe request, and the frame's without a
    // browser-given origin.
    WebIpc::WebContentsPrivate::handleSyncRequest(
            syncRequest(request(frameDoc, QJsonArray{QJsonArray{2, 3, "s", QJsonArray{}}}), Key,
                        QUrl(QStringLiteral("qrc:"))),
            respond);
    QCOMPARE(status, 403);
    WebIpc::WebContentsPrivate::handleSyncRequest(
            syncRequest(request(frameDoc, QJsonArray{QJsonArray{2, 3, "s", QJsonArray{}}}),
                        frameKey, QUrl()),
            respond);
    QCOMPARE(status, 403);
    QCOMPARE(senders.size(), 1);
    // With subframes off, only the main frame has IPC, on every path.
    page.d->setSubframesEnabled(false);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("dropped a relayed")));
    page.d->receiveFromFrame(8, QStringLiteral("https://frame.example"),
                             QStringLiteral("https://frame.example/y.html"),
                             QStringLiteral("cccccccccccccccccccccccccccccccc"),
                             QString::fromLatin1(frameKey), QJsonArray{frameHello});
    QCOMPARE(senders.size(), 1);
}

void tst_IpcMain::messagesAreHeldUntilHello()
{
    IpcMain ipc;
    Endpoint page(&ipc);
    Deliveries delivered(page.d->bridge);
    page.contents->send(QStringLiteral("early"), 1); // B49
    QTest::qWait(20);
    QCOMPARE(delivered.batches.size(), 0);
    QVERIFY(!page.contents->isReady());
    page.hello();
    QVERIFY(page.contents->isReady());
    QTRY_COMPARE(page.delivered(delivered), (QJsonArray{QJsonArray{0, "early", QJsonArray{1}}}));
    // An unconvertible value is logged and nothing is sent (B42).
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("could not be cloned")));
    page.contents->send(QStringLiteral("bad"), QVariant::fromValue(static_cast<QObject *>(this)));
}

void tst_IpcMain::replyForEndedDocumentIsDropped()
{
    IpcMain ipc;
    Endpoint page(&ipc);
    page.hello();
    auto promise = std::make_shared<QPromise<int>>();
    ipc.handle(QStringLiteral("slow"), [promise]() {
        promise->start();
        return promise->future();
    });
    page.invoke(QStringLiteral("slow"), {}, 1);
    // The page navigates; a new document says hello.
    page.d->navigationStarted();
    const QString next = QStringLiteral("fedcba9876543210fedcba9876543210");
    page.post(QJsonArray{QJsonArray{3, 1, QStringLiteral("11112222333344445555666677778888"),
                                    QStringLiteral("qrc:")}},
              next);
    QCOMPARE(page.d->currentDocumentId(), next);
    Deliveries delivered(page.d->bridge);
    promise->addResult(1);
    promise->finish();
    QTest::qWait(50);
    QCOMPARE(delivered.batches.size(), 0); // B99
    // Late messages of the old document are dropped too.
    int calls = 0;
    ipc.on(QStringLiteral("late"), this, [&]() { ++calls; });
    page.send(QStringLiteral("late"), {});
    QCOMPARE(calls, 0);
}

void tst_IpcMain::unexpectedDocumentIsRefused()
{
    IpcMain ipc;
    Endpoint page(&ipc);
    page.hello();
    int calls = 0;
    ipc.on(QStringLiteral("x"), this, [&]() { ++calls; });
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("unknown document")));
    page.post(QJsonArray{QJsonArray{0, 1, "x", QJsonArray{}}}, QStringLiteral("forged"));
    QCOMPARE(calls, 0);
    QCOMPARE(page.d->currentDocumentId(), Doc);
    page.send(QStringLiteral("x"), {});
    QCOMPARE(calls, 1);
}

void tst_IpcMain::randomInputNeverCrashes()
{
    IpcMain ipc;
    Endpoint page(&ipc);
    page.hello();
    int good = 0;
    ipc.on(QStringLiteral("good"), this, [&]() { ++good; });
    ipc.handle(QStringLiteral("good"), []() { return 1; });
    QtMessageHandler previous =
            qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &) {});
    QRandomGenerator random(20261124);
    const QJsonValue atoms[] = {QJsonValue(),
                                0,
                                -1,
                                1e308,
                                2,
                                3,
                                true,
                                QStringLiteral("good"),
                                QStringLiteral("\x01"),
                                QJsonArray{},
                                QJsonObject{},
                                QJsonObject{{QStringLiteral("\x01"), QStringLiteral("D")}},
                                QJsonObject{{QStringLiteral("\x01"), QStringLiteral("b")},
                                            {QStringLiteral("v"), QStringLiteral("!!")}}};
    auto randomValue = [&](auto &self, int depth) -> QJsonValue {
        const int pick = random.bounded(int(std::size(atoms)) + 2);
        if (depth < 4 && pick == int(std::size(atoms))) {
            QJsonArray array;
            for (int i = random.bounded(5); i > 0; --i)
                array.append(self(self, depth + 1));
            return array;
        }
        if (depth < 4 && pick == int(std::size(atoms)) + 1) {
            QJsonObject object;
            for (int i = random.bounded(4); i > 0; --i)
                object.insert(random.bounded(2) ? QStringLiteral("\x01") : QStringLiteral("k"),
                              self(self, depth + 1));
            return object;
        }
        return atoms[pick % std::size(atoms)];
    };
    for (int round = 0; round < 2000; ++round) {
        QJsonArray batch;
        for (int i = random.bounded(4); i >= 0; --i) {
            QJsonArray message;
            for (int j = random.bounded(6); j >= 0; --j)
                message.append(randomValue(randomValue, 0));
            batch.append(message);
        }
        page.post(batch);
    }
    qInstallMessageHandler(previous);
    // Whatever came before, a well-formed message still arrives (sequence numbers only move
    // forward by small steps, so junk cannot push them out of reach).
    const int before = good;
    page.post(QJsonArray{QJsonArray{0, 1000, "good", QJsonArray{}}});
    QCOMPARE(good, before + 1);
}

// The fix a refusal's warning gives, ready to paste into C++.
void tst_IpcMain::refusalFixes_data()
{
    QTest::addColumn<QStringList>("allowed");
    QTest::addColumn<QString>("channelRule"); // a channel with its own rule ("" for none)
    QTest::addColumn<QString>("origin");
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QString>("fix");
    QTest::newRow("dev server")
            << QStringList{"local"} << ""
            << "http://127.0.0.1:8765"
            << "x"
            << R"(ipcMain.setAllowedOrigins({"local", "http://127.0.0.1:8765"}))";
    QTest::newRow("keeps the patterns")
            << QStringList{"local", "https://a.example"} << ""
            << "https://b.example"
            << "x"
            << R"(ipcMain.setAllowedOrigins({"local", "https://a.example", "https://b.example"}))";
    QTest::newRow("channel rule")
            << QStringList{"local"} << "qrc://"
            << "file://"
            << "p"
            << R"(ipcMain.setChannelAllowedOrigins("p", {"qrc://", "file://"}))";
    QTest::newRow("channel rule, quoted")
            << QStringList{"local"} << "qrc://"
            << "file://"
            << R"(a"b\c)"
            << R"(ipcMain.setChannelAllowedOrigins("a\"b\\c", {"qrc://", "file://"}))";
    QTest::newRow("another channel's rule")
            << QStringList{"local"} << "qrc://"
            << "https://b.example"
            << "x"
            << R"(ipcMain.setAllowedOrigins({"local", "https://b.example"}))";
    QTest::newRow("opaque")
            << QStringList{"local"} << ""
            << "null"
            << "x"
            << R"(an opaque origin (a sandboxed frame, a data: URL) matches only the pattern "*"; give the page a real origin instead)";
}

void tst_IpcMain::refusalFixes()
{
    QFETCH(QStringList, allowed);
    QFETCH(QString, channelRule);
    QFETCH(QString, origin);
    QFETCH(QString, channel);
    QFETCH(QString, fix);
    OriginPolicy policy;
    policy.setAllowed(allowed);
    if (!channelRule.isEmpty())
        policy.setChannelAllowed(channel == QLatin1String("x") ? QStringLiteral("other") : channel,
                                 {channelRule});
    QCOMPARE(policy.fixFor(origin, channel), fix);
}

// Found while building the preload: an IpcMain given as the context of its own handler or
// listener crashed in ~IpcMain (the context guard ran after IpcMain's members were gone).
// Issue 16: a misspelt channel or the wrong primitive gets advice in the main-side warning.
void tst_IpcMain::channelHints_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("candidates");
    QTest::addColumn<QString>("closest");
    const QStringList names{QStringLiteral("add"), QStringLiteral("load-file"),
                            QStringLiteral("settings:get")};
    QTest::newRow("one letter off") << "ad" << names << "add";
    QTest::newRow("case") << "Load-File" << names << "load-file";
    QTest::newRow("swapped in a long name") << "settigns:get" << names << "settings:get";
    QTest::newRow("nothing close") << "quit" << names << "";
    QTest::newRow("itself is no hint") << "add" << QStringList{QStringLiteral("add")} << "";
}

void tst_IpcMain::channelHints()
{
    QFETCH(QString, name);
    QFETCH(QStringList, candidates);
    QFETCH(QString, closest);
    QCOMPARE(WebIpc::ChannelHints::closest(name, candidates), closest);
}

void tst_IpcMain::invokeAndSendSyncGiveAdvice()
{
    IpcMain ipc;
    Endpoint page(&ipc);
    page.hello();
    ipc.handle(QStringLiteral("add"), []() { return 1; });
    ipc.on(QStringLiteral("log"), this, []() {});
    const QString prefix = QStringLiteral("WebContents #%1: ").arg(page.contents->id());
    QTest::ignoreMessage(QtWarningMsg,
                         qPrintable(prefix
                                    + QStringLiteral("No handler registered for 'ad' (did you "
                                                     "mean 'add'?)")));
    QTest::ignoreMessage(QtWarningMsg,
                         qPrintable(prefix
                                    + QStringLiteral("No handler registered for 'log': 'log' has "
                                                     "listeners: use send() or sendSync()")));
    page.post(QJsonArray{QJsonArray{1, ++page.seq, "ad", QJsonArray{}, 1},
                         QJsonArray{1, ++page.seq, "log", QJsonArray{}, 2}});
    QTest::ignoreMessage(
            QtWarningMsg,
            qPrintable(QStringLiteral("WebContents #%1 called ipcRenderer.sendSync() with 'add' "
                                      "channel without listeners. 'add' has a handler: use "
                                      "invoke()")
                               .arg(page.contents->id())));
    page.sendSync(QStringLiteral("add"), {});
    QTest::ignoreMessage(
            QtWarningMsg,
            qPrintable(QStringLiteral("WebContents #%1 called ipcRenderer.sendSync() with 'lg' "
                                      "channel without listeners. (did you mean 'log'?)")
                               .arg(page.contents->id())));
    page.sendSync(QStringLiteral("lg"), {});
}

void tst_IpcMain::ipcMainAsItsOwnContext()
{
    auto ipc = std::make_unique<WebIpc::IpcMain>();
    ipc->handle(QStringLiteral("h"), ipc.get(), []() { return 1; });
    ipc->on(QStringLiteral("l"), ipc.get(), []() {});
    QVERIFY(ipc->hasHandler(QStringLiteral("h")));
    QCOMPARE(ipc->listenerCount(QStringLiteral("l")), 1);
    ipc.reset(); // must not crash (and is clean under AddressSanitizer)
    QVERIFY(!ipc);
}

QTEST_MAIN(tst_IpcMain)
#include "tst_ipcmain.moc"
