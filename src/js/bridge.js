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
// sendSync: a synchronous XMLHttpRequest to config.syncUrl whose query (or, when large, header)
//     carries { secret, doc, after, messages }, "after" being the last seq sent over QWebChannel: C++
//     handles the request once it has handled everything up to it. The answer is JSON
//     [true, encodedValue] or [false, errorMessage].
//
// Subframes (only when the application enables them) have no QWebChannel: their bridge relays
// through the top frame's bridge with postMessage. The top frame numbers each frame by the
// window it posts from (MessageEvent.source) and takes its origin from the browser
// (MessageEvent.origin); nothing a frame says about itself can make it another frame.
//     frame -> top:  { webipc: 'relay', doc, url, messages }   -> bridge.postFromFrame(...)
//     top -> frame:  { webipc: 'deliver', doc, messages }      <- bridge.deliverToFrame(...)
// A subframe's sendSync goes straight to the sync scheme, marked { subframe: true } and carrying
// the messages relayed since the last one: the top frame may be unable to relay while the
// subframe blocks (same-site frames share a thread). C++ finds the frame by its document id
// and takes its origin from the browser.
//
// config: { secret, syncUrl, syncHeader, objectName, requestEvent, responseEvent }
// env:    { QWebChannel, transport, listen(fn), respond(detail),
//           syncRequest(url, header, value) -> { status, text }, randomId(),
//           frames: { listen(fn(data, source, origin)), post(source, data, origin) } (top frame,
//                   when subframes are enabled),
//           top: { post(data), listen(fn(data)) } (a subframe: no transport) }
function startWebIpcBridge(config, env) {
    'use strict';

    var SEND = 0, INVOKE = 1, SYNC = 2, HELLO = 3;
    var QUERY_LIMIT = 32 * 1024;

    var documentId = env.randomId();
    var isSubframe = !env.transport && !!env.top;
    var seq = 0;
    var lastPostedSeq = 0;
    var bridge = null;
    var queue = []; // stamped messages waiting for the channel
    var relayedSinceSync = []; // a subframe's messages relayed since its last sendSync
    var RELAY_MEMORY = 10000;

    function currentUrl() {
        return typeof location === 'undefined' ? '' : String(location.href);
    }

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
        if (isSubframe) {
            env.top.post({ webipc: 'relay', doc: documentId, url: currentUrl(),
                           messages: messages });
            // Kept for the next sendSync, which carries them in case the top frame could not
            // relay them yet (see webcontents_sync.cpp); C++ handles each message once.
            Array.prototype.push.apply(relayedSinceSync, messages);
            if (relayedSinceSync.length > RELAY_MEMORY)
                relayedSinceSync.splice(0, relayedSinceSync.length - RELAY_MEMORY);
            return;
        }
        bridge.post(documentId, messages);
        lastPostedSeq = seq;
    }

    function post(messages) {
        if (!Array.isArray(messages))
            return;
        var stamped = messages.filter(isKnownKind).map(stamp);
        if (bridge || isSubframe)
            postNow(stamped);
        else
            Array.prototype.push.apply(queue, stamped);
    }

    function sync(messages) {
        var stamped = (isSubframe ? relayedSinceSync : queue)
                .concat(Array.isArray(messages) ? messages.filter(isKnownKind).map(stamp) : []);
        queue = [];
        relayedSinceSync = [];
        var request = JSON.stringify({ secret: config.secret, doc: documentId, url: currentUrl(),
                                       subframe: isSubframe, after: lastPostedSeq,
                                       messages: stamped });
        var answer;
        try {
            // A small request travels in the URL: a request without custom headers needs no CORS
            // preflight, which would double the cost. A large one goes in a header (Qt 6.4
            // drops request bodies for custom schemes).
            var encoded = encodeURIComponent(request);
            var response = encoded.length <= QUERY_LIMIT
                    ? env.syncRequest(config.syncUrl + '?' + encoded, null, null)
                    : env.syncRequest(config.syncUrl, config.syncHeader, encoded);
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

    if (isSubframe) {
        env.top.listen(function (data) {
            if (data && data.webipc === 'deliver' && data.doc === documentId)
                env.respond({ deliver: data.messages });
        });
        seq += 1;
        postNow([[HELLO, seq]]);
        env.respond({ ready: true });
        return { documentId: documentId };
    }

    // The top frame: relays for subframes, if the application enabled them.
    var frameIds = new Map(); // source window -> frame id
    var frames = new Map(); // frame id -> { source, origin }
    var relayQueue = []; // relayed batches waiting for the channel
    var nextFrameId = 1;

    function relay(frameId, origin, data) {
        if (!Array.isArray(data.messages) || typeof data.doc !== 'string')
            return;
        var args = [frameId, origin, String(data.url), data.doc, data.messages];
        if (bridge)
            bridge.postFromFrame.apply(bridge, args);
        else
            relayQueue.push(args);
    }

    if (env.frames) {
        env.frames.listen(function (data, source, origin) {
            if (!data || data.webipc !== 'relay' || !source)
                return;
            var frameId = frameIds.get(source);
            if (frameId === undefined) {
                frameId = nextFrameId++;
                frameIds.set(source, frameId);
            }
            frames.set(frameId, { source: source, origin: origin });
            relay(frameId, origin, data);
        });
    }

    new env.QWebChannel(env.transport, function (channel) {
        bridge = channel.objects[config.objectName];
        bridge.deliver.connect(function (targetDocument, messages) {
            if (targetDocument === documentId) // a reply meant for an earlier document is dropped
                env.respond({ deliver: messages });
        });
        if (env.frames) {
            bridge.deliverToFrame.connect(function (frameId, targetDocument, messages) {
                var frame = frames.get(frameId);
                // Only to the origin the frame had: if it navigated elsewhere, nothing leaks.
                if (frame)
                    env.frames.post(frame.source, { webipc: 'deliver', doc: targetDocument,
                                                    messages: messages }, frame.origin);
            });
        }
        seq += 1;
        var first = queue.concat([[HELLO, seq]]);
        queue = [];
        postNow(first);
        relayQueue.forEach(function (args) { bridge.postFromFrame.apply(bridge, args); });
        relayQueue = [];
    });

    env.respond({ ready: true });
    return { documentId: documentId };
}
