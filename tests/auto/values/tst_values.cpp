// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Values end to end, in real pages: the shared codec vectors (tests/data/codec-vectors.json)
// from page to C++ (send, invoke and sendSync arguments, checked against their Qt values) and
// back (invoke results, sendSync return values, event.reply, WebContents::send); clone errors;
// Qt values that cannot be converted; the size ladder (B97); the maximum message size; the depth
// limit.

#include "../codec/codecvectors.h"
#include "testsupport.h"

#include <WebIpc/jsvalues.h>
#include <core/codec_p.h>

#include <QtCore/QJsonDocument>
#include <QtGui/QFont>
#include <QtGui/QImage>
#include <QtTest/QTest>

#include <memory>

using namespace WebIpcTest;
using WebIpc::IpcMainEvent;
using WebIpc::IpcMainInvokeEvent;

namespace {

struct Fixture
{
    explicit Fixture(qsizetype maximumMessageSize = 0) : page(std::make_unique<ConsolePage>())
    {
        if (maximumMessageSize > 0)
            ipc.setMaximumMessageSize(maximumMessageSize);
        contents = WebIpc::attach(&ipc, page.get());
    }
    bool load(const QUrl &url) { return loadAndWait(page.get(), contents, url); }
    QVariant eval(const QString &script) { return evaluate(page.get(), script); }
    Settled await(const QString &expression, int timeoutMs = 60000)
    {
        return awaitPromise(page.get(), expression, timeoutMs);
    }

    WebIpc::IpcMain ipc;
    std::unique_ptr<ConsolePage> page;
    WebIpc::WebContents *contents = nullptr;
};

// The page used by every test: the vectors, webipcSameValue and values-page.js.
QString testPageHead()
{
    QString vectors =
            QString::fromUtf8(QJsonDocument(CodecVectors::load()).toJson(QJsonDocument::Compact));
    vectors.replace(QLatin1String("</"), QLatin1String("<\\/"));
    return QStringLiteral("<script>var WEBIPC_VECTORS = %1;</script><script>%2</script>"
                          "<script>%3</script>")
            .arg(vectors, CodecVectors::dataFile(QStringLiteral("same-value.js")),
                 CodecVectors::readSource(QStringLiteral("tests/auto/values/values-page.js")));
}

// The payloads of the size ladder, as values-page.js builds them.
QString makeString(qsizetype n)
{
    QString text(n, Qt::Uninitialized);
    for (qsizetype k = 0; k < n; ++k)
        text[k] = QChar(char16_t(k % 997 == 0 ? 0x2713 : 0x21 + (k * 7) % 94));
    return text;
}

QByteArray makeBytes(qsizetype n)
{
    QByteArray bytes(n, Qt::Uninitialized);
    for (qsizetype i = 0; i < n; ++i)
        bytes[i] = char((i * 31 + (i >> 8)) & 255);
    return bytes;
}

QVariant makePayload(const QString &kind, qsizetype n)
{
    if (kind == QLatin1String("string"))
        return makeString(n);
    if (kind == QLatin1String("bytes"))
        return makeBytes(n);
    return QVariantMap{{QStringLiteral("text"), makeString(n)},
                       {QStringLiteral("bytes"), makeBytes(n)},
                       {QStringLiteral("meta"),
                        QVariantMap{{QStringLiteral("size"), qlonglong(n)},
                                    {QStringLiteral("kind"), QStringLiteral("nested")}}}};
}

// The value that takes the most JSON for its depth (two levels a value level): Maps around a
// typed array, \a n levels deep, as the page builds it (deepValueScript) and as C++ gets it.
const QString deepValueScript = QStringLiteral(
        "window.deepValue = n => { let v = new Uint8Array([1, 2, 3]);"
        " for (let i = 1; i < n; ++i) v = new Map([['k', v]]); return v; };"
        " window.depthOf = v => { let n = 1; for (; v instanceof Map; ++n) v = v.get('k');"
        " return JSON.stringify([n, Array.from(v)]); };");

QVariant deepValue(int n)
{
    QVariant v = QByteArray("\x01\x02\x03");
    for (int i = 1; i < n; ++i) {
        WebIpc::JsMap map;
        map.append(QStringLiteral("k"), v);
        v = QVariant::fromValue(map);
    }
    return v;
}

// The error for deepValue(MaximumDepth + 1) as an argument: the first value too deep is the key
// of the innermost Map's entry.
QString tooDeepError()
{
    const int limit = WebIpc::Codec::MaximumDepth;
    return QStringLiteral("An object could not be cloned (args[0]%1.<entry 0>.key is nested deeper "
                          "than %2 levels).")
            .arg(QStringLiteral(".<entry 0>.value").repeated(limit - 1), QString::number(limit));
}

QStringList toStrings(const QVariant &list)
{
    QStringList result;
    for (const QVariant &item : list.toList())
        result.append(item.toString());
    return result;
}

} // namespace

