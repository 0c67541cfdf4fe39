// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The ping-pong exchange from Electron's ipcMain documentation, as a Qt Quick application:
// Main.qml holds the ipcMain side, index.html the renderer side. The page's console goes to
// the application's log (WebIpc.forwardConsole). Without a display the application runs
// offscreen and quits once the exchange is done. --inspect opens the IPC inspector beside it.

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

    // Log lines with their category: the page's console is "[js] ...".
    qSetMessagePattern(QStringLiteral("%{if-category}[%{category}] %{endif}%{message}"));
    const bool inspect = app.arguments().contains(QStringLiteral("--inspect"));
    Example::Terminal terminal;
    QQmlApplicationEngine engine;
    engine.setInitialProperties({
            {QStringLiteral("terminal"), QVariant::fromValue<QObject *>(&terminal)},
            {QStringLiteral("quitWhenDone"),
             (unattended && !inspect) || app.arguments().contains(QStringLiteral("--quit"))},
            {QStringLiteral("inspect"), inspect},
    });
    engine.load(QUrl(QStringLiteral("qrc:/qml-ping-pong/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    return app.exec();
}
