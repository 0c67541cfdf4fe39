// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
import QtQuick
import QtTest
import QtWebEngine
import WebIpc

// WebIpc.preload on a WebEngineView, and attach(view, { preload }): Electron's preload scripts
// for QML pages (see tests/auto/preload for the whole behaviour).
Item {
    id: root
    width: 400
    height: 300

    IpcMain {
        id: ipc
        IpcHandler {
            channel: "twice"
            handler: (event, value) => value * 2
        }
    }

    WebEngineView {
        id: declared
        property bool loaded: false
        anchors.fill: parent
        WebIpc.ipcMain: ipc
        WebIpc.preload: Qt.resolvedUrl("data/preload.js")
        url: Qt.resolvedUrl("data/preload-page.html")
        onLoadingChanged: loadingInfo => {
            if (loadingInfo.status === WebEngineView.LoadSucceededStatus)
                loaded = true
        }
    }

    WebEngineView {
        id: imperative
        property bool loaded: false
        width: 10
        height: 10
        onLoadingChanged: loadingInfo => {
            if (loadingInfo.status === WebEngineView.LoadSucceededStatus)
                loaded = true
        }
    }

    TestCase {
        name: "QmlPreload"
        when: windowShown

        function page(view, script) {
            let done = false
            let result
            view.runJavaScript(script, value => { result = value; done = true })
            tryVerify(() => done, 10000, "runJavaScript answered: " + script)
            return result
        }

        function check(view) {
            compare(page(view, "seenAtStart"), "object", "the preload ran before page scripts")
            compare(page(view, "typeof ipcRenderer"), "undefined")
            compare(page(view, "typeof require"), "undefined")
            compare(page(view, "electronAPI.hasRequire"), "function")
            page(view, "electronAPI.twice(21).then(v => { result = v })")
            tryVerify(() => page(view, "result") === 42, 10000, "invoke through the preload")
        }

        function test_attached_property() {
            tryVerify(() => declared.loaded && declared.WebIpc.webContents
                      && declared.WebIpc.webContents.ready, 20000)
            check(declared)
        }

        function test_attach_options() {
            const contents = ipc.attach(imperative, { preload: Qt.resolvedUrl("data/preload.js") })
            verify(contents !== null)
            imperative.url = Qt.resolvedUrl("data/preload-page.html")
            tryVerify(() => imperative.loaded && contents.ready, 20000)
            check(imperative)
        }
    }
}
