// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
import QtQuick
import QtTest
import QtWebEngine
import WebIpc

// A QML IpcMain and a real WebEngineView page, attached with WebIpc.ipcMain: every test loads
// a fresh document and drives ipcRenderer in the page, asserting what QML and the page see.
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

    Component {
        id: listenerComponent
        IpcListener {
            property var calls: []
            onMessage: (event, args) => calls.push(args)
        }
    }

    Component {
        id: handlerComponent
        IpcHandler { }
    }

    TestCase {
        id: test
        name: "QmlIpc"
        when: windowShown

        property int loads: 0
        readonly property var handlerChannels: ["add", "later", "thenable", "throws", "rejects",
            "once", "removed", "types", "second", "declared", "identity", "uncloneable", "remote-only"]

        function contents() {
            return view.WebIpc.webContents
        }

        // Runs script in the page's main world and returns its result.
        function page(script) {
            let done = false
            let result
            view.runJavaScript(script, value => { result = value; done = true })
            tryVerify(() => done, 10000, "runJavaScript answered: " + script)
            return result
        }

        // Polls the page until predicate(value of script) holds; returns the value.
        function waitPage(script, predicate, message) {
            let value
            tryVerify(() => { value = page(script); return predicate(value) }, 10000,
                      message || script)
            return value
        }

        function received() {
            return JSON.parse(page("JSON.stringify(received)"))
        }

        function settled(id) {
            return JSON.parse(waitPage("JSON.stringify(settled['" + id + "'])",
                                       v => v !== undefined && v !== '"pending"',
                                       "invoke " + id + " settled"))
        }

        function init() {
            ipc.removeAllListeners()
            for (const channel of handlerChannels)
                ipc.removeHandler(channel)
            const url = Qt.resolvedUrl("data/page.html") + "?load=" + (++loads)
            view.url = url
            tryVerify(() => view.lastLoaded.toString() === url && contents() !== null
                      && contents().ready, 20000, "the page loaded and its ipcRenderer connected")
        }

        function test_on_receives_args_and_sender() {
            let calls = []
            ipc.on("hello", (event, ...args) => calls.push({ event: event, args: args }))
            page("ipcRenderer.send('hello', 1, 'two', { three: [3] })")
            tryCompare(calls, "length", 1)
            compare(calls[0].args, [1, "two", { three: [3] }])
            const event = calls[0].event
            verify(event.sender === contents(), "event.sender is the view's webContents")
            compare(event.senderFrame.url, view.url.toString())
            compare(event.senderFrame.origin, "file://")
            compare(event.senderFrame.isMainFrame, true)
            compare(event.channel, "hello")
            compare(ipc.listenerCount("hello"), 1)
            verify(ipc.eventNames().indexOf("hello") !== -1)
        }

        function test_reply_and_sender_send() {
            page("listen('pong'); listen('status')")
            ipc.on("ping", (event, value) => {
                event.reply("pong", value + 1, "replied")
                event.sender.send("status", "sent", true)
            })
            page("ipcRenderer.send('ping', 41)")
            waitPage("received.length", n => n === 2)
            compare(received(), [{ channel: "pong", args: [42, "replied"] },
                                 { channel: "status", args: ["sent", true] }])
        }

        function test_webcontents_send_keeps_types() {
            page("listen('types')")
            contents().send("types", new Date(Date.UTC(2020, 1, 3, 4, 5, 6, 7)),
                            new Uint8Array([1, 2, 255]), undefined, null, NaN,
                            { nested: [1.5, "x", { deep: true }] })
            waitPage("received.length", n => n === 1)
            compare(received()[0].args, [{ date: Date.UTC(2020, 1, 3, 4, 5, 6, 7) },
                                         { bytes: [1, 2, 255] }, { undefined: true }, null,
                                         { nan: true },
                                         { nested: [1.5, "x", { deep: true }] }])
        }

        function test_page_values_keep_types() {
            let args
            ipc.on("values", (event, ...rest) => { args = rest })
            page("ipcRenderer.send('values', new Date(86400000), new Uint8Array([7, 8]), " +
                 "undefined, null, -0, { a: [true, 'b'] })")
            tryVerify(() => args !== undefined)
            compare(args.length, 6)
            verify(args[0] instanceof Date, "a Date arrives as a Date")
            compare(args[0].getTime(), 86400000)
            verify(args[1] instanceof Uint8Array, "bytes arrive as a Uint8Array, as in pages")
            compare(Array.from(args[1]), [7, 8])
            compare(args[2], undefined)
            compare(args[3], null)
            compare(1 / args[4], -Infinity)
            compare(args[5], { a: [true, "b"] })
        }

        // Every kind of value the codec carries reaches QML as the JavaScript value it was, and
        // goes back to the page unchanged (event.reply, webContents.send, invoke results).
        readonly property string richValues: "[new Map([[1, 'one'], ['k', { v: [true] }]]), "
            + "new Set(['a', 2]), /ab+c/gi, new Float32Array([1.5, -2]), "
            + "new Uint16Array(new ArrayBuffer(8), 2, 2), new TypeError('bad'), new Number(5), "
            + "[1, , 3], new ArrayBuffer(2), new Uint8Array([9])]"

        function test_rich_values_round_trip() {
            page("listen('rich-back'); listen('rich-sent')")
            let got
            ipc.on("rich", (event, ...args) => {
                got = args
                event.reply("rich-back", ...args)
                event.sender.send("rich-sent", ...args)
            })
            ipc.handle("types", (event, ...args) => args)
            page("ipcRenderer.send('rich', ..." + richValues + ")")
            tryVerify(() => got !== undefined)
            verify(got[0] instanceof Map)
            compare(got[0].get(1), "one")
            compare(got[0].get("k"), { v: [true] })
            verify(got[1] instanceof Set)
            verify(got[1].has("a") && got[1].has(2))
            verify(got[2] instanceof RegExp)
            compare(got[2].source, "ab+c")
            compare(got[2].flags, "gi")
            verify(got[3] instanceof Float32Array)
            compare(Array.from(got[3]), [1.5, -2])
            verify(got[4] instanceof Uint16Array)
            compare(got[4].byteOffset, 2)
            compare(got[4].length, 2)
            verify(got[5] instanceof TypeError)
            compare(got[5].message, "bad")
            verify(got[6] instanceof Number)
            compare(got[6].valueOf(), 5)
            compare(got[7].length, 3)
            verify(!(1 in got[7]), "the hole stays a hole")
            verify(got[8] instanceof ArrayBuffer)
            verify(got[9] instanceof Uint8Array, "a Uint8Array stays one, as in pages")

            // QML's values are cloned as pages' are: the page gets back what it sent.
            const expected = JSON.parse(page("JSON.stringify(describe(" + richValues + "))"))
            waitPage("received.length", n => n === 2)
            compare(received(), [{ channel: "rich-back", args: expected },
                                 { channel: "rich-sent", args: expected }])
            page("invoke('rich', 'types', ..." + richValues + ")")
            compare(settled("rich"), { value: expected })
        }

        function test_sendSync_returnValue() {
            ipc.on("sync", (event, a, b) => { event.returnValue = a + b })
            compare(page("sendSync('sync', 2, 3)"), "5")
        }

        function test_sendSync_first_write_wins() {
            ipc.on("sync", event => {
                event.returnValue = "first"
                event.returnValue = "second"
            })
            ipc.on("sync", event => { event.returnValue = "third" })
            compare(page("sendSync('sync')"), '"first"')
        }

        function test_sendSync_returnValue_set_later() {
            let pending = null
            ipc.on("later", event => { pending = event })
            // The page blocks in sendSync until the value is set from a later task.
            let done = false
            let result
            view.runJavaScript("sendSync('later')", value => { result = value; done = true })
            tryVerify(() => pending !== null)
            verify(!done)
            pending.returnValue = { when: "later" }
            tryVerify(() => done)
            compare(JSON.parse(result), { when: "later" })
        }

        function test_handle_value() {
            ipc.handle("add", (event, a, b) => a + b)
            page("invoke('sum', 'add', 20, 22)")
            compare(settled("sum"), { value: 42 })
        }

        function test_handle_promise() {
            ipc.handle("later", (event, value) => new Promise(resolve => {
                Qt.callLater(() => resolve({ echoed: value, at: new Date(1000) }))
            }))
            page("invoke('p', 'later', 'v')")
            compare(settled("p"), { value: { echoed: "v", at: { date: 1000 } } })
        }

        function test_handle_thenable() {
            ipc.handle("thenable", () => ({ then: (resolve, reject) => resolve("from a thenable") }))
            page("invoke('t', 'thenable')")
            compare(settled("t"), { value: "from a thenable" })
        }

        function test_handle_throw_rejects_with_electrons_message() {
            ipc.handle("throws", () => { throw new Error("boom") })
            page("invoke('e', 'throws')")
            compare(settled("e"), { error: "Error invoking remote method 'throws': Error: boom" })
        }

        function test_handle_rejected_promise() {
            ipc.handle("rejects", () => Promise.reject(new TypeError("bad input")))
            page("invoke('r', 'rejects')")
            compare(settled("r"),
                    { error: "Error invoking remote method 'rejects': TypeError: bad input" })
        }

        function test_uncloneable_result_rejects() {
            ipc.handle("uncloneable", () => ({ callback: () => 1 }))
            page("invoke('u', 'uncloneable')")
            const result = settled("u")
            verify(result.error !== undefined, "a function cannot be cloned: " + JSON.stringify(result))
            verify(result.error.indexOf("An object could not be cloned") !== -1, result.error)
        }

        function test_sending_a_function_logs_and_sends_nothing() {
            page("listen('fn'); listen('fn-after')")
            ignoreWarning(/An object could not be cloned \(args\[1\]\.f is a function\)/)
            contents().send("fn", 1, { f: () => 1 })
            contents().send("fn-after", "still works")
            waitPage("received.length", n => n === 1)
            compare(received(), [{ channel: "fn-after", args: ["still works"] }])
        }

        function test_channel_opened_only_to_a_remote_origin() {
            // The page is a file: page; this channel is for https://example.com only.
            ipc.setChannelAllowedOrigins("remote-only", ["https://example.com"])
            compare(ipc.channelAllowedOrigins("remote-only"), ["https://example.com"])
            let calls = 0
            let done = false
            ipc.on("remote-only", () => { ++calls })
            ipc.once("local-ok", () => { done = true })
            ipc.handle("remote-only", () => "answered")
            page("ipcRenderer.send('remote-only'); ipcRenderer.send('local-ok')")
            tryVerify(() => done)
            compare(calls, 0, "the refused message reached no listener")
            page("invoke('ro', 'remote-only')")
            verify(settled("ro").error !== undefined, "the refused invoke rejects")
        }

        function test_second_handle_throws() {
            ipc.handle("second", () => 1)
            let message = ""
            try {
                ipc.handle("second", () => 2)
            } catch (error) {
                message = error.message
            }
            compare(message, "Attempted to register a second handler for 'second'")
            page("invoke('s', 'second')")
            compare(settled("s"), { value: 1 })
        }

        function test_handleOnce_and_removeHandler() {
            ipc.handleOnce("once", () => "only once")
            page("invoke('o1', 'once')")
            compare(settled("o1"), { value: "only once" })
            page("invoke('o2', 'once')")
            compare(settled("o2"),
                    { error: "Error invoking remote method 'once': Error: No handler registered for 'once'" })

            ipc.handle("removed", () => "here")
            ipc.removeHandler("removed")
            page("invoke('r', 'removed')")
            verify(settled("r").error !== undefined, "a removed handler does not answer")
        }

        function test_removeListener_with_the_same_function() {
            let calls = 0
            const listener = () => { ++calls }
            ipc.on("count", listener)
            ipc.on("count", listener)
            compare(ipc.listenerCount("count"), 2)
            ipc.removeListener("count", listener)
            compare(ipc.listenerCount("count"), 1)
            ipc.removeListener("count", () => {}) // another function removes nothing
            compare(ipc.listenerCount("count"), 1)
            let done = false
            ipc.once("count-done", () => { done = true })
            page("ipcRenderer.send('count'); ipcRenderer.send('count-done')")
            tryVerify(() => done)
            compare(calls, 1, "the remaining listener ran once")
            ipc.off("count", listener)
            compare(ipc.listenerCount("count"), 0)
        }

        function test_once_and_removeAllListeners() {
            let onceCalls = 0
            let allCalls = 0
            ipc.once("o", () => { ++onceCalls })
            ipc.on("a", () => { ++allCalls })
            ipc.on("b", () => { ++allCalls })
            page("ipcRenderer.send('o'); ipcRenderer.send('o'); ipcRenderer.send('a')")
            tryVerify(() => allCalls === 1)
            compare(onceCalls, 1)
            compare(ipc.listenerCount("o"), 0)
            ipc.removeAllListeners("a")
            compare(ipc.listenerCount("a"), 0)
            compare(ipc.listenerCount("b"), 1)
            ipc.removeAllListeners()
            compare(ipc.listenerCount("b"), 0)
        }

        // Electron's EventEmitter: a message goes to the listeners there were when it came.
        function test_listeners_as_they_were_when_the_message_came() {
            let calls = []
            const second = (e, m) => { calls.push("second:" + m) }
            const added = (e, m) => { calls.push("added:" + m) }
            ipc.on("snap", (e, m) => {
                calls.push("first:" + m)
                if (m === "x") {
                    ipc.removeListener("snap", second) // still runs for this message
                    ipc.on("snap", added) // waits for the next one
                }
            })
            ipc.on("snap", second)
            let done = 0
            ipc.on("snap-done", () => { ++done })
            page("ipcRenderer.send('snap', 'x'); ipcRenderer.send('snap-done')")
            tryVerify(() => done === 1)
            compare(calls, ["first:x", "second:x"])
            calls = []
            page("ipcRenderer.send('snap', 'y'); ipcRenderer.send('snap-done')")
            tryVerify(() => done === 2)
            compare(calls, ["first:y", "added:y"])
        }

        function test_listener_exception_does_not_stop_others() {
            let second = false
            ipc.on("x", () => { throw new Error("listener failed") })
            ipc.on("x", () => { second = true })
            ignoreWarning(/listener failed/)
            page("ipcRenderer.send('x')")
            tryVerify(() => second)
        }

        function test_declarative_listener_lives_with_its_object() {
            const listener = listenerComponent.createObject(root, { ipcMain: ipc, channel: "decl" })
            verify(listener)
            compare(ipc.listenerCount("decl"), 1)
            page("ipcRenderer.send('decl', 'a', 1)")
            tryCompare(listener.calls, "length", 1)
            compare(listener.calls[0], ["a", 1])
            listener.channel = "renamed"
            compare(ipc.listenerCount("decl"), 0)
            compare(ipc.listenerCount("renamed"), 1)
            listener.destroy()
            tryVerify(() => ipc.listenerCount("renamed") === 0)
        }

        function test_declarative_handler_lives_with_its_object() {
            const handler = handlerComponent.createObject(root, {
                ipcMain: ipc, channel: "declared", handler: (event, a) => "declared " + a })
            verify(handler.active)
            page("invoke('d1', 'declared', 'yes')")
            compare(settled("d1"), { value: "declared yes" })
            const second = handlerComponent.createObject(root, {
                ipcMain: ipc, channel: "declared", handler: () => "second" })
            verify(!second.active, "a second declarative handler does not take over")
            verify(ipc.hasHandler("declared"))
            second.destroy()
            handler.destroy()
            tryVerify(() => !ipc.hasHandler("declared"), 5000, "the handler went with its object")
            page("invoke('d2', 'declared')")
            verify(settled("d2").error !== undefined, "the handler went with its object")
        }

        function test_identity_of_sender_across_messages() {
            let senders = []
            ipc.handle("identity", event => {
                senders.push(event.sender)
                return event.sender.id
            })
            page("invoke('i1', 'identity'); invoke('i2', 'identity')")
            compare(settled("i1").value, contents().id)
            compare(settled("i2").value, contents().id)
            verify(senders[0] === senders[1])
            verify(senders[0] === ipc.webContentsOf(view))
        }
    }
}
