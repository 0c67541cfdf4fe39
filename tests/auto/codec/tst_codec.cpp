// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The two halves of the value codec against the shared vectors (tests/data/codec-vectors.json):
// the JS half (src/js/codec.js) runs in a QJSEngine, the C++ half (src/core/codecdecoder.cpp,
// codecencoder.cpp) in process. tests/auto/values runs the same vectors through real pages.

#include "codecvectors.h"

#include <WebIpc/frameinfo.h>
#include <WebIpc/ipcmainevent.h>
#include <WebIpc/jsvalues.h>
#include <core/codec_p.h>

#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QRegularExpression>
#include <QtCore/QThread>
#include <QtCore/QTimeZone>
#include <QtGui/QImage>
#include <QtGui/QKeySequence>
#include <QtQml/QJSEngine>
#include <QtTest/QTest>
#include <QtWebChannel/QWebChannel>
#include <QtWebChannel/QWebChannelAbstractTransport>

#include <algorithm>
#include <functional>
#include <memory>

using namespace WebIpc;

struct Opaque
{
    int x = 0;
};

Q_DECLARE_METATYPE(Opaque)

// The value types move without allocating or throwing, and Qt's containers relocate them.
template<typename T>
constexpr bool isCheapValue =
        std::is_nothrow_move_constructible_v<T> &&std::is_nothrow_move_assignable_v<T>
                &&std::is_nothrow_swappable_v<T> &&QTypeInfo<T>::isRelocatable;
static_assert(
        isCheapValue<
                JsMap> && isCheapValue<JsSet> && isCheapValue<TypedArray> && isCheapValue<JsError> && isCheapValue<SparseArray> && isCheapValue<FrameInfo> && isCheapValue<IpcMainEvent> && isCheapValue<IpcMainInvokeEvent>);

namespace {
// What QVariant conversions of WebIpc's types gave before main(), WebIpc loaded but unused.
QVariantMap mapAtStart;
QVariantList setAtStart;
QByteArray typedArrayAtStart;
} // namespace

// The arguments of a message whose deepest value is \a n levels deep (see Codec::MaximumDepth).
using DeepArgs = std::function<QVariantList(int n)>;
Q_DECLARE_METATYPE(DeepArgs)

namespace {

// Qt 6.4's JSON parser refuses documents nested deeper than this (QJsonPrivate::Parser's
// nestingLimit); Qt WebEngine parses every QWebChannel message from a page with it.
constexpr int QtJsonNestingLimit = 1024;
// The JSON levels the codec leaves for the envelope around an argument (5 are used today).
constexpr int EnvelopeAllowance = 16;

// The page's half of QWebChannel talks to a real QWebChannel through this, as through Qt
// WebEngine's transport: what the page sends is parsed with QJsonDocument::fromJson, and what
// does not parse is dropped.
class PageTransport : public QWebChannelAbstractTransport
{
    Q_OBJECT
public:
    explicit PageTransport(QJSEngine *engine) : m_engine(engine) { }

    void sendMessage(const QJsonObject &message) override
    {
        QJSValue event = m_engine->newObject();
        event.setProperty(QStringLiteral("data"),
                          QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
        m_engine->globalObject()
                .property(QStringLiteral("transport"))
                .property(QStringLiteral("onmessage"))
                .call({event});
    }

    Q_INVOKABLE void send(const QString &text)
    {
        const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &lastError);
        if (lastError.error == QJsonParseError::NoError)
            Q_EMIT messageReceived(document.object(), this);
    }

    QJsonParseError lastError{};

private:
    QJSEngine *m_engine;
};

// Stands in for the page's bridge object: the same slot, so the same envelope.
class BridgeStandIn : public QObject
{
    Q_OBJECT
public:
    Q_INVOKABLE void post(const QString &documentId, const QJsonArray &messages)
    {
        Q_UNUSED(documentId);
        posted = messages;
    }

    QJsonArray posted;
};

// How deep \a value nests in JSON levels, as Qt's parser counts them (a scalar: 0).
int jsonDepth(const QJsonValue &value)
{
    int deepest = 0;
    if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            deepest = std::max(deepest, jsonDepth(item));
    } else if (value.isObject()) {
        for (const QJsonValue &item : value.toObject())
            deepest = std::max(deepest, jsonDepth(item));
    } else {
        return 0;
    }
    return deepest + 1;
}

} // namespace

class tst_Codec : public QObject
{
    Q_OBJECT

public:
    static void initMain()
    {
        mapAtStart = QVariant::fromValue(JsMap{{QStringLiteral("a"), 1}}).toMap();
        setAtStart = QVariant::fromValue(JsSet{1, 2}).toList();
        typedArrayAtStart =
                QVariant::fromValue(TypedArray(TypedArray::Uint8Array, "abc", 1)).toByteArray();
    }

private Q_SLOTS:
    void initTestCase();
    void conversionsWorkBeforeAnyMessage();

    void jsToQtToJs_data();
    void jsToQtToJs();
    void wireToQt_data();
    void wireToQt();
    void cloneErrors_data();
    void cloneErrors();
    void qtToJs_data();
    void qtToJs();

    void sharedAcrossArguments();
    void cycleSurvivesEcho();
    void convertedValuesAreNotShared();
    void unconvertibleQtValues_data();
    void unconvertibleQtValues();
    void malformedWire_data();
    void malformedWire();
    void fuzzInputs_data();
    void fuzzInputs();
    void base64();
    void qtJsonNestingLimit();
    void depthLimitsAgree();
    void depthLimit_data();
    void depthLimit();
    void depthOfQtValues();
    void depthIgnoresErrorCause();
    void sizeLimit();
    void jsSizeLimit();
    void prototypePollution();
    void valueTypes();
    void valueTypesMoveAndSwap();

private:
    QJsonValue jsEncode(const QString &expression, QString *error = nullptr);
    QJSValue jsDecode(const QJsonValue &wire);
    QString sameValue(const QJSValue &actual, const QString &expectedExpression);
    void addRows(const char *section);
    QString postDeepArgs(const QString &build, int n);

