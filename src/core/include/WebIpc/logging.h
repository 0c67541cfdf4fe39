// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <WebIpc/webipcglobal.h>

#include <QtCore/QLoggingCategory>

/*!
    WebIpc's logging categories, for applications that filter or redirect them in code:

    \code
    QLoggingCategory::setFilterRules(QStringLiteral("webipc.traffic.debug=true"));
    qCInfo(WebIpc::lcMain) << "attached";
    \endcode

    \list
    \li \c webipc.main (lcMain()): registration errors, handler and listener errors, values
        that cannot be sent, \c sendSync without listeners. Warnings on by default. At debug
        level: messages from WebContents::send() that found no listener in the page.
    \li \c webipc.protocol (lcProtocol()): malformed, stale or refused input from pages (a
        refused origin, a forged frame). Warnings on by default.
    \li \c webipc.traffic (lcTraffic()): every message in both directions, as debug messages:
        direction, channel, arguments (cut to about 200 characters), an invoke's result or
        error, and how long main took. Off by default:
        \c QT_LOGGING_RULES="webipc.traffic.debug=true" (looked at when a page is attached).
    \endlist
*/
namespace WebIpc {
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
Q_DECLARE_EXPORTED_LOGGING_CATEGORY(lcMain, WEBIPC_CORE_EXPORT)
Q_DECLARE_EXPORTED_LOGGING_CATEGORY(lcProtocol, WEBIPC_CORE_EXPORT)
Q_DECLARE_EXPORTED_LOGGING_CATEGORY(lcTraffic, WEBIPC_CORE_EXPORT)
#else
// What Q_DECLARE_EXPORTED_LOGGING_CATEGORY (Qt 6.5) declares.
WEBIPC_CORE_EXPORT const QLoggingCategory &lcMain();
WEBIPC_CORE_EXPORT const QLoggingCategory &lcProtocol();
WEBIPC_CORE_EXPORT const QLoggingCategory &lcTraffic();
#endif
} // namespace WebIpc
