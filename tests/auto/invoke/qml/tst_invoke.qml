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
            ipc.removeHandler("numbers")
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

        // A QML handler streams by returning an iterator: a generator's values are the page's
        // chunks, in order, pulled only as fast as the page reads.
        function countingHandler(state) {
            return (event, count) => {
                function* numbers() {
                    try {
                        for (let i = 0; i < count; ++i) {
                            state.produced = i + 1
                            yield i
                        }
                    } finally {
                        state.closed = true
                    }
                }
                return numbers()
            }
        }

        function test_qml_handler_streams_a_generator() {
            const state = { produced: 0, closed: false }
            ipc.handle("numbers", countingHandler(state))
            page("read(500)")
            tryVerify(() => page("window.streamed") !== undefined, 10000)
            compare(page("window.streamed"), "500 in order")
            verify(state.closed)
        }

        function test_qml_stream_waits_for_a_slow_reader() {
            const state = { produced: 0, closed: false }
            ipc.handle("numbers", countingHandler(state))
            page("readSlowly(1e9)")
            tryVerify(() => page("window.got.length") === 20, 10000)
            // The page reads no more: the generator is not pulled past the credit window.
            wait(300)
            const held = state.produced
            verify(held < 200, "pulled " + held + " values for a reader that took 20")
            wait(300)
            compare(state.produced, held)
            page("readMore()")
            tryVerify(() => page("window.got.length") === 40, 10000)
            verify(page("window.got.every((v, i) => v === i)"))
            // Leaving the loop closes the generator.
            page("window.stream.cancel(); readMore()")
            tryVerify(() => state.closed, 10000, "the generator's finally ran")
        }

        function test_qml_stream_yields_promises_and_fails_after_its_values() {
            ipc.handle("numbers", () => (function* () {
                yield 1
                yield new Promise(resolve => Qt.callLater(() => resolve(2)))
                const e = new RangeError("ran dry")
                e.code = "E_DRY"
                throw e
            })())
            page("read(0)")
            tryVerify(() => page("window.streamed") !== undefined, 10000)
            compare(page("window.streamed"), "1,2|RangeError|E_DRY|"
                    + "Error invoking remote method 'numbers': RangeError: ran dry")
        }

        function test_qml_generator_for_a_plain_invoke_answers_its_first_value() {
            const state = { produced: 0, closed: false }
            ipc.handle("numbers", countingHandler(state))
            page("window.outcome = undefined; ipcRenderer.invoke('numbers', 3).then("
                 + "v => { window.outcome = 'resolved ' + v })")
            tryVerify(() => page("window.outcome") !== undefined, 10000)
            // Like a C++ QFuture with several results: invoke answers with the first.
            compare(page("window.outcome"), "resolved 0")
        }
    }
}
