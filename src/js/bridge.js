// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The bridge: runs in an isolated world (after qwebchannel.js), where page scripts cannot reach
// it or qt.webChannelTransport. It relays between the main world's ipcRenderer (DOM events) and
// this page's WebIpc::WebContents (its own QWebChannel object), and gives every message this
// document's id and a sequence number, so that C++ keeps order across send, invoke and sendSync
// and drops what an earlier document sent.
//
// Identity. Every document makes its own id and key (random, here in the isolated world) and
// announces them first thing, before any page script runs:
//   - the main frame over QWebChannel, which exists only in the main frame of this page: C++
//     accepts the document because its hello came that way, not because of when it came;
//   - a subframe through the top frame's bridge, which names the frame by the window the
//     browser says posted (MessageEvent.source) and its origin by MessageEvent.origin.
// The key is the document's credential for the sync scheme, which any page of the profile can
// reach: it travels in a request header, never in a URL, an error or an event page code sees.
//
// The wire (the messages, hello and listening, relays, sync requests) is described in
// docs/protocol.md. To C++: [documentId, messages] written to the bridge object's "posted"
// property over QWebChannel (a property write gets no response message, a slot call would),
// each message stamped [kind, seq, ...]. Posts go out at once, before QWebChannel's own start-up
// finished (setProperty messages by property index, which C++ handles in order). From C++:
// bridge.deliverJson(documentId, jsonText), or bridge.deliver(documentId, messages) for a batch
// with bytes or a few long strings. sendSync: a synchronous XMLHttpRequest to
// config.syncUrl, which C++ handles once it has handled everything the document posted before.
//
// Subframes (only when the application enables them) have no QWebChannel: their bridge relays
// through the top frame's bridge with postMessage.
//     frame -> top:  { webipc: 'relay', doc, key, url, messages }  -> bridge.postFromFrame(...)
//     top -> frame:  { webipc: 'deliver', doc, messages }          <- bridge.deliverToFrame(...)
// The top frame numbers each frame by its window; a frame that is unloading posts with no
// window (event.source is null): C++ then takes it only for the document whose key it carries,
// from the same origin. A subframe's sendSync goes straight to the sync scheme, carrying the
// messages relayed since the last one: the top frame may be unable to relay while the subframe
// blocks (same-site frames share a thread).
//
// sendSync over prompt() (config.prompt: the host answers WebIpc's prompts in C++, about eight
// times faster): env.syncPrompt(config.promptMessage, text) with the key, the admission key and
// the request in the default value. null (the host refused it, or the browser ignored the
// prompt: a sandboxed frame without allow-modals) falls back to the XHR in the same call, and
// the document keeps the XHR from then on.
//
// The binary lane (docs/protocol.md): a message's large ArrayBuffers come from ipcRenderer in a
// BYTES message just before it. The top frame keeps them under random one-time ids, which C++
// pulls with runJavaScript (takeBytes(), this world only); a subframe, and a sync request, send
// them inline as base64. Main's come as ids in a BYTES_TO_PAGE message: the bridge fetches each
// from config.bytesUrl (an arraybuffer XHR with the document's key) and holds its deliveries,
// in order, until they are here.
//
// config: { syncUrl, syncHeader, objectName, postMethod, postProperty, relayMethod, maxBatch,
//           admissionKey, prompt, promptMessage, bytesUrl, bytesPost, bytesExpiryMs }
// env:    { QWebChannel, transport, listen(fn), respond(detail),
//           syncRequest(url, headers) -> { status, text } (throws if the request failed),
//           syncPrompt(message, text) -> string or null,
//           randomId(), origin(), fetchBytes(url, headers, done(arrayBuffer or null)),
//           postBytes(url, headers, buffer, done(ok)) (Qt 6.7+, config.bytesPost),
//           frames: { listen(fn(data, source, origin)), post(source, data, origin) } (top frame,
//                   when subframes are enabled),
//           top: { post(data), listen(fn(data)) } (a subframe: no transport) }
//
// The kinds and positions below are the wire's (docs/protocol.md), named as in
// src/core/protocol_p.h; tests/auto/jsshim checks them against it.
var WebIpcBridgeWire = {
    // What the bridge posts to C++, stamped: [kind, seq, ...].
    PageMessage: { SEND: 0, INVOKE: 1, SYNC: 2, HELLO: 3, LISTENING: 4, POST_MESSAGE: 5,
                   PORT_MESSAGE: 6, PORT_CLOSE: 7, UNHEARD: 8, INVOKE_CANCEL: 9,
                   REMOTE_REPLY: 10, PAGE_HANDLER: 11, STREAM: 12, STREAM_ACK: 13, BYTES: 14 },
    PageField: { KIND: 0, SEQ: 1, CHANNEL: 2, ARGS: 3, INVOKE_ID: 4, HELLO_KEY: 2,
                 HELLO_ORIGIN: 3, PORT_IDS: 4, PORT_ID: 2, CANCEL_INVOKE_ID: 2, REMOTE_CALL_ID: 2,
                 REMOTE_STATUS: 3, REMOTE_PAYLOAD: 4, REMOTE_DETAILS: 5, HANDLER_CHANNEL: 2,
                 HANDLER_REGISTERED: 3, ACK_INVOKE_ID: 2, ACK_COUNT: 3, BYTES_INLINE: 2,
                 BYTES_ITEMS: 3, BYTES_SIZES: 4 },
    // What ipcRenderer hands the bridge, not stamped yet (see ipc-renderer.js).
    RendererField: { KIND: 0, CHANNEL: 1, ARGS: 2, INVOKE_ID: 3 },
    // What the bridge answers itself when it refuses a batch (as C++ would).
    MainMessage: { MESSAGE: 0, REPLY: 1, CONSOLE_ERROR: 2, POST_MESSAGE: 3, PORT_MESSAGE: 4,
                   PORT_CLOSE: 5, REMOTE_INVOKE: 6, REMOTE_CANCEL: 7, STREAM_CHUNK: 8,
                   BYTES_TO_PAGE: 9 }
};

