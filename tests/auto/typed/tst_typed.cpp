// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Typed handlers and listeners (typedargs.h) and IpcMain::typeScriptDeclarations(), without
// Chromium: calls go straight into IpcMain the way a WebContents delivers them, with arguments
// as the page's codec decodes them (integral numbers as qlonglong, others as double, ...).
// tst_typedpages sends the same through real pages.

#include "typedtypes.h"

#include <core/bridgeobject_p.h>
#include <core/codec_p.h>
#include <core/webcontents_p.h>

#include <WebIpc/IpcMain>
#include <WebIpc/JsMap>
#include <WebIpc/TypedArray>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QPromise>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>
#include <QtTest/QTest>

using WebIpc::IpcMain;
using WebIpc::IpcMainEvent;
using WebIpc::IpcMainInvokeEvent;

namespace {

struct Outcome
{
    bool settled = false;
    bool ok = false;
    QVariant value;
    QString error;
};

const QString Doc = QStringLiteral("00112233445566778899aabbccddeeff");
const QByteArray Key = QByteArrayLiteral("ffeeddccbbaa99887766554433221100");

// A page without Chromium: a WebContents fed the wire messages its bridge would post, with
// arguments encoded by WebIpc's codec, so that they arrive as the page's values would.
class WirePage
{
public:
    explicit WirePage(IpcMain *ipc) : contents(WebIpc::WebContentsPrivate::create(ipc, &host))
    {
        d = WebIpc::WebContentsPrivate::get(contents);
        d->setUrl(QUrl(QStringLiteral("qrc:/typed/index.html")));
        QObject::connect(d->bridge, &WebIpc::BridgeObject::deliver, &host,
                         [this](const QString &doc, const QJsonArray &messages) {
                             if (doc == Doc)
                                 for (const QJsonValue &m : messages)
                                     delivered.append(m.toArray());
                         });
        // Most batches come as JSON text (WebContentsPrivate::emitBatch()).
        QObject::connect(d->bridge, &WebIpc::BridgeObject::deliverJson, &host,
                         [this](const QString &doc, const QString &text) {
                             if (doc == Doc)
                                 for (const QJsonValue &m :
                                      QJsonDocument::fromJson(text.toUtf8()).array())
                                     delivered.append(m.toArray());
                         });
        post({3, ++seq, QString::fromLatin1(Key), QStringLiteral("qrc:")}); // hello
        post({4, ++seq}); // listening
    }

    Outcome invoke(const QString &channel, const QVariantList &args)
    {
        const int id = ++lastId;
        post({1, ++seq, channel, wire(args), id});
        Outcome outcome;
        const bool answered = QTest::qWaitFor(
                [&]() {
                    for (const QJsonArray &m : std::as_const(delivered)) {
                        if (m.at(0).toInt() == 1 && m.at(1).toInt() == id) {
                            outcome.settled = true;
                            outcome.ok = m.at(2).toBool();
                            QString error;
                            if (!outcome.ok)
                                outcome.error = m.at(3).toString();
                            else if (!WebIpc::Codec::decode(m.at(3), &outcome.value, &error))
                                outcome.error = error;
                            return true;
                        }
                    }
                    return false;
                },
                5000);
        if (!answered)
            outcome.error = QStringLiteral("no answer within 5 s");
        return outcome;
    }
    void send(const QString &channel, const QVariantList &args)
    {
        post({0, ++seq, channel, wire(args)});
    }
    // The sendSync's answer, decoded; "never sent" for Electron's { error: ... } answer.
    QVariant sendSync(const QString &channel, const QVariantList &args)
    {
        const QJsonObject request{{QStringLiteral("doc"), Doc},
                                  {QStringLiteral("after"), seq},
                                  {QStringLiteral("messages"),
                                   QJsonArray{QJsonArray{2, ++seq, channel, wire(args)}}}};
        WebIpc::SyncRequest sync;
        sync.payload = QJsonDocument(request).toJson(QJsonDocument::Compact).toPercentEncoding();
        sync.key = Key;
        sync.initiator = QUrl(QStringLiteral("qrc:"));
        QByteArray body;
        WebIpc::WebContentsPrivate::handleSyncRequest(
                sync, [&body](int, const QByteArray &answer) { body = answer; });
        const QJsonArray answer = QJsonDocument::fromJson(body).array();
        QVariant value;
        QString error;
        WebIpc::Codec::decode(answer.at(1), &value, &error);
        if (value.toMap().contains(QStringLiteral("error")))
            return QStringLiteral("never sent");
        return value;
    }

    QObject host;
    WebIpc::WebContents *contents;

private:
    static QJsonArray wire(const QVariantList &args)
    {
        QJsonArray out;
        QString error;
        if (!WebIpc::Codec::encodeArgs(args, &out, &error))
            qFatal("cannot encode test arguments: %s", qPrintable(error));
        return out;
    }
    void post(const QJsonArray &message) { d->receivePosted(Doc, QJsonArray{message}); }

    WebIpc::WebContentsPrivate *d;
    QList<QJsonArray> delivered;
    int seq = 0;
    int lastId = 0;
};

// ipcRenderer.invoke(channel, ...args) from a page attached to \a ipc.
Outcome invoke(IpcMain *ipc, const QString &channel, const QVariantList &args)
{
    WirePage page(ipc);
    return page.invoke(channel, args);
}

// ipcRenderer.send(channel, ...args), or sendSync when \a answer is given.
void send(IpcMain *ipc, const QString &channel, const QVariantList &args,
          QVariant *answer = nullptr)
{
    WirePage page(ipc);
    if (answer)
        *answer = page.sendSync(channel, args);
    else
        page.send(channel, args);
}

void expectDropped(const QString &channel, const QString &message)
{
    QTest::ignoreMessage(QtWarningMsg,
                         qPrintable(QStringLiteral("Dropped a message on '%1': TypeError: %2")
                                            .arg(channel, message)));
}

// The invoke fails with HandlerError("TypeError", message), which the page sees as
// "Error invoking remote method '<channel>': TypeError: <message>".
#define COMPARE_REJECTION(outcome, message)                                                        \
    do {                                                                                           \
        const Outcome o = (outcome);                                                               \
        QVERIFY2(!o.ok, qPrintable(o.value.toString()));                                           \
        QCOMPARE(o.error, QStringLiteral("TypeError: ") + QStringLiteral(message));                \
    } while (false)

class Receiver : public QObject
{
    Q_OBJECT
public:
    double scale(double value) const { return value * factor; }
    QString greet(const IpcMainInvokeEvent &event, const QString &name)
    {
        return event.channel() + QLatin1Char(':') + name;
    }
    void record(const QString &level, int code)
    {
        levels.append(level);
        codes.append(code);
    }
    double factor = 2;
    QStringList levels;
    QList<int> codes;
};

} // namespace