class tst_Values : public QObject
{
    Q_OBJECT
public:
    static void initMain() { WebIpcTest::initMain(); }

private Q_SLOTS:
    void initTestCase();
    void vectorsRoundTrip();
    void cloneErrorsInPages();
    void sharedReferencesAcrossArguments();
    void unconvertibleQtValues();
    void sizeLadder();
    void maximumMessageSizeInPage();
    void maximumMessageSizeInCpp();
    void depthLimitInPages();
    void depthLimitBeforeReady();

private:
    QJsonObject m_vectors;
    QHash<QString, QJsonObject> m_byName;
    PageFolder m_folder;
    QUrl m_url;
};

void tst_Values::initTestCase()
{
    m_vectors = CodecVectors::load();
    for (const QJsonValue &item : m_vectors.value(QLatin1String("vectors")).toArray())
        m_byName.insert(item[QLatin1String("name")].toString(), item.toObject());
    m_url = m_folder.write(QStringLiteral("values.html"), QString(), testPageHead());
}

// Every vector, page -> C++ -> page through invoke, sendSync and send/event.reply; C++ checks
// each argument against the vector's Qt value; then C++ sends what it got, and every Qt value of
// the fromQt section, with WebContents::send.
void tst_Values::vectorsRoundTrip()
{
    Fixture f;
    QStringList failures;
    QHash<QString, QVariant> received;
    int checkedInCpp = 0;
    const auto check = [&](const QString &path, const QVariantList &args) {
        const QJsonObject vector = m_byName.value(args.value(0).toString());
        const QString difference = CodecVectors::compare(
                args.value(1), CodecVectors::fromDescriptor(vector.value(QLatin1String("qt"))));
        if (!difference.isEmpty())
            failures.append(path + QLatin1Char(' ') + args.value(0).toString() + QLatin1String(": ")
                            + difference);
        received.insert(args.value(0).toString(), args.value(1));
        ++checkedInCpp;
    };
    f.ipc.handle(QStringLiteral("echo"), [&](const QVariantList &args) {
        check(QStringLiteral("invoke argument"), args);
        return args.value(1);
    });
    f.ipc.on(QStringLiteral("echo-sync"), this,
             [&](const IpcMainEvent &event, const QVariantList &args) {
                 check(QStringLiteral("sendSync argument"), args);
                 event.setReturnValue(args.value(1));
             });
    f.ipc.on(QStringLiteral("echo-send"), this,
             [&](const IpcMainEvent &event, const QVariantList &args) {
                 check(QStringLiteral("send argument"), args);
                 event.replyArgs(QStringLiteral("echo-reply"), args);
             });
    QVERIFY(f.load(m_url));

    const Settled result = f.await(QStringLiteral("valuesTest.roundTrips()"));
    QVERIFY2(result.done && result.fulfilled, qPrintable(result.value.toString()));
    const QVariantMap outcome = result.value.toMap();
    const QStringList skipped = toStrings(outcome.value(QStringLiteral("skipped")));
    if (!skipped.isEmpty())
        qInfo().noquote() << "vectors this page cannot build:" << skipped.join(QLatin1String("; "));
    failures += toStrings(outcome.value(QStringLiteral("failures")));
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
    const int vectorCount = m_vectors.value(QLatin1String("vectors")).toArray().size();
    QCOMPARE(outcome.value(QStringLiteral("checked")).toInt(), (vectorCount - skipped.size()) * 3);
    QCOMPARE(checkedInCpp, (vectorCount - skipped.size()) * 3);
    // Chromium builds every vector (BigInt included).
    QVERIFY2(skipped.isEmpty(), qPrintable(skipped.join(QLatin1String("; "))));

    // C++ -> page: what C++ received, and the Qt values of the fromQt section.
    int sent = 0;
    for (auto it = received.constBegin(); it != received.constEnd(); ++it, ++sent)
        f.contents->send(QStringLiteral("from-qt"), QStringLiteral("vectors"), it.key(),
                         it.value());
    for (const QJsonValue &item : m_vectors.value(QLatin1String("fromQt")).toArray()) {
        f.contents->send(QStringLiteral("from-qt"), QStringLiteral("fromQt"),
                         item[QLatin1String("name")].toString(),
                         CodecVectors::fromDescriptor(item[QLatin1String("qt")]));
        ++sent;
    }
    QVERIFY(waitFor(
            [&]() { return f.eval(QStringLiteral("valuesTest.fromQtCount()")).toInt() == sent; }));
    const QVariantMap fromQt = f.eval(QStringLiteral("valuesTest.fromQt")).toMap();
    QStringList differences;
    for (auto it = fromQt.constBegin(); it != fromQt.constEnd(); ++it) {
        if (!it.value().toString().isEmpty())
            differences.append(it.key() + QLatin1String(": ") + it.value().toString());
    }
    QVERIFY2(differences.isEmpty(), qPrintable(differences.join(QLatin1Char('\n'))));
}

