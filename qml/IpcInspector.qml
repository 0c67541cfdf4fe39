// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT

// The IPC inspector for QML applications: the live traffic of every attached page (newest
// last), filterable by channel and page, the clicked message whole, and the counters' totals.
// One line opens it: IpcInspector { anchors.fill: parent } (or in a Window of its own).
import QtQuick
import WebIpc

Rectangle {
    id: root

    //! The channel filter (a part of the channel's name, any case), and the page (0: all).
    property alias channelFilter: filterInput.text
    property alias pageFilter: traffic.pageFilter
    readonly property alias trafficModel: traffic
    readonly property alias countersModel: counters
    //! The rows the list shows.
    readonly property alias rows: list.count

    implicitWidth: 900
    implicitHeight: 520
    color: "#fafafa"

    IpcTrafficModel { id: traffic; channelFilter: filterInput.text }
    IpcCountersModel { id: counters }
    Connections {
        target: traffic
        function onPagesChanged() { pageChoices.model = [0].concat(traffic.pages()) }
    }

    readonly property var columns: [
        { role: "time", title: "Time (s)", width: 70 },
        { role: "page", title: "Page", width: 44 },
        { role: "direction", title: "Direction", width: 96 },
        { role: "kind", title: "Kind", width: 68 },
        { role: "channel", title: "Channel", width: 130 },
        { role: "arguments", title: "Arguments", width: -1 },
        { role: "result", title: "Result", width: 170 },
        { role: "duration", title: "Took (ms)", width: 72 }
    ]
    readonly property int fixedWidth: {
        let total = 0
        for (const column of columns)
            total += column.width > 0 ? column.width : 0
        return total
    }
    function widthOf(column) {
        return column.width > 0 ? column.width : Math.max(120, list.width - fixedWidth - 16)
    }
    function cell(row, role) {
        if (role === "time")
            return (row.time / 1000).toFixed(3)
        if (role === "direction")
            return row.direction
        if (role === "duration")
            return row.direction.startsWith("page") ? row.duration.toFixed(3) : ""
        return String(row[role])
    }

    Column {
        anchors.fill: parent
        anchors.margins: 6
        spacing: 4

        // The filters.
        Row {
            id: bar
            width: parent.width
            height: 28
            spacing: 6
            Rectangle {
                width: 260; height: parent.height
                border.color: "#999"; radius: 3
                TextInput {
                    id: filterInput
                    anchors.fill: parent; anchors.margins: 6
                    clip: true
                    verticalAlignment: TextInput.AlignVCenter
                }
                Text {
                    anchors.fill: filterInput
                    verticalAlignment: Text.AlignVCenter
                    text: "Filter channels"; color: "#999"
                    visible: filterInput.text.length === 0 && !filterInput.activeFocus
                }
            }
            Repeater {
                id: pageChoices
                model: [0].concat(traffic.pages())
                delegate: Rectangle {
                    required property int modelData
                    width: label.implicitWidth + 16; height: bar.height; radius: 3
                    color: traffic.pageFilter === modelData ? "#2a6fdb" : "#e4e4e4"
                    Text {
                        id: label
                        anchors.centerIn: parent
                        text: modelData === 0 ? "All pages" : "Page " + modelData
                        color: traffic.pageFilter === modelData ? "white" : "black"
                    }
                    MouseArea { anchors.fill: parent; onClicked: traffic.pageFilter = modelData }
                }
            }
        }

        // The column titles.
        Row {
            height: 22
            Repeater {
                model: root.columns
                delegate: Text {
                    required property var modelData
                    width: root.widthOf(modelData); height: 22
                    text: modelData.title; font.bold: true
                    verticalAlignment: Text.AlignVCenter; elide: Text.ElideRight
                }
            }
        }

        ListView {
            id: list
            width: parent.width
            height: parent.height - bar.height - 22 - details.height - totals.height - 16
            clip: true
            model: traffic
            currentIndex: -1
            onCountChanged: if (currentIndex < 0) positionViewAtEnd()
            delegate: Rectangle {
                id: row
                required property int index
                required property var model
                width: ListView.view.width; height: 20
                color: ListView.isCurrentItem ? "#cfe0fb" : (index % 2 ? "#f0f0f0" : "white")
                Row {
                    Repeater {
                        model: root.columns
                        delegate: Text {
                            required property var modelData
                            width: root.widthOf(modelData); height: 20
                            text: root.cell(row.model, modelData.role)
                            textFormat: Text.PlainText // page content: never rich text
                            color: row.model.ok ? "black" : "#c62828"
                            verticalAlignment: Text.AlignVCenter; elide: Text.ElideRight
                            font.family: modelData.role === "arguments"
                                         || modelData.role === "result" ? "monospace" : ""
                        }
                    }
                }
                MouseArea {
                    anchors.fill: parent
                    onClicked: {
                        list.currentIndex = row.index
                        details.text = row.model.kind + " '" + row.model.channel + "' (page "
                                + row.model.page + ", frame " + row.model.frame + ")\narguments: "
                                + row.model.arguments + "\nresult: " + row.model.result
                    }
                }
            }
        }

        Text {
            id: details
            width: parent.width; height: 54
            wrapMode: Text.WrapAnywhere; elide: Text.ElideRight
            font.family: "monospace"
            textFormat: Text.PlainText // page content: never rich text
            text: "Click a message to see it whole"
        }

        Text {
            id: totals
            width: parent.width; height: 18
            text: counters.messages + " messages, " + counters.bytes + " bytes, "
                  + counters.invokesInFlight + " invokes in flight, " + counters.errors
                  + " errors, p50 " + counters.latencyP50.toFixed(3) + " ms, p99 "
                  + counters.latencyP99.toFixed(3) + " ms"
        }
    }
}