class tst_Typed : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void numbers();
    void numbers_wrongTypes();
    void integers_data();
    void integers();
    void scalarTypes_data();
    void scalarTypes();
    void jsonTypes();
    void containers();
    void optionalArguments();
    void missingExtraUndefined();
    void valueTypes();
    void gadgets();
    void results();
    void futureResults();
    void eventFirst();
    void handleOnceAndContexts();
    void memberFunctions();
    void listeners();
    void listenerReturnAnswersSendSync();
    void untypedFormsStay();
    void webContentsIpcIsTyped();
    void typeScriptDeclarations();
    void typeScriptGadgetsAndPageEvents();
    void typeScriptRequest();
};

void tst_Typed::numbers()
{
    IpcMain ipc;
    QVERIFY(ipc.handle(QStringLiteral("add"), [](double a, double b) { return a + b; }));
    Outcome o = invoke(&ipc, QStringLiteral("add"), {qlonglong(1), 2.5});
    QVERIFY(o.ok);
    QCOMPARE(o.value.toDouble(), 3.5);
    QCOMPARE(o.value.metaType(), QMetaType::fromType<double>());
}

void tst_Typed::numbers_wrongTypes()
{
    IpcMain ipc;
    ipc.handle(QStringLiteral("add"), [](double a, double b) { return a + b; });
    // No toDouble() of a string: the issue's own example.
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("add"), {qlonglong(1), QStringLiteral("2")}),
                      "argument 2 must be a number, got string");
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("add"), {true, qlonglong(2)}),
                      "argument 1 must be a number, got boolean");
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("add"), {QVariant::fromValue(nullptr), 1.0}),
                      "argument 1 must be a number, got null");
    COMPARE_REJECTION(
            invoke(&ipc, QStringLiteral("add"), {1.0, QVariant::fromValue(WebIpc::BigInt(2))}),
            "argument 2 must be a number, got bigint");
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("add"), {1.0, QVariantList{}}),
                      "argument 2 must be a number, got array");
}

void tst_Typed::integers_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<int>("expected");
    QTest::newRow("integer") << QVariant(qlonglong(42)) << true << 42;
    QTest::newRow("negative") << QVariant(qlonglong(-7)) << true << -7;
    QTest::newRow("-0") << QVariant(-0.0) << true << 0;
    QTest::newRow("max") << QVariant(qlonglong(2147483647)) << true << 2147483647;
    QTest::newRow("min") << QVariant(qlonglong(-2147483648LL)) << true << int(-2147483648LL);
    QTest::newRow("too large") << QVariant(qlonglong(2147483648LL)) << false << 0;
    QTest::newRow("too small") << QVariant(qlonglong(-2147483649LL)) << false << 0;
    QTest::newRow("fraction") << QVariant(1.5) << false << 0;
    QTest::newRow("NaN") << QVariant(qQNaN()) << false << 0;
    QTest::newRow("Infinity") << QVariant(qInf()) << false << 0;
    QTest::newRow("string") << QVariant(QStringLiteral("1")) << false << 0;
    QTest::newRow("bigint") << QVariant::fromValue(WebIpc::BigInt(1)) << false << 0;
}

void tst_Typed::integers()
{
    QFETCH(QVariant, value);
    QFETCH(bool, accepted);
    QFETCH(int, expected);
    IpcMain ipc;
    ipc.handle(QStringLiteral("int"), [](int n) { return n; });
    const Outcome o = invoke(&ipc, QStringLiteral("int"), {value});
    QCOMPARE(o.ok, accepted);
    if (accepted) {
        QCOMPARE(o.value.toInt(), expected);
    } else {
        QVERIFY2(o.error.startsWith(QStringLiteral("TypeError: argument 1 must be an integer from "
                                                   "-2147483648 to 2147483647, got ")),
                 qPrintable(o.error));
    }
    // Unsigned and 64-bit kinds: their own ranges; BigInt in range for 64-bit ones.
    ipc.handle(QStringLiteral("uint8"), [](quint8 n) { return int(n); });
    QCOMPARE(invoke(&ipc, QStringLiteral("uint8"), {qlonglong(255)}).value.toInt(), 255);
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("uint8"), {qlonglong(256)}),
                      "argument 1 must be an integer from 0 to 255, got number");
    ipc.handle(QStringLiteral("u64"), [](quint64 n) { return WebIpc::BigInt::fromUnsigned(n); });
    const Outcome big = invoke(&ipc, QStringLiteral("u64"),
                               {QVariant::fromValue(WebIpc::BigInt::fromString(
                                       QStringLiteral("18446744073709551615")))});
    QVERIFY2(big.ok, qPrintable(big.error));
    QCOMPARE(big.value.value<WebIpc::BigInt>().toString(), QStringLiteral("18446744073709551615"));
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("u64"), {qlonglong(-1)}),
                      "argument 1 must be a non-negative integer, got number");
    ipc.handle(QStringLiteral("i64"), [](qint64 n) { return n; });
    QCOMPARE(invoke(&ipc, QStringLiteral("i64"), {qlonglong(-9007199254740991LL)})
                     .value.toLongLong(),
             -9007199254740991LL);
}