void tst_Values::cloneErrorsInPages()
{
    Fixture f;
    int reached = 0;
    f.ipc.on(QStringLiteral("never"), this, [&reached]() { ++reached; });
    f.ipc.handle(QStringLiteral("never"), [&reached]() { ++reached; });
    QVERIFY(f.load(m_url));
    const Settled result = f.await(QStringLiteral("valuesTest.cloneErrors()"));
    QVERIFY2(result.done && result.fulfilled, qPrintable(result.value.toString()));
    const QVariantMap outcome = result.value.toMap();
    const QStringList failures = toStrings(outcome.value(QStringLiteral("failures")));
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
    const QStringList skipped = toStrings(outcome.value(QStringLiteral("skipped")));
    if (!skipped.isEmpty())
        qInfo().noquote() << "clone errors this page cannot build:" << skipped.join("; ");
    const int count = m_vectors.value(QLatin1String("errors")).toArray().size();
    QCOMPARE(outcome.value(QStringLiteral("checked")).toInt(), (count - skipped.size()) * 3);
    QVERIFY2(skipped.isEmpty(), qPrintable(skipped.join(QLatin1String("; "))));
    QTest::qWait(50);
    QCOMPARE(reached, 0);
}

// B95: one clone graph for all the arguments of a call, also through C++ and back.
void tst_Values::sharedReferencesAcrossArguments()
{
    Fixture f;
    QVariantList got;
    f.ipc.handle(QStringLiteral("echo-all"), [&got](const QVariantList &args) {
        got = args;
        return QVariant(args);
    });
    f.ipc.on(QStringLiteral("echo-all-sync"), this,
             [](const IpcMainEvent &event, const QVariantList &args) {
                 event.setReturnValue(QVariant(args));
             });
    QVERIFY(f.load(m_url));
    const Settled result = f.await(QStringLiteral(
            "(async () => { const s = {n: 1}; const c = {name: 'c'}; c.self = c;"
            " const r = await ipcRenderer.invoke('echo-all', s, {a: s}, [s], c, c);"
            " const y = ipcRenderer.sendSync('echo-all-sync', s, {a: s}, c, [c]);"
            " return [r[1].a === r[0], r[2][0] === r[0], r[0] !== s, r[3].self === r[3],"
            " r[4] === r[3], y[1].a === y[0], y[2].self === y[2], y[3][0] === y[2]]; })()"));
    QVERIFY2(result.done && result.fulfilled, qPrintable(result.value.toString()));
    QCOMPARE(result.value.toList(), (QVariantList{true, true, true, true, true, true, true, true}));
    // In C++: copies of one value, and the cycle as a CyclicReference.
    QCOMPARE(got.at(1).toMap().value(QStringLiteral("a")), got.at(0));
    QCOMPARE(got.at(3)
                     .toMap()
                     .value(QStringLiteral("self"))
                     .value<WebIpc::CyclicReference>()
                     .levelsUp(),
             1);
}

