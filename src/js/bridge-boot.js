// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Starts the bridge in a real page (isolated world). Appended after qwebchannel.js and
// bridge.js; WEBIPC_CONFIG is defined by the C++ side. file: pages may only reach "local"
// schemes, so they use a scheme of their own for sendSync.
//
// The main world's stub and this bridge talk through DOM events whose names the stub draws at
// random for this document. They agree on them once, through the fixed CONNECT_EVENT, while
// both run at document creation, before any page script: whichever starts second completes the
// handshake, and the bridge listens to CONNECT_EVENT no longer. Page code that comes later can
// neither learn the names nor take the stub's place.
if (location.protocol === 'file:') {
    WEBIPC_CONFIG.syncUrl = WEBIPC_CONFIG.localSyncUrl;
    WEBIPC_CONFIG.bytesUrl = WEBIPC_CONFIG.localBytesUrl;
}
(function () {
    var CONNECT_EVENT = 'webipc:connect';
    var BRIDGE_UP_EVENT = 'webipc:bridge-up';
    var isTop = window.top === window && typeof qt !== 'undefined' && qt.webChannelTransport;
    var connected = false;
    var requestEvent = null, responseEvent = null, responsePart = null;
    // What crosses to the main world and back (world-crossing.js).
    var reusedEvent = new CustomEvent('webipc');
    var crossing = createWebIpcCrossing({
        dispatch: function (name, detail) {
            // One event, initialised anew for each dispatch, as in main-world.js.
            var event = reusedEvent.eventPhase === 0 ? reusedEvent : new CustomEvent(name);
            event.initCustomEvent(name, false, false, detail);
            document.dispatchEvent(event);
            if (typeof detail !== 'string' || detail.length > 4096) // not held until the next
                event.initCustomEvent('webipc', false, false, null);
        },
        bufferKind: WebIpcBridgeWire.MainMessage.BYTES_TO_PAGE
    });
    var handler = null;
    // With a preload, this world has an ipcRenderer of its own, whose port calls the bridge
    // directly (see preload-runtime.js).
    var preload = null;
    var directSync = false, directAnswer = null;
    // This world's own prompt(), taken before any other script runs here (the main world's
    // window.prompt is another function, which page code may replace: it does not matter).
    var nativePrompt = window.prompt;

    function parseBatch(batch) {
        return batch.length === 1 && typeof batch[0] === 'string' ? JSON.parse(batch[0]) : batch;
    }

    function onConnect(event) {
        var names = event.detail;
        if (connected || !names || typeof names.ack !== 'string')
            return;
        connected = true;
        document.removeEventListener(CONNECT_EVENT, onConnect, true);
        document.dispatchEvent(new CustomEvent(names.ack));
        if (preload)
            preload.connectMainWorld(names.toIsolated, names.toMain, names.nodes);
        if (typeof names.request !== 'string' || typeof names.response !== 'string'
            || typeof names.requestPart !== 'string' || typeof names.responsePart !== 'string')
            return;
        requestEvent = names.request;
        responseEvent = names.response;
        responsePart = names.responsePart;
        document.addEventListener(names.requestPart, function (part) {
            crossing.receivePart(part.detail);
        });
        document.addEventListener(requestEvent, function (request) {
            var detail = crossing.receive(request.detail);
            if (handler && detail)
                handler(detail);
        });
        respond({ ready: true });
    }

    function respond(detail) {
        if (directSync && detail.syncAnswer) {
            directAnswer = detail.syncAnswer;
            return;
        }
        if (preload && detail.deliver)
            preload.renderer.receive(parseBatch(detail.deliver));
        if (!responseEvent)
            return;
        var batch = detail.deliver;
        if (batch && batch.length === 1 && typeof batch[0] === 'string') {
            crossing.sendJson(responseEvent, 'deliver', batch[0]); // C++'s text (outbox.cpp)
            return;
        }
        var key = Object.keys(detail)[0];
        crossing.send(responseEvent, responsePart, key, detail[key]);
    }

    document.addEventListener(CONNECT_EVENT, onConnect, true);

    window.__webipcBridge = startWebIpcBridge(WEBIPC_CONFIG, {
        QWebChannel: QWebChannel,
        transport: isTop ? qt.webChannelTransport : null,
        // The top frame relays for subframes (when they are enabled) ...
        frames: isTop && WEBIPC_CONFIG.subframes ? {
            listen: function (handle) {
                window.addEventListener('message', function (event) {
                    // Only what the browser dispatched, from another frame: a script cannot
                    // forge event.source or event.origin, nor make isTrusted true. A frame that
                    // is unloading posts with no source.
                    if (event.isTrusted && event.source !== window)
                        handle(event.data, event.source, event.origin);
                });
            },
            post: function (source, data, origin) {
                source.postMessage(data, origin === 'null' ? '*' : origin);
            }
        } : null,
        // ... and a subframe talks through the top frame.
        top: isTop ? null : {
            post: function (data) { window.top.postMessage(data, '*'); },
            listen: function (handle) {
                window.addEventListener('message', function (event) {
                    if (event.isTrusted && event.source === window.top)
                        handle(event.data);
                });
            }
        },
        listen: function (handle) { handler = handle; },
        onRestore: function (restored) {
            window.addEventListener('pageshow', function (event) {
                if (event.persisted)
                    restored();
            });
        },
        respond: respond,
        syncRequest: function (url, headers) {
            var xhr = new XMLHttpRequest();
            xhr.open('POST', url, false);
            Object.keys(headers).forEach(function (name) {
                xhr.setRequestHeader(name, headers[name]);
            });
            xhr.send();
            return { status: xhr.status, text: xhr.responseText };
        },
        syncPrompt: function (message, text) {
            return nativePrompt.call(window, message, text);
        },
        fetchBytes: function (url, headers, done) {
            var xhr = new XMLHttpRequest();
            xhr.open('GET', url, true);
            Object.keys(headers).forEach(function (name) {
                xhr.setRequestHeader(name, headers[name]);
            });
            xhr.responseType = 'arraybuffer';
            xhr.onload = function () { done(xhr.status === 200 ? xhr.response : null); };
            xhr.onerror = xhr.onabort = function () { done(null); };
            xhr.send();
        },
        postBytes: function (url, headers, buffer, done) {
            var xhr = new XMLHttpRequest();
            xhr.open('POST', url, true);
            Object.keys(headers).forEach(function (name) {
                xhr.setRequestHeader(name, headers[name]);
            });
            xhr.onload = function () { done(xhr.status === 200); };
            xhr.onerror = xhr.onabort = function () { done(false); };
            xhr.send(buffer);
        },
        randomId: function () {
            var bytes = new Uint8Array(16);
            crypto.getRandomValues(bytes);
            return Array.from(bytes, function (b) { return (b + 256).toString(16).slice(1); })
                    .join('');
        },
        // The security origin the renderer gave this document (an inherited one for about:blank
        // and srcdoc, the creator's for blob:, "null" when sandboxed), read in this world, which
        // page code cannot reach.
        origin: function () { return String(self.origin); }
    });

    if (typeof startWebIpcPreloadRuntime === 'function' && WEBIPC_CONFIG.preload) {
        preload = startWebIpcPreloadRuntime(WEBIPC_CONFIG.preload, {
            post: function (messages) { handler({ post: messages }); },
            sync: function (messages) {
                directSync = true;
                directAnswer = null;
                try {
                    handler({ sync: messages });
                } finally {
                    directSync = false;
                }
                return directAnswer;
            }
        }, WebIpcCodec);
        // Taken (and deleted) by the preload's own script, which runs next in this world.
        Object.defineProperty(window, WEBIPC_CONFIG.preload.hook, { value: preload,
                                                                    configurable: true });
    }

    // The stub may have started first: tell it the bridge is here.
    if (!connected)
        document.dispatchEvent(new CustomEvent(BRIDGE_UP_EVENT));
})();
