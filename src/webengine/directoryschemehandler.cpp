// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "directoryschemehandler_p.h"

#include <QtCore/QBuffer>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QLoggingCategory>
#include <QtCore/QMimeDatabase>
#include <QtWebEngineCore/QWebEngineUrlRequestJob>

namespace WebIpc {

Q_LOGGING_CATEGORY(lcServe, "webipc.serve", QtWarningMsg)

namespace {

const QString IndexFile = QStringLiteral("index.html");

// A segment that could name something outside the folder once joined to it: "..", and
// anything a file system might read as a separator, a drive or the end of the string.
bool isUnsafeSegment(QStringView segment)
{
    return segment == QLatin1String("..") || segment.contains(QLatin1Char('\\'))
            || segment.contains(QLatin1Char(':')) || segment.contains(QChar(0));
}

bool isInside(const QString &root, const QString &canonical)
{
    if (root.endsWith(QLatin1Char('/'))) // "/" itself, or ":/"
        return canonical.startsWith(root);
    return canonical == root || canonical.startsWith(root + QLatin1Char('/'));
}

// The canonical path of the file \a path names (a folder's index.html for a folder), or empty.
QString canonicalFile(const QString &path)
{
    QFileInfo info(path);
    if (info.isDir())
        info.setFile(path + QLatin1Char('/') + IndexFile);
    if (!info.isFile())
        return QString();
    return info.canonicalFilePath();
}

} // namespace

ServedFile resolveServedFile(const QString &root, const QUrl &url, bool spaFallback)
{
    // Decoded once: "%2e%2e", "%2f" and "%5c" are checked as what they decode to, and nothing
    // is decoded again after the check.
    const QString decoded = url.path(QUrl::FullyDecoded);
    QStringList segments;
    for (const QStringView segment : QStringView(decoded).split(QLatin1Char('/'))) {
        if (segment.isEmpty() || segment == QLatin1String("."))
            continue;
        if (isUnsafeSegment(segment))
            return {ServedFile::Refused, QString()};
        segments.append(segment.toString());
    }
    const QString relative = segments.join(QLatin1Char('/'));
    const QString base = root.endsWith(QLatin1Char('/')) ? root : root + QLatin1Char('/');
    QString canonical = canonicalFile(base + relative);
    if (canonical.isEmpty() && spaFallback
        && (segments.isEmpty() || !segments.constLast().contains(QLatin1Char('.'))))
        canonical = canonicalFile(base + IndexFile);
    if (canonical.isEmpty())
        return {ServedFile::NotFound, QString()};
    // A symbolic link (the file's or a folder's on the way) may point anywhere.
    if (!isInside(root, canonical))
        return {ServedFile::Refused, QString()};
    return {ServedFile::Found, canonical};
}

QByteArray servedContentType(const QString &path)
{
    // QMimeDatabase's answers vary with the system's shared-mime-info (application/javascript,
    // application/x-javascript, nothing for .mjs or .map); the browser checks these ones.
    static const struct
    {
        const char *suffix;
        const char *type;
    } fixed[] = {
            {"html", "text/html"},
            {"htm", "text/html"},
            {"js", "text/javascript"},
            {"mjs", "text/javascript"},
            {"cjs", "text/javascript"},
            {"css", "text/css"},
            {"json", "application/json"},
            {"map", "application/json"},
            {"webmanifest", "application/manifest+json"},
            {"svg", "image/svg+xml"},
            {"wasm", "application/wasm"},
            {"txt", "text/plain"},
            {"woff", "font/woff"},
            {"woff2", "font/woff2"},
    };
    const QString suffix = QFileInfo(path).suffix().toLower();
    QByteArray type;
    for (const auto &entry : fixed) {
        if (suffix == QLatin1String(entry.suffix)) {
            type = entry.type;
            break;
        }
    }
    if (type.isEmpty()) {
        static const QMimeDatabase database;
        type = database.mimeTypeForFile(path, QMimeDatabase::MatchExtension).name().toLatin1();
    }
    if (type.startsWith("text/") || type == "application/json" || type == "image/svg+xml"
        || type == "application/manifest+json" || type == "application/xml")
        type += "; charset=utf-8";
    return type;
}

DirectorySchemeHandler::DirectorySchemeHandler(const QString &scheme, const QString &canonicalRoot,
                                               const ServeOptions &options, QObject *parent)
    : QWebEngineUrlSchemeHandler(parent),
      m_scheme(scheme),
      m_root(canonicalRoot),
      m_options(options)
{ }

void DirectorySchemeHandler::refuse(QWebEngineUrlRequestJob *job, const QString &why)
{
    // A page may try many: the first few are warnings, the rest debug lines.
    const QString url = job->requestUrl().toString();
    if (++m_refusals < MaximumRefusalWarnings)
        qCWarning(lcServe).noquote() << "refused" << url << why;
    else if (m_refusals == MaximumRefusalWarnings)
        qCWarning(lcServe).noquote()
                << "refused" << url << why << "(further refusals are logged at debug level)";
    else
        qCDebug(lcServe).noquote() << "refused" << url << why;
    job->fail(QWebEngineUrlRequestJob::RequestDenied);
}

void DirectorySchemeHandler::requestStarted(QWebEngineUrlRequestJob *job)
{
    const QByteArray method = job->requestMethod();
    if (method != "GET" && method != "HEAD") {
        qCDebug(lcServe).noquote() << "refused" << method << job->requestUrl().toString();
        job->fail(QWebEngineUrlRequestJob::RequestDenied);
        return;
    }
    // Qt WebEngine answers CORS for every origin on a CorsEnabled scheme: without this, any
    // site shown in the profile could read (or frame, or run) the application's files. The
    // application's own load()s have no initiator.
    const QUrl initiator = job->initiator();
    if (!initiator.isEmpty() && initiator.scheme().compare(m_scheme, Qt::CaseInsensitive) != 0) {
        refuse(job,
               QStringLiteral("requested by %1 (a page of another origin)")
                       .arg(initiator.toString()));
        return;
    }
    const ServedFile file = resolveServedFile(m_root, job->requestUrl(), m_options.spaFallback);
    if (file.outcome == ServedFile::Refused) {
        refuse(job, QStringLiteral("(a path out of %1)").arg(m_root));
        return;
    }
    if (file.outcome == ServedFile::NotFound) {
        qCDebug(lcServe).noquote() << "not found:" << job->requestUrl().toString();
        job->fail(QWebEngineUrlRequestJob::UrlNotFound);
        return;
    }
    const QByteArray type = servedContentType(file.path);
    if (method == "HEAD") {
        auto *empty = new QBuffer(job);
        empty->open(QIODevice::ReadOnly);
        job->reply(type, empty);
        return;
    }
    auto *device = new QFile(file.path, job);
    if (!device->open(QIODevice::ReadOnly)) {
        qCWarning(lcServe).noquote() << "cannot read" << file.path << device->errorString();
        job->fail(QWebEngineUrlRequestJob::RequestFailed);
        return;
    }
    job->reply(type, device);
}

} // namespace WebIpc
