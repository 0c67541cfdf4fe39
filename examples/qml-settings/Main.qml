// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
import QtQuick
import QtQuick.Window
import QtWebEngine
import WebIpc

Window {
    id: window

    required property QtObject terminal
    required property bool scripted
    required property bool inspect

    width: 960
    height: 540
    visible: true
    title: "WebIpc settings (QML panel, web preview)"

    // The application's state. QML owns it; the page only sees it through IPC.
    QtObject {
        id: settings
        property string theme: "light"
        property int fontSize: 16
        property bool notifications: true
        property string displayName: "Ada"

        readonly property var keys: ["theme", "fontSize", "notifications", "displayName"]
        function toObject() {
            return { theme: theme, fontSize: fontSize, notifications: notifications,
                     displayName: displayName }
        }
    }

    // The one place that changes settings, for the panel and the page alike: bad values from
    // untrusted web content are refused here, and the page's invoke rejects with the error.
    function applySetting(key, value) {
        switch (key) {
        case "theme":
            if (value !== "light" && value !== "dark")
                throw new RangeError("theme must be 'light' or 'dark'")
            break
        case "fontSize":
            if (!Number.isInteger(value) || value < 10 || value > 32)
                throw new RangeError("fontSize must be a whole number from 10 to 32")
            break
        case "notifications":
            if (typeof value !== "boolean")
                throw new TypeError("notifications must be true or false")
            break
        case "displayName":
            if (typeof value !== "string" || value.trim() === "")
                throw new TypeError("displayName must not be empty")
            break
        default:
            throw new Error("there is no setting named '" + key + "'")
        }
        if (settings[key] === value)
            return
        settings[key] = value
        // Push the change to the page, as Electron's webContents.send would.
        preview.WebIpc.webContents.send("settings:changed", key, value)
    }

    IpcMain {
        id: ipc

        // The page reads the whole state once...
        IpcHandler {
            channel: "settings:get"
            handler: () => settings.toObject()
        }
        // ...and asks for changes; a thrown error rejects the page's invoke.
        IpcHandler {
            channel: "settings:set"
            handler: (event, key, value) => {
                window.applySetting(key, value)
                return settings.toObject()
            }
        }
        // The page says when it has drawn a state, so the scripted session can go on.
        IpcListener {
            channel: "preview:shown"
            onMessage: window.nextStep()
        }
    }

    Row {
        anchors.fill: parent

        Panel {
            id: panel
            width: 320
            height: parent.height
            settings: settings
            onChangeRequested: (key, value) => {
                try {
                    window.applySetting(key, value)
                } catch (error) {
                    panel.error = String(error)
                }
            }
        }

        WebEngineView {
            id: preview
            width: parent.width - panel.width
            height: parent.height
            WebIpc.ipcMain: ipc
            url: "qrc:/qml-settings/preview.html"
            onJavaScriptConsoleMessage: (level, message) => terminal.print("[page] " + message)
        }
    }

    // Without a display: a short session of clicks on both sides, then quit.
    property int step: 0
    readonly property var steps: [
        () => {
            terminal.print("[panel] the user picks the dark theme")
            panel.changeRequested("theme", "dark")
        },
        () => {
            terminal.print("[panel] the user clicks A+ in the page")
            preview.runJavaScript("document.getElementById('bigger').click()")
        },
        () => {
            terminal.print("[panel] the user saves an empty name in the page")
            preview.runJavaScript("document.getElementById('name').value = '';"
                                  + "document.getElementById('save-name').click()")
        },
        () => {
            terminal.print("[main] state: " + JSON.stringify(settings.toObject()))
            Qt.callLater(() => Qt.quit())
        }
    ]
    function nextStep() {
        if (scripted && step < steps.length)
            steps[step++]()
    }

    Timer {
        interval: 30000
        running: window.scripted
        onTriggered: {
            terminal.print("[main] timed out waiting for the page")
            Qt.exit(1)
        }
    }

    // --inspect: the IPC inspector, in a window of its own.
    Window {
        visible: window.inspect
        y: window.y + window.height + 30
        width: 900
        height: 520
        title: "WebIpc inspector"
        IpcInspector { anchors.fill: parent }
    }
}
