// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The wire protocol is spelled out once (docs/protocol.md) and named on both sides: C++ in
// src/core/protocol_p.h, JavaScript in bridge.js (page to main) and ipc-renderer.js (main to
// page). The scripts are loaded from src/js into a QJSEngine and every number they name is
// compared with the C++ one; a number only one side names fails too.

#include <core/protocol_p.h>

#include <QtCore/QFile>
#include <QtQml/QJSEngine>
#include <QtQml/QJSValueIterator>
#include <QtTest/QTest>

#include <map>

using namespace WebIpc;

namespace {

using Names = std::map<QString, int>;

QJSValue load(QJSEngine *engine, const QString &name, const QString &object)
{
    const QString path = QStringLiteral(WEBIPC_SOURCE_DIR "/src/js/") + name;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    const QJSValue result = engine->evaluate(QString::fromUtf8(file.readAll()), path);
    if (result.isError())
        qFatal("%s: %s", qPrintable(path), qPrintable(result.toString()));
    return engine->globalObject().property(object);
}

// The names and numbers of one table, such as WebIpcBridgeWire.PageField.
Names namesOf(const QJSValue &table)
{
    Names names;
    QJSValueIterator it(table);
    while (it.hasNext()) {
        it.next();
        names[it.name()] = it.value().toInt();
    }
    return names;
}

const Names pageMessage{{QStringLiteral("SEND"), Protocol::Send},
                        {QStringLiteral("INVOKE"), Protocol::Invoke},
                        {QStringLiteral("SYNC"), Protocol::SendSync},
                        {QStringLiteral("HELLO"), Protocol::Hello},
                        {QStringLiteral("LISTENING"), Protocol::Listening},
                        {QStringLiteral("POST_MESSAGE"), Protocol::PostMessage},
                        {QStringLiteral("PORT_MESSAGE"), Protocol::PortMessage},
                        {QStringLiteral("PORT_CLOSE"), Protocol::PortClose},
                        {QStringLiteral("UNHEARD"), Protocol::Unheard},
                        {QStringLiteral("INVOKE_CANCEL"), Protocol::InvokeCancel},
                        {QStringLiteral("REMOTE_REPLY"), Protocol::RemoteReply},
                        {QStringLiteral("PAGE_HANDLER"), Protocol::PageHandler},
                        {QStringLiteral("STREAM"), Protocol::Stream},
                        {QStringLiteral("STREAM_ACK"), Protocol::StreamAck},
                        {QStringLiteral("BYTES"), Protocol::Bytes}};

const Names pageField{
        {QStringLiteral("KIND"), Protocol::PageField::Kind},
        {QStringLiteral("SEQ"), Protocol::PageField::Seq},
        {QStringLiteral("CHANNEL"), Protocol::PageField::Channel},
        {QStringLiteral("ARGS"), Protocol::PageField::Args},
        {QStringLiteral("INVOKE_ID"), Protocol::PageField::InvokeId},
        {QStringLiteral("HELLO_KEY"), Protocol::PageField::HelloKey},
        {QStringLiteral("HELLO_ORIGIN"), Protocol::PageField::HelloOrigin},
        {QStringLiteral("PORT_IDS"), Protocol::PageField::PortIds},
        {QStringLiteral("PORT_ID"), Protocol::PageField::PortId},
        {QStringLiteral("CANCEL_INVOKE_ID"), Protocol::PageField::CancelInvokeId},
        {QStringLiteral("REMOTE_CALL_ID"), Protocol::PageField::RemoteCallId},
        {QStringLiteral("REMOTE_STATUS"), Protocol::PageField::RemoteStatus},
        {QStringLiteral("REMOTE_PAYLOAD"), Protocol::PageField::RemotePayload},
        {QStringLiteral("REMOTE_DETAILS"), Protocol::PageField::RemoteDetails},
        {QStringLiteral("HANDLER_CHANNEL"), Protocol::PageField::HandlerChannel},
        {QStringLiteral("HANDLER_REGISTERED"), Protocol::PageField::HandlerRegistered},
        {QStringLiteral("ACK_INVOKE_ID"), Protocol::PageField::AckInvokeId},
        {QStringLiteral("ACK_COUNT"), Protocol::PageField::AckCount},
        {QStringLiteral("BYTES_INLINE"), Protocol::PageField::BytesInline},
        {QStringLiteral("BYTES_ITEMS"), Protocol::PageField::BytesItems},
        {QStringLiteral("BYTES_SIZES"), Protocol::PageField::BytesSizes}};

const Names mainMessage{{QStringLiteral("MESSAGE"), Protocol::Message},
                        {QStringLiteral("REPLY"), Protocol::Reply},
                        {QStringLiteral("CONSOLE_ERROR"), Protocol::ConsoleError},
                        {QStringLiteral("POST_MESSAGE"), Protocol::PostMessageToPage},
                        {QStringLiteral("PORT_MESSAGE"), Protocol::PortMessageToPage},
                        {QStringLiteral("PORT_CLOSE"), Protocol::PortClosed},

                        {QStringLiteral("REMOTE_INVOKE"), Protocol::RemoteInvoke},
                        {QStringLiteral("REMOTE_CANCEL"), Protocol::RemoteCancel},
                        {QStringLiteral("STREAM_CHUNK"), Protocol::StreamChunk},
                        {QStringLiteral("BYTES_TO_PAGE"), Protocol::BytesToPage}};

const Names mainField{{QStringLiteral("KIND"), Protocol::MainField::Kind},
                      {QStringLiteral("CHANNEL"), Protocol::MainField::Channel},
                      {QStringLiteral("ARGS"), Protocol::MainField::Args},
                      {QStringLiteral("REPLY_INVOKE_ID"), Protocol::MainField::ReplyInvokeId},
                      {QStringLiteral("REPLY_OK"), Protocol::MainField::ReplyOk},
                      {QStringLiteral("REPLY_PAYLOAD"), Protocol::MainField::ReplyPayload},
                      {QStringLiteral("CONSOLE_TEXT"), Protocol::MainField::ConsoleText},
                      {QStringLiteral("PORT_IDS"), Protocol::MainField::PortIds},
                      {QStringLiteral("PORT_ID"), Protocol::MainField::PortId},

                      {QStringLiteral("REPLY_DETAILS"), Protocol::MainField::ReplyDetails},
                      {QStringLiteral("REMOTE_CALL_ID"), Protocol::MainField::RemoteCallId},
                      {QStringLiteral("CANCEL_CALL_ID"), Protocol::MainField::CancelCallId},
                      {QStringLiteral("CHUNK_INVOKE_ID"), Protocol::MainField::ChunkInvokeId},
                      {QStringLiteral("CHUNK_PAYLOAD"), Protocol::MainField::ChunkPayload}};

const Names remoteReplyStatus{{QStringLiteral("OK"), Protocol::RemoteOk},
                              {QStringLiteral("FAILED"), Protocol::RemoteFailed},
                              {QStringLiteral("NO_HANDLER"), Protocol::RemoteNoHandler}};

const Names syncAnswerField{{QStringLiteral("OK"), Protocol::SyncAnswerField::Ok},
                            {QStringLiteral("PAYLOAD"), Protocol::SyncAnswerField::Payload}};

// Page-to-main kinds that ipcRenderer hands the bridge (hello and listening are the bridge's).
Names rendererKinds()
{
    Names kinds = pageMessage;
    kinds.erase(QStringLiteral("HELLO"));
    kinds.erase(QStringLiteral("LISTENING"));
    return kinds;
}

// "NAME=number ..." in name order: a failure shows both sides whole.
QString describe(const Names &names)
{
    QStringList parts;
    for (const auto &[name, number] : names)
        parts.append(name + QLatin1Char('=') + QString::number(number));
    return parts.join(QLatin1Char(' '));
}

} // namespace

