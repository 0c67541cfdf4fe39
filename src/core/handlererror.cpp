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

HandlerError &HandlerError::setCode(const QString &code)
{
    m_code = code;
    return *this;
}

HandlerError &HandlerError::setData(const QVariant &data)
{
    m_data = data;
    return *this;
}

HandlerError &HandlerError::setProperty(const QString &name, const QVariant &value)
{
    if (name != QLatin1String("message") && name != QLatin1String("stack"))
        m_properties.insert(name, value);
    return *this;
}

QVariantMap HandlerError::details() const
{
    QVariantMap details = m_properties;
    if (!m_name.isEmpty() && m_name != QLatin1String("Error"))
        details.insert(QStringLiteral("name"), m_name);
    if (!m_code.isEmpty())
        details.insert(QStringLiteral("code"), m_code);
    if (m_data.isValid())
        details.insert(QStringLiteral("data"), m_data);
    return details;
}

} // namespace WebIpc