// Main to page with a value that cannot be converted, a QObject pointer or a Qt type the codec
// does not map (QFont, QImage: gadgets for their enums only, never {}): WebContents::send and
// event.reply log an error that names the channel and send nothing (B42), sendToFrame returns
// false; an invoke result rejects the page's promise; a sendSync return value throws in the page.
void tst_Values::unconvertibleQtValues()
{
    Fixture f;
    f.ipc.handle(QStringLiteral("bad-result"),
                 [this]() { return QVariant::fromValue(static_cast<QObject *>(this)); });
    f.ipc.handle(QStringLiteral("font-result"), []() {
        return QVariantMap{{QStringLiteral("font"), QFont()}};
    });
    f.ipc.on(QStringLiteral("bad-sync"), this, [this](const IpcMainEvent &event) {
        event.setReturnValue(QVariantMap{
                {QStringLiteral("owner"), QVariant::fromValue(static_cast<QObject *>(this))}});
    });
    f.ipc.on(QStringLiteral("image-sync"), this, [](const IpcMainEvent &event) {
        event.setReturnValue(QVariantList{QImage(2, 2, QImage::Format_RGB32)});
    });
    f.ipc.on(QStringLiteral("font-reply"), this, [](const IpcMainEvent &event) {
        event.reply(QStringLiteral("status"), 3, QFont());
        event.reply(QStringLiteral("status"), 4);
    });
    QVERIFY(f.load(m_url));
    QCOMPARE(f.eval(QStringLiteral("window.got = []; ipcRenderer.on('status', (e, v) => "
                                   "got.push(v)); true"))
                     .toBool(),
             true);
    QTest::ignoreMessage(QtWarningMsg,
                         "Error sending from WebContents on 'status': An object could not be "
                         "cloned (args[1] is a pointer to a QObject (QObject*)).");
    f.contents->send(QStringLiteral("status"), 1, static_cast<QObject *>(this));
    QTest::ignoreMessage(QtWarningMsg,
                         "Error sending from WebContents on 'status': An object could not be "
                         "cloned (args[0].font is a value of type QFont, which WebIpc cannot "
                         "convert).");
    QVERIFY(!f.contents->sendToFrame(0, QStringLiteral("status"),
                                     QVariantMap{{QStringLiteral("font"), QFont()}}));
    f.contents->send(QStringLiteral("status"), 2);
    QVERIFY(waitFor([&]() { return f.eval(QStringLiteral("got.length")).toInt() == 1; }));
    QCOMPARE(f.eval(QStringLiteral("got")).toList(), (QVariantList{2}));

    QTest::ignoreMessage(QtWarningMsg,
                         "Error sending from WebContents on 'status': An object could not be "
                         "cloned (args[1] is a value of type QFont, which WebIpc cannot "
                         "convert).");
    f.eval(QStringLiteral("ipcRenderer.send('font-reply'); true"));
    QVERIFY(waitFor([&]() { return f.eval(QStringLiteral("got.length")).toInt() == 2; }));
    QCOMPARE(f.eval(QStringLiteral("got")).toList(), (QVariantList{2, 4}));

    const Settled invoked = f.await(QStringLiteral("ipcRenderer.invoke('bad-result')"));
    QVERIFY(invoked.done && !invoked.fulfilled);
    QCOMPARE(invoked.value.toString(),
             QStringLiteral("Error invoking remote method 'bad-result': Error: An object could not "
                            "be cloned (return value is a pointer to a QObject (QObject*))."));
    const Settled font = f.await(QStringLiteral("ipcRenderer.invoke('font-result')"));
    QVERIFY(font.done && !font.fulfilled);
    QCOMPARE(font.value.toString(),
             QStringLiteral("Error invoking remote method 'font-result': Error: An object could "
                            "not be cloned (return value.font is a value of type QFont, which "
                            "WebIpc cannot convert)."));
    const QString sendSyncError =
            QStringLiteral("(() => { try { ipcRenderer.sendSync('%1'); return 'no';"
                           " } catch (e) { return e.message; } })()");
    QCOMPARE(f.eval(sendSyncError.arg(QStringLiteral("bad-sync"))).toString(),
             QStringLiteral("An object could not be cloned (event.returnValue.owner is a pointer "
                            "to a QObject (QObject*))."));
    QCOMPARE(f.eval(sendSyncError.arg(QStringLiteral("image-sync"))).toString(),
             QStringLiteral("An object could not be cloned (event.returnValue[0] is a value of "
                            "type QImage, which WebIpc cannot convert)."));
}