    QJSEngine m_engine;
    PageTransport m_transport{&m_engine};
    QWebChannel m_channel;
    BridgeStandIn m_bridge;
    QJsonObject m_vectors;
    QStringList m_features;
};

void tst_Codec::initTestCase()
{
    m_vectors = CodecVectors::load();
    QVERIFY(!m_vectors.value(QLatin1String("vectors")).toArray().isEmpty());
    m_engine.installExtensions(QJSEngine::ConsoleExtension);
    for (const QString &file : {CodecVectors::jsFile(QStringLiteral("codec.js")),
                                CodecVectors::dataFile(QStringLiteral("same-value.js"))}) {
        const QJSValue result = m_engine.evaluate(file);
        QVERIFY2(!result.isError(), qPrintable(result.toString()));
    }
    // What this engine has: Qt 6.4's QJSEngine has no BigInt and no DOM.
    const char *checks[][2] = {
            {"BigInt", "typeof BigInt === 'function'"},
            {"RegExpDotAll",
             "(function () { try { return new RegExp('', 's').dotAll === true; }"
             " catch (e) { return false; } })()"},
            {"WritableStack",
             "(function () { var e = new Error('x'); e.stack = 's';"
             " return e.stack === 's'; })()"},
            {"StandardProxy",
             "Object.prototype.toString.call(new Proxy({}, {})) === '[object Object]'"},
            {"StandardRegExpSource", "/a\\/b/.source === 'a\\\\/b'"},
            {"DOM", "typeof document !== 'undefined'"},
            {"WeakRef", "typeof WeakRef === 'function'"},
            {"SharedMemory", "typeof SharedArrayBuffer === 'function'"}};
    for (const auto &check : checks) {
        if (m_engine.evaluate(QLatin1String(check[1])).toBool())
            m_features.append(QLatin1String(check[0]));
    }
    qInfo() << "QJSEngine features:" << m_features;

    // qwebchannel.js, talking to a QWebChannel with the bridge's post() slot.
    QFile qwebchannel(QStringLiteral(":/qtwebchannel/qwebchannel.js"));
    QVERIFY(qwebchannel.open(QIODevice::ReadOnly));
    const QJSValue loaded = m_engine.evaluate(QString::fromUtf8(qwebchannel.readAll()));
    QVERIFY2(!loaded.isError(), qPrintable(loaded.toString()));
    QJSEngine::setObjectOwnership(&m_transport, QJSEngine::CppOwnership);
    m_engine.globalObject().setProperty(QStringLiteral("nativeTransport"),
                                        m_engine.newQObject(&m_transport));
    m_channel.registerObject(QStringLiteral("webipc"), &m_bridge);
    m_channel.connectTo(&m_transport);
    m_engine.evaluate(QStringLiteral(
            "var transport = { send: function (text) { nativeTransport.send(text); },"
            " onmessage: null }, bridge = null;"
            " new QWebChannel(transport, function (channel) { bridge = channel.objects.webipc; "
            "});"));
    QTRY_VERIFY(m_engine.evaluate(QStringLiteral("bridge !== null")).toBool());
}

QJsonValue tst_Codec::jsEncode(const QString &expression, QString *error)
{
    // Chromium's JSON.stringify escapes lone surrogates (ES2019); QJSEngine's does not, so the
    // escaping is done here, as the page's QWebChannel would.
    const QJSValue result = m_engine.evaluate(
            QStringLiteral(
                    "(function () { try { return JSON.stringify(WebIpcCodec.encodeArgs([%1]))"
                    ".replace(/[\\ud800-\\udbff](?![\\udc00-\\udfff])|"
                    "([^\\ud800-\\udbff]|^)([\\udc00-\\udfff])/g, function (m, a, b) {"
                    " function u(c) { return '\\\\u' + c.charCodeAt(0).toString(16); }"
                    " return b ? a + u(b) : u(m); });"
                    " } catch (e) { return { error: e.message }; } })()")
                    .arg(expression));
    if (result.isError() || result.isObject()) {
        if (error)
            *error = result.isError() ? result.toString()
                                      : result.property(QStringLiteral("error")).toString();
        return QJsonValue::Undefined;
    }
    // Parsed by Qt, as QWebChannel does with what pages send.
    const QJsonDocument document = QJsonDocument::fromJson(result.toString().toUtf8());
    return document.array().at(0);
}

QJSValue tst_Codec::jsDecode(const QJsonValue &wire)
{
    const QByteArray json = QJsonDocument(QJsonArray{wire}).toJson(QJsonDocument::Compact);
    QJSValue decode = m_engine.evaluate(QStringLiteral(
            "(function (text) { return WebIpcCodec.decodeArgs(JSON.parse(text))[0]; })"));
    return decode.call({QString::fromUtf8(json)});
}

QString tst_Codec::sameValue(const QJSValue &actual, const QString &expectedExpression)
{
    QJSValue check = m_engine.evaluate(QStringLiteral("(function (actual) { return "
                                                      "webipcSameValue(actual, (%1)); })")
                                               .arg(expectedExpression));
    const QJSValue result = check.call({actual});
    return result.isError() ? result.toString() : result.toString();
}

void tst_Codec::addRows(const char *section)
{
    QTest::addColumn<QJsonObject>("vector");
    for (const QJsonValue &item : m_vectors.value(QLatin1String(section)).toArray()) {
        const QJsonObject vector = item.toObject();
        QTest::newRow(qPrintable(vector.value(QLatin1String("name")).toString())) << vector;
    }
}

