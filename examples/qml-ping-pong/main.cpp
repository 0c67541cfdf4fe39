// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The ping-pong exchange from Electron's ipcMain documentation, as a Qt Quick application:
// Main.qml holds the ipcMain side, index.html the renderer side. The page's console goes to
// stdout. Without a display the application runs offscreen and quits once the exchange is done.

#include <QtCore/QTextStream>
#include <QtGui/QGuiApplication>
#include <QtQml/QQmlApplicationEngine>
#include <QtWebEngineQuick/QtWebEngineQuick>

#include <cstdio>

namespace {

// Lets QML print to stdout (console.log goes to stderr, with the rest of Qt's logging).
class Terminal : public QObject
{
    Q_OBJECT
public:
    Q_INVOKABLE void print(const QString &line) { QTextStream(stdout) << line << Qt::endl; }
};

bool hasDisplay()
{
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
}

// Nobody can see the window (no display, or run.sh's offscreen platform): quit when done.
bool runsUnattended()
{
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    return !hasDisplay() || platform == "offscreen" || platform == "minimal";
}

} // namespace

int main(int argc, char *argv[])
{
    if (!hasDisplay() && !qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const bool unattended = runsUnattended();
    QtWebEngineQuick::initialize(); // before the application object
    QGuiApplication app(argc, argv);

    Terminal terminal;
    QQmlApplicationEngine engine;
    engine.setInitialProperties({
            {QStringLiteral("terminal"), QVariant::fromValue<QObject *>(&terminal)},
            {QStringLiteral("quitWhenDone"),
             unattended || app.arguments().contains(QStringLiteral("--quit"))},
    });
    engine.load(QUrl(QStringLiteral("qrc:/qml-ping-pong/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    return app.exec();
}

#include "main.moc"
