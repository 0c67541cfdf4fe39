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

#include <QtCore/QFuture>
#include <QtCore/QFutureWatcher>
#include <QtCore/QString>
#include <QtCore/QTimer>
#include <QtCore/QVariant>

#include <deque>
#include <memory>

namespace WebIpc {
class IpcEventState;
}

namespace WebIpc::detail {

// One invoke() call from a page whose handler has not answered yet. Kept by its document
// (DocumentState::calls) until it is answered or cancelled; lives in the thread of the
// WebContents (invokecalls.cpp).
class InvokeCallState
{
public:
    InvokeCallState() = default;
    ~InvokeCallState();
    Q_DISABLE_COPY_MOVE(InvokeCallState)

    QString channel;
    double invokeId = 0;
    QFuture<QVariant> future; // the handler's answer
    QFuture<void> control; // the handler's own future (detail::controlOf()), for a stream
    std::shared_ptr<IpcEventState> event; // told when the call is cancelled
    std::unique_ptr<QFutureWatcher<QVariant>> watcher; // while the future runs
    std::unique_ptr<QTimer> timeout; // IpcMain::setInvokeTimeout()
    // ipcRenderer.stream(): every result is a chunk; at most a window of them unacknowledged.
    bool stream = false;
    qint64 sent = 0; // chunks sent
    qint64 acknowledged = 0; // chunks the page consumed
    std::deque<QVariant> backlog; // results taken from the future, not sent yet (window full)
    bool finished = false; // the future finished: the end goes once the backlog is sent

    // The call ends without an answer from its handler (the page aborted it, it timed out, its
    // document went away): the handler's future is cancelled and its event reports
    // isCanceled(); whatever the handler answers later is dropped.
    void cancel();
};

} // namespace WebIpc::detail
