// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// A settings panel in QML and a web page that previews the settings, sharing one state
// through WebIpc: the page reads it with ipcRenderer.invoke, changes it with invoke (the QML
// side validates), and every change is pushed to the page with webContents.send. The page's
// console goes to stdout. Without a display the application plays a short scripted session
// (a few clicks on both sides) and quits.

#include <QtCore/QTextStream>
#include <QtGui/QGuiApplication>
#include <QtQml/QQmlApplicationEngine>
#include <QtWebEngineQuick/QtWebEngineQuick>

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

// Nobody can see the window (no display, or run.sh's offscreen platform).
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
            {QStringLiteral("scripted"),
             unattended || app.arguments().contains(QStringLiteral("--scripted"))},
    });
    engine.load(QUrl(QStringLiteral("qrc:/qml-settings/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    return app.exec();
}

#include "main.moc"
