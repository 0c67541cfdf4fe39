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

#include <WebIpc/webipcglobal.h>

#include <QtCore/QLoggingCategory>

// Exported by hand: Q_DECLARE_EXPORTED_LOGGING_CATEGORY needs Qt 6.5.
namespace WebIpc {
// Registration, handler errors, sendSync without listeners. Warnings on by default.
WEBIPC_CORE_EXPORT const QLoggingCategory &lcMain();
// Every message in both directions. Off by default: QT_LOGGING_RULES="webipc.traffic.debug=true".
WEBIPC_CORE_EXPORT const QLoggingCategory &lcTraffic();
// Malformed, stale or refused input from pages. Warnings on by default.
WEBIPC_CORE_EXPORT const QLoggingCategory &lcProtocol();
} // namespace WebIpc
