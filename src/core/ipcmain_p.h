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

#include "originpolicy_p.h"

#include <WebIpc/ipcmain.h>

#include <QtCore/QHash>
#include <QtCore/QMap>
#include <QtCore/QPointer>
#include <QtCore/QSet>

#include <memory>

namespace WebIpc {

class IpcMainPrivate
{
public:
    explicit IpcMainPrivate(IpcMain *q) : q_ptr(q) { }

    static IpcMainPrivate *get(IpcMain *ipcMain) { return ipcMain->d_func(); }

    // send and sendSync: the catch-all signal, then the channel's listeners.
    void dispatchMessage(const QString &channel, const IpcMainEvent &event,
                         const QVariantList &args);
    // invoke: the channel's handler's answer, or "No handler registered".
    QFuture<QVariant> dispatchInvoke(const QString &channel, const IpcMainInvokeEvent &event,
                                     const QVariantList &args);
    // Whether a sendSync on \a channel has anyone to answer it.
    bool hasMessageListeners(const QString &channel) const;
    bool hasHandlerFor(const QString &channel) const { return handlers.contains(channel); }
    // For the advice of a warning (see channelhints_p.h).
    QStringList handlerChannels() const { return handlers.keys(); }
    QStringList listenedChannels() const;

    // A listener of on() or once(). Its Qt connection calls it in place; a Dispatch calls it
    // itself when it was removed during that dispatch.
    struct Listener
    {
        detail::ListenerFunction function;
        QPointer<const QObject> context;
    };
    struct ListenerEntry
    {
        std::shared_ptr<Listener> listener;
        QMetaObject::Connection connection; // the listener is removed when it is disconnected
    };
    using ListenerList = QList<ListenerEntry>;
    class Dispatch;
    // What the Qt connection of \a listener calls.
    static void runConnected(const Listener &listener, const IpcChannel *channel,
                             const IpcMainEvent &event, const QVariantList &args);
    // Forgets the listeners that were disconnected.
    static void pruneListeners(ListenerList *list);

    void addContents(WebContents *contents);
    void removeContents(WebContents *contents);

    struct Handler
    {
        detail::InvokeHandler function;
        bool once = false;
        const QObject *context = nullptr; // compared only, never dereferenced
        QMetaObject::Connection contextGuard;
    };

    IpcMain *q_ptr;
    QHash<QString, IpcChannel *> channels;
    QHash<const IpcChannel *, ListenerList> listeners; // of on() and once(), in order
    QStringList channelOrder;
    QHash<QString, Handler> handlers;
    QList<QPointer<WebContents>> contents;
    std::chrono::milliseconds syncReplyTimeout{30000};
    qsizetype maximumMessageSize = qsizetype(256) * 1024 * 1024;
    int maximumPendingInvokes = 10000;
    QHash<QString, std::chrono::milliseconds> invokeTimeouts; // setInvokeTimeout()
    OriginPolicy origins;
    // What typeScriptDeclarations() declares (typescriptdeclarations.cpp): the last handler's
    // signature, the first typed listener's (else an untyped one's), the declared page events.
    QMap<QString, detail::ChannelSignature> invokeSignatures;
    QMap<QString, detail::ChannelSignature> messageSignatures;
    QMap<QString, detail::ChannelSignature> pageEvents;
    void noteListenerSignature(const QString &channel, const detail::ChannelSignature &signature);
    // The refusals already logged as warnings, one per page, origin and rule ("<page id> <rule>
    // <origin>"); later ones go to debug. Forgotten when full, so it stays small.
    QSet<QString> refusalsWarned;
    static constexpr qsizetype MaximumRefusalsWarned = 1024;
    // Whether the refusal of \a origin on \a channel in page \a pageId is the first of its kind.
    bool isFirstRefusal(int pageId, const QString &origin, const QString &channel);

private:
    Q_DECLARE_PUBLIC(IpcMain)
};

} // namespace WebIpc
