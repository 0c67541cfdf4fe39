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

#include <QtCore/QPointer>
#include <QtCore/QVariant>

#include <atomic>
#include <functional>

namespace WebIpc::detail {

// One invoke() call from a page, waiting for its handler. Settled at most once, from any
// thread; the settle function runs in the thread of the context (the WebContents).
class InvokeCallState
{
public:
    using Settle = std::function<void(bool ok, const QVariant &value, const QString &error)>;
    InvokeCallState(QObject *context, Settle settle);
    ~InvokeCallState();

    bool settle(bool ok, const QVariant &value, const QString &error);
    bool isSettled() const { return m_settled.load(); }
    // The call's document went away: it is never answered, and \a canceler (what stops the
    // handler's work, e.g. cancelling its QFuture) runs. Main thread only.
    void cancel();
    void setCanceler(std::function<void()> canceler) { m_canceler = std::move(canceler); }

private:
    QPointer<QObject> m_context;
    Settle m_settle;
    std::function<void()> m_canceler;
    std::atomic<bool> m_settled{false};
};

} // namespace WebIpc::detail