// The C++ half of a vector: \a wire decodes to the Qt value \a qtDescriptor describes, and that
// encodes back to the same \a wire. Returns what went wrong, or an empty string.
static QString cppRoundTrip(const QJsonValue &wire, const QJsonValue &qtDescriptor)
{
    QVariantList decoded;
    QString error;
    if (!Codec::decodeArgs(QJsonArray{wire}, &decoded, &error))
        return QStringLiteral("decoding failed: ") + error;
    if (decoded.size() != 1)
        return QStringLiteral("decoded %1 values, not 1").arg(decoded.size());
    const QString difference =
            CodecVectors::compare(decoded.at(0), CodecVectors::fromDescriptor(qtDescriptor));
    if (!difference.isEmpty())
        return difference;
    QJsonArray back;
    if (!Codec::encodeArgs(decoded, &back, &error))
        return QStringLiteral("encoding failed: ") + error;
    if (back.at(0) != wire)
        return QStringLiteral("encoded back to %1")
                .arg(QString::fromUtf8(QJsonDocument(back).toJson(QJsonDocument::Compact)));
    return QString();
}

void tst_Codec::jsToQtToJs_data() { addRows("vectors"); }

// JS encodes exactly the vector's wire; C++ decodes it to the vector's Qt value and encodes that
// back to the same wire; JS decodes it to a value the same as the original.
void tst_Codec::jsToQtToJs()
{
    QFETCH(QJsonObject, vector);
    QString missing;
    if (!CodecVectors::supported(vector, m_features, &missing))
        QSKIP(qPrintable(QStringLiteral("QJSEngine has no %1; wireToQt and tests/auto/values "
                                        "cover this vector")
                                 .arg(missing)));
    const QString js = vector.value(QLatin1String("js")).toString();
    QString error;
    const QJsonValue wire = jsEncode(js, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(wire, vector.value(QLatin1String("wire")));

    const QString difference = cppRoundTrip(wire, vector.value(QLatin1String("qt")));
    QVERIFY2(difference.isEmpty(), qPrintable(difference));

    const QString expected = vector.value(QLatin1String("expect")).toString(js);
    const QString same = sameValue(jsDecode(wire), expected);
    QVERIFY2(same.isEmpty(), qPrintable(same));
}

void tst_Codec::wireToQt_data() { addRows("vectors"); }

// The C++ half alone, for every vector (including those QJSEngine cannot build).
void tst_Codec::wireToQt()
{
    QFETCH(QJsonObject, vector);
    const QString difference =
            cppRoundTrip(vector.value(QLatin1String("wire")), vector.value(QLatin1String("qt")));
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void tst_Codec::cloneErrors_data() { addRows("errors"); }

void tst_Codec::cloneErrors()
{
    QFETCH(QJsonObject, vector);
    QString missing;
    if (!CodecVectors::supported(vector, m_features, &missing))
        QSKIP(qPrintable(QStringLiteral("QJSEngine has no %1; tests/auto/values covers this "
                                        "vector in a real page")
                                 .arg(missing)));
    QString error;
    const QJsonValue wire = jsEncode(vector.value(QLatin1String("js")).toString(), &error);
    QVERIFY2(wire.isUndefined(), "encoding did not throw");
    QCOMPARE(error, vector.value(QLatin1String("error")).toString());
}

void tst_Codec::qtToJs_data() { addRows("fromQt"); }

void tst_Codec::qtToJs()
{
    QFETCH(QJsonObject, vector);
    QString missing;
    if (!CodecVectors::supported(vector, m_features, &missing))
        QSKIP(qPrintable(QStringLiteral("QJSEngine has no %1; tests/auto/values covers this "
                                        "vector in a real page")
                                 .arg(missing)));
    QJsonArray wire;
    QString error;
    QVERIFY2(Codec::encodeArgs({CodecVectors::fromDescriptor(vector.value(QLatin1String("qt")))},
                               &wire, &error),
             qPrintable(error));
    const QString same =
            sameValue(jsDecode(wire.at(0)), vector.value(QLatin1String("js")).toString());
    QVERIFY2(same.isEmpty(), qPrintable(same));
}

// B95: one clone graph for all the arguments of a message.
void tst_Codec::sharedAcrossArguments()
{
    const QJSValue result =
            m_engine.evaluate(QStringLiteral("(function () { var s = {n: 1}; return JSON.stringify("
                                             "WebIpcCodec.encodeArgs([s, {a: s}, [s]])); })()"));
    const QJsonArray wire = QJsonDocument::fromJson(result.toString().toUtf8()).array();
    QCOMPARE(wire.at(1).toObject().value(QLatin1String("a")),
             QJsonValue(QJsonObject{{QStringLiteral("\x01"), QStringLiteral("r")},
                                    {QStringLiteral("v"), 0}}));
    QVariantList args;
    QString error;
    QVERIFY2(Codec::decodeArgs(wire, &args, &error), qPrintable(error));
    QCOMPARE(args.at(1).toMap().value(QStringLiteral("a")), args.at(0));
    QJsonArray back;
    QVERIFY2(Codec::encodeArgs(args, &back, &error), qPrintable(error));
    QCOMPARE(back, wire);
    QJSValue check = m_engine.evaluate(QStringLiteral(
            "(function (text) { var args = WebIpcCodec.decodeArgs(JSON.parse(text));"
            " return args[1].a === args[0] && args[2][0] === args[0] && args[0].n === 1; })"));
    QVERIFY(check.call({QString::fromUtf8(QJsonDocument(back).toJson())}).toBool());
}

// A cycle arrives in C++ as a CyclicReference and goes back to the page as the cycle, also when
// a handler wraps the value in a new container.
void tst_Codec::cycleSurvivesEcho()
{
    const QJsonValue wire =
            jsEncode(QStringLiteral("(function () { var a = {n: 1}; a.self = a; return a; })()"));
    QVariantList args;
    QString error;
    QVERIFY2(Codec::decodeArgs(QJsonArray{wire}, &args, &error), qPrintable(error));
    QCOMPARE(args.at(0).toMap().value(QStringLiteral("self")).value<CyclicReference>().levelsUp(),
             1);
    QJsonValue back;
    QVERIFY(Codec::encode(QVariantMap{{QStringLiteral("wrapped"), args.at(0)}}, &back, &error,
                          QStringLiteral("return value")));
    QJSValue result = jsDecode(back);
    QJSValue inner = result.property(QStringLiteral("wrapped"));
    QVERIFY(inner.property(QStringLiteral("self")).strictlyEquals(inner));
}

// Values converted while encoding (QJsonObject, QList<T>, gadget properties) are separate
// objects, even when their memory would be reused by the next conversion.
void tst_Codec::convertedValuesAreNotShared()
{
    QVariantList args;
    for (int i = 0; i < 50; ++i) {
        args.append(QJsonObject{{QStringLiteral("inner"), QJsonObject{{QStringLiteral("n"), i}}}});
        args.append(QVariant::fromValue(QList<int>{i}));
    }
    QJsonArray wire;
    QString error;
    QVERIFY(Codec::encodeArgs(args, &wire, &error));
    const QByteArray text = QJsonDocument(wire).toJson(QJsonDocument::Compact);
    QVERIFY2(!text.contains("\\u0001\":\"r\"") && !text.contains("\"r\""), text.left(300));
    for (int i = 0; i < 50; ++i)
        QCOMPARE(wire.at(2 * i)[QLatin1String("inner")][QLatin1String("n")].toInt(), i);
}

void tst_Codec::unconvertibleQtValues_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("QObject pointer")
            << QVariant(QVariantMap{{QStringLiteral("owner"), QVariant::fromValue(this)}})
            << QStringLiteral("An object could not be cloned (args[0].owner is a pointer to a "
                              "QObject (tst_Codec*)).");
    QTest::newRow("unregistered type")
            << QVariant(QVariantList{1, QVariant::fromValue(Opaque())})
            << QStringLiteral("An object could not be cloned (args[0][1] is a value of type "
                              "Opaque, which WebIpc cannot convert).");
    QTest::newRow("cycle outside the value")
            << QVariant::fromValue(CyclicReference(1))
            << QStringLiteral("An object could not be cloned (args[0] is a CyclicReference 1 "
                              "levels up, outside the value).");
    QTest::newRow("boxed list")
            << QVariant::fromValue(BoxedPrimitive(QVariantList{1}))
            << QStringLiteral("An object could not be cloned (args[0] is a BoxedPrimitive that "
                              "holds no number, string, boolean or BigInt).");
    // Gadgets only for their enums, with no properties: not plain objects.
    QTest::newRow("QImage")
            << QVariant(QImage(2, 2, QImage::Format_RGB32))
            << QStringLiteral("An object could not be cloned (args[0] is a value of type QImage, "
                              "which WebIpc cannot convert).");
    QTest::newRow("nested QKeySequence")
            << QVariant(QVariantMap{
                       {QStringLiteral("keys"),
                        QVariantList{1, QVariant(QKeySequence(QStringLiteral("Ctrl+A")))}}})
            << QStringLiteral("An object could not be cloned (args[0].keys[1] is a value of type "
                              "QKeySequence, which WebIpc cannot convert).");
    QTest::newRow("view outside its buffer")
            << QVariant::fromValue(TypedArray(TypedArray::Int32Array, QByteArray(4, 0), 0, 2))
            << QStringLiteral("An object could not be cloned (args[0] is a TypedArray whose "
                              "offset or length does not fit its buffer).");
}

void tst_Codec::unconvertibleQtValues()
{
    QFETCH(QVariant, value);
    QFETCH(QString, message);
    QJsonArray wire;
    QString error;
    QVERIFY(!Codec::encodeArgs({value}, &wire, &error));
    QCOMPARE(error, message);
}

void tst_Codec::malformedWire_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    const auto row = [](const char *name, const char *json, const char *message) {
        QTest::newRow(name) << QByteArray(json) << QString::fromLatin1(message);
    };
    row("unknown tag", R"([{"\u0001": "zz"}])", "an unknown value tag \"zz\"");
    row("reference ahead", R"([{"\u0001": "r", "v": 0}])", "a reference to an unknown object");
    row("reference out of range", R"([[{"\u0001": "r", "v": 5}]])",
        "a reference to an unknown object");
    row("negative reference", R"([[{"\u0001": "r", "v": -1}]])",
        "a reference to an unknown object");
    row("fractional reference", R"([[{"\u0001": "r", "v": 0.5}]])",
        "a reference to an unknown object");
    row("view referring to itself",
        R"([{"\u0001": "V", "k": "Uint8Array", "b": {"\u0001": "r", "v": 0}, "o": 0, "l": 0}])",
        "a reference to an unfinished object");
    row("view over a non-buffer",
        R"([{"\u0001": "V", "k": "Uint8Array", "b": [], "o": 0, "l": 0}])",
        "a view without an ArrayBuffer");
    row("view past its buffer",
        R"([{"\u0001": "V", "k": "Int32Array", "b": {"\u0001": "A", "v": "AAAA"}, "o": 0, "l": 1}])",
        "a view that does not fit its ArrayBuffer");
    row("misaligned view",
        R"([{"\u0001": "V", "k": "Int16Array", "b": {"\u0001": "A", "v": "AAAA"}, "o": 1, "l": 1}])",
        "a view that does not fit its ArrayBuffer");
    row("view of unknown kind",
        R"([{"\u0001": "V", "k": "Blob", "b": {"\u0001": "A", "v": ""}, "o": 0, "l": 0}])",
        "a view of unknown kind");
    row("bad base64", R"([{"\u0001": "A", "v": "*"}])", "an ArrayBuffer with malformed base64");
    row("bad BigInt", R"([{"\u0001": "I", "v": "12a"}])", "a malformed BigInt");
    row("bad number", R"([{"\u0001": "n", "v": "1"}])", "a malformed number");
    row("bad date", R"([{"\u0001": "D", "v": 1e300}])", "a malformed Date");
    row("bad RegExp flags", R"([{"\u0001": "R", "s": "x", "f": "gg"}])", "a malformed RegExp");
    row("odd Map", R"([{"\u0001": "M", "v": [1]}])", "a malformed Map");
    row("sparse index too large", R"([{"\u0001": "H", "l": 2, "v": [2, 0]}])",
        "a sparse array with a malformed index");
    row("sparse length too large", R"([{"\u0001": "H", "l": 4294967296, "v": []}])",
        "a malformed sparse array");
    row("boxed object", R"([{"\u0001": "O", "v": {"a": 1}}])", "a malformed boxed primitive");
    row("boxed date", R"([{"\u0001": "O", "v": {"\u0001": "D", "v": 0}}])",
        "a malformed boxed primitive");
    row("surrogate units out of range", R"([{"\u0001": "S", "v": [65536]}])", "a malformed string");
    row("error without message", R"([{"\u0001": "E", "n": "Error"}])", "a malformed Error");
    row("not an array", R"({"a": 1})", "the arguments are not an array");
}

