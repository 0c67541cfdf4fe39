// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "invokefailure_p.h"

#include <WebIpc/handlererror.h>
#include <WebIpc/invokeresolver.h>

#include <QtCore/QException>

namespace WebIpc::detail {

InvokeFailure failureOf(std::exception_ptr error)
{
    try {
        std::rethrow_exception(error);
    } catch (const QUnhandledException &wrapped) {
        if (wrapped.exception())
            return failureOf(wrapped.exception());
        return {unknownErrorString(), {}};
    } catch (const HandlerError &handlerError) {
        return {handlerError.toString(), handlerError.details()};
    } catch (const std::exception &other) {
        return {errorStringFor(other), {}};
    } catch (...) {
        return {unknownErrorString(), {}};
    }
}

bool failureOf(QFuture<QVariant> future, InvokeFailure *failure, bool needsResult)
{
    try {
        future.waitForFinished(); // rethrows the exception the future finished with
    } catch (...) {
        *failure = failureOf(std::current_exception());
        return true;
    }
    if (future.isCanceled() || (needsResult && future.resultCount() == 0)) {
        *failure = {QStringLiteral("Error: the handler's QFuture was canceled"), {}};
        return true;
    }
    return false;
}

} // namespace WebIpc::detail
