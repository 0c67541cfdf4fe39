// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include <WebIpc/webenginepage.h>

#include "syncprompt_p.h"

namespace WebIpc {

class WebEnginePagePrivate
{
};

WebEnginePage::WebEnginePage(QObject *parent) : QWebEnginePage(parent) { }

WebEnginePage::WebEnginePage(QWebEngineProfile *profile, QObject *parent)
    : QWebEnginePage(profile, parent)
{ }

WebEnginePage::~WebEnginePage() = default;

bool WebEnginePage::javaScriptPrompt(const QUrl &securityOrigin, const QString &msg,
                                     const QString &defaultValue, QString *result)
{
    bool accepted = false;
    if (answerJavaScriptPrompt(securityOrigin, msg, defaultValue, result, &accepted))
        return accepted;
    return QWebEnginePage::javaScriptPrompt(securityOrigin, msg, defaultValue, result);
}

bool answerJavaScriptPrompt(const QUrl &securityOrigin, const QString &msg,
                            const QString &defaultValue, QString *result, bool *accepted)
{
    if (!SyncPrompt::isWebIpcPrompt(msg, defaultValue))
        return false;
    QString answer;
    const bool answered = SyncPrompt::answerNow(securityOrigin, defaultValue, &answer);
    if (answered && result)
        *result = answer;
    if (accepted)
        *accepted = answered;
    return true;
}

} // namespace WebIpc