// B97: strings, Uint8Arrays and {text, bytes, meta} objects of the ladder's sizes, byte-exact,
// through invoke, sendSync, send/event.reply and WebContents::send; C++ checks what it gets.
void tst_Values::sizeLadder()
{
    const QList<qsizetype> ladder{0, 1, 65535, 65536, 65537, 256 * 1024 + 3, 3 * 1024 * 1024 + 1};
    Fixture f;
    QStringList failures;
    int checkedInCpp = 0;
    const auto check = [&](const QString &path, const QVariantList &args) {
        const QString kind = args.value(0).toString();
        const qsizetype n = args.value(1).toLongLong();
        const QString difference =
                CodecVectors::compare(args.value(2), makePayload(kind, n), QStringLiteral("value"));
        if (!difference.isEmpty())
            failures.append(
                    QStringLiteral("%1 %2 of %3: %4").arg(path, kind).arg(n).arg(difference));
        ++checkedInCpp;
    };
    f.ipc.handle(QStringLiteral("size"), [&](const QVariantList &args) {
        check(QStringLiteral("invoke"), args);
        return args.value(2);
    });
    f.ipc.on(QStringLiteral("size-sync"), this,
             [&](const IpcMainEvent &event, const QVariantList &args) {
                 check(QStringLiteral("sendSync"), args);
                 event.setReturnValue(args.value(2));
             });
    f.ipc.on(QStringLiteral("size-send"), this,
             [&](const IpcMainEvent &event, const QVariantList &args) {
                 check(QStringLiteral("send"), args);
                 event.reply(QStringLiteral("echo-reply"), args.value(3), args.value(2));
             });
    QVERIFY(f.load(m_url));
    QStringList sizes;
    for (qsizetype n : ladder)
        sizes.append(QString::number(n));
    const Settled result = f.await(
            QStringLiteral("valuesTest.sizes([%1])").arg(sizes.join(QLatin1Char(','))), 240000);
    QVERIFY2(result.done && result.fulfilled, qPrintable(result.value.toString()));
    const QVariantMap outcome = result.value.toMap();
    failures += toStrings(outcome.value(QStringLiteral("failures")));
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
    QCOMPARE(outcome.value(QStringLiteral("checked")).toInt(), 3 * int(ladder.size()) * 3);
    QCOMPARE(checkedInCpp, 3 * int(ladder.size()) * 3);

    // WebContents::send of values made in C++.
    for (const QString &kind :
         {QStringLiteral("string"), QStringLiteral("bytes"), QStringLiteral("nested")}) {
        for (qsizetype n : ladder)
            f.contents->send(QStringLiteral("size-from-qt"), kind, qlonglong(n),
                             makePayload(kind, n));
    }
    const int expected = 3 * int(ladder.size());
    QVERIFY(waitFor(
            [&]() {
                return f.eval(QStringLiteral("valuesTest.fromQtSizes.length")).toInt() == expected;
            },
            120000));
    QStringList differences = toStrings(f.eval(QStringLiteral("valuesTest.fromQtSizes")));
    differences.removeAll(QString());
    QVERIFY2(differences.isEmpty(), qPrintable(differences.join(QLatin1Char('\n'))));
}

