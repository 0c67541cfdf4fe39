// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
import QtQuick
import QtTest
import QtWebEngine
import WebIpc

// Beyond Electron, from QML: webContents.invoke() asks the page's ipcRenderer.handle() handler
// and returns a Promise; a QML handler's thrown Error keeps its name and own properties.
Item {
    width: 400
    height: 300

    IpcMain {
        id: ipc
    }

    WebEngineView {
        id: view
        property url lastLoaded
        anchors.fill: parent
        WebIpc.ipcMain: ipc
        onLoadingChanged: loadingInfo => {
            if (loadingInfo.status === WebEngineView.LoadSucceededStatus)
                lastLoaded = loadingInfo.url
        }
    }

    TestCase {
        name: "QmlInvoke"
        when: windowShown
        property int loads: 0

        function contents() {
            return view.WebIpc.webContents
        }

        function page(script) {
            let done = false
            let result
            view.runJavaScript(script, value => { result = value; done = true })
            tryVerify(() => done, 10000, "runJavaScript answered: " + script)
            return result
        }

        function init() {
            ipc.removeHandler("throws")
            const url = Qt.resolvedUrl("page.html") + "?load=" + (++loads)
            view.url = url
            tryVerify(() => view.lastLoaded.toString() === url && contents() !== null
                      && contents().ready, 20000, "the page loaded and its ipcRenderer connected")
        }

        function test_invoke_resolves_with_the_page_handlers_value() {
            let value
            contents().invoke("add", 2, 3).then(v => { value = v })
            tryVerify(() => value === 5, 10000, "the Promise resolved with the page's sum")
        }

        function test_invoke_rejects_with_the_pages_error() {
            let error
            contents().invoke("fails").catch(e => { error = e })
            tryVerify(() => error !== undefined, 10000)
            compare(error.name, "TypeError")
            compare(error.message, "bad input")
            compare(error.code, "E_BAD")
            compare(error.data.n, 1)
            verify(String(error.stack).length > 0)
        }

        function test_invoke_without_page_handler_rejects() {
            let error
            contents().invoke("nope").catch(e => { error = e })
            tryVerify(() => error !== undefined, 10000)
            compare(error.name, "NoHandlerError")
            compare(error.message, "No handler registered for 'nope'")
        }

        function test_qml_handler_error_keeps_its_properties() {
            // electron#24427: a custom property of the thrown Error survives.
            ipc.handle("throws", () => {
                const e = new RangeError("too far")
                e.code = "E_FAR"
                e.data = { n: 7 }
                throw e
            })
            page("ask('throws')")
            tryVerify(() => page("window.outcome") !== undefined, 10000)
            compare(page("window.outcome"),
                    "RangeError|Error invoking remote method 'throws': RangeError: too far|E_FAR|7")
        }
    }
}
