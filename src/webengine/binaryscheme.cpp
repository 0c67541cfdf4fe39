// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "binaryscheme_p.h"

#include <core/logging_p.h>
#include <core/webcontents_p.h>

#include <QtCore/QBuffer>
#include <QtCore/QPointer>
#include <QtWebEngineCore/QWebEngineUrlRequestJob>

namespace WebIpc::BinaryScheme {

bool serve(QWebEngineUrlRequestJob *job)
{
    const QUrl url = job->requestUrl();
    const QUrl endpoint = url.adjusted(QUrl::RemoveQuery);
    if (endpoint != QUrl(QLatin1String(BytesUrl)) && endpoint != QUrl(QLatin1String(LocalBytesUrl)))
        return false;
    // The key comes in the Accept header (CORS-safelisted), never in the URL, which page code
    // may see (resource timing); the id in the URL is good once, for one document only.
    const QByteArray accept = job->requestHeaders().value(QByteArrayLiteral("Accept"));
    const QByteArray keyPrefix = QByteArrayLiteral("webipc-key=");
    const QByteArray key =
            accept.startsWith(keyPrefix) ? accept.mid(keyPrefix.size()) : QByteArray();
    const QByteArray id = url.query(QUrl::FullyEncoded).toLatin1();
    if (key.size() < 32 || key.size() > 64 || id.size() != 32) {
        qCWarning(lcProtocol) << "refused a malformed webipc: bytes request from"
                              << job->initiator().toString();
        job->fail(QWebEngineUrlRequestJob::RequestDenied);
        return true;
    }
    QPointer<QWebEngineUrlRequestJob> guardedJob(job);
#if QT_VERSION >= QT_VERSION_CHECK(6, 7, 0)
    if (job->requestMethod() == QByteArrayLiteral("POST")) {
        // A buffer of the page's, posted by its bridge (bridge.js, config.bytesPost).
        QIODevice *body = job->requestBody();
        const QByteArray bytes = body ? body->readAll() : QByteArray();
        const bool taken =
                WebContentsPrivate::receiveUploadedBytes(key, job->initiator(), id, bytes);
        if (!taken) {
            job->fail(QWebEngineUrlRequestJob::RequestDenied);
            return true;
        }
        auto *empty = new QBuffer(job);
        empty->open(QIODevice::ReadOnly);
        job->reply("application/octet-stream", empty);
        return true;
    }
#endif
    WebContentsPrivate::serveBytes(key, job->initiator(), id,
                                   [guardedJob](bool ok, const QByteArray &bytes) {
                                       QWebEngineUrlRequestJob *target = guardedJob.data();
                                       if (!target)
                                           return;
                                       if (!ok) {
                                           target->fail(QWebEngineUrlRequestJob::RequestDenied);
                                           return;
                                       }
                                       auto *buffer = new QBuffer(target);
                                       buffer->setData(bytes);
                                       buffer->open(QIODevice::ReadOnly);
                                       target->reply("application/octet-stream", buffer);
                                   });
    return true;
}

} // namespace WebIpc::BinaryScheme
