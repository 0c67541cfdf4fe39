// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Starts the bridge in a real page (isolated world). Appended after qwebchannel.js and
// bridge.js; WEBIPC_CONFIG is defined by the C++ side. file: pages may only reach "local"
// schemes, so they use a scheme of their own for sendSync.
if (location.protocol === 'file:')
    WEBIPC_CONFIG.syncUrl = WEBIPC_CONFIG.localSyncUrl;
window.__webipcBridge = startWebIpcBridge(WEBIPC_CONFIG, {
    QWebChannel: QWebChannel,
    transport: qt.webChannelTransport,
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
