// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Typed IPC: a to-do list whose channels are C++ callables with real parameter types, and a
// TypeScript page (page/) checked by tsc against the declarations WebIpc generates from them
// (page/src/ipc.d.ts: cmake --build build --target typed-todo_typescript). Without a display
// the application runs offscreen and quits once the page has run its script.
//
//   typed-todo [--page <folder>]   default: the page the build compiled with tsc

#include "consolepage.h"
#include "headless.h"
#include "todos.h"

#include <WebIpc/IpcMain>
#include <WebIpc/WebEngine>

#include <QtCore/QCommandLineParser>
#include <QtCore/QFileInfo>
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

    WebIpc::IpcMain ipcMain;
    TodoList todos(&ipcMain);
    const bool quitWhenDone = unattended || app.arguments().contains(QStringLiteral("--quit"));
    ipcMain.once(QStringLiteral("todos:done"), &app, [&](bool ok) {
        out << "[main] the page is done: " << (ok ? "all checks passed" : "a check failed")
            << Qt::endl;
        if (quitWhenDone)
            QTimer::singleShot(0, &app, [&app, ok]() { app.exit(ok ? 0 : 1); });
    });
    // Build time (webipc_generate_typescript()): write or check page/src/ipc.d.ts, and stop.
    int exitCode = 0;
    if (ipcMain.handleTypeScriptRequest(&exitCode))
        return exitCode;

    QCommandLineParser options;
    options.addHelpOption();
    options.addOption({QStringLiteral("page"), QStringLiteral("The compiled page's folder."),
                       QStringLiteral("folder"), QStringLiteral(TYPED_TODO_PAGE)});
    options.process(app);
    const QString page = options.value(QStringLiteral("page"));
    if (!QFileInfo::exists(page + QStringLiteral("/main.js"))) {
        out << "[main] no compiled page in " << page
            << " (needs node and npm: cmake --build build --target typed-todo-page)" << Qt::endl;
        return 1;
    }

    QWebEngineView view;
    auto *consolePage = new Example::ConsolePage(&view);
    view.setPage(consolePage);
    WebIpc::WebContents *contents = WebIpc::attach(&ipcMain, &view);
    QObject::connect(&todos, &TodoList::changed, contents,
                     [&]() { contents->send(QStringLiteral("todos:changed"), todos.items()); });

    if (quitWhenDone) {
        QTimer::singleShot(30000, &app, [&]() {
            out << "[main] timed out waiting for the page" << Qt::endl;
            app.exit(1);
        });
    }

    view.load(QUrl::fromLocalFile(page + QStringLiteral("/index.html")));
    view.resize(480, 360);
    view.show();
    const int status = app.exec();
    delete consolePage; // pages go before the application's profile
    return status;
}