// The page knows the limit IpcMain had when it was attached: send and sendSync throw and invoke
// rejects before anything leaves the page.
void tst_Values::maximumMessageSizeInPage()
{
    Fixture f(1024 * 1024);
    int reached = 0;
    f.ipc.on(QStringLiteral("big"), this, [&reached]() { ++reached; });
    f.ipc.handle(QStringLiteral("big"), [&reached]() { ++reached; });
    QVERIFY(f.load(m_url));
    const QString message = QStringLiteral("WebIpc: the message is larger than the maximum message "
                                           "size of 1048576 bytes (at args[0].text).");
    QCOMPARE(f.eval(QStringLiteral(
                            "(() => { try { ipcRenderer.send('big', {text: 'x'.repeat(600000)});"
                            " return 'sent'; } catch (e) { return e.message; } })()"))
                     .toString(),
             message);
    QCOMPARE(f.eval(QStringLiteral("(() => { try { ipcRenderer.sendSync('big', {text: "
                                   "'x'.repeat(600000)}); return 'sent'; } catch (e) { return "
                                   "e.message; } })()"))
                     .toString(),
             message);
    const Settled invoked =
            f.await(QStringLiteral("ipcRenderer.invoke('big', {text: 'x'.repeat(600000)})"));
    QVERIFY(invoked.done && !invoked.fulfilled);
    QCOMPARE(invoked.value.toString(), message);
    // Below the limit, all is well.
    const Settled small = f.await(QStringLiteral("ipcRenderer.invoke('big', 'x'.repeat(400000))"));
    QVERIFY(small.done && small.fulfilled);
    QCOMPARE(reached, 1);
}

// A page that does not know the limit (or does not care) is refused by C++, with the error on
// both sides.
void tst_Values::maximumMessageSizeInCpp()
{
    Fixture f;
    int reached = 0;
    f.ipc.on(QStringLiteral("big"), this, [&reached]() { ++reached; });
    f.ipc.handle(QStringLiteral("big"), [&reached]() { ++reached; });
    QVERIFY(f.load(m_url));
    f.ipc.setMaximumMessageSize(1024 * 1024); // after the page was attached
    const QString error =
            QStringLiteral("the message is larger than the maximum message size of 1048576 bytes");
    const Settled invoked =
            f.await(QStringLiteral("ipcRenderer.invoke('big', 'x'.repeat(600000))"));
    QVERIFY(invoked.done && !invoked.fulfilled);
    QCOMPARE(invoked.value.toString(),
             QStringLiteral("Error invoking remote method 'big': Error: WebIpc refused the "
                            "message: ")
                     + error);
    QCOMPARE(f.eval(QStringLiteral("(() => { try { ipcRenderer.sendSync('big', 'x'.repeat(600000));"
                                   " return 'sent'; } catch (e) { return e.message; } })()"))
                     .toString(),
             QStringLiteral("sendSync failed: ") + error);
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("dropped a message on big with ")
                                            + QRegularExpression::escape(error)));
    f.eval(QStringLiteral("ipcRenderer.send('big', 'x'.repeat(600000)); true"));
    const Settled small = f.await(QStringLiteral("ipcRenderer.invoke('big', 'small')"));
    QVERIFY(small.done && small.fulfilled);
    QCOMPARE(reached, 1);
}

