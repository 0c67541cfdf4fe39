// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The bridge: runs in an isolated world (after qwebchannel.js), where page scripts cannot reach
// it or qt.webChannelTransport. It relays between the main world's ipcRenderer (DOM events) and
// this page's WebIpc::WebContents (its own QWebChannel object), and gives every message this
// document's id and a sequence number, so that C++ keeps order across send, invoke and sendSync
// and drops what an earlier document sent.
//
// Wire to C++ (QWebChannel):  bridge.post(documentId, messages), messages being
//     [0, seq, channel, args]            send
//     [1, seq, channel, args, invokeId]  invoke
//     [2, seq, channel, args]            sendSync (only in a sync request)
//     [3, seq]                           hello: this document now listens to deliver()
// Wire from C++:              bridge.deliver(documentId, messages) (see ipc-renderer.js)
//     (a batch of 32 messages or more comes as [jsonText]; main-world.js parses it)
// sendSync: a synchronous XMLHttpRequest to config.syncUrl whose header carries
//     { secret, doc, after, messages }, "after" being the last seq sent over QWebChannel: C++
//     handles the request once it has handled everything up to it. The answer is JSON
//     [true, encodedValue] or [false, errorMessage].
//
// config: { secret, syncUrl, syncHeader, objectName, requestEvent, responseEvent }
// env:    { QWebChannel, transport, listen(fn), respond(detail),
//           syncRequest(url, header, value) -> { status, text }, randomId() }
function startWebIpcBridge(config, env) {
    'use strict';

    var SEND = 0, INVOKE = 1, SYNC = 2, HELLO = 3;

    var documentId = env.randomId();
    var seq = 0;
    var lastPostedSeq = 0;
    var bridge = null;
    var queue = []; // stamped messages waiting for the channel

    function stamp(message) {
        seq += 1;
        if (message[0] === INVOKE)
            return [INVOKE, seq, message[1], message[2], message[3]];
        return [message[0], seq, message[1], message[2]];
    }

    function isKnownKind(message) {
        return Array.isArray(message)
                && (message[0] === SEND || message[0] === INVOKE || message[0] === SYNC);
    }

    function postNow(messages) {
        bridge.post(documentId, messages);
        lastPostedSeq = seq;
    }

    function post(messages) {
        if (!Array.isArray(messages))
            return;
        var stamped = messages.filter(isKnownKind).map(stamp);
        if (bridge)
            postNow(stamped);
        else
            Array.prototype.push.apply(queue, stamped);
    }

    function sync(messages) {
        var stamped = queue.concat(Array.isArray(messages) ? messages.filter(isKnownKind).map(stamp) : []);
        queue = [];
        var request = JSON.stringify({ secret: config.secret, doc: documentId,
                                       after: lastPostedSeq, messages: stamped });
        var answer;
        try {
            var response = env.syncRequest(config.syncUrl, config.syncHeader,
                                           encodeURIComponent(request));
            answer = response.status === 200
                    ? JSON.parse(response.text)
                    : [false, 'WebIpc: sendSync failed: ' + (response.text || response.status)];
        } catch (error) {
            answer = [false, 'WebIpc: sendSync failed: ' + String(error && error.message)];
        }
        env.respond({ syncAnswer: answer });
    }

    env.listen(function (detail) {
        if (!detail)
            return;
        if (detail.post)
            post(detail.post);
        else if (detail.sync)
            sync(detail.sync);
        else if (detail.hello)
            env.respond({ ready: true });
    });

    new env.QWebChannel(env.transport, function (channel) {
        bridge = channel.objects[config.objectName];
        bridge.deliver.connect(function (targetDocument, messages) {
            if (targetDocument === documentId) // a reply meant for an earlier document is dropped
                env.respond({ deliver: messages });
        });
        seq += 1;
        var first = queue.concat([[HELLO, seq]]);
        queue = [];
        postNow(first);
    });

    env.respond({ ready: true });
    return { documentId: documentId };
}
