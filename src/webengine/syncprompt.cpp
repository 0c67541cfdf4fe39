// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "syncprompt_p.h"

#include <core/webcontents_p.h>

#include <QtCore/QEventLoop>

#include <memory>

namespace WebIpc::SyncPrompt {

namespace {

const QLatin1String KeyPrefix("webipc-key=");
const QLatin1String PagePrefix("webipc-page=");

// The answer, sent once: by the gate, or (refused) when the gate let go of the request
// without answering it (the page went away meanwhile).
struct Reply
{
    std::function<void(bool, const QString &)> done;
    bool sent = false;

    void send(bool answered, const QString &text)
    {
        if (sent)
            return;
        sent = true;
        const auto callback = std::move(done);
        callback(answered, text);
    }
    ~Reply() { send(false, QString()); }
};

} // namespace

bool isWebIpcPrompt(const QString &message, const QString &defaultValue)
{
    if (message != QLatin1String(Message) || !defaultValue.startsWith(KeyPrefix))
        return false;
    const qsizetype first = defaultValue.indexOf(QLatin1Char('\n'));
    return first > 0 && defaultValue.indexOf(QLatin1Char('\n'), first + 1) > first;
}

void answer(const QUrl &securityOrigin, const QString &defaultValue,
            std::function<void(bool answered, const QString &text)> done)
{
    auto reply = std::make_shared<Reply>();
    reply->done = std::move(done);
    const qsizetype first = defaultValue.indexOf(QLatin1Char('\n'));
    const qsizetype second = first < 0 ? -1 : defaultValue.indexOf(QLatin1Char('\n'), first + 1);
    if (!defaultValue.startsWith(KeyPrefix) || second < 0)
        return; // refused, by ~Reply
    const QStringView page = QStringView(defaultValue).mid(first + 1, second - first - 1);
    SyncRequest request;
    request.key =
            QStringView(defaultValue).mid(KeyPrefix.size(), first - KeyPrefix.size()).toLatin1();
    if (page.startsWith(PagePrefix))
        request.admissionKey = page.mid(PagePrefix.size()).toLatin1();
    // The gate reads the XHR's form, percent-encoded JSON: only '%' needs it.
    request.payload = QStringView(defaultValue).mid(second + 1).toUtf8().replace("%", "%25");
    // The browser's origin of the frame that called prompt(), as initiator() is for the XHR.
    // It comes as a URL ("file:///", "https://host/"): the origin is that without its path.
    request.initiator = securityOrigin.adjusted(QUrl::RemovePath);
    WebContentsPrivate::handleSyncRequest(request, [reply](int status, const QByteArray &body) {
        // A key no document announced (syncgate.cpp's answer, after its grace period) is
        // refused like the rest: prompt() gets null, and page code that forged it learns
        // nothing. The bridge's own request then goes over the XHR, which says why.
        static const QByteArray unknownDocument = QByteArrayLiteral(
                "[false,\"sendSync failed: this document is not connected to the application\"]");
        const bool answered = status == 200 && body != unknownDocument;
        reply->send(answered, answered ? QString::fromUtf8(body) : QString());
    });
}

bool answerNow(const QUrl &securityOrigin, const QString &defaultValue, QString *result)
{
    struct Wait
    {
        bool finished = false;
        bool answered = false;
        QString text;
        QEventLoop *loop = nullptr;
    };
    auto wait = std::make_shared<Wait>();
    answer(securityOrigin, defaultValue, [wait](bool answered, const QString &text) {
        wait->finished = true;
        wait->answered = answered;
        wait->text = text;
        if (wait->loop)
            wait->loop->quit();
    });
    if (!wait->finished) {
        // The gate holds the request until the document's earlier messages have arrived, or a
        // listener answers later: the renderer stays blocked in prompt() meanwhile, and the
        // application goes on in this loop.
        QEventLoop loop;
        wait->loop = &loop;
        loop.exec();
        wait->loop = nullptr;
    }
    if (wait->answered && result)
        *result = wait->text;
    return wait->answered;
}

} // namespace WebIpc::SyncPrompt
