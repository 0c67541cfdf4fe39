// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  -------------
//
// This file is not part of the WebIpc API. It is an implementation detail of WebIpc's
// libraries and tests, and may change or disappear from one version to the next without
// notice. It is never installed.
//
#pragma once

// sendSync over window.prompt(): the second transport of the sync gate (syncgate.cpp), next to
// the synchronous XMLHttpRequest of SyncSchemeHandler. The bridge (isolated world) calls
//     prompt(Message, "webipc-key=<document key>\n<webipc-page=<admission key>>\n<request JSON>")
// and the host (WebIpc::WebEnginePage, an application's javaScriptPrompt() override calling
// WebIpc::answerJavaScriptPrompt(), or the QML view's hook) hands it to the same gate, with
// the browser's securityOrigin of the frame in place of the scheme job's initiator(). The
// answer is the gate's JSON; a refusal is null (the bridge then tries the XHR, which says why).

#include <WebIpc/webipcglobal.h>

#include <QtCore/QString>
#include <QtCore/QUrl>

#include <functional>

namespace WebIpc::SyncPrompt {

// The prompt's message (short: Chromium cuts messages at 10,240 characters; the request is
// in the default value).
constexpr char Message[] = "webipc:sync";

// True if a prompt has the shape of WebIpc's (it may still be forged: the gate decides).
WEBIPC_WEBENGINE_EXPORT bool isWebIpcPrompt(const QString &message, const QString &defaultValue);

// Hands a WebIpc prompt to the sync gate. \a done is called once, now or later: with
// answered and the JSON text for prompt() to return, or with answered false (return null).
WEBIPC_WEBENGINE_EXPORT void answer(const QUrl &securityOrigin, const QString &defaultValue,
                                    std::function<void(bool answered, const QString &text)> done);

// The same, waiting in a nested event loop until the gate answers (QWebEnginePage's
// javaScriptPrompt() must return the answer). Returns whether prompt() gets *result.
WEBIPC_WEBENGINE_EXPORT bool answerNow(const QUrl &securityOrigin, const QString &defaultValue,
                                       QString *result);

} // namespace WebIpc::SyncPrompt
