// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Runs the tst_*.qml suites: QML WebEngineView pages attached with the WebIpc module, headless.

#include <WebIpc/quick.h>

#include <QtCore/QDir>
#include <QtCore/QTemporaryDir>
#include <QtQml/QQmlEngine>
#include <QtQuickTest/quicktest.h>
#include <QtWebEngineQuick/QtWebEngineQuick>

#include <unistd.h>

class Setup : public QObject
{
    Q_OBJECT
public:
    Setup()
    {
        // Before the application object: headless, no sandbox as root, no timer throttling,
        // private runtime and cache folders, and Qt WebEngine's QML initialisation.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        if (geteuid() == 0)
            qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
        if (qEnvironmentVariableIsEmpty("QTWEBENGINE_CHROMIUM_FLAGS"))
            qputenv("QTWEBENGINE_CHROMIUM_FLAGS",
                    "--disable-background-timer-throttling --disable-renderer-backgrounding");
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_runtime.path()));
        QtWebEngineQuick::initialize();
    }

private:
    QTemporaryDir m_runtime;
};

QUICK_TEST_MAIN_WITH_SETUP(qml, Setup)

#include "tst_qml.moc"