void tst_Typed::scalarTypes_data()
{
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QVariant>("good");
    QTest::addColumn<QVariant>("bad");
    QTest::addColumn<QString>("error");
    QTest::newRow("bool") << "bool" << QVariant(true) << QVariant(qlonglong(1))
                          << "argument 1 must be a boolean, got number";
    QTest::newRow("QString") << "string" << QVariant(QStringLiteral("x")) << QVariant(qlonglong(1))
                             << "argument 1 must be a string, got number";
    QTest::newRow("QString/null") << "string" << QVariant(QStringLiteral(""))
                                  << QVariant::fromValue(nullptr)
                                  << "argument 1 must be a string, got null";
    QTest::newRow("QByteArray") << "bytes" << QVariant(QByteArray("\x01\x02", 2))
                                << QVariant(QStringLiteral("AQI="))
                                << "argument 1 must be a Uint8Array, got string";
    QTest::newRow("QDateTime") << "date" << QVariant(QDateTime::fromMSecsSinceEpoch(0, Qt::UTC))
                               << QVariant(qlonglong(0)) << "argument 1 must be a Date, got number";
    QTest::newRow("float") << "float" << QVariant(0.5) << QVariant(QStringLiteral("0.5"))
                           << "argument 1 must be a number, got string";
}

void tst_Typed::scalarTypes()
{
    QFETCH(QString, channel);
    QFETCH(QVariant, good);
    QFETCH(QVariant, bad);
    QFETCH(QString, error);
    IpcMain ipc;
    ipc.handle(QStringLiteral("bool"), [](bool b) { return b; });
    ipc.handle(QStringLiteral("string"), [](const QString &s) { return s; });
    ipc.handle(QStringLiteral("bytes"), [](const QByteArray &b) { return b; });
    ipc.handle(QStringLiteral("date"), [](const QDateTime &d) { return d; });
    ipc.handle(QStringLiteral("float"), [](float f) { return double(f); });
    const Outcome ok = invoke(&ipc, channel, {good});
    QVERIFY2(ok.ok, qPrintable(ok.error));
    QCOMPARE(ok.value, good);
    const Outcome refused = invoke(&ipc, channel, {bad});
    QVERIFY(!refused.ok);
    QCOMPARE(refused.error, QStringLiteral("TypeError: ") + error);
}

void tst_Typed::jsonTypes()
{
    IpcMain ipc;
    ipc.handle(QStringLiteral("value"), [](const QJsonValue &v) { return v; });
    ipc.handle(QStringLiteral("object"), [](const QJsonObject &o) { return o.keys().join(','); });
    ipc.handle(QStringLiteral("array"), [](const QJsonArray &a) { return a.size(); });
    const QVariantMap map{{QStringLiteral("a"), qlonglong(1)},
                          {QStringLiteral("b"), QVariantList{QStringLiteral("x"), true}}};
    Outcome o = invoke(&ipc, QStringLiteral("value"), {map});
    QVERIFY2(o.ok, qPrintable(o.error));
    QCOMPARE(o.value.toJsonValue().toObject().value(QStringLiteral("b")).toArray().size(), 2);
    QCOMPARE(invoke(&ipc, QStringLiteral("value"), {QVariant::fromValue(nullptr)}).ok, true);
    QCOMPARE(invoke(&ipc, QStringLiteral("object"), {map}).value.toString(), QStringLiteral("a,b"));
    QCOMPARE(
            invoke(&ipc, QStringLiteral("array"), {QVariant(QVariantList{1.0, 2.0})}).value.toInt(),
            2);
    // Not JSON: a Date deep inside, NaN, undefined; an array is not an object.
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("value"),
                             {QVariantMap{{QStringLiteral("when"),
                                           QVariantList{QDateTime::currentDateTimeUtc()}}}}),
                      "argument 1.when[0] must be a JSON value, got Date");
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("value"), {qQNaN()}),
                      "argument 1 must be a JSON value, got number");
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("value"), {}),
                      "argument 1 must be a JSON value, got undefined");
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("object"), {QVariant(QVariantList{})}),
                      "argument 1 must be an object, got array");
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("array"), {map}),
                      "argument 1 must be an array, got object");
}

