// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

// The message kinds of WebIpc's wire protocol. src/js/bridge.js and src/js/ipc-renderer.js
// describe the messages; these numbers must match them.

namespace WebIpc::Protocol {

// Page to main.
enum PageMessage : int {
    Send = 0, // [0, seq, channel, args]
    Invoke = 1, // [1, seq, channel, args, invokeId]
    SendSync = 2, // [2, seq, channel, args]
    Hello = 3, // [3, seq, key, origin]: a new document, the first message it sends
    Listening = 4, // [4, seq]: the document receives deliver() from now on
};

// Main to page.
enum MainMessage : int {
    Message = 0, // [0, channel, args]
    Reply = 1, // [1, invokeId, ok, value or error text]
    ConsoleError = 2, // [2, text]: shown with console.error (a refused message, for example)
};

// The name the bridge object is published under on each page's QWebChannel.
inline constexpr char BridgeObjectName[] = "webipc";

} // namespace WebIpc::Protocol
