// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Typed handlers and listeners through real, headless Qt WebEngine pages: what a page's
// ipcRenderer sees when it calls a channel with the right and the wrong arguments.

#include "testsupport.h"
#include "typedtypes.h"

#include <WebIpc/IpcMain>

#include <QtCore/QJsonObject>
#include <QtTest/QTest>

using namespace WebIpcTest;
using WebIpc::IpcMainEvent;
using WebIpc::IpcMainInvokeEvent;

namespace {

QString invokeError(const QString &channel, const QString &error)
{
    return QStringLiteral("Error invoking remote method '%1': %2").arg(channel, error);
}

class Notes : public QObject
{
    Q_OBJECT
public:
    QString title(const TodoItem &item) const { return item.title.toUpper(); }
};

} // namespace

class tst_TypedPages : public QObject
{
    Q_OBJECT
public:
    static void initMain() { WebIpcTest::initMain(); }

private Q_SLOTS:
    void typedInvokeFromPage();
    void wrongArgumentsRejectWithTypeError_data();
    void wrongArgumentsRejectWithTypeError();
    void gadgetsBothWays();
    void typedListenersAndSendSync();
    void webContentsIpcAndMemberFunctions();
    void hostileValuesAreRefusedNotCrashed();
};

void tst_TypedPages::typedInvokeFromPage()
{
    PageFixture f;
    f.ipc.handle(QStringLiteral("add"), [](double a, double b) { return a + b; });
    f.ipc.handle(QStringLiteral("open"),
                 [](const IpcMainInvokeEvent &event, const QString &path, std::optional<int> line) {
                     return event.senderFrame().origin() + QLatin1Char(' ') + path
                             + QLatin1Char(':') + QString::number(line.value_or(1));
                 });
    f.ipc.handle(QStringLiteral("bytes"), [](const QByteArray &data) { return data.size(); });
    f.ipc.handle(QStringLiteral("when"), [](const QDateTime &when) { return when.addDays(1); });
    f.ipc.handle(QStringLiteral("maybe"), [](bool give) {
        return give ? std::optional<QList<int>>(QList<int>{1, 2}) : std::nullopt;
    });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("typed.html"), QString())));
    QCOMPARE(f.await(QStringLiteral("ipcRenderer.invoke('add', 1, 2.5)")).value.toDouble(), 3.5);
    QCOMPARE(f.await(QStringLiteral("ipcRenderer.invoke('open', 'a.txt')")).value.toString(),
             QStringLiteral("file:// a.txt:1"));
    QCOMPARE(f.await(QStringLiteral("ipcRenderer.invoke('open', 'a.txt', undefined)"))
                     .value.toString(),
             QStringLiteral("file:// a.txt:1"));
    QVERIFY(f.await(QStringLiteral("ipcRenderer.invoke('open', 'a.txt', 7)"))
                    .value.toString()
                    .endsWith(QStringLiteral(" a.txt:7")));
    QCOMPARE(
            f.await(QStringLiteral("ipcRenderer.invoke('bytes', new Uint8Array(5))")).value.toInt(),
            5);
    QCOMPARE(
            f.await(QStringLiteral("ipcRenderer.invoke('when', new Date(0)).then(d => d instanceof "
                                   "Date && d.getTime())"))
                    .value.toLongLong(),
            qint64(86400000));
    QCOMPARE(f.await(QStringLiteral(
                             "ipcRenderer.invoke('maybe', true).then(v => JSON.stringify(v))"))
                     .value.toString(),
             QStringLiteral("[1,2]"));
    QCOMPARE(
            f.await(QStringLiteral("ipcRenderer.invoke('maybe', false).then(v => v === undefined)"))
                    .value.toBool(),
            true);
}

void tst_TypedPages::wrongArgumentsRejectWithTypeError_data()
{
    QTest::addColumn<QString>("call");
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QString>("error");
    QTest::newRow("string for number") << "'add', 1, '2'"
                                       << "add"
                                       << "TypeError: argument 2 must be a number, got string";
    QTest::newRow("missing") << "'add', 1"
                             << "add"
                             << "TypeError: argument 2 must be a number, got undefined";
    QTest::newRow("undefined") << "'add', undefined, 1"
                               << "add"
                               << "TypeError: argument 1 must be a number, got undefined";
    QTest::newRow("extra") << "'add', 1, 2, 3"
                           << "add"
                           << "TypeError: expected 2 arguments, got 3";
    QTest::newRow("bigint") << "'add', 1n, 2"
                            << "add"
                            << "TypeError: argument 1 must be a number, got bigint";
    QTest::newRow("fraction for int") << "'count', 1.5"
                                      << "count"
                                      << "TypeError: argument 1 must be an integer from "
                                         "-2147483648 to 2147483647, got number";
    QTest::newRow("list element") << "'names', ['a', 2]"
                                  << "names"
                                  << "TypeError: argument 1[1] must be a string, got number";
    QTest::newRow("Map for object") << "'fields', new Map()"
                                    << "fields"
                                    << "TypeError: argument 1 must be an object, got Map";
    QTest::newRow("nested JSON") << "'fields', {a: {b: new Date()}}"
                                 << "fields"
                                 << "TypeError: argument 1.a.b must be a JSON value, got Date";
    QTest::newRow("Float32Array for bytes") << "'bytes', new Float32Array(2)"
                                            << "bytes"
                                            << "TypeError: argument 1 must be a Uint8Array, got "
                                               "Float32Array";
    QTest::newRow("string for Date") << "'when', '2020-01-01'"
                                     << "when"
                                     << "TypeError: argument 1 must be a Date, got string";
}