void tst_Typed::containers()
{
    IpcMain ipc;
    ipc.handle(QStringLiteral("sum"), [](const QList<double> &values) {
        double sum = 0;
        for (double v : values)
            sum += v;
        return sum;
    });
    ipc.handle(QStringLiteral("names"), [](const QStringList &names) { return names.join('+'); });
    ipc.handle(QStringLiteral("map"), [](const QMap<QString, int> &m) { return m.value("b"); });
    ipc.handle(QStringLiteral("hash"), [](const QHash<QString, QList<bool>> &h) {
        return h.value(QStringLiteral("flags")).size();
    });
    QCOMPARE(invoke(&ipc, QStringLiteral("sum"), {QVariant(QVariantList{qlonglong(1), 2.5})})
                     .value.toDouble(),
             3.5);
    QCOMPARE(invoke(&ipc, QStringLiteral("sum"), {QVariant(QVariantList{})}).value.toDouble(), 0.0);
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("sum"),
                             {QVariant(QVariantList{qlonglong(1), QStringLiteral("2")})}),
                      "argument 1[1] must be a number, got string");
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("sum"), {QVariantMap{}}),
                      "argument 1 must be an array, got object");
    QCOMPARE(invoke(&ipc, QStringLiteral("names"),
                    {QVariant(QVariantList{QStringLiteral("a"), QStringLiteral("b")})})
                     .value.toString(),
             QStringLiteral("a+b"));
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("names"),
                             {QVariant(QVariantList{QStringLiteral("a"), 1.5})}),
                      "argument 1[1] must be a string, got number");
    QCOMPARE(invoke(&ipc, QStringLiteral("map"),
                    {QVariantMap{{QStringLiteral("a"), qlonglong(1)},
                                 {QStringLiteral("b"), qlonglong(2)}}})
                     .value.toInt(),
             2);
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("map"),
                             {QVariantMap{{QStringLiteral("odd key"), QStringLiteral("x")}}}),
                      "argument 1[\"odd key\"] must be an integer from -2147483648 to "
                      "2147483647, got string");
    // Keys the page chose are escaped and cut short in the message (it is logged).
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("map"),
                             {QVariantMap{{QStringLiteral("a\"\nFake log line"), true}}}),
                      "argument 1[\"a\\\"\\u000aFake log line\"] must be an integer from "
                      "-2147483648 to 2147483647, got boolean");
    const Outcome longKey = invoke(&ipc, QStringLiteral("map"),
                                   {QVariantMap{{QString(100, QLatin1Char('k')), true}}});
    QCOMPARE(longKey.error,
             QStringLiteral("TypeError: argument 1[\"") + QString(64, QLatin1Char('k'))
                     + QStringLiteral("...\"] must be an integer from -2147483648 to "
                                      "2147483647, got boolean"));
    QCOMPARE(invoke(&ipc, QStringLiteral("hash"),
                    {QVariantMap{{QStringLiteral("flags"), QVariantList{true, false}}}})
                     .value.toInt(),
             2);
    COMPARE_REJECTION(
            invoke(&ipc, QStringLiteral("hash"),
                   {QVariantMap{{QStringLiteral("flags"), QVariantList{true, qlonglong(0)}}}}),
            "argument 1.flags[1] must be a boolean, got number");
    // A JavaScript Map is not a plain object.
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("map"), {QVariant::fromValue(WebIpc::JsMap())}),
                      "argument 1 must be an object, got Map");
}

void tst_Typed::optionalArguments()
{
    IpcMain ipc;
    ipc.handle(QStringLiteral("open"), [](const QString &path, std::optional<int> line) {
        return path + QLatin1Char(':') + (line ? QString::number(*line) : QStringLiteral("-"));
    });
    QCOMPARE(invoke(&ipc, QStringLiteral("open"), {QStringLiteral("a.txt"), qlonglong(3)})
                     .value.toString(),
             QStringLiteral("a.txt:3"));
    QCOMPARE(invoke(&ipc, QStringLiteral("open"), {QStringLiteral("a.txt")}).value.toString(),
             QStringLiteral("a.txt:-"));
    QCOMPARE(invoke(&ipc, QStringLiteral("open"), {QStringLiteral("a.txt"), QVariant()})
                     .value.toString(),
             QStringLiteral("a.txt:-"));
    QCOMPARE(invoke(&ipc, QStringLiteral("open"),
                    {QStringLiteral("a.txt"), QVariant::fromValue(nullptr)})
                     .value.toString(),
             QStringLiteral("a.txt:-"));
    COMPARE_REJECTION(
            invoke(&ipc, QStringLiteral("open"), {QStringLiteral("a.txt"), QStringLiteral("3")}),
            "argument 2 must be an integer from -2147483648 to 2147483647, got string");
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("open"), {}),
                      "argument 1 must be a string, got undefined");
}

void tst_Typed::missingExtraUndefined()
{
    IpcMain ipc;
    ipc.handle(QStringLiteral("add"), [](double a, double b) { return a + b; });
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("add"), {1.0}),
                      "argument 2 must be a number, got undefined");
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("add"), {1.0, QVariant()}),
                      "argument 2 must be a number, got undefined");
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("add"), {1.0, 2.0, 3.0}),
                      "expected 2 arguments, got 3");
    ipc.handle(QStringLiteral("one"), [](const QString &s, std::optional<bool> b) {
        return s + (b.value_or(false) ? QStringLiteral("!") : QString());
    });
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("one"), {QStringLiteral("a"), true, true}),
                      "expected 1 to 2 arguments, got 3");
    ipc.handle(QStringLiteral("single"), [](const QString &s) { return s; });
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("single"), {QStringLiteral("a"), qlonglong(1)}),
                      "expected 1 argument, got 2");
    // QVariant takes anything, undefined too.
    ipc.handle(QStringLiteral("any"), [](const QVariant &v) { return v.isValid(); });
    QCOMPARE(invoke(&ipc, QStringLiteral("any"), {}).value.toBool(), false);
    QCOMPARE(invoke(&ipc, QStringLiteral("any"), {QStringLiteral("x")}).value.toBool(), true);
}