void tst_Codec::malformedWire()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    const QJsonDocument document = QJsonDocument::fromJson(json);
    QVERIFY(!document.isNull());
    QVariantList args;
    QString error;
    QVERIFY(!Codec::decodeArgs(document.isArray() ? QJsonValue(document.array())
                                                  : QJsonValue(document.object()),
                               &args, &error));
    QCOMPARE(error, message);
}

void tst_Codec::fuzzInputs_data()
{
    QTest::addColumn<QString>("path");
    for (const char *folder : {"tests/fuzz/regressions", "tests/fuzz/corpus"}) {
        const QDir dir(QStringLiteral(WEBIPC_SOURCE_DIR "/") + QLatin1String(folder));
        for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files))
            QTest::newRow(qPrintable(QLatin1String(folder) + QLatin1Char('/') + name))
                    << dir.filePath(name);
    }
}

// What the fuzzer checks (tests/fuzz/codec_fuzzer.cpp), for its seeds and for every input that once
// failed: no crash, and encode(decode(wire)) is a fixed point.
void tst_Codec::fuzzInputs()
{
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll());
    QVariantList args;
    QString error;
    if (!Codec::decodeArgs(document.isArray() ? QJsonValue(document.array())
                                              : QJsonValue(document.object()),
                           &args, &error)) {
        QVERIFY(!error.isEmpty());
        return;
    }
    QJsonArray encoded, reencoded;
    QVERIFY2(Codec::encodeArgs(args, &encoded, &error), qPrintable(error));
    QVariantList again;
    QVERIFY2(Codec::decodeArgs(encoded, &again, &error), qPrintable(error));
    QVERIFY2(Codec::encodeArgs(again, &reencoded, &error), qPrintable(error));
    QCOMPARE(reencoded, encoded);
}

