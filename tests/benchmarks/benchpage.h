// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QHash>
#include <QtCore/QJsonValue>
#include <QtWebEngineCore/QWebEnginePage>

// A headless page that runs pages/bench.js and collects what it reports on its console:
//     bench:result:<id>:<json>   bench:error:<id>:<text>   bench:started:0:
// The console is the measurements' own channel, so that neither IPC path under test carries
// them. Other console warnings and errors are printed, to make a broken page visible.
class BenchPage : public QWebEnginePage
{
    Q_OBJECT
public:
    explicit BenchPage(const QString &label, QObject *parent = nullptr);

    QString label;
    int startedCount = 0; // how many documents have answered their first call
    QHash<QString, QJsonValue> results;
    QHash<QString, QString> errors;
    // Answers WebIpc's sendSync prompts in C++ (WebIpc::answerJavaScriptPrompt(), the one-call
    // hook for a page class of the application's own); attach the page with
    // AttachOptions::answersPrompts too.
    bool answersWebIpcPrompts = false;

protected:
    bool javaScriptPrompt(const QUrl &origin, const QString &message, const QString &value,
                          QString *result) override;
    void javaScriptConsoleMessage(JavaScriptConsoleMessageLevel level, const QString &message,
                                  int line, const QString &source) override;
};