void tst_Typed::valueTypes()
{
    IpcMain ipc;
    ipc.handle(QStringLiteral("big"), [](const WebIpc::BigInt &b) { return b.toString(); });
    ipc.handle(QStringLiteral("regexp"), [](const WebIpc::RegExp &r) { return r.source(); });
    ipc.handle(QStringLiteral("map"), [](const WebIpc::JsMap &m) { return m.size(); });
    ipc.handle(QStringLiteral("typed"),
               [](const WebIpc::TypedArray &a) { return WebIpc::TypedArray::kindName(a.kind()); });
    ipc.handle(QStringLiteral("error"), [](const WebIpc::JsError &e) { return e.message(); });
    QCOMPARE(invoke(&ipc, QStringLiteral("big"), {QVariant::fromValue(WebIpc::BigInt(12))})
                     .value.toString(),
             QStringLiteral("12"));
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("big"), {qlonglong(12)}),
                      "argument 1 must be a bigint, got number");
    QCOMPARE(
            invoke(&ipc, QStringLiteral("regexp"),
                   {QVariant::fromValue(WebIpc::RegExp(QStringLiteral("a+"), QStringLiteral("g")))})
                    .value.toString(),
            QStringLiteral("a+"));
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("regexp"), {QStringLiteral("a+")}),
                      "argument 1 must be a RegExp, got string");
    QCOMPARE(invoke(&ipc, QStringLiteral("map"), {QVariant::fromValue(WebIpc::JsMap())})
                     .value.toInt(),
             0);
    // A whole Uint8Array arrives as QByteArray: a TypedArray parameter takes it too.
    QCOMPARE(invoke(&ipc, QStringLiteral("typed"), {QByteArray("ab")}).value.toString(),
             QStringLiteral("Uint8Array"));
    QCOMPARE(invoke(&ipc, QStringLiteral("typed"),
                    {QVariant::fromValue(WebIpc::TypedArray(WebIpc::TypedArray::Float32Array,
                                                            QByteArray(8, 0)))})
                     .value.toString(),
             QStringLiteral("Float32Array"));
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("typed"), {QVariant(QVariantList{})}),
                      "argument 1 must be a typed array, DataView or ArrayBuffer, got array");
    QCOMPARE(invoke(&ipc, QStringLiteral("error"),
                    {QVariant::fromValue(WebIpc::JsError(QStringLiteral("boom")))})
                     .value.toString(),
             QStringLiteral("boom"));
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("error"), {QVariantMap{}}),
                      "argument 1 must be an Error, got object");
    ipc.handle(QStringLiteral("set"), [](const WebIpc::JsSet &set) { return set.size(); });
    ipc.handle(QStringLiteral("boxed"), [](const WebIpc::BoxedPrimitive &b) { return b.value(); });
    ipc.handle(QStringLiteral("sparse"), [](const WebIpc::SparseArray &a) { return a.length(); });
    QCOMPARE(invoke(&ipc, QStringLiteral("set"), {QVariant::fromValue(WebIpc::JsSet())})
                     .value.toInt(),
             0);
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("set"), {QVariant(QVariantList{})}),
                      "argument 1 must be a Set, got array");
    QCOMPARE(invoke(&ipc, QStringLiteral("boxed"),
                    {QVariant::fromValue(WebIpc::BoxedPrimitive(QVariant(qlonglong(1))))})
                     .value.toInt(),
             1);
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("boxed"), {qlonglong(1)}),
                      "argument 1 must be a boxed primitive, got number");
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("sparse"), {QVariant(QVariantList{})}),
                      "argument 1 must be an array with holes, got array");
}

void tst_Typed::gadgets()
{
    IpcMain ipc;
    ipc.handle(QStringLiteral("add-todo"), [](const TodoItem &item) {
        return item.title + QLatin1Char('/') + QString::number(item.priority)
                + (item.done ? QStringLiteral("/done") : QString()) + QLatin1Char('/')
                + item.tags.join(QLatin1Char(','));
    });
    ipc.handle(QStringLiteral("move"), [](const TodoList &list) { return list.owner.name; });
    const QVariantMap item{{QStringLiteral("title"), QStringLiteral("milk")},
                           {QStringLiteral("priority"), qlonglong(2)},
                           {QStringLiteral("done"), true},
                           {QStringLiteral("tags"), QVariantList{QStringLiteral("shop")}},
                           {QStringLiteral("ignored"), qlonglong(1)}};
    Outcome o = invoke(&ipc, QStringLiteral("add-todo"), {item});
    QVERIFY2(o.ok, qPrintable(o.error));
    QCOMPARE(o.value.toString(), QStringLiteral("milk/2/done/shop"));
    QVariantMap wrong = item;
    wrong.insert(QStringLiteral("priority"), QStringLiteral("high"));
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("add-todo"), {wrong}),
                      "argument 1.priority must be an integer from -2147483648 to 2147483647, "
                      "got string");
    QVariantMap missing = item;
    missing.remove(QStringLiteral("title"));
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("add-todo"), {missing}),
                      "argument 1.title must be a string, got undefined");
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("add-todo"), {QStringLiteral("milk")}),
                      "argument 1 must be an object, got string");
    // Nested gadgets.
    const QVariantMap list{
            {QStringLiteral("owner"), QVariantMap{{QStringLiteral("name"), QStringLiteral("ann")}}},
            {QStringLiteral("items"), QVariantList{}}};
    QCOMPARE(invoke(&ipc, QStringLiteral("move"), {list}).value.toString(), QStringLiteral("ann"));
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("move"),
                             {QVariantMap{{QStringLiteral("owner"), QVariantMap{}},
                                          {QStringLiteral("items"), QVariantList{}}}}),
                      "argument 1.owner.name must be a string, got undefined");
}

void tst_Typed::results()
{
    IpcMain ipc;
    ipc.handle(QStringLiteral("maybe"), [](bool give) {
        return give ? std::optional<QString>(QStringLiteral("yes")) : std::nullopt;
    });
    ipc.handle(QStringLiteral("list"), [](int n) {
        QList<std::optional<int>> list;
        for (int i = 0; i < n; ++i)
            list.append(i % 2 ? std::optional<int>(i) : std::nullopt);
        return list;
    });
    ipc.handle(QStringLiteral("gadget"), [](const QString &title) {
        TodoItem item;
        item.title = title;
        return item;
    });
    ipc.handle(QStringLiteral("hash"), [](const QString &key) {
        return QHash<QString, double>{{key, 1.5}};
    });
    QCOMPARE(invoke(&ipc, QStringLiteral("maybe"), {true}).value, QVariant(QStringLiteral("yes")));
    const Outcome none = invoke(&ipc, QStringLiteral("maybe"), {false});
    QVERIFY(none.ok);
    QVERIFY(!none.value.isValid()); // undefined in the page
    const QVariantList list = invoke(&ipc, QStringLiteral("list"), {qlonglong(3)}).value.toList();
    QCOMPARE(list.size(), 3);
    QVERIFY(!list.at(0).isValid());
    QCOMPARE(list.at(1).toInt(), 1);
    const QVariant gadget = invoke(&ipc, QStringLiteral("gadget"), {QStringLiteral("t")}).value;
    QCOMPARE(gadget.toMap().value(QStringLiteral("title")).toString(), QStringLiteral("t"));
    QCOMPARE(gadget.toMap().value(QStringLiteral("summary")).toString(), QStringLiteral("t"));
    QCOMPARE(invoke(&ipc, QStringLiteral("hash"), {QStringLiteral("k")}).value.toMap(),
             (QVariantMap{{QStringLiteral("k"), 1.5}}));
}

