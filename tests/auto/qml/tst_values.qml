// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
import QtQuick
import QtTest
import QtWebEngine
import WebIpc

// The shared codec vectors (tests/data/codec-vectors.json, given by tst_qml.cpp as
// codecVectorsJson) through QML, in a real page: QML values are cloned by the same codec as
// pages' values, so QML sees what a page would see, and what QML sends arrives as a page's value
// would. Qt 6.4's QML engine has no BigInt: a BigInt reaches QML as a BigIntValue and goes back
// unchanged.
Item {
    id: root
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
        id: test
        name: "QmlValues"
        when: windowShown

        readonly property var vectors: JSON.parse(codecVectorsJson)
        // webipcSameValue(actual, expected): '' or the first difference.
        readonly property var sameValue: new Function(sameValueSource + "\nreturn webipcSameValue;")()
        property var features: []
        property var received: ({})

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

        function waitPage(script, message) {
            let value
            tryVerify(() => { value = page(script); return value !== undefined && value !== null },
                      10000, message || script)
            return value
        }

        // A vector's expression, evaluated in QML's engine.
        function evaluate(js) {
            return new Function("return (" + js + ");")()
        }

        function supportedHere(vector) {
            return (vector.needs || []).every(need => features.indexOf(need) !== -1)
        }

        function initTestCase() {
            const checks = {
                BigInt: "typeof BigInt === 'function'",
                RegExpDotAll: "(function () { try { return new RegExp('', 's').dotAll === true; } catch (e) { return false; } })()",
                WritableStack: "(function () { var e = new Error('x'); e.stack = 's'; return e.stack === 's'; })()",
                StandardProxy: "Object.prototype.toString.call(new Proxy({}, {})) === '[object Object]'",
                StandardRegExpSource: "/a\\/b/.source === 'a\\\\/b'",
                WeakRef: "typeof WeakRef === 'function'",
                SharedMemory: "typeof SharedArrayBuffer === 'function'"
            }
            for (const name in checks) {
                if (evaluate(checks[name]))
                    features.push(name)
            }
            ipc.handle("echo", (event, name, value) => {
                received[name] = value
                return value
            })
            ipc.handle("make", (event, js) => evaluate(js))
            const url = Qt.resolvedUrl("data/page.html") + "?values"
            view.url = url
            tryVerify(() => view.lastLoaded.toString() === url && contents() !== null
                      && contents().ready, 20000, "the page loaded and its ipcRenderer connected")
            page("window.WEBIPC_VECTORS = " + codecVectorsJson + ";")
            page(sameValueSource + "; window.webipcSameValue = webipcSameValue;"
                 + "window.results = {};"
                 + "window.evaluate = js => (0, eval)('(' + js + ')');"
                 + "window.check = (id, promise, expect) => { results[id] = null; promise.then("
                 + "v => { results[id] = { same: webipcSameValue(v, evaluate(expect)) }; },"
                 + "e => { results[id] = { error: e.message }; }); };"
                 + "window.got = {};"
                 + "ipcRenderer.on('vector', (event, id, value) => { got[id] = value; });"
                 + "true")
        }

        function vectorRows(section) {
            return vectors[section].map(vector => ({ tag: vector.name, vector: vector }))
        }

        function test_page_to_qml_and_back_data() {
            return vectorRows("vectors")
        }

        // The page invokes a QML handler with each vector's value, all at once (the rows then
        // read their own results): QML gets what a page would get back (sameValue against it,
        // where QML can build that value) and returns it, and the page gets the value back as
        // from a C++ handler.
        property bool pageVectorsSent: false
        function sendPageVectors() {
            if (pageVectorsSent)
                return
            pageVectorsSent = true
            page("WEBIPC_VECTORS.vectors.forEach((vector, i) => check('p' + i, "
                 + "ipcRenderer.invoke('echo', 'p' + i, evaluate(vector.js)), vector.expect || vector.js)); true")
        }

        function pageResult(id) {
            return JSON.parse(waitPage("results[" + JSON.stringify(id)
                                       + "] && JSON.stringify(results[" + JSON.stringify(id) + "])",
                                       "the page's invoke " + id + " settled"))
        }

        function test_page_to_qml_and_back(row) {
            sendPageVectors()
            const vector = row.vector
            const id = "p" + vectors.vectors.indexOf(vector)
            verify(id in received, "the QML handler was called")
            // BigInt and the 's' flag have stand-ins in QML (BigIntValue, RegExpValue).
            if ((vector.needs || []).some(need => features.indexOf(need) === -1
                                          && need !== "BigInt" && need !== "RegExpDotAll"))
                skip("QML's engine has no " + vector.needs.join(", ")
                     + ": it cannot rebuild this value; tests/auto/values covers it in pages")
            compare(JSON.stringify(pageResult(id)), JSON.stringify({ same: "" }),
                    "the page got the value back unchanged")
            if (supportedHere(vector))
                compare(sameValue(received[id], evaluate(vector.expect || vector.js)), "", "what QML got")
        }

        function test_qml_to_page_data() {
            return vectorRows("vectors").filter(row => supportedHere(row.vector))
        }

        // QML sends a value it built to the page (WebContents.send), and returns one from a
        // handler: the page gets what it gets from C++.
        function test_qml_to_page(row) {
            const vector = row.vector
            const expect = vector.expect || vector.js
            const id = "q" + vectors.vectors.indexOf(vector)
            contents().send("vector", id, evaluate(vector.js))
            page("check(" + JSON.stringify(id + "r") + ", ipcRenderer.invoke('make', "
                 + JSON.stringify(vector.js) + "), " + JSON.stringify(expect) + "); true")
            const same = waitPage("(" + JSON.stringify(id) + " in got) ? webipcSameValue(got["
                                  + JSON.stringify(id) + "], evaluate(" + JSON.stringify(expect)
                                  + ")) : null")
            compare(same, "", "the page got what QML sent")
            compare(JSON.stringify(pageResult(id + "r")), JSON.stringify({ same: "" }),
                    "the page got what the QML handler returned")
        }

        function test_clone_errors_data() {
            return vectorRows("errors").filter(row => supportedHere(row.vector))
        }

        // What cannot be cloned from QML is refused with Electron's error, naming the path, as
        // in pages: a handler's result rejects the page's invoke with it.
        function test_clone_errors(row) {
            const vector = row.vector
            const id = "e" + vectors.errors.indexOf(vector)
            // In an array, so that a Promise is a value (a handler's own Promise is awaited).
            page("check(" + JSON.stringify(id) + ", ipcRenderer.invoke('make', "
                 + JSON.stringify("[" + vector.js + "]") + "), 'undefined'); true")
            // A handler's value is cloned as "value", a page's argument as "args[0]".
            const expected = vector.error.replace("(args[0]", "(value[0]")
            compare(pageResult(id), { error: "Error invoking remote method 'make': Error: " + expected })
        }

        // Without BigInt in QML's engine, a page's BigInt is a BigIntValue there (its digits,
        // String() and Number()), and goes back to the page as the same BigInt; so do BigInt
        // typed arrays, as a BigIntArrayValue.
        function test_bigint_without_engine_support() {
            if (features.indexOf("BigInt") !== -1)
                skip("this QML engine has BigInt; the vectors test it directly")
            page("check('big', ipcRenderer.invoke('echo', 'big', "
                 + "[12345678901234567890123n, -5n, new BigUint64Array([1n, 18446744073709551615n])]), "
                 + "'[12345678901234567890123n, -5n, new BigUint64Array([1n, 18446744073709551615n])]'); true")
            compare(pageResult("big"), { same: "" })
            const value = received.big
            compare(value[0].digits, "12345678901234567890123")
            compare(String(value[0]), "12345678901234567890123")
            compare(Number(value[1]), -5)
            compare(value[2].kind, "BigUint64Array")
            compare(value[2].length, 2)
            compare(new Uint8Array(value[2].buffer)[15], 255)
        }

        // Qt's own values from QML (a point, a url, a color) go through the C++ codec, as from
        // C++; a QObject cannot be cloned.
        function test_qt_values_from_qml() {
            page("check('qt', ipcRenderer.invoke('make', 'Qt.point(1, 2)'), '({x: 1, y: 2})'); true")
            compare(pageResult("qt"), { same: "" })
            ipc.handle("object", () => ({ view: view }))
            page("check('object', ipcRenderer.invoke('object'), 'undefined'); true")
            const result = pageResult("object")
            verify(result.error !== undefined, JSON.stringify(result))
            verify(/^Error invoking remote method 'object': Error: An object could not be cloned \(value\.view is a pointer to a QObject/
                   .test(result.error), result.error)
            ipc.removeHandler("object")
        }
    }
}
