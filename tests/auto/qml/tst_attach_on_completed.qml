// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
import QtQuick
import QtTest
import QtWebEngine
import WebIpc

// ipc.attach(view) from Component.onCompleted, on a view whose url is set declaratively: the
// first document already has ipcRenderer.
Item {
    id: root
    width: 400
    height: 300

    IpcMain {
        id: ipc
    }

    WebEngineView {
        id: view
        anchors.fill: parent
        url: Qt.resolvedUrl("data/page.html") + "?onCompleted"
    }

    property var contents: null
    Component.onCompleted: contents = ipc.attach(view)

    TestCase {
        name: "QmlAttachOnCompleted"
        when: windowShown

        function test_first_document_has_ipcRenderer() {
            verify(root.contents !== null)
            tryVerify(() => root.contents.ready, 20000, "the first document connected")
            let got = []
            ipc.on("first", (event, value) => got.push(value))
            view.runJavaScript("ipcRenderer.send('first', location.search)")
            tryCompare(got, "length", 1)
            compare(got[0], "?onCompleted")
        }
    }
}