class tst_Protocol : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bridgeMatchesProtocolHeader();
    void rendererMatchesProtocolHeader();
    void bothScriptsHandOverTheSameMessages();
    void builtMessagesHaveTheirFieldsWhereNamed();
};

void tst_Protocol::bridgeMatchesProtocolHeader()
{
    QJSEngine engine;
    const QJSValue wire =
            load(&engine, QStringLiteral("bridge.js"), QStringLiteral("WebIpcBridgeWire"));
    QVERIFY(wire.isObject());
    QCOMPARE(describe(namesOf(wire.property(QStringLiteral("PageMessage")))),
             describe(pageMessage));
    QCOMPARE(describe(namesOf(wire.property(QStringLiteral("PageField")))), describe(pageField));
    QCOMPARE(describe(namesOf(wire.property(QStringLiteral("MainMessage")))),
             describe(mainMessage));
}

void tst_Protocol::rendererMatchesProtocolHeader()
{
    QJSEngine engine;
    const QJSValue wire =
            load(&engine, QStringLiteral("ipc-renderer.js"), QStringLiteral("WebIpcRendererWire"));
    QVERIFY(wire.isObject());
    QCOMPARE(describe(namesOf(wire.property(QStringLiteral("PageMessage")))),
             describe(rendererKinds()));
    QCOMPARE(describe(namesOf(wire.property(QStringLiteral("MainMessage")))),
             describe(mainMessage));
    QCOMPARE(describe(namesOf(wire.property(QStringLiteral("MainField")))), describe(mainField));
    QCOMPARE(describe(namesOf(wire.property(QStringLiteral("SyncAnswerField")))),
             describe(syncAnswerField));
    QCOMPARE(describe(namesOf(wire.property(QStringLiteral("RemoteReplyStatus")))),
             describe(remoteReplyStatus));
}

