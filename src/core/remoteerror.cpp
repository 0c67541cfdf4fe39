// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include <WebIpc/remoteerror.h>

namespace WebIpc {

class RemoteErrorData : public QSharedData
{
public:
    QString name;
    QString message;
    QString stack;
    QVariantMap properties;
    QByteArray what;
};

RemoteError::RemoteError() : RemoteError(QStringLiteral("Error"), QString()) { }

RemoteError::RemoteError(const QString &name, const QString &message, const QVariantMap &properties,
                         const QString &stack)
    : d(new RemoteErrorData)
{
    d->name = name;
    d->message = message;
    d->stack = stack;
    d->properties = properties;
    d->what = toString().toUtf8();
}

RemoteError::RemoteError(const RemoteError &other) = default;
RemoteError &RemoteError::operator=(const RemoteError &other) = default;
RemoteError::~RemoteError() = default;

QString RemoteError::name() const { return d->name; }
QString RemoteError::message() const { return d->message; }
QString RemoteError::stack() const { return d->stack; }
QVariantMap RemoteError::properties() const { return d->properties; }
QVariant RemoteError::property(const QString &name) const { return d->properties.value(name); }

QString RemoteError::toString() const
{
    if (d->message.isEmpty())
        return d->name;
    if (d->name.isEmpty())
        return d->message;
    return d->name + QLatin1String(": ") + d->message;
}

const char *RemoteError::what() const noexcept { return d->what.constData(); }

void RemoteError::raise() const { throw *this; }

RemoteError *RemoteError::clone() const { return new RemoteError(*this); }

} // namespace WebIpc
