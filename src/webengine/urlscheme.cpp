// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "syncschemehandler_p.h"

#include <WebIpc/webengine.h>

#include <QtCore/QCoreApplication>
#include <QtWebEngineCore/QWebEngineUrlScheme>

namespace WebIpc {

bool registerUrlScheme()
{
    if (!QWebEngineUrlScheme::schemeByName(SyncSchemeHandler::SchemeName).name().isEmpty())
        return true;
    QWebEngineUrlScheme scheme(SyncSchemeHandler::SchemeName);
    scheme.setSyntax(QWebEngineUrlScheme::Syntax::Path);
    // CorsEnabled: pages of any origin may call it (the handler checks who they are).
    // ContentSecurityPolicyIgnored: a page's CSP must not break its own ipcRenderer.
    scheme.setFlags(QWebEngineUrlScheme::SecureScheme | QWebEngineUrlScheme::CorsEnabled
                    | QWebEngineUrlScheme::ContentSecurityPolicyIgnored);
    QWebEngineUrlScheme::registerScheme(scheme);
    return !QWebEngineUrlScheme::schemeByName(SyncSchemeHandler::SchemeName).name().isEmpty();
}

} // namespace WebIpc

// Early enough: the application object exists, Qt WebEngine has not started yet.
static void webIpcRegisterUrlScheme()
{
    WebIpc::registerUrlScheme();
}
Q_COREAPP_STARTUP_FUNCTION(webIpcRegisterUrlScheme)
