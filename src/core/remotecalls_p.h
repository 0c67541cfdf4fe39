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

#include <WebIpc/remoteerror.h>

#include <QtCore/QFutureInterface>
#include <QtCore/QFutureWatcher>
#include <QtCore/QString>
#include <QtCore/QTimer>
#include <QtCore/QVariant>

#include <memory>

namespace WebIpc::detail {

// One WebContents::invoke() call waiting for the page's handler. Kept by the document it was
// made to (DocumentState::remoteCalls), in the thread of the WebContents (remotecalls.cpp).
class RemoteCallState
{
public:
    RemoteCallState() = default;
    ~RemoteCallState();
    Q_DISABLE_COPY_MOVE(RemoteCallState)

    QString channel;
    double callId = 0;
    QFutureInterface<QVariant> promise;
    std::unique_ptr<QFutureWatcher<QVariant>> watcher; // sees the caller cancel
    std::unique_ptr<QTimer> timeout;

    // No timeout and no watcher any more: the call is ending.
    void stopWatching();
    void resolve(const QVariant &value);
    void fail(const RemoteError &error);
};

} // namespace WebIpc::detail