void tst_Typed::futureResults()
{
    IpcMain ipc;
    ipc.handle(QStringLiteral("later"), [](int n) {
        auto promise = std::make_shared<QPromise<double>>();
        promise->start();
        QTimer::singleShot(0, [promise, n]() {
            promise->addResult(n * 1.5);
            promise->finish();
        });
        return promise->future();
    });
    ipc.handle(QStringLiteral("later-maybe"), [](bool give) {
        QPromise<std::optional<QString>> promise;
        promise.start();
        promise.addResult(give ? std::optional<QString>(QStringLiteral("v")) : std::nullopt);
        promise.finish();
        return promise.future();
    });
    Outcome o = invoke(&ipc, QStringLiteral("later"), {qlonglong(2)});
    QVERIFY2(o.ok, qPrintable(o.error));
    QCOMPARE(o.value.toDouble(), 3.0);
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("later"), {QStringLiteral("2")}),
                      "argument 1 must be an integer from -2147483648 to 2147483647, got string");
    QCOMPARE(invoke(&ipc, QStringLiteral("later-maybe"), {true}).value.toString(),
             QStringLiteral("v"));
    const Outcome none = invoke(&ipc, QStringLiteral("later-maybe"), {false});
    QVERIFY2(none.ok, qPrintable(none.error));
    QVERIFY(!none.value.isValid());
}

void tst_Typed::eventFirst()
{
    IpcMain ipc;
    ipc.handle(QStringLiteral("open"),
               [](const IpcMainInvokeEvent &event, const QString &path, std::optional<int> line) {
                   return event.channel() + QLatin1Char(' ') + path + QLatin1Char(' ')
                           + QString::number(line.value_or(-1));
               });
    QCOMPARE(invoke(&ipc, QStringLiteral("open"), {QStringLiteral("f")}).value.toString(),
             QStringLiteral("open f -1"));
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("open"), {qlonglong(1)}),
                      "argument 1 must be a string, got number");
}

void tst_Typed::handleOnceAndContexts()
{
    IpcMain ipc;
    QVERIFY(ipc.handleOnce(QStringLiteral("once"), [](int a) { return a + 1; }));
    QCOMPARE(invoke(&ipc, QStringLiteral("once"), {qlonglong(1)}).value.toInt(), 2);
    QCOMPARE(invoke(&ipc, QStringLiteral("once"), {qlonglong(1)}).error,
             QStringLiteral("Error: No handler registered for 'once'"));
    // A wrong call uses up a once-handler too (it is removed before it runs, as in Electron).
    ipc.handleOnce(QStringLiteral("once"), [](int a) { return a + 1; });
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("once"), {true}),
                      "argument 1 must be an integer from -2147483648 to 2147483647, got boolean");
    QVERIFY(!ipc.hasHandler(QStringLiteral("once")));

    auto context = std::make_unique<QObject>();
    QVERIFY(ipc.handle(QStringLiteral("ctx"), context.get(),
                       [](const QString &s) { return s + s; }));
    QVERIFY(ipc.handleOnce(QStringLiteral("ctx-once"), context.get(),
                           [](const QStringList &l) { return l.size(); }));
    QCOMPARE(invoke(&ipc, QStringLiteral("ctx"), {QStringLiteral("a")}).value.toString(),
             QStringLiteral("aa"));
    QCOMPARE(invoke(&ipc, QStringLiteral("ctx-once"), {QVariant(QVariantList{QStringLiteral("a")})})
                     .value.toInt(),
             1);
    context.reset();
    QVERIFY(!ipc.hasHandler(QStringLiteral("ctx")));
}

void tst_Typed::memberFunctions()
{
    IpcMain ipc;
    Receiver receiver;
    QVERIFY(ipc.handle(QStringLiteral("scale"), &receiver, &Receiver::scale));
    QVERIFY(ipc.handleOnce(QStringLiteral("greet"), &receiver, &Receiver::greet));
    QVERIFY(ipc.on(QStringLiteral("record"), &receiver, &Receiver::record));
    QCOMPARE(invoke(&ipc, QStringLiteral("scale"), {qlonglong(4)}).value.toDouble(), 8.0);
    COMPARE_REJECTION(invoke(&ipc, QStringLiteral("scale"), {QStringLiteral("4")}),
                      "argument 1 must be a number, got string");
    QCOMPARE(invoke(&ipc, QStringLiteral("greet"), {QStringLiteral("ann")}).value.toString(),
             QStringLiteral("greet:ann"));
    send(&ipc, QStringLiteral("record"), {QStringLiteral("info"), qlonglong(3)});
    expectDropped(QStringLiteral("record"),
                  QStringLiteral("argument 2 must be an integer from "
                                 "-2147483648 to 2147483647, got string"));
    send(&ipc, QStringLiteral("record"), {QStringLiteral("info"), QStringLiteral("3")});
    QCOMPARE(receiver.levels, QStringList{QStringLiteral("info")});
    QCOMPARE(receiver.codes, QList<int>{3});
}

