// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The ping-pong exchange from Electron's ipcMain documentation, as a Qt Widgets application.
// The page's console goes to stdout. Without a display the application runs offscreen and
// quits once the exchange is done.

#include <WebIpc/IpcMain>
#include <WebIpc/WebEngine>

#include <QtCore/QTextStream>
#include <QtCore/QTimer>
#include <QtWebEngineCore/QWebEnginePage>
#include <QtWebEngineWidgets/QWebEngineView>
#include <QtWidgets/QApplication>

#include <cstdio>

namespace {

// Forwards the page's console.log to stdout, so the exchange shows in a terminal.
class ConsolePage : public QWebEnginePage
{
public:
    using QWebEnginePage::QWebEnginePage;

protected:
    void javaScriptConsoleMessage(JavaScriptConsoleMessageLevel, const QString &message, int,
                                  const QString &) override
    {
        QTextStream(stdout) << "[page] " << message << Qt::endl;
    }
};

bool hasDisplay()
{
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
}

// Nobody is watching: no display, or a platform that shows nothing (as ./run.sh demo sets).
bool runsUnattended()
{
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    return platform == "offscreen" || platform == "minimal"
            || (!hasDisplay() && platform.isEmpty());
}

} // namespace

int main(int argc, char *argv[])
{
    const bool headless = runsUnattended();
    if (headless && !qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    QTextStream out(stdout);

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
    auto *page = new ConsolePage(&view);
    view.setPage(page);
    WebIpc::attach(&ipcMain, &view);

    const bool quitWhenDone = headless || app.arguments().contains(QStringLiteral("--quit"));
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
    const int status = app.exec();
    delete page; // pages go before the application's profile
    return status;
}
