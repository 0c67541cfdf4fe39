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

#include <QtCore/QFuture>
#include <QtCore/QString>
#include <QtCore/QVariantMap>

#include <exception>

namespace WebIpc::detail {

// Why an invoke failed, as the page is told: the one place where exceptions become errors.
struct InvokeFailure
{
    // String(error) in JavaScript's terms ("TypeError: expected a number"): what follows
    // "Error invoking remote method '<channel>': " in the page's message.
    QString text;
    // What the page's Error gains beyond Electron's message: name, code, data, cause and the
    // own properties of a JavaScript error. Empty for a plain error.
    QVariantMap details;
};

// The failure \a error stands for. QtConcurrent::run() wraps what is not a QException in a
// QUnhandledException: the exception inside is the one that counts.
InvokeFailure failureOf(std::exception_ptr error);
// Whether the finished \a future failed (an exception, a cancellation, or no result when
// \a needsResult), and why.
bool failureOf(QFuture<QVariant> future, InvokeFailure *failure, bool needsResult = true);

} // namespace WebIpc::detail