void tst_Typed::listeners()
{
    IpcMain ipc;
    QObject context;
    QStringList seen;
    ipc.on(QStringLiteral("log"), &context, [&](const QString &level, const QJsonObject &fields) {
        seen.append(level + QLatin1Char(':')
                    + fields.value(QStringLiteral("n")).toVariant().toString());
    });
    int onceCalls = 0;
    ipc.once(QStringLiteral("ping"), [&](const IpcMainEvent &event, int n) {
        QCOMPARE(event.channel(), QStringLiteral("ping"));
        onceCalls += n;
    });
    send(&ipc, QStringLiteral("log"),
         {QStringLiteral("warn"), QVariantMap{{QStringLiteral("n"), qlonglong(1)}}});
    QCOMPARE(seen, QStringList{QStringLiteral("warn:1")});
    // Wrong messages are dropped, with a warning that says why; the next good one arrives.
    expectDropped(QStringLiteral("log"), QStringLiteral("argument 1 must be a string, got number"));
    send(&ipc, QStringLiteral("log"), {qlonglong(1), QVariantMap{}});
    expectDropped(QStringLiteral("log"),
                  QStringLiteral("argument 2 must be an object, got undefined"));
    send(&ipc, QStringLiteral("log"), {QStringLiteral("info")});
    expectDropped(QStringLiteral("log"), QStringLiteral("expected 2 arguments, got 3"));
    send(&ipc, QStringLiteral("log"), {QStringLiteral("info"), QVariantMap{}, true});
    QCOMPARE(seen.size(), 1);
    send(&ipc, QStringLiteral("ping"), {qlonglong(5)});
    send(&ipc, QStringLiteral("ping"), {qlonglong(5)});
    QCOMPARE(onceCalls, 5);
    // A listener removed with its context.
    QObject gone;
    int goneCalls = 0;
    ipc.on(QStringLiteral("gone"), &gone, [&](bool) { ++goneCalls; });
    QVERIFY(ipc.removeListener(QStringLiteral("gone"), &gone));
    send(&ipc, QStringLiteral("gone"), {true});
    QCOMPARE(goneCalls, 0);
}

void tst_Typed::listenerReturnAnswersSendSync()
{
    IpcMain ipc;
    ipc.on(QStringLiteral("double"), [](double n) { return n * 2; });
    QVariant answer;
    send(&ipc, QStringLiteral("double"), {qlonglong(21)}, &answer);
    QCOMPARE(answer.toDouble(), 42.0);
    // A wrong sendSync gets no answer from it: the page gets Electron's "reply was never sent".
    QVariant wrong;
    expectDropped(QStringLiteral("double"),
                  QStringLiteral("argument 1 must be a number, got string"));
    send(&ipc, QStringLiteral("double"), {QStringLiteral("21")}, &wrong);
    QCOMPARE(wrong.toString(), QStringLiteral("never sent"));
    // So does the value of one that takes nothing, whatever it is sent.
    ipc.on(QStringLiteral("count"), []() { return 3; });
    QVariant count;
    send(&ipc, QStringLiteral("count"), {qlonglong(1), QStringLiteral("x")}, &count);
    QCOMPARE(count.toInt(), 3);
    ipc.on(QStringLiteral("channel"), [](const IpcMainEvent &event) { return event.channel(); });
    QVariant channel;
    send(&ipc, QStringLiteral("channel"), {}, &channel);
    QCOMPARE(channel.toString(), QStringLiteral("channel"));
}

void tst_Typed::untypedFormsStay()
{
    IpcMain ipc;
    ipc.handle(QStringLiteral("args"), [](const QVariantList &args) { return args.size(); });
    ipc.handle(QStringLiteral("both"), [](const IpcMainInvokeEvent &, const QVariantList &args) {
        return args.value(0).toString();
    });
    ipc.handle(QStringLiteral("event"), [](const IpcMainInvokeEvent &e) { return e.channel(); });
    ipc.handle(QStringLiteral("none"), []() { return 7; });
    ipc.handle(QStringLiteral("generic"),
               [](const auto &, const auto &args) { return args.size(); });
    QCOMPARE(invoke(&ipc, QStringLiteral("args"), {1.0, QStringLiteral("x"), true}).value.toInt(),
             3);
    QCOMPARE(invoke(&ipc, QStringLiteral("both"), {qlonglong(1)}).value.toString(),
             QStringLiteral("1"));
    QCOMPARE(invoke(&ipc, QStringLiteral("event"), {1.0}).value.toString(),
             QStringLiteral("event"));
    QCOMPARE(invoke(&ipc, QStringLiteral("none"), {1.0, 2.0}).value.toInt(), 7);
    QCOMPARE(invoke(&ipc, QStringLiteral("generic"), {1.0, 2.0}).value.toInt(), 2);
}

void tst_Typed::webContentsIpcIsTyped()
{
    // WebContents::ipc(): the page's own handlers and listeners, typed the same way; its handler
    // wins over the IpcMain's.
    IpcMain ipc;
    ipc.handle(QStringLiteral("add"), [](const QVariantList &) { return QStringLiteral("main"); });
    WirePage page(&ipc);
    page.contents->ipc()->handle(QStringLiteral("add"), [](double a, double b) { return a + b; });
    QStringList seen;
    page.contents->ipc()->on(QStringLiteral("log"), [&](const QString &s) { seen.append(s); });
    QCOMPARE(page.invoke(QStringLiteral("add"), {1.0, 2.0}).value.toDouble(), 3.0);
    COMPARE_REJECTION(page.invoke(QStringLiteral("add"), {1.0, QStringLiteral("2")}),
                      "argument 2 must be a number, got string");
    page.send(QStringLiteral("log"), {QStringLiteral("x")});
    expectDropped(QStringLiteral("log"),
                  QStringLiteral("argument 1 must be a string, got boolean"));
    page.send(QStringLiteral("log"), {true});
    QCOMPARE(seen, QStringList{QStringLiteral("x")});
}

