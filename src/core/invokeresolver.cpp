// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "invokecallstate_p.h"
#include "logging_p.h"

#include <WebIpc/invokeresolver.h>

#include <QtCore/QThread>

namespace WebIpc::detail {

InvokeCallState::InvokeCallState(QObject *context, Settle settle)
    : m_context(context), m_settle(std::move(settle))
{ }

InvokeCallState::~InvokeCallState()
{
    // The handler dropped the call without answering (Electron B18).
    settle(false, QVariant(), QStringLiteral("Error: reply was never sent"));
}

bool InvokeCallState::settle(bool ok, const QVariant &value, const QString &error)
{
    if (m_settled.exchange(true))
        return false;
    QObject *context = m_context.data();
    if (!context)
        return true;
    if (context->thread() == QThread::currentThread()) {
        m_settle(ok, value, error);
    } else {
        QMetaObject::invokeMethod(
                context, [settle = m_settle, ok, value, error]() { settle(ok, value, error); },
                Qt::QueuedConnection);
    }
    return true;
}

void InvokeCallState::cancel()
{
    if (m_settled.exchange(true))
        return;
    std::function<void()> canceler = std::move(m_canceler);
    m_canceler = nullptr;
    if (canceler)
        canceler();
}

InvokeResolver::InvokeResolver(std::shared_ptr<InvokeCallState> state) : m_state(std::move(state))
{ }

void InvokeResolver::resolve(const QVariant &value) const
{
    if (m_state)
        m_state->settle(true, value, QString());
}

void InvokeResolver::reject(const QString &errorString) const
{
    if (m_state)
        m_state->settle(false, QVariant(), errorString);
}

void InvokeResolver::setCanceler(std::function<void()> canceler) const
{
    if (m_state)
        m_state->setCanceler(std::move(canceler));
}

bool InvokeResolver::isSettled() const { return !m_state || m_state->isSettled(); }

QString errorStringFor(const std::exception &error)
{
    return QLatin1String("Error: ") + QString::fromUtf8(error.what());
}

QString unknownErrorString()
{
    return QStringLiteral("Error: the handler threw an exception that is not a std::exception");
}

QString canceledErrorString()
{
    return QStringLiteral("Error: the handler's QFuture was canceled");
}

void reportListenerException(const QString &channel, const QString &error)
{
    qCWarning(lcMain).noquote() << "Error occurred in listener for" << channel << ':' << error;
}

} // namespace WebIpc::detail