void tst_TypedPages::wrongArgumentsRejectWithTypeError()
{
    QFETCH(QString, call);
    QFETCH(QString, channel);
    QFETCH(QString, error);
    PageFixture f;
    int calls = 0;
    f.ipc.handle(QStringLiteral("add"), [&](double a, double b) {
        ++calls;
        return a + b;
    });
    f.ipc.handle(QStringLiteral("count"), [&](int) { ++calls; });
    f.ipc.handle(QStringLiteral("names"), [&](const QStringList &) { ++calls; });
    f.ipc.handle(QStringLiteral("fields"), [&](const QJsonObject &) { ++calls; });
    f.ipc.handle(QStringLiteral("bytes"), [&](const QByteArray &) { ++calls; });
    f.ipc.handle(QStringLiteral("when"), [&](const QDateTime &) { ++calls; });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("typed.html"), QString())));
    QTest::ignoreMessage(QtWarningMsg,
                         qPrintable(QStringLiteral("Error occurred in handler for "
                                                   "'%1': %2")
                                            .arg(channel, error)));
    const Settled settled = f.await(QStringLiteral("ipcRenderer.invoke(%1)").arg(call));
    QVERIFY(settled.done);
    QVERIFY(!settled.fulfilled);
    QCOMPARE(settled.value.toString(), invokeError(channel, error));
    QCOMPARE(calls, 0); // the handler never ran
    // The channel still works.
    QCOMPARE(f.await(QStringLiteral("ipcRenderer.invoke('add', 2, 3)")).value.toDouble(), 5.0);
}

void tst_TypedPages::gadgetsBothWays()
{
    PageFixture f;
    f.ipc.handle(QStringLiteral("done"), [](TodoItem item) {
        item.done = true;
        item.tags.append(QStringLiteral("checked"));
        return item;
    });
    f.ipc.handle(QStringLiteral("owner"), [](const TodoList &list) {
        return list.owner.name + QLatin1Char('/') + QString::number(list.items.size());
    });
    f.ipc.handle(QStringLiteral("items"), [](int n) {
        QList<TodoItem> items(n);
        for (int i = 0; i < n; ++i)
            items[i].title = QString::number(i);
        return items;
    });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("typed.html"), QString())));
    QCOMPARE(f.await(QStringLiteral(
                             "ipcRenderer.invoke('done', {title: 'milk', priority: 2, done: false, "
                             "tags: ['shop']}).then(v => JSON.stringify(v))"))
                     .value.toString(),
             QStringLiteral("{\"done\":true,\"priority\":2,\"summary\":\"milk (done)\","
                            "\"tags\":[\"shop\",\"checked\"],\"title\":\"milk\"}"));
    QCOMPARE(f.await(QStringLiteral("ipcRenderer.invoke('owner', {owner: {name: 'ann'}, items: "
                                    "[{title: 'a', priority: 1, done: true, tags: []}]})"))
                     .value.toString(),
             QStringLiteral("ann/1"));
    // A list of gadgets, as a result and through WebContents::send.
    QCOMPARE(f.await(QStringLiteral("ipcRenderer.invoke('items', 40).then(v => v.map(i => "
                                    "i.title).join(''))"))
                     .value.toString()
                     .size(),
             70);
    f.eval(QStringLiteral("window.got = null; ipcRenderer.on('items', (e, items) => got = "
                          "items.length)"));
    f.contents->send(QStringLiteral("items"), QList<TodoItem>(30));
    QTRY_COMPARE(f.eval(QStringLiteral("got")).toInt(), 30);
    const QString error = QStringLiteral("TypeError: argument 1.items[0].priority must be an "
                                         "integer from -2147483648 to 2147483647, got string");
    QTest::ignoreMessage(
            QtWarningMsg,
            qPrintable(QStringLiteral("Error occurred in handler for 'owner': ") + error));
    const Settled wrong = f.await(QStringLiteral(
            "ipcRenderer.invoke('owner', {owner: {name: 'ann'}, items: [{title: 'a', priority: "
            "'high', done: true, tags: []}]})"));
    QVERIFY(!wrong.fulfilled);
    QCOMPARE(wrong.value.toString(), invokeError(QStringLiteral("owner"), error));
}

