// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
import QtQuick
import QtTest
import QtWebEngine
import WebIpc

// ipc.attach(view) (the imperative form), its options, a profile of the application's own,
// the isolated world, reloads and detach.
Item {
    id: root
    width: 400
    height: 300

    IpcMain {
        id: ipc
    }

    WebEngineProfile {
        id: privateProfile
        offTheRecord: true
    }

    WebEngineView {
        id: view
        property url lastLoaded
        property int started: 0
        property int succeeded: 0
        anchors.fill: parent
        profile: privateProfile
        onLoadingChanged: loadingInfo => {
            if (loadingInfo.status === WebEngineView.LoadStartedStatus)
                ++started
            if (loadingInfo.status === WebEngineView.LoadSucceededStatus) {
                lastLoaded = loadingInfo.url
                ++succeeded
            }
        }
    }

    TestCase {
        name: "QmlAttach"
        when: windowShown

        property var contents: null
        property int loads: 0

        function page(script) {
            let done = false
            let result
            view.runJavaScript(script, value => { result = value; done = true })
            tryVerify(() => done, 10000, "runJavaScript answered: " + script)
            return result
        }

        function load() {
            const url = Qt.resolvedUrl("data/page.html") + "?attach=" + (++loads)
            view.url = url
            tryVerify(() => view.lastLoaded.toString() === url && contents.ready, 20000,
                      "the page loaded and its ipcRenderer connected")
        }

        function initTestCase() {
            contents = ipc.attach(view, { exposeElectronRequire: true })
            verify(contents !== null)
            verify(ipc.attach(view) === contents, "attaching twice gives the same webContents")
            verify(ipc.webContentsOf(view) === contents)
            compare(ipc.allWebContents().length, 1)
            load()
        }

        function test_page_sees_ipcRenderer_but_not_the_channel() {
            compare(page("typeof ipcRenderer.send"), "function")
            compare(page("typeof qt"), "undefined") // the bridge lives in an isolated world
            compare(page("require('electron').ipcRenderer === ipcRenderer"), true)
        }

        function test_sendSync_on_an_application_profile() {
            ipc.on("sync", (event, value) => { event.returnValue = value * 2 })
            compare(page("sendSync('sync', 21)"), "42")
            ipc.removeAllListeners("sync")
        }

        function test_works_again_after_reload() {
            let got = []
            ipc.on("after-reload", (event, value) => got.push(value))
            const search = page("location.search")
            const succeeded = view.succeeded
            view.reload()
            tryVerify(() => view.succeeded === succeeded + 1 && contents.ready, 20000,
                      "the new document connected")
            page("ipcRenderer.send('after-reload', location.search)")
            tryCompare(got, "length", 1)
            compare(got[0], search)
            ipc.removeAllListeners("after-reload")
        }

        function test_messages_sent_while_navigating_are_delivered_to_the_new_document() {
            // Send the moment the old document is gone (readyChanged(false) of the C++
            // WebContents): the message is held for the new document.
            let sent = false
            const whenNotReady = ready => {
                if (!ready && !sent) {
                    sent = true
                    contents.send("early", "held", 1)
                }
            }
            contents.object.readyChanged.connect(whenNotReady)
            const url = Qt.resolvedUrl("data/page.html") + "?listen=early&attach=" + (++loads)
            view.url = url
            tryVerify(() => sent, 10000, "the navigation started")
            contents.object.readyChanged.disconnect(whenNotReady)
            tryVerify(() => view.lastLoaded.toString() === url && contents.ready, 20000)
            tryVerify(() => page("received.length") === 1, 10000)
            compare(JSON.parse(page("JSON.stringify(received)")),
                    [{ channel: "early", args: ["held", 1] }])
        }

        function test_recovers_after_render_process_crash() {
            let terminated = false
            const onTerminated = () => { terminated = true }
            view.renderProcessTerminated.connect(onTerminated)
            view.url = "chrome://crash"
            tryVerify(() => terminated, 20000, "the render process crashed")
            view.renderProcessTerminated.disconnect(onTerminated)
            verify(!contents.ready)
            load()
            let got = []
            ipc.on("alive", (event, value) => got.push(value))
            page("ipcRenderer.send('alive', 'again')")
            tryCompare(got, "length", 1)
            compare(got[0], "again")
            ipc.removeAllListeners("alive")
        }

        function test_zz_detach() {
            ipc.detach(view)
            verify(ipc.webContentsOf(view) === null)
            compare(ipc.allWebContents().length, 0)
            load_without_ipc()
        }

        function load_without_ipc() {
            const url = Qt.resolvedUrl("data/page.html") + "?detached"
            view.url = url
            tryVerify(() => view.lastLoaded.toString() === url, 20000)
            compare(page("typeof ipcRenderer"), "undefined")
        }
    }
}
