// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
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

private:
    QPointer<QObject> m_context;
    Settle m_settle;
    std::atomic<bool> m_settled{false};
};

} // namespace WebIpc::detail
