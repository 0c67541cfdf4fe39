// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

// Glue between IpcMain::handle()'s templates and the library. Not API: use IpcMain::handle().
// (The file keeps its name; nothing here resolves anything any more: handlers return futures.)

#include <WebIpc/handlererror.h>
#include <WebIpc/ipcmainevent.h>
#include <WebIpc/typedargs.h>
#include <WebIpc/variantargs.h>
#include <WebIpc/webipcglobal.h>

#include <QtCore/QFuture>
#include <QtCore/QMutexLocker>
#include <QtCore/QObject>
#include <QtCore/QVariant>

#include <exception>
#include <functional>
#include <memory>
#include <type_traits>

namespace WebIpc::detail {

// What IpcMain keeps of a handler: it takes (event, args) and returns the pending result, the one
// type every handler's answer becomes (a value: a ready future; a QFuture<T>: continued to
// QVariant; a QML handler's Promise: settled through a QPromise). It never throws: an exception
// becomes a failed future.
using InvokeHandler =
        std::function<QFuture<QVariant>(const IpcMainInvokeEvent &, const QVariantList &)>;

WEBIPC_CORE_EXPORT QFuture<QVariant> readyFuture(const QVariant &value);
WEBIPC_CORE_EXPORT QFuture<QVariant> failedFuture(std::exception_ptr error);
// A QFuture<QVariant> that follows \a control (any QFuture<T>, viewed as QFuture<void>): its
// results (taken by \a takeResults as they come, or one null QVariant for a QFuture<void>), its
// exception or its cancellation. Cancelling, suspending or resuming the returned future does the
// same to \a control. The relay lives in the thread of \a context.
WEBIPC_CORE_EXPORT QFuture<QVariant> adoptFuture(const QFuture<void> &control,
                                                 std::function<QVariantList()> takeResults,
                                                 QObject *context);

// What controls the work behind \a future: for a future adoptFuture() made, the handler's own
// future (so that suspending or cancelling it acts at once, not a turn of the event loop later);
// otherwise \a future itself.
WEBIPC_CORE_EXPORT QFuture<void> controlOf(const QFuture<QVariant> &future);
// Makes the relay behind \a future (if adoptFuture() made one) suspend the handler's future
// itself once \a limit results wait in \a future unconsumed: a stream's back-pressure. The
// consumer resumes it.
WEBIPC_CORE_EXPORT void limitPendingResults(const QFuture<QVariant> &future, int limit);

// Takes the results \a future holds now, converted, and removes them from it: a stream of any
// length holds at most what is waiting to be sent. (QFutureInterfaceBase::get() and the result
// store are public in Qt 6 but not documented; this is the one place that uses them.)
template<typename T>
QVariantList takeResults(const QFuture<T> &future)
{
    QFutureInterfaceBase state = QFutureInterfaceBase::get(future);
    QMutexLocker locker(&state.mutex());
    QVariantList taken;
    if (state.hasException())
        return taken; // a failed future has no results any more (its store holds the exception)
    QtPrivate::ResultStoreBase &store = state.resultStoreBase();
    const int count = store.count(); // the results from index 0 on, without a gap
    for (int i = 0; i < count; ++i) {
        const QtPrivate::ResultIteratorBase it = store.resultAt(i);
        if (it.isValid())
            taken.append(toVariant(it.template value<T>()));
    }
    store.template clear<T>();
    return taken;
}

WEBIPC_CORE_EXPORT QString errorStringFor(const std::exception &error);
WEBIPC_CORE_EXPORT QString unknownErrorString();

// Calls a user callable with as many of (event, args) as it accepts, like Qt's connect(), or,
// when it takes real parameter types, with args converted to them (typedargs.h).
template<typename F, typename Event>
decltype(auto) callFlexibly(F &f, const Event &event, const QVariantList &args)
{
    if constexpr (isTypedCallable<F, Event>)
        return callTyped(f, event, args);
    else if constexpr (std::is_invocable_v<F &, const Event &, const QVariantList &>)
        return std::invoke(f, event, args);
    else if constexpr (std::is_invocable_v<F &, const Event &>)
        return std::invoke(f, event);
    else if constexpr (std::is_invocable_v<F &, const QVariantList &>)
        return std::invoke(f, args);
    else {
        static_assert(std::is_invocable_v<F &>,
                      "a WebIpc callback takes (event, args), (event), (args), nothing, or "
                      "(optionally the event, then) parameters of real types");
        return std::invoke(f);
    }
}

template<typename T>
struct IsQFuture : std::false_type
{
};
template<typename T>
struct IsQFuture<QFuture<T>> : std::true_type
{
};

template<typename T>
QFuture<QVariant> toVariantFuture(const QFuture<T> &future, QObject *context)
{
    if constexpr (std::is_same_v<T, QVariant>)
        return future;
    else if constexpr (std::is_void_v<T>)
        return adoptFuture(future, {}, context);
    else
        return adoptFuture(
                QFuture<void>(future), [future]() { return takeResults(future); }, context);
}

// Wraps a user handler returning void, a value or a QFuture<T> into an InvokeHandler.
template<typename F>
InvokeHandler makeInvokeHandler(F &&function, QObject *context)
{
    return [function = std::forward<F>(function), context](const IpcMainInvokeEvent &event,
                                                           const QVariantList &args) mutable {
        using Result = decltype(callFlexibly(function, event, args));
        try {
            if constexpr (std::is_void_v<Result>) {
                callFlexibly(function, event, args);
                return readyFuture(QVariant());
            } else if constexpr (IsQFuture<std::decay_t<Result>>::value) {
                return toVariantFuture(callFlexibly(function, event, args), context);
            } else {
                return readyFuture(toVariant(callFlexibly(function, event, args)));
            }
        } catch (...) {
            return failedFuture(std::current_exception());
        }
    };
}

WEBIPC_CORE_EXPORT void reportListenerException(const QString &channel, const QString &error);

// What IpcMain keeps of a listener: it takes (event, args) and never throws.
using ListenerFunction = std::function<void(const IpcMainEvent &, const QVariantList &)>;

// A member function of \a object as a callable that takes what the member function takes, so
// that callFlexibly() can call it like any other callable.
template<typename Member>
auto bindMember(const QObject *context, Member member)
{
    using Object = typename QtPrivate::FunctionPointer<Member>::Object;
    return BoundMember<Member>{const_cast<Object *>(static_cast<const Object *>(context)), member};
}

// Wraps a listener so that an exception it throws is logged instead of unwinding through Qt's
// signal emission (which Qt does not support).
template<typename F>
ListenerFunction makeListener(const QString &channel, F &&function)
{
    return [channel, function = std::forward<F>(function)](const IpcMainEvent &event,
                                                           const QVariantList &args) mutable {
        try {
            callFlexibly(function, event, args);
        } catch (const std::exception &error) {
            reportListenerException(channel, errorStringFor(error));
        } catch (...) {
            reportListenerException(channel, unknownErrorString());
        }
    };
}

} // namespace WebIpc::detail