void tst_Typed::typeScriptDeclarations()
{
    IpcMain ipc;
    ipc.handle(QStringLiteral("add"), [](double a, double b) { return a + b; });
    ipc.handle(QStringLiteral("open"),
               [](const IpcMainInvokeEvent &, const QString &, std::optional<int>) {});
    ipc.handle(QStringLiteral("legacy"), [](const QVariantList &args) { return args.size(); });
    ipc.handle(QStringLiteral("it's"),
               [](const QList<QMap<QString, QByteArray>> &) { return QFuture<QStringList>(); });
    ipc.on(QStringLiteral("log"), [](const QString &, const QJsonObject &) {});
    ipc.on(QStringLiteral("sync"), [](int n) { return QString::number(n); });
    ipc.on(QStringLiteral("raw"), [](const IpcMainEvent &, const QVariantList &) {});
    ipc.handle(QStringLiteral("now"), []() { return QDateTime(); });
    ipc.on(QStringLiteral("ping"), []() {});
    ipc.on(QStringLiteral("ask"), [](const IpcMainEvent &) {});
    ipc.handle(QStringLiteral("generic"), [](const auto &, const auto &) { return 1; });
    const QString ts = ipc.typeScriptDeclarations();
    const QString expected = QStringLiteral(
            "// Generated by WebIpc (IpcMain::typeScriptDeclarations()) from the application's\n"
            "// registrations. Do not edit: regenerate it (webipc_generate_typescript()).\n"
            "// Read by the webipc-electron-types package: ipcRenderer is typed by these "
            "channels.\n"
            "declare namespace WebIpcElectron {\n"
            "    interface Generated { typed: true }\n"
            "    interface InvokeChannels {\n"
            "        'add': { args: [arg1: number, arg2: number]; result: number };\n"
            "        'generic': { args: any[]; result: any };\n"
            "        'it\\'s': { args: [arg1: { [key: string]: Uint8Array }[]]; result: string[] "
            "};\n"
            "        'legacy': { args: any[]; result: any };\n"
            "        'now': { args: []; result: Date };\n"
            "        'open': { args: [arg1: string, arg2?: number | null | undefined]; result: "
            "void };\n"
            "    }\n"
            "    interface SendChannels {\n"
            "        'ask': { args: [] };\n"
            "        'log': { args: [arg1: string, arg2: { [key: string]: JsonValue }] };\n"
            "        'ping': { args: [] };\n"
            "        'raw': { args: any[] };\n"
            "        'sync': { args: [arg1: number] };\n"
            "    }\n"
            "    interface SendSyncChannels {\n"
            "        'ask': { args: []; result: any };\n"
            "        'raw': { args: any[]; result: any };\n"
            "        'sync': { args: [arg1: number]; result: string };\n"
            "    }\n"
            "    interface PageChannels {\n"
            "    }\n"
            "}\n");
    QCOMPARE(ts, expected);
}

void tst_Typed::typeScriptGadgetsAndPageEvents()
{
    IpcMain ipc;
    ipc.handle(QStringLiteral("lists"), [](const TodoList &list) { return list.items; });
    ipc.declarePageEvent<QString, std::optional<TodoItem>>(QStringLiteral("changed"));
    ipc.declarePageEvent<>(QStringLiteral("refresh"));
    const QString ts = ipc.typeScriptDeclarations();
    QVERIFY2(ts.contains(QStringLiteral(
                     "    interface Owner {\n        name: string;\n    }\n"
                     "    interface TodoItem {\n        title: string;\n        priority: number;\n"
                     "        done: boolean;\n        tags: string[];\n"
                     "        readonly summary: string;\n    }\n"
                     "    interface TodoList {\n        owner: Owner;\n        items: "
                     "TodoItem[];\n    }\n")),
             qPrintable(ts));
    QVERIFY2(
            ts.contains(QStringLiteral("'lists': { args: [arg1: TodoList]; result: TodoItem[] };")),
            qPrintable(ts));
    QVERIFY2(ts.contains(QStringLiteral("    interface PageChannels {\n"
                                        "        'changed': { args: [arg1: string, arg2?: TodoItem "
                                        "| null | undefined] };\n"
                                        "        'refresh': { args: [] };\n    }\n")),
             qPrintable(ts));
    // Two IpcMains (the application's and a page's WebContents::ipc()): one file.
    IpcMain other;
    other.handle(QStringLiteral("page-only"), [](bool) {});
    const QString both = IpcMain::typeScriptDeclarations({&ipc, &other});
    QVERIFY(both.contains(QStringLiteral("'page-only': { args: [arg1: boolean]; result: void };")));
    QVERIFY(both.contains(QStringLiteral("'lists'")));
}

void tst_Typed::typeScriptRequest()
{
    IpcMain ipc;
    ipc.handle(QStringLiteral("add"), [](double a, double b) { return a + b; });
    int exitCode = -1;
    qunsetenv("WEBIPC_TYPESCRIPT_OUTPUT");
    qunsetenv("WEBIPC_TYPESCRIPT_CHECK");
    QVERIFY(!ipc.handleTypeScriptRequest(&exitCode));
    QCOMPARE(exitCode, -1);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("ipc.d.ts"));
    qputenv("WEBIPC_TYPESCRIPT_CHECK", path.toLocal8Bit());
    QVERIFY(ipc.handleTypeScriptRequest(&exitCode));
    QCOMPARE(exitCode, 1); // missing: out of date
    qunsetenv("WEBIPC_TYPESCRIPT_CHECK");
    qputenv("WEBIPC_TYPESCRIPT_OUTPUT", path.toLocal8Bit());
    QVERIFY(ipc.handleTypeScriptRequest(&exitCode));
    QCOMPARE(exitCode, 0);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()), ipc.typeScriptDeclarations());
    file.close();
    qunsetenv("WEBIPC_TYPESCRIPT_OUTPUT");
    qputenv("WEBIPC_TYPESCRIPT_CHECK", path.toLocal8Bit());
    QVERIFY(ipc.handleTypeScriptRequest(&exitCode));
    QCOMPARE(exitCode, 0); // up to date
    // A channel more: the committed file is out of date.
    ipc.handle(QStringLiteral("sub"), [](double a, double b) { return a - b; });
    QVERIFY(ipc.handleTypeScriptRequest(&exitCode));
    QCOMPARE(exitCode, 1);
    qunsetenv("WEBIPC_TYPESCRIPT_CHECK");
}

QTEST_GUILESS_MAIN(tst_Typed)
#include "tst_typed.moc"
