// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
import QtQuick
import QtTest
import QtWebEngine
import WebIpc

// MessagePorts from QML: event.ports in an IpcListener, a port's 'message' and 'close' events,
// postMessage both ways, IpcMain.createMessageChannel() and webContents.postMessage(), in a
// real WebEngineView page.
Item {
    id: root
    width: 400
    height: 300

    IpcMain {
        id: ipc
        IpcListener {
            id: portListener
            channel: "qml-port"
            property var events: []
            onMessage: (event, args) => events.push({ message: args[0], ports: event.ports })
        }
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
        name: "QmlPorts"
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

        function waitPage(script, predicate) {
            tryVerify(() => predicate(page(script)), 10000, script)
        }

        function init() {
            portListener.events = []
            const url = Qt.resolvedUrl("data/page.html") + "?ports=" + (++loads)
            view.url = url
            tryVerify(() => view.lastLoaded.toString() === url && contents() !== null
                      && contents().ready, 20000, "the page loaded")
        }

        function test_listener_gets_the_pages_port() {
            page("window.ch = new MessageChannel(); " +
                 "ch.port2.onmessage = (e) => ch.port2.postMessage(e.data * 2); " +
                 "ipcRenderer.postMessage('qml-port', 'hi', [ch.port1]); true")
            tryCompare(portListener.events, "length", 1)
            compare(portListener.events[0].message, "hi")
            compare(portListener.events[0].ports.length, 1)
            const port = portListener.events[0].ports[0]
            let got = []
            port.on("message", event => got.push(event.data))
            port.start()
            port.postMessage(21)
            tryCompare(got, "length", 1)
            compare(got[0], 42)
        }

        function test_channel_to_the_page_and_close() {
            page("window.log = []; ipcRenderer.on('qml-give', (e) => { const p = e.ports[0]; " +
                 "p.onmessage = (ev) => p.postMessage('echo:' + ev.data); " +
                 "p.addEventListener('close', () => log.push('closed')); log.push('port'); }); true")
            const channel = ipc.createMessageChannel()
            let got = []
            channel.port1.on("message", event => got.push(event.data))
            channel.port1.start()
            contents().postMessage("qml-give", null, [channel.port2])
            waitPage("log.length", n => n === 1)
            channel.port1.postMessage({ text: "x" })
            tryCompare(got, "length", 1)
            compare(got[0], "echo:[object Object]")
            let closed = 0
            channel.port1.on("close", () => ++closed)
            channel.port1.close()
            compare(closed, 1)
            waitPage("log.join()", v => v === "port,closed")
        }

        function test_ports_travel_in_port_messages() {
            const channel = ipc.createMessageChannel()
            const carried = ipc.createMessageChannel()
            let got = []
            channel.port2.on("message", event => got.push(event))
            channel.port2.start()
            channel.port1.postMessage("with a port", [carried.port1])
            tryCompare(got, "length", 1)
            compare(got[0].data, "with a port")
            compare(got[0].ports.length, 1)
            let inner = []
            got[0].ports[0].on("message", event => inner.push(event.data))
            got[0].ports[0].start()
            carried.port2.postMessage(new Date(86400000))
            tryCompare(inner, "length", 1)
            verify(inner[0] instanceof Date)
        }

        function test_errors_are_electrons() {
            const channel = ipc.createMessageChannel()
            const thrown = (fn) => { try { fn(); return "no error" } catch (e) { return e.message } }
            compare(thrown(() => channel.port1.postMessage(1, [channel.port1])),
                    "Port at index 0 contains the source port.")
            compare(thrown(() => channel.port1.postMessage(1, [null])),
                    "Port at index 0 is not a valid port")
            compare(thrown(() => channel.port1.postMessage(1, "port")),
                    "transferables must be an array of MessagePorts")
            verify(thrown(() => channel.port1.postMessage(() => 1)).indexOf("could not be cloned") !== -1)
            compare(thrown(() => contents().postMessage("x", 1, [null])),
                    "Invalid value for transfer")
        }
    }
}