function startWebIpcBridge(config, env) {
    'use strict';

    var KIND = WebIpcBridgeWire.PageMessage, FIELD = WebIpcBridgeWire.PageField;
    var FROM = WebIpcBridgeWire.RendererField;
    var SEND = KIND.SEND, INVOKE = KIND.INVOKE, SYNC = KIND.SYNC, HELLO = KIND.HELLO,
        LISTENING = KIND.LISTENING;
    var REPLY = WebIpcBridgeWire.MainMessage.REPLY;
    var CONSOLE_ERROR = WebIpcBridgeWire.MainMessage.CONSOLE_ERROR;
    var INVOKE_METHOD = 6; // QWebChannelMessageTypes.invokeMethod
    var SET_PROPERTY = 9; // QWebChannelMessageTypes.setProperty
    var QUERY_LIMIT = 32 * 1024;
    var MAX_BATCH = config.maxBatch || 1000000;
    var RELAY_MEMORY = 10000;
    var BYTES = KIND.BYTES, BYTES_TO_PAGE = WebIpcBridgeWire.MainMessage.BYTES_TO_PAGE;
    var BYTES_EXPIRY_MS = config.bytesExpiryMs || 30000;
    var heldBytes = new Map(); // one-time id -> { bytes: Uint8Array, timer }

    var documentId = env.randomId();
    var key = env.randomId();
    var isSubframe = !env.transport && !!env.top;
    var seq = 0;
    var lastPostedSeq = 0;
    var channel = null;
    var relayedSinceSync = []; // a subframe's messages relayed since its last sendSync
    var usePrompt = !!(config.prompt && env.syncPrompt);

    function currentUrl() {
        return typeof location === 'undefined' ? '' : String(location.href);
    }

    function ignore() { }

    // Calls a slot of the bridge object now, whether or not QWebChannel has finished starting.
    function callSlot(method, args) {
        channel.exec({ type: INVOKE_METHOD, object: config.objectName, method: method,
                       args: args }, ignore);
    }

    var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    function base64(buffer) {
        var bytes = new Uint8Array(buffer);
        var out = [];
        for (var i = 0; i < bytes.length; i += 3) {
            var v = (bytes[i] << 16) | ((i + 1 < bytes.length ? bytes[i + 1] : 0) << 8)
                    | (i + 2 < bytes.length ? bytes[i + 2] : 0);
            out.push(B64[v >> 18] + B64[(v >> 12) & 63]
                     + (i + 1 < bytes.length ? B64[(v >> 6) & 63] : '=')
                     + (i + 2 < bytes.length ? B64[v & 63] : '='));
        }
        return out.join('');
    }

    // [BYTES, buffers] -> [BYTES, seq, inline, items, sizes]: kept here for C++ to pull, or
    // (\a inline) as base64.
    function stampBytes(buffers, inline) {
        var sizes = buffers.map(function (buffer) { return buffer.byteLength; });
        var items = buffers.map(function (buffer) {
            if (inline)
                return base64(buffer);
            var id = env.randomId();
            var timer = setTimeout(function () { heldBytes.delete(id); }, BYTES_EXPIRY_MS);
            heldBytes.set(id, { bytes: new Uint8Array(buffer), timer: timer });
            if (config.bytesPost && env.postBytes) {
                // Qt 6.7+: C++ takes a posted buffer instead of pulling it.
                env.postBytes(config.bytesUrl + '?' + id, { 'Accept': 'webipc-key=' + key },
                              buffer, function (ok) {
                                  if (ok)
                                      takeBytes(documentId, id);
                              });
            }
            return id;
        });
        return [BYTES, seq, inline, items, sizes];
    }

    // For C++'s pull (runJavaScript in this world): a buffer of this document, once.
    function takeBytes(doc, id) {
        var held = doc === documentId ? heldBytes.get(id) : undefined;
        if (!held)
            return null;
        heldBytes.delete(id);
        clearTimeout(held.timer);
        return held.bytes;
    }

    function stamp(message, inline) {
        seq += 1;
        if (message[FROM.KIND] === BYTES)
            return stampBytes(message[1], inline || isSubframe);
        // The kinds of invoke's extensions (invokeWithOptions, handle) are [kind, ...fields]:
        // the seq goes second.
        if (message[FROM.KIND] >= KIND.INVOKE_CANCEL && message[FROM.KIND] <= KIND.STREAM_ACK)
            return [message[FROM.KIND], seq].concat(message.slice(1));
        var stamped = [];
        stamped[FIELD.KIND] = message[FROM.KIND];
        stamped[FIELD.SEQ] = seq;
        stamped[FIELD.CHANNEL] = message[FROM.CHANNEL];
        stamped[FIELD.ARGS] = message[FROM.ARGS];
        if (message[FROM.KIND] === INVOKE)
            stamped[FIELD.INVOKE_ID] = message[FROM.INVOKE_ID];
        else if (message[FROM.KIND] === KIND.POST_MESSAGE || message[FROM.KIND] === KIND.PORT_MESSAGE)
            stamped[FIELD.PORT_IDS] = message[FROM.INVOKE_ID]; // the port numbers
        else if (message[FROM.KIND] === KIND.PORT_CLOSE)
            stamped.length = FIELD.PORT_ID + 1;
        return stamped;
    }

    function isKnownKind(message) {
        return Array.isArray(message)
                && (message[FROM.KIND] === SEND || message[FROM.KIND] === INVOKE
                    || message[FROM.KIND] === SYNC || message[FROM.KIND] === KIND.POST_MESSAGE
                    || message[FROM.KIND] === KIND.PORT_MESSAGE
                    || message[FROM.KIND] === KIND.PORT_CLOSE
                    || message[FROM.KIND] === KIND.UNHEARD
                    || (message[FROM.KIND] === BYTES && Array.isArray(message[1])
                        && message[1].length > 0
                        && message[1].every(function (buffer) {
                            return buffer instanceof ArrayBuffer;
                        }))
                    || (message[FROM.KIND] >= KIND.INVOKE_CANCEL
                        && message[FROM.KIND] <= KIND.STREAM_ACK));
    }

    function postNow(messages) {
        if (isSubframe) {
            env.top.post({ webipc: 'relay', doc: documentId, key: key, url: currentUrl(),
                           messages: messages });
            // Kept for the next sendSync, which carries them in case the top frame could not
            // relay them yet (see syncgate.cpp); C++ handles each message once.
            Array.prototype.push.apply(relayedSinceSync, messages);
            if (relayedSinceSync.length > RELAY_MEMORY)
                relayedSinceSync.splice(0, relayedSinceSync.length - RELAY_MEMORY);
            return;
        }
        if (config.postProperty >= 0) {
            // A property write: QWebChannel sends no response to it (a slot call gets one). No
            // callback, so exec() sends it as it is.
            channel.exec({ type: SET_PROPERTY, object: config.objectName,
                           property: config.postProperty, value: [documentId, messages] });
        } else {
            callSlot(config.postMethod, [documentId, messages]);
        }
        lastPostedSeq = seq;
    }

    // A batch too large to hand over is refused here, whole: its invokes reject, the console
    // says why, and no sequence number is used, so the next call works.
    function refuse(messages) {
        var text = 'WebIpc refused ' + messages.length + ' messages sent in one task: at most '
                + MAX_BATCH + ' may be sent at once';
        var answers = [[CONSOLE_ERROR, text]];
        messages.forEach(function (message) {
            if (message[FROM.KIND] === INVOKE || message[FROM.KIND] === KIND.STREAM)
                answers.push([REPLY, message[FROM.INVOKE_ID], false, 'Error: ' + text]);
        });
        env.respond({ deliver: answers });
    }

    function post(messages) {
        if (!Array.isArray(messages))
            return;
        var known = messages.filter(isKnownKind);
        if (known.length > MAX_BATCH)
            refuse(known);
        else if (known.length > 0)
            postNow(known.map(function (message) { return stamp(message, false); }));
    }

    // What page code may read when a sendSync fails: WebIpc's words, never the browser's (its
    // error text holds the request URL).
    function syncFailure(reason) {
        return [false, 'sendSync failed: ' + reason];
    }

    function withoutKey(message) {
        if (message[FIELD.KIND] !== HELLO)
            return message;
        var copy = message.slice();
        copy[FIELD.HELLO_KEY] = '';
        return copy;
    }

    // null if the prompt was refused or ignored (then this document keeps the XHR).
    function syncOverPrompt(request) {
        var text = null;
        try {
            text = env.syncPrompt(config.promptMessage, 'webipc-key=' + key + '\n'
                                  + (isSubframe && config.admissionKey
                                     ? 'webipc-page=' + config.admissionKey : '')
                                  + '\n' + request);
        } catch (error) {
            text = null;
        }
        if (typeof text !== 'string') {
            usePrompt = false;
            return null;
        }
        try {
            return JSON.parse(text);
        } catch (error) {
            return syncFailure('the application sent a malformed answer');
        }
    }

    function sync(messages) {
        if (!Array.isArray(messages) || messages.filter(isKnownKind).length > MAX_BATCH) {
            env.respond({ syncAnswer: syncFailure('too many messages were sent at once') });
            return;
        }
        // A subframe's hello goes without its key, which the request carries in a header (or
        // the prompt's first line): a URL is no place for a credential (Chromium puts the URL in
        // its errors and console messages for a request that fails).
        var stamped = (isSubframe ? relayedSinceSync.map(withoutKey) : [])
                .concat(messages.filter(isKnownKind).map(function (message) {
                    return stamp(message, true); // C++ cannot pull while the page waits
                }));
        relayedSinceSync = [];
        var request = JSON.stringify({ doc: documentId, url: currentUrl(), subframe: isSubframe,
                                       after: lastPostedSeq, messages: stamped });
        var headers = { 'Accept': 'webipc-key=' + key };
        if (isSubframe && config.admissionKey) // also CORS-safelisted (see syncgate.cpp)
            headers['Content-Language'] = 'webipc-page=' + config.admissionKey;
        var answer = usePrompt ? syncOverPrompt(request) : null;
        if (answer) {
            env.respond({ syncAnswer: answer });
            return;
        }
        try {
            // A small request travels in the URL: a request without custom headers needs no CORS
            // preflight, which would double the cost. A large one goes in a header (Qt 6.4
            // drops request bodies for custom schemes).
            var encoded = encodeURIComponent(request);
            var url = config.syncUrl;
            if (encoded.length <= QUERY_LIMIT)
                url += '?' + encoded;
            else
                headers[config.syncHeader] = encoded;
            var response = env.syncRequest(url, headers);
            if (response.status !== 200)
                answer = syncFailure('the application refused the request');
            else
                answer = JSON.parse(response.text);
        } catch (error) {
            // Chromium refuses synchronous requests while a document unloads (pagehide,
            // unload), and fails them when the page goes away meanwhile.
            answer = syncFailure('the request did not reach the application (sendSync is not '
                                 + 'available while the document unloads)');
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
    });

    seq += 1;
    var hello = [HELLO, seq, key, env.origin()];
    var listening = false;

    // A page restored from the back/forward cache is shown again without being created again:
    // to main it is a new document, with a new id and key (the old ones ended when it left).
    if (env.onRestore) {
        env.onRestore(function () {
            documentId = env.randomId();
            key = env.randomId();
            relayedSinceSync = [];
            usePrompt = !!(config.prompt && env.syncPrompt);
            seq += 1;
            postNow([[HELLO, seq, key, env.origin()]]);
            if (listening) {
                seq += 1;
                postNow([[LISTENING, seq]]);
            }
        });
    }

    if (isSubframe) {
        env.top.listen(function (data) {
            if (data && data.webipc === 'deliver' && data.doc === documentId)
                env.respond({ deliver: data.messages });
        });
        postNow([hello]);
        return { get documentId() { return documentId; }, takeBytes: takeBytes };
    }

    // The top frame: relays for subframes, if the application enabled them.
    var frameIds = new Map(); // source window -> frame number
    var frames = new Map(); // frame number -> { source, origin }
    var nextFrameId = 1;

    function relay(route, origin, data) {
        if (!Array.isArray(data.messages) || typeof data.doc !== 'string'
            || typeof data.key !== 'string')
            return;
        callSlot(config.relayMethod,
                 [route, String(origin), String(data.url), data.doc, data.key, data.messages]);
    }

    if (env.frames) {
        env.frames.listen(function (data, source, origin) {
            if (!data || data.webipc !== 'relay')
                return;
            if (!source) {
                relay(0, origin, data); // an unloading frame: C++ checks its key and origin
                return;
            }
            var route = frameIds.get(source);
            if (route === undefined) {
                route = nextFrameId++;
                frameIds.set(source, route);
            }
            frames.set(route, { source: source, origin: origin });
            relay(route, origin, data);
        });
    }

    // Deliveries wait, in order, for the buffers their BYTES_TO_PAGE messages name.
    var deliveries = [];
    function deliverWhenReady() {
        while (deliveries.length > 0 && deliveries[0].waiting === 0)
            env.respond({ deliver: deliveries.shift().messages });
    }
    function deliver(messages) {
        var entry = { messages: messages, waiting: 0 };
        messages.forEach(function (message, index) {
            if (!Array.isArray(message) || message[0] !== BYTES_TO_PAGE
                || !Array.isArray(message[1]))
                return;
            var buffers = new Array(message[1].length);
            messages[index] = [BYTES_TO_PAGE, buffers];
            message[1].forEach(function (id, k) {
                entry.waiting += 1;
                env.fetchBytes(config.bytesUrl + '?' + String(id),
                               { 'Accept': 'webipc-key=' + key }, function (buffer) {
                                   buffers[k] = buffer;
                                   entry.waiting -= 1;
                                   deliverWhenReady();
                               });
            });
        });
        if (entry.waiting === 0 && deliveries.length === 0) {
            env.respond({ deliver: messages });
            return;
        }
        deliveries.push(entry);
        deliverWhenReady();
    }

    function connectDeliveries(started) {
        var bridge = started.objects[config.objectName];
        bridge.deliver.connect(function (targetDocument, messages) {
            if (targetDocument === documentId) // a reply meant for an earlier document is dropped
                deliver(messages);
        });
        // Most batches come as JSON text (outbox.cpp, emitBatch()), in their turn with the rest.
        bridge.deliverJson.connect(function (targetDocument, text) {
            if (targetDocument === documentId && typeof text === 'string')
                deliver([text]);
        });
        if (env.frames) {
            bridge.deliverToFrame.connect(function (route, targetDocument, messages) {
                var frame = frames.get(route);
                // Only to the origin the frame had: if it navigated elsewhere, nothing leaks.
                if (frame)
                    env.frames.post(frame.source, { webipc: 'deliver', doc: targetDocument,
                                                    messages: messages }, frame.origin);
            });
        }
        seq += 1;
        postNow([[LISTENING, seq]]);
        listening = true;
    }

    // The hello goes first; QWebChannel may start at once (an in-process transport answers
    // within the constructor) or later.
    var helloPosted = false;
    var startedEarly = null;
    channel = new env.QWebChannel(env.transport, function (started) {
        channel = started;
        if (helloPosted)
            connectDeliveries(started);
        else
            startedEarly = started;
    });
    postNow([hello]);
    helloPosted = true;
    if (startedEarly)
        connectDeliveries(startedEarly);

    // documentId is read by the host's probe; takeBytes by the binary lane's pull.
    return { get documentId() { return documentId; }, takeBytes: takeBytes };
}