// The JS half's own base64 (QJSEngine has no TextDecoder: the plain fallback), against Qt's.
void tst_Codec::base64()
{
    for (int n = 0; n < 70; ++n) {
        QByteArray bytes(n, Qt::Uninitialized);
        for (int i = 0; i < n; ++i)
            bytes[i] = char((i * 97 + n) & 255);
        QJsonArray wire;
        QString error;
        QVERIFY(Codec::encodeArgs({bytes}, &wire, &error));
        const QJsonValue buffer = wire.at(0)[QLatin1String("b")];
        QCOMPARE(buffer[QLatin1String("v")].toString(), QString::fromLatin1(bytes.toBase64()));
        // JS decodes C++'s base64, and encodes the bytes back to the same text.
        QJSValue check = m_engine.evaluate(QStringLiteral(
                "(function (text) { var u = WebIpcCodec.decodeArgs(JSON.parse(text))[0];"
                " return JSON.stringify(WebIpcCodec.encodeArgs([u])); })"));
        const QJSValue back = check.call({QString::fromUtf8(QJsonDocument(wire).toJson())});
        QVERIFY2(!back.isError(), qPrintable(back.toString()));
        QCOMPARE(QJsonDocument::fromJson(back.toString().toUtf8()).array(), wire);
    }
    const char *malformed[] = {"A", "AB=C", "A===", "****", "AB\u0100A", "ABC=D"};
    for (const char *text : malformed) {
        const QJSValue result = m_engine.evaluate(
                QStringLiteral("(function () { try { WebIpcCodec.decode({'\u0001': 'A', v: '%1'});"
                               " return 'decoded'; } catch (e) { return e.message; } })()")
                        .arg(QLatin1String(text)));
        QCOMPARE(result.toString(), QStringLiteral("WebIpc: malformed base64"));
    }
}

