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

#include <QtWebEngineCore/QWebEngineUrlSchemeHandler>

QT_BEGIN_NAMESPACE
class QWebEngineProfile;
QT_END_NAMESPACE

namespace WebIpc {

// Serves sendSync: the page's bridge makes a synchronous XMLHttpRequest to webipc:sync (or
// webipc-local:sync from file: pages) with
// the request in a header (Qt 6.4 drops request bodies), and the renderer stays blocked until
// the reply is sent, possibly later. Runs on the Qt main thread. The request names its page by
// the page's secret; the browser-verified initiator is checked against that page's origin.
class WEBIPC_WEBENGINE_EXPORT SyncSchemeHandler : public QWebEngineUrlSchemeHandler
{
    Q_OBJECT
public:
    static constexpr char SchemeName[] = "webipc";
    static constexpr char SyncUrl[] = "webipc:sync";
    // The same, for file: pages (see registerUrlScheme()).
    static constexpr char LocalSchemeName[] = "webipc-local";
    static constexpr char LocalSyncUrl[] = "webipc-local:sync";
    static constexpr char RequestHeader[] = "X-WebIpc-Request";

    // Installs the handler on \a profile once.
    static void installOn(QWebEngineProfile *profile);

    void requestStarted(QWebEngineUrlRequestJob *job) override;

private:
    using QWebEngineUrlSchemeHandler::QWebEngineUrlSchemeHandler;
};

} // namespace WebIpc