void tst_Protocol::bothScriptsHandOverTheSameMessages()
{
    // ipcRenderer's messages to the bridge are JavaScript's alone: both scripts must agree.
    QJSEngine engine;
    const QJSValue bridge =
            load(&engine, QStringLiteral("bridge.js"), QStringLiteral("WebIpcBridgeWire"));
    const QJSValue renderer =
            load(&engine, QStringLiteral("ipc-renderer.js"), QStringLiteral("WebIpcRendererWire"));
    const Names handedOver = namesOf(renderer.property(QStringLiteral("RendererField")));
    QCOMPARE(handedOver.size(), size_t(4));
    QCOMPARE(describe(namesOf(bridge.property(QStringLiteral("RendererField")))),
             describe(handedOver));
}

void tst_Protocol::builtMessagesHaveTheirFieldsWhereNamed()
{
    namespace Field = Protocol::MainField;
    const QJsonArray message = Protocol::message(QStringLiteral("ch"), QJsonArray{1});
    QCOMPARE(message.at(Field::Kind).toInt(), int(Protocol::Message));
    QCOMPARE(message.at(Field::Channel).toString(), QStringLiteral("ch"));
    QCOMPARE(message.at(Field::Args).toArray(), QJsonArray{1});

    const QJsonArray reply = Protocol::reply(7, false, QStringLiteral("Error: no"));
    QCOMPARE(reply.at(Field::Kind).toInt(), int(Protocol::Reply));
    QCOMPARE(reply.at(Field::ReplyInvokeId).toInt(), 7);
    QCOMPARE(reply.at(Field::ReplyOk).toBool(true), false);
    QCOMPARE(reply.at(Field::ReplyPayload).toString(), QStringLiteral("Error: no"));

    const QJsonArray error = Protocol::consoleError(QStringLiteral("refused"));
    QCOMPARE(error.at(Field::Kind).toInt(), int(Protocol::ConsoleError));
    QCOMPARE(error.at(Field::ConsoleText).toString(), QStringLiteral("refused"));

    const QJsonArray answer = Protocol::syncAnswer(true, 42);
    QCOMPARE(answer.at(Protocol::SyncAnswerField::Ok).toBool(), true);
    QCOMPARE(answer.at(Protocol::SyncAnswerField::Payload).toInt(), 42);
}

QTEST_GUILESS_MAIN(tst_Protocol)
#include "tst_protocol.moc"
