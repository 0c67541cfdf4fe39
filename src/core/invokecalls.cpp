// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The invoke calls a page's documents have in flight. Every handler answers with a
// QFuture<QVariant> (invokeresolver.h): a finished one is answered at once, within the batch
// being handled; any other is watched, and answered when it finishes, unless the call ends first
// (the page aborts it, it times out, its document goes away): then the future is cancelled, the
// event says so, and a late answer is dropped.
#include "webcontents_p.h"

#include "codec_p.h"
#include "invokecallstate_p.h"
#include "invokefailure_p.h"
#include "ipceventstate_p.h"
#include "logging_p.h"
#include "protocol_p.h"

#include <WebIpc/handlererror.h>

#include <QtCore/QMutexLocker>

namespace WebIpc {

namespace PageField = Protocol::PageField;

// ---------------------------------------------------------------------------------------------
// The event's side of a cancellation

void IpcEventState::markCanceled()
{
    if (canceled.exchange(true))
        return;
    QList<std::pair<QPointer<const QObject>, std::function<void()>>> callbacks;
    {
        QMutexLocker locker(&cancelMutex);
        callbacks.swap(cancelCallbacks);
    }
    for (auto &[context, callback] : callbacks) {
        if (context)
            QMetaObject::invokeMethod(const_cast<QObject *>(context.data()), std::move(callback));
    }
}

bool IpcMainInvokeEvent::isCanceled() const { return m_state && m_state->canceled.load(); }

void IpcMainInvokeEvent::onCanceled(const QObject *context, std::function<void()> callback) const
{
    if (!m_state || !context || !callback)
        return;
    {
        QMutexLocker locker(&m_state->cancelMutex);
        if (!m_state->canceled.load()) {
            m_state->cancelCallbacks.append(
                    {QPointer<const QObject>(context), std::move(callback)});
            return;
        }
    }
    QMetaObject::invokeMethod(const_cast<QObject *>(context), std::move(callback));
}

namespace detail {

InvokeCallState::~InvokeCallState()
{
    if (watcher)
        watcher.release()->deleteLater(); // maybe in the middle of its own signal
}

void InvokeCallState::cancel()
{
    timeout.reset();
    if (watcher) {
        watcher->disconnect();
        watcher.release()->deleteLater();
    }
    if (event)
        event->markCanceled();
    future.cancel();
}

} // namespace detail

// ---------------------------------------------------------------------------------------------
// Calls

void WebContentsPrivate::startCall(FrameState &frame, std::shared_ptr<detail::InvokeCallState> call,
                                   std::chrono::milliseconds timeout)
{
    if (call->future.isFinished()) {
        answerCall(frame, *call); // the fast path: no watcher, the answer goes with this batch
        return;
    }
    Q_Q(WebContents);
    const int frameId = frame.frameId;
    const QString doc = frame.document.id;
    const double invokeId = call->invokeId;
    auto &slot = frame.document.calls[invokeId];
    if (slot)
        slot->cancel(); // a page that reuses an id gives up the earlier call
    slot = call;
    call->watcher = std::make_unique<QFutureWatcher<QVariant>>();
    QObject::connect(call->watcher.get(), &QFutureWatcherBase::finished, q,
                     [this, frameId, doc, invokeId]() { callFinished(frameId, doc, invokeId); });
    call->watcher->setFuture(call->future);
    if (timeout.count() > 0) {
        call->timeout = std::make_unique<QTimer>();
        call->timeout->setSingleShot(true);
        QObject::connect(call->timeout.get(), &QTimer::timeout, q,
                         [this, frameId, doc, invokeId, timeout, channel = call->channel]() {
                             FrameState *asker = documents.frame(frameId);
                             if (!asker || asker->document.id != doc)
                                 return;
                             HandlerError error(
                                     QStringLiteral("TimeoutError"),
                                     QStringLiteral("the handler for '%1' did not answer within "
                                                    "%2 ms")
                                             .arg(channel)
                                             .arg(timeout.count()));
                             const detail::InvokeFailure failure{error.toString(), error.details()};
                             endCall(*asker, invokeId, &failure);
                         });
        call->timeout->start(timeout);
    }
}

void WebContentsPrivate::callFinished(int frameId, const QString &documentId, double invokeId)
{
    FrameState *frame = documents.frame(frameId);
    if (!frame || frame->document.id != documentId)
        return; // its document is gone: the call was cancelled with it
    auto &calls = frame->document.calls;
    const auto it = calls.find(invokeId);
    if (it == calls.end())
        return;
    const std::shared_ptr<detail::InvokeCallState> call = std::move(it->second);
    calls.erase(it);
    call->timeout.reset();
    answerCall(*frame, *call);
}

void WebContentsPrivate::answerCall(const FrameState &frame, detail::InvokeCallState &call)
{
    detail::InvokeFailure failure;
    if (!detail::failureOf(call.future, &failure)) {
        QJsonValue payload;
        QString encodeError;
        if (Codec::encode(call.future.resultAt(0), &payload, &encodeError,
                          QStringLiteral("return value"))) {
            queueOutgoing(Protocol::reply(call.invokeId, true, payload), frame.document.id,
                          frame.frameId);
            return;
        }
        failure = {QLatin1String("Error: ") + encodeError, {}};
    }
    replyFailure(frame, call.channel, call.invokeId, failure);
}

void WebContentsPrivate::replyFailure(const FrameState &frame, const QString &channel,
                                      double invokeId, const detail::InvokeFailure &failure)
{
    qCWarning(lcMain).noquote()
            << QStringLiteral("Error occurred in handler for '%1':").arg(channel) << failure.text;
    QJsonValue details;
    if (!failure.details.isEmpty()) {
        QString error;
        if (!Codec::encode(failure.details, &details, &error, QStringLiteral("error"))) {
            qCWarning(lcMain).noquote()
                    << QStringLiteral("The error of the handler for '%1' lost its properties:")
                               .arg(channel)
                    << error;
            details = QJsonValue();
        }
    }
    queueOutgoing(Protocol::failedReply(invokeId, failure.text, details), frame.document.id,
                  frame.frameId);
}

void WebContentsPrivate::endCall(FrameState &frame, double invokeId,
                                 const detail::InvokeFailure *answer)
{
    auto &calls = frame.document.calls;
    const auto it = calls.find(invokeId);
    if (it == calls.end())
        return; // answered already, or never known
    const std::shared_ptr<detail::InvokeCallState> call = std::move(it->second);
    calls.erase(it);
    qCDebug(lcTraffic).noquote() << "page" << id << "frame" << frame.frameId << "invoke"
                                 << call->channel << (answer ? "timed out" : "was canceled");
    call->cancel();
    if (answer)
        replyFailure(frame, call->channel, invokeId, *answer);
}

bool WebContentsPrivate::receiveCallMessage(FrameState &frame, int kind, const QJsonArray &message)
{
    switch (kind) {
    case Protocol::InvokeCancel: {
        const QJsonValue invokeId = message.at(PageField::CancelInvokeId);
        if (invokeId.isDouble())
            endCall(frame, invokeId.toDouble(), nullptr);
        else
            warnAboutPage(QStringLiteral("dropped a malformed cancel message"));
        return true;
    }
    case Protocol::RemoteReply:
        receiveRemoteReply(frame, message);
        return true;
    case Protocol::PageHandler:
        receivePageHandler(frame, message);
        return true;
    default:
        return false;
    }
}

} // namespace WebIpc
