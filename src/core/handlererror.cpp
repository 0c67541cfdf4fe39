// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include <WebIpc/handlererror.h>

namespace WebIpc {

HandlerError::HandlerError(const QString &message) : HandlerError(QStringLiteral("Error"), message)
{ }

HandlerError::HandlerError(const QString &name, const QString &message)
    : m_name(name), m_message(message), m_what(toString().toUtf8())
{ }

QString HandlerError::toString() const
{
    // Error.prototype.toString(): "name: message", or just one of them when the other is empty.
    if (m_message.isEmpty())
        return m_name;
    if (m_name.isEmpty())
        return m_message;
    return m_name + QLatin1String(": ") + m_message;
}

} // namespace WebIpc
