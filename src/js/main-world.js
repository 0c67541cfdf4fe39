// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Runs in the page's main world at document creation, before the page's own scripts, after
// codec.js and ipc-renderer.js. Defines window.ipcRenderer and talks to the bridge in the
// isolated world through DOM events on the document, which both worlds share and whose dispatch
// is synchronous (that is what carries sendSync). Their names are drawn here at random for this
// document and given to the bridge once, before any page script runs (see bridge-boot.js), so
// page code can neither listen to them nor send on them. The config object comes from C++:
//   { exposeRequire, maxMessageSize }
function startWebIpcMainWorld(config) {
    'use strict';

    // Taken now, before page scripts run, so that a page that patches them cannot break us.
    var doc = document;
    var dispatchEvent = EventTarget.prototype.dispatchEvent;
    var addEventListener = EventTarget.prototype.addEventListener;
    var CustomEventCtor = CustomEvent;
    var parseJson = JSON.parse;
    var getRandomValues = Crypto.prototype.getRandomValues;
    var CONNECT_EVENT = 'webipc:connect';
    var BRIDGE_UP_EVENT = 'webipc:bridge-up';

    function randomName() {
        var bytes = new Uint8Array(16);
        getRandomValues.call(crypto, bytes);
        var name = 'webipc-';
        for (var i = 0; i < bytes.length; ++i)
            name += (bytes[i] + 256).toString(16).slice(1);
        return name;
    }
    var requestEvent = randomName();
    var responseEvent = randomName();

    var bridgeReady = false;
    var waiting = []; // batches posted before the bridge answered
    var syncAnswer = null;
    var renderer = null;

    function request(detail) {
        dispatchEvent.call(doc, new CustomEventCtor(requestEvent, { detail: detail }));
    }

    var port = {
        post: function (messages) {
            if (bridgeReady)
                request({ post: messages });
            else
                waiting.push(messages);
        },
        sync: function (messages) {
            if (!bridgeReady)
                throw new Error('sendSync failed: the IPC bridge is not available in this document');
            var pending = waiting;
            waiting = [];
            for (var i = pending.length - 1; i >= 0; --i)
                messages = pending[i].concat(messages);
            syncAnswer = null;
            request({ sync: messages });
            var answer = syncAnswer;
            syncAnswer = null;
            return answer;
        }
    };

    addEventListener.call(doc, responseEvent, function (event) {
        var detail = event.detail;
        if (!detail)
            return;
        if (detail.deliver) {
            var batch = detail.deliver;
            // A large batch comes as one JSON text in a one-element array (webcontents.cpp,
            // flush()); a message itself is always an array.
            if (batch.length === 1 && typeof batch[0] === 'string')
                batch = parseJson.call(JSON, batch[0]);
            renderer.receive(batch);
        } else if (detail.syncAnswer) {
            syncAnswer = detail.syncAnswer;
        } else if (detail.ready && !bridgeReady) {
            bridgeReady = true;
            var pending = waiting;
            waiting = [];
            pending.forEach(function (batch) { request({ post: batch }); });
        }
    });

    if (config.maxMessageSize > 0)
        WebIpcCodec.setMaximumMessageSize(config.maxMessageSize);
    renderer = createWebIpcRenderer(port, WebIpcCodec);
    var ipcRenderer = Object.freeze(renderer.ipcRenderer);
    Object.defineProperty(window, 'ipcRenderer', { value: ipcRenderer, enumerable: false,
                                                   configurable: false, writable: false });

    if (config.exposeRequire && typeof window.require === 'undefined') {
        var electron = Object.freeze({ ipcRenderer: ipcRenderer });
        Object.defineProperty(window, 'require', {
            configurable: true, writable: true, enumerable: false,
            value: function require(name) {
                if (name === 'electron')
                    return electron;
                throw new Error("Cannot find module '" + name + "'");
            }
        });
    }

    // If the bridge is already listening it answers at once with { ready: true }; if it starts
    // later, it says so once with BRIDGE_UP_EVENT.
    function connect() {
        if (!bridgeReady)
            dispatchEvent.call(doc, new CustomEventCtor(CONNECT_EVENT, {
                detail: { request: requestEvent, response: responseEvent } }));
    }
    addEventListener.call(doc, BRIDGE_UP_EVENT, connect, { once: true });
    connect();
}
