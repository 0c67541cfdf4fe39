// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The binary lane's one-time ids expire, in both halves, with the expiry shortened for the test
// (WEBIPC_BINARY_LANE_EXPIRY_MS, read once per process: hence a test of its own). A buffer that
// waited too long is refused and freed, the message that needed it fails with a clear error,
// and the messages after it go through.

#include "testsupport.h"

#include <core/binarylane_p.h>
#include <core/webcontents_p.h>

#include <QtCore/QThread>
#include <QtTest/QTest>

using namespace WebIpcTest;

namespace {

constexpr int ExpiryMs = 400;
constexpr qsizetype Large = 1024 * 1024;

const QString PageHelpers =
        QStringLiteral("window.makeBytes = n => { const b = new Uint8Array(n);"
                       " for (let i = 0; i < n; ++i) b[i] = (i * 7) & 255; return b; };"
                       "window.down = []; window.errors = [];"
                       "ipcRenderer.on('down', (e, v) => down.push(v));");

struct Fixture : PageFixture
{
    WebIpc::WebContentsPrivate *d() const { return WebIpc::WebContentsPrivate::get(contents); }
};

} // namespace

class tst_BinaryExpiry : public QObject
{
    Q_OBJECT
public:
    static void initMain()
    {
        qputenv("WEBIPC_BINARY_LANE_EXPIRY_MS", QByteArray::number(ExpiryMs));
        WebIpcTest::initMain();
    }

private Q_SLOTS:
    void initTestCase();
    void mainToPageIdExpires();
    void pageToMainBufferExpires();

private:
    PageFolder m_folder;
    QUrl m_url;
};

void tst_BinaryExpiry::initTestCase()
{
    QCOMPARE(WebIpc::Limits::binaryLaneExpiryMs(), ExpiryMs);
    m_url = m_folder.write(QStringLiteral("expiry.html"), PageHelpers);
}

// Main's buffer waits for the page's fetch no longer than the expiry: a page too busy to fetch
// it in time gets an error for that message, nothing is held any more, and the next one arrives.
void tst_BinaryExpiry::mainToPageIdExpires()
{
    Fixture f;
    QVERIFY(f.load(m_url));
    f.page->runJavaScript(QStringLiteral("{ const t = Date.now(); while (Date.now() - t < %1) {} }")
                                  .arg(ExpiryMs * 4));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("out-of-band bytes (that expired|it "
                                                           "does not have)")));
    f.contents->send(QStringLiteral("down"), QByteArray(Large, 'x'));
    QVERIFY(waitFor([&] { return f.d()->laneOffers() == 1; }));
    QCOMPARE(f.d()->laneBytesHeld(), Large);
    QVERIFY(waitFor([&] { return f.d()->laneBytesHeld() == 0; }, ExpiryMs * 10));
    // The page, no longer busy, asked for it too late: its console says what was lost.
    QVERIFY(waitFor([&] { return !f.page->errors.isEmpty(); }, ExpiryMs * 10));
    QCOMPARE(f.page->errors.size(), 1);
    QVERIFY2(f.page->errors.constFirst().startsWith(
                     QLatin1String("WebIpc could not deliver a message on 'down': "))
                     && f.page->errors.constFirst().contains(QLatin1String("did not arrive")),
             qPrintable(f.page->errors.constFirst()));
    f.contents->send(QStringLiteral("down"), QByteArray(Large, 'y'));
    QVERIFY(waitFor([&] { return f.eval(QStringLiteral("down.length")).toInt() > 0; }));
    // The expired message never reached a listener; the next one did, whole.
    QCOMPARE(f.eval(QStringLiteral("down.length")).toInt(), 1);
    QCOMPARE(f.eval(QStringLiteral("down[0] instanceof Uint8Array && down[0].length === %1"
                                   " && down[0].every(b => b === 0x79)")
                            .arg(Large))
                     .toBool(),
             true);
    QCOMPARE(f.d()->laneOffers(), 2);
}

// The page's buffer waits for main's pull no longer than the expiry: when main is too busy to
// pull it in time, the invoke that needed it is rejected with a clear error, and the next works.
void tst_BinaryExpiry::pageToMainBufferExpires()
{
    Fixture f;
    int calls = 0;
    f.ipc.handle(QStringLiteral("size"), [&calls](const QVariantList &args) {
        ++calls;
        return args.value(0).toByteArray().size();
    });
    QVERIFY(f.load(m_url));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("did not arrive")));
    f.page->runJavaScript(
            QStringLiteral("window.first = ipcRenderer.invoke('size', makeBytes(%1))"
                           "    .then(v => 'answered ' + v, e => 'rejected: ' + e.message);")
                    .arg(Large));
    // Main is busy (this thread does not run its event loop) while the page's buffer expires.
    QThread::msleep(ExpiryMs * 3);
    const Settled first = f.await(QStringLiteral("window.first"));
    QVERIFY(first.done);
    QVERIFY2(first.value.toString().startsWith(QLatin1String("rejected: ")),
             qPrintable(first.value.toString()));
    QVERIFY2(first.value.toString().contains(QLatin1String("did not arrive")),
             qPrintable(first.value.toString()));
    QCOMPARE(calls, 0);
    const Settled second =
            f.await(QStringLiteral("ipcRenderer.invoke('size', makeBytes(%1))").arg(Large));
    QVERIFY(second.fulfilled);
    QCOMPARE(second.value.toInt(), int(Large));
    QCOMPARE(calls, 1);
    QCOMPARE(f.d()->laneBytesHeld(), qsizetype(0));
}

QTEST_MAIN(tst_BinaryExpiry)
#include "tst_binaryexpiry.moc"
