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

#include <WebIpc/servedirectory.h>

#include <QtCore/QLoggingCategory>
#include <QtCore/QString>
#include <QtCore/QUrl>
#include <QtWebEngineCore/QWebEngineUrlSchemeHandler>

namespace WebIpc {

// "webipc.serve": refused requests and serving mistakes (warnings), requests not found (debug).
Q_DECLARE_LOGGING_CATEGORY(lcServe)

// What a request path names inside a served folder. Not API.
struct ServedFile
{
    enum Outcome { Found, NotFound, Refused };
    Outcome outcome = NotFound;
    QString path; // the canonical file path when Found
};

// Maps \a url's path to a file of the folder whose canonical path is \a root (a folder on disk
// or ":/..." in the resources): decoded once, refused if a segment could leave the folder,
// resolved through symbolic links and refused unless the result is inside \a root.
ServedFile resolveServedFile(const QString &root, const QUrl &url, bool spaFallback);

// The Content-Type to send for \a path: fixed answers for the types the web checks, then
// QMimeDatabase; text types with "charset=utf-8".
QByteArray servedContentType(const QString &path);

// Serves one folder to one profile's scheme (installed by serveDirectory()).
class DirectorySchemeHandler : public QWebEngineUrlSchemeHandler
{
    Q_OBJECT
public:
    DirectorySchemeHandler(const QString &scheme, const QString &canonicalRoot,
                           const ServeOptions &options, QObject *parent);
    void requestStarted(QWebEngineUrlRequestJob *job) override;

private:
    static constexpr int MaximumRefusalWarnings = 8;
    void refuse(QWebEngineUrlRequestJob *job, const QString &why);

    QString m_scheme;
    QString m_root;
    ServeOptions m_options;
    int m_refusals = 0;
};

} // namespace WebIpc
