// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <WebIpc/webipcglobal.h>

#include <QtCore/QByteArray>
#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtCore/QVariantMap>

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
    \c std::exception is reported as <tt>Error: what()</tt> (also one thrown inside
    \c QtConcurrent::run(), which Qt wraps in a \c QUnhandledException).

    Beyond Electron, the page's Error keeps what the handler says about the failure: its
    \c name is name(), and code() and data() become its \c code and \c data (data is cloned
    like any invoke argument):

    \code
    throw WebIpc::HandlerError(QStringLiteral("NotFoundError"), QStringLiteral("no such file"))
            .setCode(QStringLiteral("ENOENT"))
            .setData(QVariantMap{{QStringLiteral("path"), path}});
    \endcode
    \code
    try { await ipcRenderer.invoke('load-file', path); }
    catch (e) { e.name === 'NotFoundError'; e.code === 'ENOENT'; e.data.path === path; }
    \endcode
*/
class WEBIPC_CORE_EXPORT HandlerError : public std::exception
{
public:
    //! An error named \c "Error" with \a message, like JavaScript's <tt>new Error(message)</tt>.
    explicit HandlerError(const QString &message);
    //! An error named \a name (such as \c "TypeError") with \a message.
    HandlerError(const QString &name, const QString &message);

    //! The page's \c error.name, such as \c "TypeError"; \c "Error" unless one was given.
    QString name() const { return m_name; }
    //! The page's \c error.message.
    QString message() const { return m_message; }
    //! The page's \c error.code, such as \c "ENOENT"; none when empty.
    QString code() const { return m_code; }
    //! Sets code() to \a code and returns this error, so that the setters chain.
    HandlerError &setCode(const QString &code);
    //! The page's \c error.data: any value an invoke may return; none when invalid.
    QVariant data() const { return m_data; }
    //! Sets data() to \a data and returns this error, so that the setters chain.
    HandlerError &setData(const QVariant &data);
    /*!
        The properties the page's Error gains: \c name (unless it is \c "Error" or empty),
        \c code and \c data when set, and any others given with setProperty().
    */
    QVariantMap details() const;
    //! Gives the page's Error the own property \a name (not \c message or \c stack).
    HandlerError &setProperty(const QString &name, const QVariant &value);
    //! "name: message", the way JavaScript's Error.prototype.toString() spells it.
    QString toString() const;
    //! toString() in UTF-8.
    const char *what() const noexcept override { return m_what.constData(); }

private:
    QString m_name;
    QString m_message;
    QString m_code;
    QVariant m_data;
    QVariantMap m_properties;
    QByteArray m_what;
};

} // namespace WebIpc
