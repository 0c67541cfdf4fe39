// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  -------------
//
// This file is not part of the WebIpc API. It is an implementation detail of WebIpc's
// libraries and tests, and may change or disappear from one version to the next without
// notice. It is never installed.
//
#pragma once

#include <QtCore/QJsonArray>
#include <QtCore/QJsonValue>
#include <QtCore/QString>

// WebIpc's wire protocol, as C++ reads and writes it; docs/protocol.md describes it whole. The
// same numbers are named in src/js/bridge.js (page to main) and src/js/ipc-renderer.js (main to
// page); tests/auto/jsshim checks that they match these.

namespace WebIpc::Protocol {

// Page to main: what the bridge posts (stamped with a sequence number), kind first.
enum PageMessage : int {
    Send = 0, // [0, seq, channel, args]
    Invoke = 1, // [1, seq, channel, args, invokeId]
    SendSync = 2, // [2, seq, channel, args]: only in a sync request, and only last
    Hello = 3, // [3, seq, key, origin]: a new document, the first message it sends
    Listening = 4, // [4, seq]: the document receives deliver() from now on
    PostMessage = 5, // [5, seq, channel, args, portIds]: ipcRenderer.postMessage
    PortMessage = 6, // [6, seq, portId, args, portIds]: a message on a port the page holds
    PortClose = 7, // [7, seq, portId]: the page closed its end of a port
    Unheard = 8, // [8, seq, channel]: a Message on channel found no listener (a debug log)
    InvokeCancel = 9, // [9, seq, invokeId]: the page gave up on its invoke (abort, timeout)
    RemoteReply = 10, // [10, seq, callId, status, payload, details]: answers a RemoteInvoke
    PageHandler = 11, // [11, seq, channel, registered]: ipcRenderer.handle() / removeHandler()
    Stream = 12, // [12, seq, channel, args, invokeId]: ipcRenderer.stream(), answered by chunks
    StreamAck = 13, // [13, seq, invokeId, count]: the page consumed count more chunks
    // [14, seq, inline, items, sizes]: the out-of-band buffers of the next message (the binary
    // lane, binarylane.cpp): ids C++ pulls from the bridge, or (inline true) base64 texts
    Bytes = 14,
};

// The status of a RemoteReply.
enum RemoteReplyStatus : int {
    RemoteOk = 0, // payload: the encoded value
    RemoteFailed = 1, // payload: String(error); details: the encoded Error's properties
    RemoteNoHandler = 2, // this ipcRenderer has no handler (another one of the document may)
};

// The positions in a page's message.
namespace PageField {
enum : int {
    Kind = 0,
    Seq = 1,
    Channel = 2, // Send, Invoke, SendSync
    Args = 3, // Send, Invoke, SendSync: the encoded argument list (Codec::decodeArgs)
    InvokeId = 4, // Invoke: the number its Reply answers
    HelloKey = 2, // Hello: the document's key (its credential for sync requests)
    HelloOrigin = 3, // Hello: the origin the document reports (the browser's is checked too)
    PortIds = 4, // PostMessage, PortMessage: the numbers of the ports transferred with it
    PortId = 2, // PortMessage, PortClose: the port's number in the document
    CancelInvokeId = 2, // InvokeCancel: the invoke it gives up on
    RemoteCallId = 2, // RemoteReply: the call it answers
    RemoteStatus = 3, // RemoteReply: a RemoteReplyStatus
    RemotePayload = 4, // RemoteReply
    RemoteDetails = 5, // RemoteReply, failed: name, message, stack and own properties
    HandlerChannel = 2, // PageHandler
    HandlerRegistered = 3, // PageHandler: true for handle(), false for removeHandler()
    AckInvokeId = 2, // StreamAck
    AckCount = 3, // StreamAck
    BytesInline = 2, // Bytes: true if the items are base64 texts, false if they are ids
    BytesItems = 3, // Bytes
    BytesSizes = 4, // Bytes: the byte count of each buffer
};
} // namespace PageField

// Main to page: what deliver() carries, kind first.
enum MainMessage : int {
    Message = 0, // [0, channel, args]
    Reply = 1, // [1, invokeId, ok, value or error text]
    ConsoleError = 2, // [2, text]: shown with console.error (a refused message, for example)
    PostMessageToPage = 3, // [3, channel, args, portIds]: WebContents::postMessage
    PortMessageToPage = 4, // [4, portId, args, portIds]: for a port the document holds
    PortClosed = 5, // [5, portId]: the port's other end closed
    RemoteInvoke = 6, // [6, channel, args, callId]: WebContents::invoke(), for ipcRenderer.handle()
    RemoteCancel = 7, // [7, callId]: the call was cancelled (its handler's event.signal aborts)
    StreamChunk = 8, // [8, invokeId, value]: one result of a stream; its Reply ends it
    BytesToPage = 9, // [9, ids]: the next message's out-of-band buffers, fetched by the bridge
};

// The positions in a message to the page.
namespace MainField {
enum : int {
    Kind = 0,
    Channel = 1, // Message
    Args = 2, // Message: the encoded argument list (Codec::encodeArgs)
    ReplyInvokeId = 1, // Reply
    ReplyOk = 2, // Reply: true for a value, false for an error text
    ReplyPayload = 3, // Reply: the encoded value, or the error text
    ReplyDetails = 4, // Reply, failed, optional: the encoded properties of the page's Error
    RemoteCallId = 3, // RemoteInvoke (channel and args as in Message); RemoteCancel: 1
    CancelCallId = 1, // RemoteCancel
    ChunkInvokeId = 1, // StreamChunk
    ChunkPayload = 2, // StreamChunk: the encoded value
    ConsoleText = 1, // ConsoleError
    PortIds = 3, // PostMessage, PortMessage: the numbers of the ports given with it
    PortId = 1, // PortMessage, PortClose
};
} // namespace MainField

// The messages to the page, built in one place.
inline QJsonArray message(const QString &channel, const QJsonArray &encodedArgs)
{
    return QJsonArray{Message, channel, encodedArgs};
}
inline QJsonArray reply(const QJsonValue &invokeId, bool ok, const QJsonValue &payload)
{
    return QJsonArray{Reply, invokeId, ok, payload};
}
// A failed reply whose Error gains \a details (an encoded object: name, code, data, ...).
inline QJsonArray failedReply(const QJsonValue &invokeId, const QString &text,
                              const QJsonValue &details)
{
    QJsonArray message{Reply, invokeId, false, text};
    if (!details.isUndefined() && !details.isNull())
        message.append(details);
    return message;
}
inline QJsonArray consoleError(const QString &text) { return QJsonArray{ConsoleError, text}; }
inline QJsonArray postMessage(const QString &channel, const QJsonArray &encodedArgs,
                              const QJsonArray &portIds)
{
    return QJsonArray{PostMessageToPage, channel, encodedArgs, portIds};
}
inline QJsonArray portMessage(qint64 portId, const QJsonArray &encodedArgs,
                              const QJsonArray &portIds)
{
    return QJsonArray{PortMessageToPage, double(portId), encodedArgs, portIds};
}
inline QJsonArray portClosed(qint64 portId) { return QJsonArray{PortClosed, double(portId)}; }
inline QJsonArray remoteInvoke(const QString &channel, const QJsonArray &encodedArgs, double callId)
{
    return QJsonArray{RemoteInvoke, channel, encodedArgs, callId};
}
inline QJsonArray remoteCancel(double callId) { return QJsonArray{RemoteCancel, callId}; }
inline QJsonArray streamChunk(double invokeId, const QJsonValue &value)
{
    return QJsonArray{StreamChunk, invokeId, value};
}

// A sync request (the query, or the X-WebIpc-Request header, of a request to the sync scheme):
// a JSON object with these members.
namespace SyncRequestField {
inline constexpr char Document[] = "doc"; // the document's id
inline constexpr char After[] = "after"; // the last seq the document posted over QWebChannel
inline constexpr char Messages[] = "messages"; // stamped page messages, the SendSync last
inline constexpr char Subframe[] = "subframe"; // true from a subframe
inline constexpr char Url[] = "url"; // the document's URL, as it reports it
} // namespace SyncRequestField

// The answer to a sync request: [true, encoded value] or [false, error text].
namespace SyncAnswerField {
enum : int { Ok = 0, Payload = 1 };
} // namespace SyncAnswerField

inline QJsonArray syncAnswer(bool ok, const QJsonValue &payload) { return QJsonArray{ok, payload}; }

// The name the bridge object is published under on each page's QWebChannel.
inline constexpr char BridgeObjectName[] = "webipc";

} // namespace WebIpc::Protocol