// The measurement Codec::MaximumDepth rests on.
void tst_Codec::qtJsonNestingLimit()
{
    const auto nested = [](int levels) {
        return QByteArray(levels, '[') + QByteArray(levels, ']');
    };
    QJsonParseError error;
    QJsonDocument::fromJson(nested(QtJsonNestingLimit), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QJsonDocument::fromJson(nested(QtJsonNestingLimit + 1), &error);
    QCOMPARE(error.error, QJsonParseError::DeepNesting);
}

void tst_Codec::depthLimitsAgree()
{
    QCOMPARE(m_engine.evaluate(QStringLiteral("WebIpcCodec.maximumDepth")).toInt(),
             Codec::MaximumDepth);
}

void tst_Codec::depthLimit_data()
{
    QTest::addColumn<QString>("build"); // JavaScript: function (n) returning the arguments
    QTest::addColumn<DeepArgs>("qt"); // the same arguments as C++ gets them

    // A value of each kind that holds values, around one inner value.
    struct Container
    {
        const char *name;
        const char *js; // function (v)
        QVariant (*qt)(const QVariant &);
    };
    static const Container containers[] = {
            {"array", "function (v) { return [v]; }",
             [](const QVariant &v) { return QVariant(QVariantList{v}); }},
            {"object", "function (v) { return { k: v }; }",
             [](const QVariant &v) {
                 return QVariant(QVariantMap{{QStringLiteral("k"), v}});
             }},
            {"Map value", "function (v) { return new Map([['k', v]]); }",
             [](const QVariant &v) {
                 JsMap map;
                 map.append(QStringLiteral("k"), v);
                 return QVariant::fromValue(map);
             }},
            {"Map key", "function (v) { return new Map([[v, 1]]); }",
             [](const QVariant &v) {
                 JsMap map;
                 map.append(v, qlonglong(1));
                 return QVariant::fromValue(map);
             }},
            {"Set", "function (v) { return new Set([v]); }",
             [](const QVariant &v) {
                 JsSet set;
                 set.append(v);
                 return QVariant::fromValue(set);
             }},
            {"sparse array", "function (v) { var a = new Array(3); a[1] = v; return a; }",
             [](const QVariant &v) {
                 SparseArray array(3);
                 array.insert(1, v);
                 return QVariant::fromValue(array);
             }},
    };
    // The innermost value, including the kinds that take two JSON levels (a view and its
    // buffer, a box and its primitive, an empty Map).
    struct Leaf
    {
        const char *name;
        const char *js;
        QVariant (*qt)();
    };
    static const Leaf leaves[] = {
            {"number", "1", [] { return QVariant(qlonglong(1)); }},
            {"undefined", "undefined", [] { return QVariant(); }},
            {"empty array", "[]", [] { return QVariant(QVariantList()); }},
            {"empty Map", "new Map()", [] { return QVariant::fromValue(JsMap()); }},
            {"Uint8Array", "new Uint8Array([1, 2, 3])",
             [] { return QVariant(QByteArray("\x01\x02\x03")); }},
            {"boxed number", "new Number(2)",
             [] { return QVariant::fromValue(BoxedPrimitive(qlonglong(2))); }},
            {"boxed string", "new String('s')",
             [] { return QVariant::fromValue(BoxedPrimitive(QStringLiteral("s"))); }},
            {"Date", "new Date(0)",
             [] { return QVariant(QDateTime::fromMSecsSinceEpoch(0, QTimeZone::utc())); }},
    };
    for (const Container &container : containers) {
        for (const Leaf &leaf : leaves) {
            QTest::addRow("%s of %s", container.name, leaf.name)
                    << QStringLiteral("function (n) { var v = %1;"
                                      " for (var i = 1; i < n; ++i) v = (%2)(v); return [v]; }")
                               .arg(QLatin1String(leaf.js), QLatin1String(container.js))
                    << DeepArgs([container, leaf](int n) {
                           QVariant v = leaf.qt();
                           for (int i = 1; i < n; ++i)
                               v = container.qt(v);
                           return QVariantList{v};
                       });
        }
    }

    // A reference is a value too: the second argument refers to the first, n levels down.
    QTest::newRow("shared reference")
            << QStringLiteral("function (n) { var s = [7], v = s;"
                              " for (var i = 1; i < n; ++i) v = [v]; return [s, v]; }")
            << DeepArgs([](int n) {
                   const QVariantList shared{qlonglong(7)};
                   QVariant v = shared;
                   for (int i = 1; i < n; ++i)
                       v = QVariantList{v};
                   return QVariantList{shared, v};
               });
    // A cycle: the innermost array holds the outermost one.
    QTest::newRow("cycle") << QStringLiteral(
            "function (n) { var top = [], inner = top;"
            " for (var i = 2; i < n; ++i) { var next = []; inner.push(next);"
            " inner = next; } inner.push(top); return [top]; }")
                           << DeepArgs([](int n) {
                                  QVariant v =
                                          QVariantList{QVariant::fromValue(CyclicReference(n - 1))};
                                  for (int i = 1; i < n - 1; ++i)
                                      v = QVariantList{v};
                                  return QVariantList{v};
                              });
}

// Sends the arguments \a build makes for depth \a n the way the bridge does: encoded by
// codec.js, in a batch, through qwebchannel.js. Returns the encoder's error, if it threw.
QString tst_Codec::postDeepArgs(const QString &build, int n)
{
    m_bridge.posted = QJsonArray();
    m_transport.lastError = QJsonParseError();
    const QJSValue result = m_engine.evaluate(
            QStringLiteral("(function (n) { var args; try { args = WebIpcCodec.encodeArgs((%1)(n));"
                           " } catch (e) { return e.message; }"
                           " bridge.post('document', [[0, 1, 'deep', args]]); return ''; })(%2)")
                    .arg(build)
                    .arg(n));
    return result.toString();
}

// One depth limit, end to end: a value exactly at it, of every kind, fits inside Qt's JSON
// nesting limit in its envelope, reaches C++ intact and encodes back the same; one level more
// is refused by both encoders and by the decoder, with the same error.
void tst_Codec::depthLimit()
{
    QFETCH(QString, build);
    QFETCH(DeepArgs, qt);
    const int limit = Codec::MaximumDepth;

    QString error = postDeepArgs(build, limit);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(m_transport.lastError.error == QJsonParseError::NoError,
             qPrintable(m_transport.lastError.errorString()));
    const QJsonArray wire = m_bridge.posted.at(0)[3].toArray();
    QVERIFY(!wire.isEmpty());
    for (const QJsonValue &arg : wire)
        QVERIFY2(jsonDepth(arg) + EnvelopeAllowance <= QtJsonNestingLimit,
                 qPrintable(QString::number(jsonDepth(arg))));

    QVariantList decoded;
    QVERIFY2(Codec::decodeArgs(wire, &decoded, &error), qPrintable(error));
    const QVariantList expected = qt(limit);
    QCOMPARE(decoded.size(), expected.size());
    for (qsizetype i = 0; i < decoded.size(); ++i) {
        // The test's comparison recurses once or twice a level: under AddressSanitizer its
        // frames outgrow the main thread's 8 MiB stack at this depth (the codec's own do not).
        QString difference;
        std::unique_ptr<QThread> comparing(QThread::create(
                [&]() { difference = CodecVectors::compare(decoded.at(i), expected.at(i)); }));
        comparing->setStackSize(256 * 1024 * 1024);
        comparing->start();
        comparing->wait();
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }
    QJsonArray encoded;
    QVERIFY2(Codec::encodeArgs(expected, &encoded, &error), qPrintable(error));
    QCOMPARE(encoded, wire);

    const QString jsError = postDeepArgs(build, limit + 1);
    QVERIFY2(jsError.startsWith(QStringLiteral("An object could not be cloned (args[")),
             qPrintable(jsError));
    QVERIFY2(jsError.endsWith(QStringLiteral(" is nested deeper than %1 levels).").arg(limit)),
             qPrintable(jsError));
    QVERIFY(m_bridge.posted.isEmpty()); // nothing was sent
    QVERIFY(!Codec::encodeArgs(qt(limit + 1), &encoded, &error));
    QCOMPARE(error, jsError);
    // The same arguments inside one more array.
    QVERIFY(!Codec::decodeArgs(QJsonArray{wire}, &decoded, &error));
    QCOMPARE(error, QStringLiteral("the value is nested deeper than %1 levels").arg(limit));
}

// C++'s side of the arithmetic: the deepest JSON a value at the limit takes is two levels a
// value level (Maps around a box around a tagged number), and JSON from Qt's JSON classes counts
// its values too.
void tst_Codec::depthOfQtValues()
{
    const int limit = Codec::MaximumDepth;
    const auto deepest = [](int n) {
        QVariant v = QVariant::fromValue(BoxedPrimitive(qQNaN()));
        for (int i = 1; i < n; ++i) {
            JsMap map;
            map.append(v, 1);
            v = QVariant::fromValue(map);
        }
        return QVariantList{v};
    };
    QJsonArray wire;
    QString error;
    QVERIFY2(Codec::encodeArgs(deepest(limit), &wire, &error), qPrintable(error));
    QCOMPARE(jsonDepth(wire.at(0)), 2 * limit);
    QVERIFY(jsonDepth(wire.at(0)) + EnvelopeAllowance <= QtJsonNestingLimit);
    QVERIFY(!Codec::encodeArgs(deepest(limit + 1), &wire, &error));

    QJsonValue json = 1;
    for (int i = 1; i < limit; ++i)
        json = QJsonArray{json};
    QVERIFY2(Codec::encodeArgs({QVariant(json.toArray())}, &wire, &error), qPrintable(error));
    QVERIFY(!Codec::encodeArgs({QVariant(QJsonArray{json})}, &wire, &error));
    QCOMPARE(error,
             QStringLiteral("An object could not be cloned (args[0]%1 is nested deeper than %2 "
                            "levels).")
                     .arg(QStringLiteral("[0]").repeated(limit), QString::number(limit)));
}

// An Error's cause is not sent (docs/values.md), so its depth does not count, however deep.
void tst_Codec::depthIgnoresErrorCause()
{
    const QString error =
            postDeepArgs(QStringLiteral("function (n) { var e = new TypeError('e'), c = 1, v;"
                                        " for (var i = 0; i < 2000; ++i) c = [c]; e.cause = c;"
                                        " for (v = e, i = 1; i < n; ++i) v = [v]; return [v]; }"),
                         Codec::MaximumDepth);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(m_transport.lastError.error == QJsonParseError::NoError);
    QVariantList decoded;
    QString decodeError;
    QVERIFY(Codec::decodeArgs(m_bridge.posted.at(0)[3], &decoded, &decodeError));
    QVariant innermost = decoded.at(0);
    for (int i = 1; i < Codec::MaximumDepth; ++i)
        innermost = innermost.toList().value(0);
    QCOMPARE(innermost.value<JsError>().name(), QStringLiteral("TypeError"));
    QCOMPARE(innermost.value<JsError>().message(), QStringLiteral("e"));
}

void tst_Codec::sizeLimit()
{
    Codec::Limits limits;
    limits.maxBytes = 1000;
    QVariantList args;
    QString error;
    QVERIFY(Codec::decodeArgs(QJsonArray{QString(400, QLatin1Char('x'))}, &args, &error, limits));
    QVERIFY(!Codec::decodeArgs(QJsonArray{QString(500, QLatin1Char('x'))}, &args, &error, limits));
    QCOMPARE(error,
             QStringLiteral("the message is larger than the maximum message size of 1000 bytes"));
    // References are not a way around the limit: each one counts.
    QJsonArray many{QJsonArray{1}};
    for (int i = 0; i < 100; ++i)
        many.append(QJsonObject{{QStringLiteral("\x01"), QStringLiteral("r")},
                                {QStringLiteral("v"), 0}});
    QVERIFY(!Codec::decodeArgs(many, &args, &error, limits));
    // Binary counts its decoded bytes.
    const QString base64 = QString::fromLatin1(QByteArray(1200, 'x').toBase64());
    QVERIFY(!Codec::decodeArgs(QJsonArray{QJsonObject{{QStringLiteral("\x01"), QStringLiteral("A")},
                                                      {QStringLiteral("v"), base64}}},
                               &args, &error, limits));
}

// The JS half knows the limit too, so that page code gets the error at once.
void tst_Codec::jsSizeLimit()
{
    m_engine.evaluate(QStringLiteral("WebIpcCodec.setMaximumMessageSize(1000)"));
    QString error;
    QVERIFY(!jsEncode(QStringLiteral("'x'.repeat(400)"), &error).isUndefined());
    QVERIFY(jsEncode(QStringLiteral("{big: 'x'.repeat(500)}"), &error).isUndefined());
    QCOMPARE(error,
             QStringLiteral("WebIpc: the message is larger than the maximum message size "
                            "of 1000 bytes (at args[0].big)."));
    QVERIFY(jsEncode(QStringLiteral("new Uint8Array(2000)"), &error).isUndefined());
    QVERIFY2(error.startsWith(QStringLiteral("WebIpc: the message is larger")), qPrintable(error));
    // References count as C++ counts them.
    QVERIFY(jsEncode(QStringLiteral("(function () { var o = {}, a = []; for (var i = 0; i < 100;"
                                    " ++i) a.push(o); return a; })()"),
                     &error)
                    .isUndefined());
    QVERIFY2(error.startsWith(QStringLiteral("WebIpc: the message is larger")), qPrintable(error));
    m_engine.evaluate(QStringLiteral("WebIpcCodec.setMaximumMessageSize(256 * 1024 * 1024)"));
}

void tst_Codec::prototypePollution()
{
    const char *wires[] = {
            R"([{"__proto__": {"polluted": true}}])",
            R"([{"constructor": {"prototype": {"polluted": true}}}])",
            R"([{"\u0001": "M", "v": ["__proto__", {"polluted": true}]}])",
            R"([[{"__proto__": {"polluted": true}}, {"\u0001": "r", "v": 1}]])",
    };
    QJSValue check = m_engine.evaluate(QStringLiteral(
            "(function (text) { var v = WebIpcCodec.decodeArgs(JSON.parse(text))[0];"
            " return ({}).polluted === undefined && Object.prototype.polluted === undefined"
            " && [].polluted === undefined && (Array.isArray(v) || v instanceof Map"
            " || Object.getPrototypeOf(v) === Object.prototype); })"));
    for (const char *wire : wires) {
        const QJSValue result = check.call({QString::fromUtf8(wire)});
        QVERIFY2(!result.isError(), qPrintable(result.toString()));
        QVERIFY2(result.toBool(), wire);
    }
    // The decoded object has "__proto__" as an own key, and it goes back escaped.
    const QJSValue own = m_engine.evaluate(QStringLiteral(
            "(function () { var v = WebIpcCodec.decodeArgs(JSON.parse("
            "'[{\"__proto__\": {\"x\": 1}}]'))[0]; var w = WebIpcCodec.encodeArgs([v])[0];"
            " return Object.prototype.hasOwnProperty.call(v, '__proto__') && v.__proto__.x === 1"
            " && Object.keys(w).join() === '\\u0001__proto__' && w['\\u0001__proto__'].x === 1; "
            "})()"));
    QVERIFY2(own.toBool(), qPrintable(own.toString()));
    // C++ keeps it as an ordinary key.
    QVariantList args;
    QString error;
    QVERIFY(Codec::decodeArgs(QJsonDocument::fromJson(wires[0]).array(), &args, &error));
    QVERIFY(args.at(0).toMap().contains(QStringLiteral("__proto__")));
}

void tst_Codec::conversionsWorkBeforeAnyMessage()
{
    QCOMPARE(mapAtStart, (QVariantMap{{QStringLiteral("a"), 1}}));
    QCOMPARE(setAtStart, (QVariantList{1, 2}));
    QCOMPARE(typedArrayAtStart, QByteArray("bc"));
}

void tst_Codec::valueTypesMoveAndSwap()
{
    JsMap a{{QStringLiteral("a"), 1}};
    JsMap b{{QStringLiteral("b"), 2}};
    swap(a, b);
    QCOMPARE(a.value(QStringLiteral("b")), QVariant(2));
    QCOMPARE(b.value(QStringLiteral("a")), QVariant(1));
    JsMap moved(std::move(a));
    QCOMPARE(moved.keys(), QVariantList{QStringLiteral("b")});
    a = std::move(b); // a moved-from value may be assigned to
    QCOMPARE(a.keys(), QVariantList{QStringLiteral("a")});

    JsError first(QStringLiteral("one"));
    JsError second(QStringLiteral("two"), QStringLiteral("TypeError"));
    first.swap(second);
    QCOMPARE(first.name(), QStringLiteral("TypeError"));
    QCOMPARE(second.message(), QStringLiteral("one"));

    FrameInfo frame(QUrl(QStringLiteral("qrc:/a.html")), 3, 7, false);
    FrameInfo other;
    swap(frame, other);
    QCOMPARE(other.frameId(), 3);
    QVERIFY(!frame.isValid());

    IpcMainEvent event;
    IpcMainEvent taken(std::move(event));
    QVERIFY(!taken.isValid());
}

void tst_Codec::valueTypes()
{
    bool ok = true;
    QCOMPARE(BigInt::fromString(QStringLiteral("-007"), &ok).toString(), QStringLiteral("-7"));
    QVERIFY(ok);
    QCOMPARE(BigInt::fromString(QStringLiteral("-0")).toString(), QStringLiteral("0"));
    BigInt::fromString(QStringLiteral("1e3"), &ok);
    QVERIFY(!ok);
    BigInt::fromString(QStringLiteral("-"), &ok);
    QVERIFY(!ok);
    QCOMPARE(BigInt(qint64(-5)).toLongLong(&ok), qint64(-5));
    BigInt::fromString(QStringLiteral("99999999999999999999")).toLongLong(&ok);
    QVERIFY(!ok);
    QCOMPARE(BigInt::fromUnsigned(18446744073709551615ull).toULongLong(&ok),
             18446744073709551615ull);
    QVERIFY(ok);

    // Conversions through QVariant, for code that asks for the usual Qt types.
    const QVariant regExp =
            QVariant::fromValue(RegExp(QStringLiteral("a.b"), QStringLiteral("is")));
    const QRegularExpression expression = regExp.toRegularExpression();
    QCOMPARE(expression.pattern(), QStringLiteral("a.b"));
    QVERIFY(expression.match(QStringLiteral("A\nB")).hasMatch());
    QCOMPARE(QVariant::fromValue(TypedArray(TypedArray::Uint8Array, "abcdef", 1, 3)).toByteArray(),
             QByteArray("bcd"));
    JsMap map;
    map.insert(1, QStringLiteral("one"));
    map.insert(1, QStringLiteral("uno"));
    QCOMPARE(map.size(), 1);
    QCOMPARE(QVariant::fromValue(map).toMap(),
             (QVariantMap{{QStringLiteral("1"), QStringLiteral("uno")}}));
    SparseArray sparse(3);
    sparse.insert(1, 5);
    QCOMPARE(QVariant::fromValue(sparse).toList(), (QVariantList{QVariant(), 5, QVariant()}));
    QCOMPARE(QVariant::fromValue(JsSet{1, 2, 1}).toList(), (QVariantList{1, 2}));
    QCOMPARE(TypedArray(TypedArray::Float64Array, QByteArray(24, 0), 8).length(), 2);
}

QTEST_GUILESS_MAIN(tst_Codec)
#include "tst_codec.moc"
