// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The ping-pong exchange from Electron's ipcMain documentation, as a Qt Widgets application.
// The page's console goes to the application's log (AttachOptions::forwardConsole). Without a
// display the application runs offscreen and quits once the exchange is done. --inspect opens
// the IPC inspector beside it.

#include "headless.h"

#include <WebIpc/InspectorWidget>
#include <WebIpc/IpcMain>
#include <WebIpc/WebEngine>

#include <QtCore/QTextStream>
#include <QtCore/QTimer>
#include <QtWebEngineWidgets/QWebEngineView>
#include <QtWidgets/QApplication>

int main(int argc, char *argv[])
{
    const bool unattended = Example::runOffscreenIfUnattended();
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    QTextStream out(stdout);
    // Log lines with their category: the page's console is "[js] ...".
    qSetMessagePattern(QStringLiteral("%{if-category}[%{category}] %{endif}%{message}"));
    const bool inspect = app.arguments().contains(QStringLiteral("--inspect"));
    if (inspect)
        WebIpc::InspectorWidget::open()->move(500, 0); // the IPC inspector, beside the page

    WebIpc::IpcMain ipcMain;

    // In the main process: Electron's ipcMain snippet, in C++.
    ipcMain.on(QStringLiteral("asynchronous-message"), &app,
               [&out](const WebIpc::IpcMainEvent &event, const QVariantList &args) {
                   out << "[main] " << args.value(0).toString() << Qt::endl; // prints "ping"
                   event.reply(QStringLiteral("asynchronous-reply"), "pong");
               });
    ipcMain.on(QStringLiteral("synchronous-message"), &app,
               [&out](const WebIpc::IpcMainEvent &event, const QVariantList &args) {
                   out << "[main] " << args.value(0).toString() << Qt::endl; // prints "ping"
                   event.setReturnValue(QStringLiteral("pong"));
               });

    QWebEngineView view;
    WebIpc::AttachOptions options;
    options.forwardConsole = true; // the page's console.log in the application's log
    WebIpc::attach(&ipcMain, &view, options);

    const bool quitWhenDone =
            (unattended && !inspect) || app.arguments().contains(QStringLiteral("--quit"));
    ipcMain.once(QStringLiteral("exchange-done"), &app, [&]() {
        out << "[main] exchange done" << Qt::endl;
        if (quitWhenDone)
            QTimer::singleShot(0, &app, &QApplication::quit);
    });
    if (quitWhenDone) {
        QTimer::singleShot(30000, &app, [&]() {
            out << "[main] timed out waiting for the page" << Qt::endl;
            app.exit(1);
        });
    }

    view.load(QUrl(QStringLiteral("qrc:/ping-pong/index.html")));
    view.resize(480, 320);
    view.show();
    return app.exec();
}
