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

#include <algorithm>

namespace WebIpc {

namespace PageField = Protocol::PageField;

namespace {
// How many chunks of a stream may be on their way to the page, not consumed yet: past it the
// handler's future is suspended until the page catches up.
constexpr qint64 StreamWindow = 16;
} // namespace

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
    if (control.isValid())
        control.cancel(); // at once, not when the relay hears of it
    future.cancel();
}

} // namespace detail

// ---------------------------------------------------------------------------------------------
// Calls

void WebContentsPrivate::startCall(FrameState &frame, std::shared_ptr<detail::InvokeCallState> call,
                                   std::chrono::milliseconds timeout)
{
    const bool finished = call->future.isFinished();
    if (finished && !call->stream) {
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
    if (finished) {
        // A stream that has all its results already: a window of them now, the rest as the
        // page reads, then the end.
        call->finished = true;
        if (!sendChunks(frame, *call) || !call->backlog.empty())
            return;
        frame.document.calls.erase(invokeId);
        answerCall(frame, *call);
        return;
    }
    call->watcher = std::make_unique<QFutureWatcher<QVariant>>();
    QObject::connect(call->watcher.get(), &QFutureWatcherBase::finished, q,
                     [this, frameId, doc, invokeId]() { callFinished(frameId, doc, invokeId); });
    call->control = detail::controlOf(call->future);
    if (call->stream) {
        detail::limitPendingResults(call->future, StreamWindow);
        QObject::connect(call->watcher.get(), &QFutureWatcherBase::resultsReadyAt, q,
                         [this, frameId, doc, invokeId]() {
                             FrameState *asker = documents.frame(frameId);
                             if (!asker || asker->document.id != doc)
                                 return;
                             const auto it = asker->document.calls.find(invokeId);
                             if (it != asker->document.calls.end())
                                 sendChunks(*asker, *it->second);
                         });
    }
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
    if (it->second->stream) {
        detail::InvokeCallState &stream = *it->second;
        if (!sendChunks(*frame, stream))
            return;
        if (!stream.backlog.empty()) {
            stream.finished = true; // ends once the page has read the backlog
            if (stream.watcher) {
                stream.watcher->disconnect();
                stream.watcher.release()->deleteLater();
            }
            return;
        }
    }
    const std::shared_ptr<detail::InvokeCallState> call = std::move(it->second);
    calls.erase(it);
    call->timeout.reset();
    answerCall(*frame, *call);
}

bool WebContentsPrivate::sendChunks(const FrameState &frame, detail::InvokeCallState &call)
{
    const QVariantList taken = detail::takeResults(call.future);
    call.backlog.insert(call.backlog.end(), taken.cbegin(), taken.cend());
    while (!call.backlog.empty() && call.sent - call.acknowledged < StreamWindow) {
        QJsonValue payload;
        QString error;
        LaneEncoding lane(this, frame.frameId);
        if (!Codec::encode(call.backlog.front(), &payload, &error, QStringLiteral("chunk"))) {
            lane.discard();
            // The stream ends: the handler is told (its future is cancelled), the page too.
            const detail::InvokeFailure failure{QLatin1String("Error: ") + error, {}};
            FrameState *asker = documents.frame(frame.frameId);
            if (asker && asker->document.calls.count(call.invokeId)) {
                endCall(*asker, call.invokeId, &failure); // may free the call
            } else {
                call.cancel();
                replyFailure(frame, call.channel, call.invokeId, failure);
            }
            return false;
        }
        call.backlog.pop_front();
        queueOutgoing(Protocol::streamChunk(call.invokeId, payload), frame.document.id,
                      frame.frameId);
        ++call.sent;
    }
    // The page has a window's worth to read: the handler waits (QPromise::suspendIfRequested()).
    // Otherwise it may go on, whoever held it back (here, or its relay: see invokeresolver.cpp).
    const bool full = !call.backlog.empty() || call.sent - call.acknowledged >= StreamWindow;
    if (call.control.isFinished())
        return true;
    const bool held = call.control.isSuspending() || call.control.isSuspended();
    if (full && !held)
        call.control.suspend();
    else if (!full && held)
        call.control.resume();
    return true;
}

void WebContentsPrivate::receiveStreamAck(FrameState &frame, const QJsonArray &message)
{
    const auto it = frame.document.calls.find(message.at(PageField::AckInvokeId).toDouble(-1));
    if (it == frame.document.calls.end() || !it->second->stream)
        return;
    detail::InvokeCallState &call = *it->second;
    const double count = message.at(PageField::AckCount).toDouble(0);
    if (count > 0)
        call.acknowledged = std::min(call.sent, call.acknowledged + qint64(count));
    if (!sendChunks(frame, call))
        return;
    if (call.finished && call.backlog.empty()) {
        // The future finished while chunks waited: the end goes after them.
        const std::shared_ptr<detail::InvokeCallState> ended = std::move(it->second);
        frame.document.calls.erase(it);
        answerCall(frame, *ended);
    }
}

void WebContentsPrivate::answerCall(const FrameState &frame, detail::InvokeCallState &call)
{
    detail::InvokeFailure failure;
    if (call.stream) {
        // The results not sent yet go first; the reply ends the stream.
        if (!sendChunks(frame, call))
            return;
        if (!detail::failureOf(call.future, &failure, false)) {
            QJsonValue end;
            QString unused;
            Codec::encode(QVariant(), &end, &unused);
            queueOutgoing(Protocol::reply(call.invokeId, true, end), frame.document.id,
                          frame.frameId);
            return;
        }
    } else if (!detail::failureOf(call.future, &failure)) {
        QJsonValue payload;
        QString encodeError;
        const LaneEncoding lane(this, frame.frameId);
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
    case Protocol::StreamAck:
        receiveStreamAck(frame, message);
        return true;
    default:
        return false;
    }
}

} // namespace WebIpc
