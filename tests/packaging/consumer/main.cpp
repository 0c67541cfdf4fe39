// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include <WebIpc/IpcMain>
#include <WebIpc/WebEngine>

#include <QtCore/QCoreApplication>
#include <QtCore/QUrl>
#include <QtWebEngineCore/QWebEngineUrlScheme>

#include <cstdio>

// Uses the public API from both libraries; exits 0 when everything links and behaves.
int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // Registered by WebIpc::WebEngine when the application object was made, also when it is a
    // static library.
    const bool schemeAtStartup = !QWebEngineUrlScheme::schemeByName("webipc").name().isEmpty();
    WebIpc::IpcMain ipcMain;
    ipcMain.on(QStringLiteral("ping"), &app, [](const WebIpc::IpcMainEvent &event) {
        event.reply(QStringLiteral("pong"), 1, "two");
    });
    const bool handled = ipcMain.handle(QStringLiteral("add"), [](const QVariantList &args) {
        return args.value(0).toInt() + args.value(1).toInt();
    });
    const bool ok = schemeAtStartup && handled && ipcMain.listenerCount(QStringLiteral("ping")) == 1
            && WebIpc::registerUrlScheme()
            && WebIpc::findWebContents(&ipcMain, nullptr) == nullptr
            // Not WebIpc's prompt: left to the application (<WebIpc/WebEnginePage>).
            && !WebIpc::answerJavaScriptPrompt(QUrl(), QStringLiteral("question"), QString(),
                                               nullptr, nullptr);
    std::printf("consumer: %s\n", ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
