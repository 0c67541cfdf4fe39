// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// A settings panel in QML and a web page that previews the settings, sharing one state
// through WebIpc: the page reads it with ipcRenderer.invoke, changes it with invoke (the QML
// side validates), and every change is pushed to the page with webContents.send. The page's
// console goes to stdout. Without a display the application plays a short scripted session
// (a few clicks on both sides) and quits. --inspect opens the IPC inspector beside it.

#include "headless.h"
#include "terminal.h"

#include <QtGui/QGuiApplication>
#include <QtQml/QQmlApplicationEngine>
#include <QtWebEngineQuick/QtWebEngineQuick>

int main(int argc, char *argv[])
{
    const bool unattended = Example::runOffscreenIfUnattended();
    QtWebEngineQuick::initialize(); // before the application object
    QGuiApplication app(argc, argv);

    const bool inspect = app.arguments().contains(QStringLiteral("--inspect"));
    Example::Terminal terminal;
    QQmlApplicationEngine engine;
    engine.setInitialProperties({
            {QStringLiteral("terminal"), QVariant::fromValue<QObject *>(&terminal)},
            {QStringLiteral("scripted"),
             (unattended && !inspect) || app.arguments().contains(QStringLiteral("--scripted"))},
            {QStringLiteral("inspect"), inspect},
    });
    engine.load(QUrl(QStringLiteral("qrc:/qml-settings/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    return app.exec();
}
