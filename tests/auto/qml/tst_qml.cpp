// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Runs the tst_*.qml suites: QML WebEngineView pages attached with the WebIpc module, headless.

#include "../codec/codecvectors.h"
#include "testsupport.h"

#include <WebIpc/quick.h>

#include <QtCore/QJsonDocument>
#include <QtQml/QQmlContext>
#include <QtQml/QQmlEngine>
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

public Q_SLOTS:
    // tst_values.qml runs the shared codec vectors (tests/data) through QML.
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        QQmlContext *context = engine->rootContext();
        context->setContextProperty(
                QStringLiteral("codecVectorsJson"),
                QString::fromUtf8(
                        QJsonDocument(CodecVectors::load()).toJson(QJsonDocument::Compact)));
        context->setContextProperty(QStringLiteral("sameValueSource"),
                                    CodecVectors::dataFile(QStringLiteral("same-value.js")));
    }
};

QUICK_TEST_MAIN_WITH_SETUP(qml, Setup)

#include "tst_qml.moc"