void tst_TypedPages::typedListenersAndSendSync()
{
    PageFixture f;
    QStringList logged;
    f.ipc.on(QStringLiteral("log"), &f.ipc, [&](const QString &level, const QJsonObject &fields) {
        logged.append(level + QLatin1Char(' ') + QString::number(fields.size()));
    });
    f.ipc.on(QStringLiteral("double"), [](double n) { return n * 2; });
    int onceCalls = 0;
    f.ipc.once(QStringLiteral("once"), [&](const IpcMainEvent &event, bool flag) {
        onceCalls += flag ? 1 : 100;
        event.reply(QStringLiteral("once-reply"), flag);
    });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("typed.html"), QString())));
    f.eval(QStringLiteral("window.replies = []; ipcRenderer.on('once-reply', (e, v) => "
                          "replies.push(v)); ipcRenderer.send('log', 'info', {a: 1, b: 2})"));
    QTRY_COMPARE(logged, QStringList{QStringLiteral("info 2")});
    QTest::ignoreMessage(QtWarningMsg,
                         "Dropped a message on 'log': TypeError: argument 1 must be a string, got "
                         "number");
    f.eval(QStringLiteral("ipcRenderer.send('log', 3, {}); ipcRenderer.send('log', 'after', {})"));
    QTRY_COMPARE(logged.size(), 2);
    QCOMPARE(logged.last(), QStringLiteral("after 0"));
    // A typed listener's value answers sendSync.
    QCOMPARE(f.eval(QStringLiteral("ipcRenderer.sendSync('double', 21)")).toInt(), 42);
    QTest::ignoreMessage(QtWarningMsg,
                         "Dropped a message on 'double': TypeError: argument 1 must be a number, "
                         "got string");
    QCOMPARE(f.eval(QStringLiteral("JSON.stringify(ipcRenderer.sendSync('double', '21'))"))
                     .toString(),
             QStringLiteral("{\"error\":\"reply was never sent\"}"));
    f.eval(QStringLiteral("ipcRenderer.send('once', true); ipcRenderer.send('once', false)"));
    QTRY_COMPARE(f.eval(QStringLiteral("replies.length")).toInt(), 1);
    QCOMPARE(onceCalls, 1);
}

void tst_TypedPages::webContentsIpcAndMemberFunctions()
{
    PageFixture f;
    Notes notes;
    f.contents->ipc()->handle(QStringLiteral("mul"), [](int a, int b) { return a * b; });
    QVERIFY(f.contents->ipc()->handleOnce(QStringLiteral("title"), &notes, &Notes::title));
    QStringList seen;
    f.contents->ipc()->on(QStringLiteral("seen"), &notes,
                          [&](const QStringList &names) { seen = names; });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("typed.html"), QString())));
    QCOMPARE(f.await(QStringLiteral("ipcRenderer.invoke('mul', 6, 7)")).value.toInt(), 42);
    QTest::ignoreMessage(QtWarningMsg,
                         "Error occurred in handler for 'mul': TypeError: argument 2 "
                         "must be an integer from -2147483648 to 2147483647, got "
                         "boolean");
    QCOMPARE(f.await(QStringLiteral("ipcRenderer.invoke('mul', 6, true)")).value.toString(),
             invokeError(QStringLiteral("mul"),
                         QStringLiteral("TypeError: argument 2 must be an integer from "
                                        "-2147483648 to 2147483647, got boolean")));
    QCOMPARE(f.await(QStringLiteral("ipcRenderer.invoke('title', {title: 'x', priority: 0, done: "
                                    "false, tags: []})"))
                     .value.toString(),
             QStringLiteral("X"));
    f.eval(QStringLiteral("ipcRenderer.send('seen', ['a', 'b'])"));
    QTRY_COMPARE(seen, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
}

void tst_TypedPages::hostileValuesAreRefusedNotCrashed()
{
    // Whatever a page sends to a typed channel, it gets a TypeError and the application goes on.
    PageFixture f;
    int calls = 0;
    f.ipc.handle(QStringLiteral("item"), [&](const TodoItem &) { ++calls; });
    f.ipc.handle(QStringLiteral("list"), [&](const QList<QList<double>> &) { ++calls; });
    PageFolder folder;
    QVERIFY(f.load(folder.write(QStringLiteral("typed.html"), QString())));
    const QStringList calls_ = {
            QStringLiteral("'item', {__proto__: {title: 'x'}, priority: 1, done: true, tags: []}"),
            QStringLiteral("'item', Object.assign(Object.create(null), {title: 1})"),
            QStringLiteral("'item', (() => { const a = {}; a.title = a; return a; })()"),
            QStringLiteral("'list', (() => { const a = []; a.push(a); return a; })()"),
            QStringLiteral("'list', [[1, 2], [3, 'x']]"),
            QStringLiteral("'list', new Array(3)"),
            QStringLiteral("'item', new Proxy({}, {})"),
    };
    QTest::failOnWarning(QRegularExpression(QStringLiteral("^(?!Error occurred in handler)")));
    for (const QString &call : calls_) {
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("Error occurred in handler for")));
        const Settled settled = f.await(QStringLiteral("ipcRenderer.invoke(%1)").arg(call));
        QVERIFY2(settled.done && !settled.fulfilled, qPrintable(call));
        QVERIFY2(settled.value.toString().contains(QStringLiteral(": TypeError: argument 1")),
                 qPrintable(call + QStringLiteral(" -> ") + settled.value.toString()));
    }
    QCOMPARE(calls, 0);
}

QTEST_MAIN(tst_TypedPages)
#include "tst_typedpages.moc"
