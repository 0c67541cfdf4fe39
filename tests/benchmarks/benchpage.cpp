// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "benchpage.h"

#include <WebIpc/WebEnginePage>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>

#include <cstdio>

BenchPage::BenchPage(const QString &pageLabel, QObject *parent)
    : QWebEnginePage(parent), label(pageLabel)
{ }

bool BenchPage::javaScriptPrompt(const QUrl &origin, const QString &message, const QString &value,
                                 QString *result)
{
    bool accepted = false;
    if (answersWebIpcPrompts
        && WebIpc::answerJavaScriptPrompt(origin, message, value, result, &accepted))
        return accepted;
    return QWebEnginePage::javaScriptPrompt(origin, message, value, result);
}

void BenchPage::javaScriptConsoleMessage(JavaScriptConsoleMessageLevel level,
                                         const QString &message, int line, const QString &source)
{
    static const QString prefix = QStringLiteral("bench:");
    if (!message.startsWith(prefix)) {
        if (level != InfoMessageLevel) {
            std::fprintf(stderr, "[%s page] %s (%s:%d)\n", qPrintable(label), qPrintable(message),
                         qPrintable(source), line);
        }
        return;
    }
    // bench:<kind>:<id>:<payload>; the payload may itself contain colons.
    const qsizetype kindEnd = message.indexOf(QLatin1Char(':'), prefix.size());
    const qsizetype idEnd = message.indexOf(QLatin1Char(':'), kindEnd + 1);
    if (kindEnd < 0 || idEnd < 0)
        return;
    const QString kind = message.mid(prefix.size(), kindEnd - prefix.size());
    const QString id = message.mid(kindEnd + 1, idEnd - kindEnd - 1);
    const QString payload = message.mid(idEnd + 1);
    if (kind == QLatin1String("started")) {
        ++startedCount;
    } else if (kind == QLatin1String("result")) {
        // Wrapped in an array, because a result may be a bare value such as null.
        const QJsonDocument document =
                QJsonDocument::fromJson(QByteArray("[") + payload.toUtf8() + QByteArray("]"));
        results.insert(id, document.array().at(0));
    } else if (kind == QLatin1String("error")) {
        errors.insert(id, payload);
    }
}
