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

// AttachOptions::forwardConsole: Qt WebEngine logs a page's console in the "js" category (its
// default QWebEnginePage::javaScriptConsoleMessage(), and QML's WebEngineView without a
// handler), warnings and errors only; this turns the category on at every level.

namespace WebIpc::ConsoleForwarding {

// Enables the "js" category at every level, from now on (idempotent).
void enable();
bool isEnabled();

} // namespace WebIpc::ConsoleForwarding
