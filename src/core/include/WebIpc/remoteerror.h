// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <WebIpc/webipcglobal.h>

#include <QtCore/QByteArray>
#include <QtCore/QException>
#include <QtCore/QSharedDataPointer>
#include <QtCore/QString>
#include <QtCore/QVariantMap>

namespace WebIpc {

class RemoteErrorData;

/*!
    Why a call from main to a page failed: the exception a QFuture returned by
    WebContents::invoke() finishes with. Catch it around \c QFuture::result() or
    \c waitForFinished(), or read it in a continuation's \c onFailed():

    \code
    contents->invoke("confirm", "Delete?")
            .then(this, [](bool yes) { ... })
            .onFailed(this, [](const WebIpc::RemoteError &error) {
                qWarning() << error.name() << error.message();
            });
    \endcode

    When the page's handler throws, it carries the page's Error: its \c name, \c message,
    \c stack and own properties (\c code, \c data, \c cause and any other, cloned). WebIpc's own
    failures have these names: \c "NoHandlerError" (the page has no handler for the channel),
    \c "DocumentGoneError" (the document the call was made to navigated, crashed or closed
    before it answered, or there was none), \c "TimeoutError" (the call outlived its timeout)
    and \c "DataCloneError" (an argument or the result could not be converted).

    RemoteError is implicitly shared.
*/
class WEBIPC_CORE_EXPORT RemoteError : public QException
{
public:
    //! An Error named \c "Error", without a message.
    RemoteError();
    //! An Error named \a name with \a message, the own \a properties and the \a stack.
    RemoteError(const QString &name, const QString &message,
                const QVariantMap &properties = QVariantMap(), const QString &stack = QString());
    //! A copy of \a other (implicitly shared: cheap).
    RemoteError(const RemoteError &other);
    //! Makes this a copy of \a other (implicitly shared: cheap).
    RemoteError &operator=(const RemoteError &other);
    ~RemoteError() override;

    //! The Error's \c name, such as \c "TypeError".
    QString name() const;
    //! The Error's \c message.
    QString message() const;
    //! The Error's \c stack, as the page's engine wrote it; empty for WebIpc's own failures.
    QString stack() const;
    //! The Error's own properties beyond name, message and stack (\c code, \c data, ...).
    QVariantMap properties() const;
    //! A property of properties(), or an invalid QVariant.
    QVariant property(const QString &name) const;
    //! "name: message", as JavaScript's Error.prototype.toString() spells it.
    QString toString() const;

    //! toString() in UTF-8.
    const char *what() const noexcept override;
    //! Throws a copy of this error (QException::raise()).
    void raise() const override;
    //! A new copy of this error, which the caller deletes (QException::clone()).
    RemoteError *clone() const override;

private:
    QSharedDataPointer<RemoteErrorData> d;
};

} // namespace WebIpc
