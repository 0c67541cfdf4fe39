// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Runs the tst_*.qml suites: QML WebEngineView pages attached with the WebIpc module, headless.

#include "testsupport.h"

#include <WebIpc/quick.h>

#include <QtQuickTest/quicktest.h>
#include <QtWebEngineQuick/QtWebEngineQuick>

class Setup : public QObject
{
    Q_OBJECT
public:
    Setup()
    {
        // Before the application object: the headless setup every WebEngine suite shares, then
        // Qt WebEngine's QML initialisation.
        WebIpcTest::initMain();
        QtWebEngineQuick::initialize();
    }
};

QUICK_TEST_MAIN_WITH_SETUP(qml, Setup)

#include "tst_qml.moc"
