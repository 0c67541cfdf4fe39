// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// A Vite front end served from its dist/ folder under app://localhost/, with IPC. Without a
// display the application runs offscreen and quits once the page has answered.
//
//   vite-app [--dist <folder>]        default: the dist/ folder the build made
//   vite-app --dev-server <url>       the Vite dev server instead (npm run dev), with hot reload
//   vite-app --inspect                also open the IPC inspector (and stay open)
//
// The page's console goes to the application's log (AttachOptions::forwardConsole).

#include "headless.h"

#include <WebIpc/InspectorWidget>
#include <WebIpc/IpcMain>
#include <WebIpc/ServeDirectory>
#include <WebIpc/WebEngine>

#include <QtCore/QCommandLineParser>
#include <QtCore/QFileInfo>
#include <QtCore/QTextStream>
#include <QtCore/QTimer>
#include <QtWebEngineCore/QWebEngineProfile>
#include <QtWebEngineWidgets/QWebEngineView>
#include <QtWidgets/QApplication>

int main(int argc, char *argv[])
{
    const bool headless = Example::runOffscreenIfUnattended();
    // Chromium takes custom schemes only before it starts: before the application object.
    WebIpc::registerAppScheme(QStringLiteral("app"));
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    QTextStream out(stdout);

    QCommandLineParser options;
    options.addHelpOption();
    options.addOption({QStringLiteral("dist"), QStringLiteral("The Vite build to serve."),
                       QStringLiteral("folder"), QStringLiteral(VITE_APP_DIST)});
    options.addOption({QStringLiteral("dev-server"),
                       QStringLiteral("Load the Vite dev server instead, e.g. "
                                      "http://127.0.0.1:5173/ (npm run dev)."),
                       QStringLiteral("url")});
    options.addOption({QStringLiteral("inspect"), QStringLiteral("Open the IPC inspector.")});
    options.addOption({QStringLiteral("quit"), QStringLiteral("Quit once the page answered.")});
    options.process(app);
    qSetMessagePattern(QStringLiteral("%{if-category}[%{category}] %{endif}%{message}"));
    const bool inspect = options.isSet(QStringLiteral("inspect"));
    if (inspect)
        WebIpc::InspectorWidget::open();
    const QString dist = options.value(QStringLiteral("dist"));
    const QUrl devServer(options.value(QStringLiteral("dev-server")));
    if (devServer.isEmpty() && !QFileInfo::exists(dist + QStringLiteral("/index.html"))) {
        out << "[main] no Vite build in " << dist
            << ": it needs node and npm (./run.sh test builds it, or: cmake --build build "
               "--target vite-app-dist)"
            << Qt::endl;
        return 1;
    }

    WebIpc::IpcMain ipcMain;
    ipcMain.handle(QStringLiteral("greet"), [](const QVariantList &args) {
        return QStringLiteral("Hello, %1, from C++").arg(args.value(0).toString());
    });

    // One line serves the folder; app://localhost/ is its index.html.
    WebIpc::serveDirectory(QWebEngineProfile::defaultProfile(), QStringLiteral("app"), dist);
    // The dev server's pages are http://127.0.0.1:5173, not the app's own: allow that origin.
    if (!devServer.isEmpty())
        ipcMain.setAllowedOrigins(
                {QStringLiteral("local"), devServer.adjusted(QUrl::RemovePath).toString()});

    QWebEngineView view;
    WebIpc::AttachOptions attachOptions;
    attachOptions.forwardConsole = true; // the page's console.log in the application's log
    WebIpc::attach(&ipcMain, &view, attachOptions);

    const bool quitWhenDone = (headless && !inspect) || options.isSet(QStringLiteral("quit"));
    ipcMain.on(QStringLiteral("report"), &app, [&](const QVariantList &args) {
        out << "[main] page says: " << args.value(0).toString() << Qt::endl;
        if (quitWhenDone)
            QTimer::singleShot(0, &app, &QApplication::quit);
    });
    if (quitWhenDone) {
        QTimer::singleShot(30000, &app, [&]() {
            out << "[main] timed out waiting for the page" << Qt::endl;
            app.exit(1);
        });
    }

    view.load(devServer.isEmpty() ? QUrl(QStringLiteral("app://localhost/")) : devServer);
    view.resize(480, 320);
    view.show();
    return app.exec();
}
