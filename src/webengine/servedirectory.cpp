// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "../core/originpolicy_p.h"
#include "directoryschemehandler_p.h"

#include <WebIpc/servedirectory.h>

#include <QtCore/QFileInfo>
#include <QtCore/QLoggingCategory>
#include <QtWebEngineCore/QWebEngineProfile>
#include <QtWebEngineCore/QWebEngineUrlScheme>

namespace WebIpc {

namespace {

bool isRegistered(const QByteArray &name)
{
    return !QWebEngineUrlScheme::schemeByName(name).name().isEmpty();
}

// Schemes Chromium or Qt handle themselves, or that WebIpc uses: never an application's.
bool isReservedScheme(const QString &scheme)
{
    static const char *const reserved[] = {
            "http",   "https",        "ws",       "wss",         "ftp",        "file",
            "qrc",    "data",         "blob",     "about",       "javascript", "filesystem",
            "chrome", "chrome-error", "devtools", "view-source", "webipc",     "webipc-local",
    };
    for (const char *name : reserved) {
        if (scheme.compare(QLatin1String(name), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// ":/dist" and "qrc:/dist" are resource folders; anything else a folder on disk.
QString localFolder(const QString &directory)
{
    if (directory.startsWith(QLatin1String("qrc:"), Qt::CaseInsensitive))
        return QLatin1Char(':') + directory.mid(4);
    return directory;
}

} // namespace

bool registerAppScheme(const QString &scheme)
{
    if (!OriginPolicy::isSchemeName(scheme) || isReservedScheme(scheme)) {
        qCWarning(lcServe).noquote() << "registerAppScheme: refused" << scheme
                                     << "(not a scheme name, or a scheme of the web, Qt or WebIpc)";
        return false;
    }
    const QByteArray name = scheme.toLower().toLatin1();
    if (!isRegistered(name)) {
        QWebEngineUrlScheme app(name);
        app.setSyntax(QWebEngineUrlScheme::Syntax::Host);
        QWebEngineUrlScheme::Flags flags =
                QWebEngineUrlScheme::SecureScheme | QWebEngineUrlScheme::CorsEnabled;
#if QT_VERSION >= QT_VERSION_CHECK(6, 6, 0)
        flags |= QWebEngineUrlScheme::FetchApiAllowed;
#endif
        app.setFlags(flags);
        QWebEngineUrlScheme::registerScheme(app); // warns by itself when it is too late
    }
    if (!isRegistered(name))
        return false;
    // The registered-scheme predicate says so too; naming it keeps it local whatever the
    // predicate is.
    OriginPolicy::addLocalScheme(QString::fromLatin1(name));
    return true;
}

bool serveDirectory(QWebEngineProfile *profile, const QString &scheme, const QString &directory,
                    const ServeOptions &options)
{
    if (!profile) {
        qCWarning(lcServe) << "serveDirectory: no profile";
        return false;
    }
    const QByteArray name = scheme.toLower().toLatin1();
    if (!OriginPolicy::isSchemeName(scheme) || isReservedScheme(scheme) || !isRegistered(name)) {
        qCWarning(lcServe).noquote().nospace()
                << "serveDirectory: the scheme '" << scheme
                << "' is not registered; call WebIpc::registerAppScheme(\"" << scheme
                << "\") before creating the QApplication";
        return false;
    }
    const QFileInfo folder(localFolder(directory));
    const QString root = folder.canonicalFilePath();
    if (!folder.isDir() || root.isEmpty()) {
        qCWarning(lcServe).noquote() << "serveDirectory:" << directory << "is not a folder";
        return false;
    }
    if (profile->urlSchemeHandler(name)) {
        qCWarning(lcServe).noquote().nospace()
                << "serveDirectory: the profile already has a handler for '" << scheme
                << "'; remove it first with removeUrlScheme()";
        return false;
    }
    if (!QFileInfo::exists(root + QLatin1String("/index.html")))
        qCWarning(lcServe).noquote()
                << "serveDirectory:" << directory << "has no index.html; \"/\" will not be found";
    profile->installUrlSchemeHandler(
            name, new DirectorySchemeHandler(QString::fromLatin1(name), root, options, profile));
    return true;
}

} // namespace WebIpc
