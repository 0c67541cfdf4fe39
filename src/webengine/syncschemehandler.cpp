// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "syncschemehandler_p.h"

#include "binaryscheme_p.h"

#include <core/logging_p.h>
#include <core/webcontents_p.h>

#include <QtCore/QBuffer>
#include <QtCore/QPointer>
#include <QtWebEngineCore/QWebEngineProfile>
#include <QtWebEngineCore/QWebEngineUrlRequestJob>
#include <QtWebEngineCore/QWebEngineUrlScheme>

namespace WebIpc {

void SyncSchemeHandler::installOn(QWebEngineProfile *profile)
{
    if (profile->urlSchemeHandler(SchemeName))
        return;
    if (QWebEngineUrlScheme::schemeByName(SchemeName).name().isEmpty()
        || QWebEngineUrlScheme::schemeByName(LocalSchemeName).name().isEmpty()) {
        qCWarning(lcMain) << "The webipc: URL schemes are not registered, so sendSync will fail."
                             " Call WebIpc::registerUrlScheme() before creating the QApplication.";
        return;
    }
    auto *handler = new SyncSchemeHandler(profile);
    profile->installUrlSchemeHandler(SchemeName, handler);
    profile->installUrlSchemeHandler(LocalSchemeName, handler);
}

void SyncSchemeHandler::requestStarted(QWebEngineUrlRequestJob *job)
{
    if (BinaryScheme::serve(job))
        return; // the binary lane's bytes (binaryscheme.cpp)
    // Small requests come in the query (no CORS preflight), large ones in a header.
    const QUrl url = job->requestUrl();
    QByteArray request = job->requestHeaders().value(RequestHeader);
    if (request.isEmpty())
        request = url.query(QUrl::FullyEncoded).toLatin1();
    const QUrl endpoint = url.adjusted(QUrl::RemoveQuery);
    if ((endpoint != QUrl(QLatin1String(SyncUrl)) && endpoint != QUrl(QLatin1String(LocalSyncUrl)))
        || request.isEmpty()) {
        qCWarning(lcProtocol) << "refused a webipc: request for" << job->requestUrl().toString()
                              << "from" << job->initiator().toString();
        job->fail(QWebEngineUrlRequestJob::RequestDenied);
        return;
    }
    // The document's key comes in the Accept header (CORS-safelisted: no preflight), never in
    // the URL, which page code may see (resource timing lists failed requests).
    const QByteArray accept = job->requestHeaders().value(QByteArrayLiteral("Accept"));
    const QByteArray keyPrefix = QByteArrayLiteral("webipc-key=");
    SyncRequest syncRequest;
    syncRequest.payload = request;
    syncRequest.key = accept.startsWith(keyPrefix) ? accept.mid(keyPrefix.size()) : QByteArray();
    const QByteArray language = job->requestHeaders().value(QByteArrayLiteral("Content-Language"));
    const QByteArray pagePrefix = QByteArrayLiteral("webipc-page=");
    if (language.startsWith(pagePrefix))
        syncRequest.admissionKey = language.mid(pagePrefix.size());
    syncRequest.initiator = job->initiator();
    // The job goes away if the page reloads, crashes or is deleted before the answer.
    QPointer<QWebEngineUrlRequestJob> guardedJob(job);
    WebContentsPrivate::handleSyncRequest(
            syncRequest, [guardedJob](int status, const QByteArray &body) {
                QWebEngineUrlRequestJob *target = guardedJob.data();
                if (!target)
                    return;
                if (status != 200) {
                    target->fail(QWebEngineUrlRequestJob::RequestDenied);
                    return;
                }
                auto *buffer = new QBuffer(target);
                buffer->setData(body);
                buffer->open(QIODevice::ReadOnly);
                target->reply("application/json", buffer);
            });
}

} // namespace WebIpc
