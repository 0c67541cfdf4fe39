// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
import QtQuick
import QtQuick.Window
import QtWebEngine
import WebIpc

Window {
    id: window

    required property QtObject terminal
    required property bool quitWhenDone
    required property bool inspect

    width: 480
    height: 320
    visible: true
    title: "WebIpc ping-pong (QML)"

    IpcMain {
        id: ipcMain

        // In the main process: Electron's ipcMain snippet, unchanged but for console.log.
        Component.onCompleted: {
            ipcMain.on('asynchronous-message', (event, arg) => {
                terminal.print("[main] " + arg) // prints "ping"
                event.reply('asynchronous-reply', 'pong')
            })
            ipcMain.on('synchronous-message', (event, arg) => {
                terminal.print("[main] " + arg) // prints "ping"
                event.returnValue = 'pong'
            })
        }

        // The declarative form: a listener that lives as long as this object.
        IpcListener {
            channel: "exchange-done"
            once: true
            onMessage: {
                terminal.print("[main] exchange done")
                if (window.quitWhenDone)
                    Qt.callLater(() => Qt.quit())
            }
        }
    }

    WebEngineView {
        anchors.fill: parent
        WebIpc.ipcMain: ipcMain // the one line that gives the page window.ipcRenderer
        WebIpc.forwardConsole: true // the page's console.log in the application's log
        url: "qrc:/qml-ping-pong/index.html"
    }

    // --inspect: the IPC inspector, in a window of its own.
    Window {
        visible: window.inspect
        x: window.x + window.width + 20
        width: 900
        height: 520
        title: "WebIpc inspector"
        IpcInspector { anchors.fill: parent }
    }

    Timer {
        interval: 30000
        running: window.quitWhenDone
        onTriggered: {
            terminal.print("[main] timed out waiting for the page")
            Qt.exit(1)
        }
    }
}
