// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

// Glue between IpcMain::handle()'s templates and the library. Not API: use IpcMain::handle().

#include <WebIpc/handlererror.h>
#include <WebIpc/ipcmainevent.h>
#include <WebIpc/typedargs.h>
#include <WebIpc/variantargs.h>
#include <WebIpc/webipcglobal.h>

#include <QtCore/QFuture>
#include <QtCore/QFutureWatcher>
#include <QtCore/QObject>
#include <QtCore/QPointer>

#include <functional>
#include <memory>
#include <type_traits>

namespace WebIpc::detail {

class InvokeCallState;

// Settles one page-side invoke() promise. Copies share the call; the first resolve() or reject()
// wins. When the last copy is destroyed unsettled, the call is rejected with Electron's
// "reply was never sent".
class WEBIPC_CORE_EXPORT InvokeResolver
{
public:
    explicit InvokeResolver(std::shared_ptr<InvokeCallState> state);
    void resolve(const QVariant &value) const;
    // errorString is String(error) in JavaScript's terms, e.g. "Error: something failed".
    void reject(const QString &errorString) const;
    bool isSettled() const;
    // What stops the handler's work if the page's document goes away first.
    void setCanceler(std::function<void()> canceler) const;

private:
    std::shared_ptr<InvokeCallState> m_state;
};

using InvokeHandler =
        std::function<void(const IpcMainInvokeEvent &, const QVariantList &, InvokeResolver)>;

WEBIPC_CORE_EXPORT QString errorStringFor(const std::exception &error);
WEBIPC_CORE_EXPORT QString unknownErrorString();
WEBIPC_CORE_EXPORT QString canceledErrorString();

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

// Settles the call when the future finishes, in the thread of \a context.
template<typename T>
void settleWhenFinished(QFuture<T> future, QObject *context, const InvokeResolver &resolver)
{
    auto *watcher = new QFutureWatcher<T>(context);
    // If the page's document goes away first, the future is cancelled, and the watcher (which
    // holds the call) goes with it.
    resolver.setCanceler([guarded = QPointer<QFutureWatcher<T>>(watcher)]() {
        if (guarded) {
            guarded->cancel();
            guarded->deleteLater();
        }
    });
    QObject::connect(watcher, &QFutureWatcherBase::finished, watcher, [watcher, resolver]() {
        QFuture<T> finished = watcher->future();
        watcher->deleteLater();
        try {
            finished.waitForFinished(); // rethrows the exception the future finished with
        } catch (const HandlerError &error) {
            resolver.reject(error.toString());
            return;
        } catch (const std::exception &error) {
            resolver.reject(errorStringFor(error));
            return;
        } catch (...) {
            resolver.reject(unknownErrorString());
            return;
        }
        if (finished.isCanceled() || (!std::is_void_v<T> && finished.resultCount() == 0)) {
            resolver.reject(canceledErrorString());
            return;
        }
        if constexpr (std::is_void_v<T>)
            resolver.resolve(QVariant());
        else
            resolver.resolve(toVariant(finished.result()));
    });
    watcher->setFuture(future);
}

// Wraps a user handler returning void, a value or a QFuture<T> into an InvokeHandler.
template<typename F>
InvokeHandler makeInvokeHandler(F &&function, QObject *context)
{
    return [function = std::forward<F>(function), context](const IpcMainInvokeEvent &event,
                                                           const QVariantList &args,
                                                           InvokeResolver resolver) mutable {
        using Result = decltype(callFlexibly(function, event, args));
        try {
            if constexpr (std::is_void_v<Result>) {
                callFlexibly(function, event, args);
                resolver.resolve(QVariant());
            } else if constexpr (IsQFuture<std::decay_t<Result>>::value) {
                settleWhenFinished(callFlexibly(function, event, args), context, resolver);
            } else {
                resolver.resolve(toVariant(callFlexibly(function, event, args)));
            }
        } catch (const HandlerError &error) {
            resolver.reject(error.toString());
        } catch (const std::exception &error) {
            resolver.reject(errorStringFor(error));
        } catch (...) {
            resolver.reject(unknownErrorString());
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
