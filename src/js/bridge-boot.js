// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Starts the bridge in a real page (isolated world). Appended after qwebchannel.js and
// bridge.js; WEBIPC_CONFIG is defined by the C++ side. file: pages may only reach "local"
// schemes, so they use a scheme of their own for sendSync.
if (location.protocol === 'file:')
    WEBIPC_CONFIG.syncUrl = WEBIPC_CONFIG.localSyncUrl;
var webipcIsTop = window.top === window && typeof qt !== 'undefined' && qt.webChannelTransport;
window.__webipcBridge = startWebIpcBridge(WEBIPC_CONFIG, {
    QWebChannel: QWebChannel,
    transport: webipcIsTop ? qt.webChannelTransport : null,
    // The top frame relays for subframes (when they are enabled) ...
    frames: webipcIsTop && WEBIPC_CONFIG.subframes ? {
        listen: function (handler) {
            window.addEventListener('message', function (event) {
                // Only what the browser dispatched, from another frame: a script cannot forge
                // event.source or event.origin, nor make isTrusted true.
                if (event.isTrusted && event.source && event.source !== window)
                    handler(event.data, event.source, event.origin);
            });
        },
        post: function (source, data, origin) {
            source.postMessage(data, origin === 'null' ? '*' : origin);
        }
    } : null,
    // ... and a subframe talks through the top frame.
    top: webipcIsTop ? null : {
        post: function (data) { window.top.postMessage(data, '*'); },
        listen: function (handler) {
            window.addEventListener('message', function (event) {
                if (event.isTrusted && event.source === window.top)
                    handler(event.data);
            });
        }
    },
    listen: function (handler) {
        document.addEventListener(WEBIPC_CONFIG.requestEvent, function (event) {
            handler(event.detail);
        });
    },
    respond: function (detail) {
        document.dispatchEvent(new CustomEvent(WEBIPC_CONFIG.responseEvent, { detail: detail }));
    },
    syncRequest: function (url, header, value) {
        var xhr = new XMLHttpRequest();
        xhr.open('POST', url, false);
        if (header)
            xhr.setRequestHeader(header, value);
        xhr.send();
        return { status: xhr.status, text: xhr.responseText };
    },
    randomId: function () {
        var bytes = new Uint8Array(16);
        crypto.getRandomValues(bytes);
        return Array.from(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
    }
});
