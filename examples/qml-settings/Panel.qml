// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
import QtQuick

// The native side of the settings: plain Qt Quick items, no Controls needed.
Rectangle {
    id: panel

    required property QtObject settings
    property string error: ""

    signal changeRequested(string key, var value)

    color: "#f2f2f5"

    component Button: Rectangle {
        id: button
        property string text
        property bool checked: false
        signal clicked()
        width: Math.max(44, label.implicitWidth + 20)
        height: 32
        radius: 4
        color: checked ? "#3b6fd8" : (mouse.pressed ? "#d0d0d8" : "#ffffff")
        border.color: "#b8b8c4"
        Text {
            id: label
            anchors.centerIn: parent
            text: button.text
            color: button.checked ? "white" : "#222"
        }
        MouseArea {
            id: mouse
            anchors.fill: parent
            onClicked: button.clicked()
        }
    }

    Column {
        anchors.fill: parent
        anchors.margins: 20
        spacing: 18

        Text {
            text: "Settings"
            font.pixelSize: 22
            font.bold: true
        }

        Column {
            spacing: 6
            Text { text: "Theme" }
            Row {
                spacing: 6
                Button {
                    text: "Light"
                    checked: panel.settings.theme === "light"
                    onClicked: panel.changeRequested("theme", "light")
                }
                Button {
                    text: "Dark"
                    checked: panel.settings.theme === "dark"
                    onClicked: panel.changeRequested("theme", "dark")
                }
            }
        }

        Column {
            spacing: 6
            Text { text: "Font size: " + panel.settings.fontSize + " px" }
            Row {
                spacing: 6
                Button {
                    text: "A−"
                    onClicked: panel.changeRequested("fontSize", panel.settings.fontSize - 1)
                }
                Button {
                    text: "A+"
                    onClicked: panel.changeRequested("fontSize", panel.settings.fontSize + 1)
                }
            }
        }

        Column {
            spacing: 6
            Text { text: "Notifications" }
            Button {
                text: panel.settings.notifications ? "On" : "Off"
                checked: panel.settings.notifications
                onClicked: panel.changeRequested("notifications", !panel.settings.notifications)
            }
        }

        Column {
            spacing: 6
            Text { text: "Display name" }
            Rectangle {
                width: 220
                height: 32
                radius: 4
                border.color: "#b8b8c4"
                TextInput {
                    anchors.fill: parent
                    anchors.margins: 7
                    text: panel.settings.displayName
                    onEditingFinished: panel.changeRequested("displayName", text)
                }
            }
        }

        Text {
            width: parent.width
            wrapMode: Text.Wrap
            color: "#b00020"
            text: panel.error
        }
    }
}