// One depth limit, end to end: one level more than Codec::MaximumDepth throws in the page (send,
// sendSync) or rejects (invoke) before anything is sent, and nothing else is lost; a value exactly
// at it arrives intact, both ways; C++ refuses to send one level more.
void tst_Values::depthLimitInPages()
{
    Fixture f;
    QVariantList sent;
    int invoked = 0;
    f.ipc.on(QStringLiteral("deep"), this,
             [&sent](const IpcMainEvent &, const QVariantList &args) { sent = args; });
    f.ipc.handle(QStringLiteral("deep"), [&invoked](const QVariantList &args) {
        ++invoked;
        return args.value(0);
    });
    QVERIFY(f.load(m_url));
    f.eval(deepValueScript
           + QStringLiteral("window.fromQt = []; ipcRenderer.on('deep', (e, v) =>"
                            " fromQt.push(depthOf(v))); true"));
    const int limit = WebIpc::Codec::MaximumDepth;
    const QString tooDeep = QString::number(limit + 1);

    for (const char *call : {"send", "sendSync"}) {
        QCOMPARE(f.eval(QStringLiteral("(() => { try { ipcRenderer.%1('deep', deepValue(%2));"
                                       " return 'sent'; } catch (e) { return e.message; } })()")
                                .arg(QLatin1String(call), tooDeep))
                         .toString(),
                 tooDeepError());
    }
    const Settled refused =
            f.await(QStringLiteral("ipcRenderer.invoke('deep', deepValue(%1))").arg(tooDeep));
    QVERIFY(refused.done && !refused.fulfilled);
    QCOMPARE(refused.value.toString(), tooDeepError());
    const Settled next = f.await(QStringLiteral("ipcRenderer.invoke('deep', 1)"));
    QVERIFY2(next.done && next.fulfilled, qPrintable(next.value.toString()));
    QCOMPARE(next.value.toInt(), 1);
    QCOMPARE(invoked, 1);
    QVERIFY(sent.isEmpty());

    f.eval(QStringLiteral("ipcRenderer.send('deep', deepValue(%1)); true").arg(limit));
    QVERIFY(waitFor([&sent]() { return !sent.isEmpty(); }));
    QCOMPARE(CodecVectors::compare(sent.value(0), deepValue(limit)), QString());
    const QString atLimit = QStringLiteral("[%1,[1,2,3]]").arg(limit);
    const Settled echoed = f.await(
            QStringLiteral("ipcRenderer.invoke('deep', deepValue(%1)).then(depthOf)").arg(limit));
    QVERIFY2(echoed.done && echoed.fulfilled, qPrintable(echoed.value.toString()));
    QCOMPARE(echoed.value.toString(), atLimit);

    QTest::ignoreMessage(QtWarningMsg,
                         qPrintable(QStringLiteral("Error sending from WebContents on 'deep': ")
                                    + tooDeepError()));
    f.contents->send(QStringLiteral("deep"), deepValue(limit + 1));
    f.contents->send(QStringLiteral("deep"), deepValue(limit));
    QVERIFY(waitFor([&f]() { return f.eval(QStringLiteral("fromQt.length")).toInt() == 1; }));
    QCOMPARE(f.eval(QStringLiteral("fromQt[0]")).toString(), atLimit);
}

// Issue 9 item 12: what is sent before the bridge is connected travels in one transport message
// with the bridge's hello, which Qt's JSON parser (1024 levels) drops whole if it is too deep.
// 512 Maps (1024 JSON levels without the envelope) are refused in the page, as is one level more
// than the limit; a value at the limit fits, so the document becomes ready and the value arrives.
void tst_Values::depthLimitBeforeReady()
{
    const int limit = WebIpc::Codec::MaximumDepth;
    const QUrl url = m_folder.write(
            QStringLiteral("deep-early.html"),
            QStringLiteral("window.early = []; for (const n of [512, %1, %2]) { try {"
                           " ipcRenderer.send('deep', deepValue(n)); early.push('sent'); }"
                           " catch (e) { early.push(e.message); } }")
                    .arg(limit + 1)
                    .arg(limit),
            QStringLiteral("<script>%1</script>").arg(deepValueScript));
    Fixture f;
    QVariantList sent;
    f.ipc.on(QStringLiteral("deep"), this,
             [&sent](const IpcMainEvent &, const QVariantList &args) { sent = args; });
    QVERIFY(f.load(url)); // the document became ready: the hello was not lost
    QVERIFY(waitFor([&sent]() { return !sent.isEmpty(); }));
    QCOMPARE(CodecVectors::compare(sent.value(0), deepValue(limit)), QString());
    QCOMPARE(toStrings(f.eval(QStringLiteral("early"))),
             (QStringList{tooDeepError(), tooDeepError(), QStringLiteral("sent")}));
}

QTEST_MAIN(tst_Values)
#include "tst_values.moc"
