// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Main to page invoke: WebContents::invoke() asks one document's ipcRenderer.handle() handler.
// The document is fixed when the call is made; the call ends when the page answers, fails,
// times out, is cancelled by the caller (the page's event.signal aborts) or when the document
// goes away (documenttable.cpp fails it). The page's answers are untrusted: only the document a
// call was made to can answer it, once, within the decoding limits.
#include "webcontents_p.h"

#include "codec_p.h"
#include "ipcmain_p.h"
#include "logging_p.h"
#include "protocol_p.h"
#include "remotecalls_p.h"

namespace WebIpc {

namespace PageField = Protocol::PageField;

namespace {

// How many channels one document may say it handles; more are ignored.
constexpr int MaximumPageHandlers = 10000;

QFuture<QVariant> failedCall(const QString &name, const QString &message)
{
    QFutureInterface<QVariant> failed(QFutureInterfaceBase::Started);
    failed.reportException(RemoteError(name, message));
    failed.reportFinished();
    return failed.future();
}

} // namespace

namespace detail {

RemoteCallState::~RemoteCallState()
{
    if (watcher)
        watcher.release()->deleteLater();
}

void RemoteCallState::stopWatching()
{
    timeout.reset();
    if (watcher) {
        watcher->disconnect();
        watcher.release()->deleteLater();
    }
}

void RemoteCallState::resolve(const QVariant &value)
{
    stopWatching();
    promise.reportResult(value);
    promise.reportFinished();
}

void RemoteCallState::fail(const RemoteError &error)
{
    stopWatching();
    promise.reportException(error);
    promise.reportFinished();
}

} // namespace detail

QFuture<QVariant> WebContents::invokeArgs(const QString &channel, const QVariantList &args,
                                          const InvokeOptions &options)
{
    Q_D(WebContents);
    return d->startRemoteCall(channel, args, options);
}

QFuture<QVariant> WebContentsPrivate::startRemoteCall(const QString &channel,
                                                      const QVariantList &args,
                                                      const InvokeOptions &options)
{
    Q_Q(WebContents);
    FrameState *frame = documents.frame(options.frameId);
    if (!frame || frame->document.id.isEmpty()) {
        return failedCall(QStringLiteral("DocumentGoneError"),
                          QStringLiteral("the frame has no document to handle '%1'").arg(channel));
    }
    QJsonArray encoded;
    QString error;
    const LaneEncoding lane(this, options.frameId); // large buffers beside it (binarylane.cpp)
    if (!Codec::encodeArgs(args, &encoded, &error))
        return failedCall(QStringLiteral("DataCloneError"), error);

    auto call = std::make_shared<detail::RemoteCallState>();
    call->channel = channel;
    call->callId = double(++lastRemoteCallId);
    call->promise.reportStarted();
    const QFuture<QVariant> future = call->promise.future();
    const int frameId = frame->frameId;
    const QString doc = frame->document.id;
    const double callId = call->callId;
    // The caller cancels the future: the page's handler is told (event.signal).
    call->watcher = std::make_unique<QFutureWatcher<QVariant>>();
    QObject::connect(
            call->watcher.get(), &QFutureWatcherBase::canceled, q,
            [this, frameId, doc, callId]() { endRemoteCall(frameId, doc, callId, nullptr); });
    call->watcher->setFuture(future);
    if (options.timeout.count() > 0) {
        call->timeout = std::make_unique<QTimer>();
        call->timeout->setSingleShot(true);
        QObject::connect(call->timeout.get(), &QTimer::timeout, q,
                         [this, frameId, doc, callId, channel, ms = options.timeout.count()]() {
                             const RemoteError timedOut(
                                     QStringLiteral("TimeoutError"),
                                     QStringLiteral("the page's handler for '%1' did not "
                                                    "answer within %2 ms")
                                             .arg(channel)
                                             .arg(ms));
                             endRemoteCall(frameId, doc, callId, &timedOut);
                         });
        call->timeout->start(options.timeout);
    }
    frame->document.remoteCalls.emplace(callId, std::move(call));
    qCDebug(lcTraffic).noquote() << "main -> page" << id << "frame" << frameId << "invoke"
                                 << channel;
    queueOutgoing(Protocol::remoteInvoke(channel, encoded, callId), doc, frameId);
    return future;
}

void WebContentsPrivate::endRemoteCall(int frameId, const QString &documentId, double callId,
                                       const RemoteError *error)
{
    FrameState *frame = documents.frame(frameId);
    if (!frame || frame->document.id != documentId)
        return;
    auto &calls = frame->document.remoteCalls;
    const auto it = calls.find(callId);
    if (it == calls.end())
        return;
    const std::shared_ptr<detail::RemoteCallState> call = std::move(it->second);
    calls.erase(it);
    queueOutgoing(Protocol::remoteCancel(callId), documentId, frameId);
    if (error) {
        call->fail(*error);
    } else {
        // Cancelled by the caller: the future is canceled already.
        call->stopWatching();
        call->promise.reportFinished();
    }
}

void WebContentsPrivate::receiveRemoteReply(FrameState &frame, const QJsonArray &message)
{
    const double callId = message.at(PageField::RemoteCallId).toDouble(-1);
    auto &calls = frame.document.remoteCalls;
    const auto it = calls.find(callId);
    if (it == calls.end())
        return; // late (cancelled, timed out), or not a call of this document's
    const int status = message.at(PageField::RemoteStatus).toInt(-1);
    const QString channel = it->second->channel;
    if (status == Protocol::RemoteNoHandler && frame.document.pageHandlers.value(channel) > 0)
        return; // another ipcRenderer of the document has a handler: it answers
    const std::shared_ptr<detail::RemoteCallState> call = std::move(it->second);
    calls.erase(it);
    Codec::Limits limits;
    if (ipcMain)
        limits.maxBytes = IpcMainPrivate::get(ipcMain)->maximumMessageSize;
    QString error;
    switch (status) {
    case Protocol::RemoteOk: {
        QVariant value;
        if (Codec::decode(message.at(PageField::RemotePayload), &value, &error, limits))
            call->resolve(value);
        else
            call->fail(RemoteError(QStringLiteral("DataCloneError"), error));
        return;
    }
    case Protocol::RemoteNoHandler:
        call->fail(RemoteError(QStringLiteral("NoHandlerError"),
                               QStringLiteral("No handler registered for '%1'").arg(channel)));
        return;
    case Protocol::RemoteFailed: {
        QVariant details;
        QVariantMap properties;
        const QJsonValue wire = message.at(PageField::RemoteDetails);
        if (!wire.isUndefined() && !wire.isNull() && Codec::decode(wire, &details, &error, limits))
            properties = details.toMap();
        const QString text = message.at(PageField::RemotePayload).toString();
        const QString name = properties.contains(QStringLiteral("name"))
                ? properties.take(QStringLiteral("name")).toString()
                : QStringLiteral("Error");
        const QString errorMessage = properties.contains(QStringLiteral("message"))
                ? properties.take(QStringLiteral("message")).toString()
                : text;
        const QString stack = properties.take(QStringLiteral("stack")).toString();
        call->fail(RemoteError(name, errorMessage, properties, stack));
        return;
    }
    default:
        warnAboutPage(QStringLiteral("dropped a malformed reply to '%1'").arg(channel));
        call->fail(RemoteError(
                QStringLiteral("Error"),
                QStringLiteral("the page answered '%1' with a malformed reply").arg(channel)));
        return;
    }
}

void WebContentsPrivate::receivePageHandler(FrameState &frame, const QJsonArray &message)
{
    const QJsonValue channel = message.at(PageField::HandlerChannel);
    if (!channel.isString()) {
        warnAboutPage(QStringLiteral("dropped a malformed handler message"));
        return;
    }
    QHash<QString, int> &handlers = frame.document.pageHandlers;
    const QString name = channel.toString();
    if (message.at(PageField::HandlerRegistered).toBool()) {
        if (handlers.contains(name) || handlers.size() < MaximumPageHandlers)
            ++handlers[name];
        return;
    }
    const auto it = handlers.find(name);
    if (it != handlers.end() && --it.value() <= 0)
        handlers.erase(it);
}

} // namespace WebIpc
