// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <WebIpc/webipcglobal.h>

#include <QtCore/QByteArray>
#include <QtCore/QString>

#include <exception>

namespace WebIpc {

/*!
    An error an invoke handler can throw (or finish its QFuture with) to choose the error's name,
    as a JavaScript handler would throw a TypeError:

    \code
    throw WebIpc::HandlerError(QStringLiteral("TypeError"), QStringLiteral("expected a number"));
    \endcode

    The page's \c invoke then rejects with
    <tt>Error invoking remote method 'channel': TypeError: expected a number</tt>. Any other
    \c std::exception is reported as <tt>Error: what()</tt>.
*/
class WEBIPC_CORE_EXPORT HandlerError : public std::exception
{
public:
    explicit HandlerError(const QString &message);
    HandlerError(const QString &name, const QString &message);

    QString name() const { return m_name; }
    QString message() const { return m_message; }
    //! "name: message", the way JavaScript's Error.prototype.toString() spells it.
    QString toString() const;
    const char *what() const noexcept override { return m_what.constData(); }

private:
    QString m_name;
    QString m_message;
    QByteArray m_what;
};

} // namespace WebIpc
