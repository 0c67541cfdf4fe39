// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "syncschemehandler_p.h"
#include <core/originpolicy_p.h>

#include <WebIpc/webengine.h>

#include <QtCore/QCoreApplication>
#include <QtWebEngineCore/QWebEngineUrlScheme>

namespace WebIpc {

namespace {

bool isRegistered(const char *name)
{
    return !QWebEngineUrlScheme::schemeByName(name).name().isEmpty();
}

void registerScheme(const char *name, QWebEngineUrlScheme::Flags extraFlags)
{
    if (isRegistered(name))
        return;
    QWebEngineUrlScheme scheme(name);
    scheme.setSyntax(QWebEngineUrlScheme::Syntax::Path);
    // CorsEnabled: pages of any origin may call it (the handler checks who they are).
    // ContentSecurityPolicyIgnored: a page's CSP must not break its own ipcRenderer.
    scheme.setFlags(QWebEngineUrlScheme::SecureScheme | QWebEngineUrlScheme::CorsEnabled
                    | QWebEngineUrlScheme::ContentSecurityPolicyIgnored | extraFlags);
    QWebEngineUrlScheme::registerScheme(scheme);
}

// For the "local" origin pattern: the schemes the application registered are its own. Core
// caches the answer per scheme (and never asks about WebIpc's or network schemes).
bool isApplicationScheme(QStringView scheme)
{
    const QByteArray name = scheme.toLatin1();
    if (name == SyncSchemeHandler::SchemeName || name == SyncSchemeHandler::LocalSchemeName)
        return false;
    return isRegistered(name.constData());
}

} // namespace

bool registerUrlScheme()
{
    // Two schemes, because Chromium lets file: pages reach only "local" schemes, and every
    // other page (qrc:, http:, custom schemes) only non-local ones (measured on Qt 6.4).
    registerScheme(SyncSchemeHandler::SchemeName, {});
    registerScheme(SyncSchemeHandler::LocalSchemeName, QWebEngineUrlScheme::LocalScheme);
    return isRegistered(SyncSchemeHandler::SchemeName)
            && isRegistered(SyncSchemeHandler::LocalSchemeName);
}

} // namespace WebIpc

// Early enough: the application object exists, Qt WebEngine has not started yet.
static void webIpcRegisterUrlScheme()
{
    WebIpc::registerUrlScheme();
    WebIpc::OriginPolicy::setRegisteredSchemePredicate(&WebIpc::isApplicationScheme);
}
Q_COREAPP_STARTUP_FUNCTION(webIpcRegisterUrlScheme)
