// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <WebIpc/frameinfo.h>
#include <WebIpc/variantargs.h>
#include <WebIpc/webcontents.h>
#include <WebIpc/webipcglobal.h>

#include <QtCore/QMetaType>
#include <QtCore/QVariant>

#include <functional>
#include <memory>

namespace WebIpc {

class WebContents;
class IpcEventState;
class MessagePortMain;

/*!
    The event passed to an invoke handler: Electron's \c IpcMainInvokeEvent.

    It tells who sent the call. Like Electron's invoke event it has no reply() and no return
    value: a handler answers by returning a value or a QFuture.

    Events are cheap to copy; every copy refers to the same message.
*/
class WEBIPC_CORE_EXPORT IpcMainInvokeEvent
{
    Q_GADGET
    Q_PROPERTY(WebIpc::WebContents *sender READ sender CONSTANT)
    Q_PROPERTY(WebIpc::FrameInfo senderFrame READ senderFrame CONSTANT)
    Q_PROPERTY(int frameId READ frameId CONSTANT)
    Q_PROPERTY(qint64 processId READ processId CONSTANT)
    Q_PROPERTY(QString channel READ channel CONSTANT)
public:
    //! Constructs an invalid event; real events come from IpcMain.
    IpcMainInvokeEvent();
    //! A copy of \a other, which refers to the same message (cheap).
    IpcMainInvokeEvent(const IpcMainInvokeEvent &other);
    //! Makes this a copy of \a other, which refers to the same message (cheap).
    IpcMainInvokeEvent &operator=(const IpcMainInvokeEvent &other);
    //! A moved-from event is invalid (isValid() is false).
    IpcMainInvokeEvent(IpcMainInvokeEvent &&other) noexcept = default;
    //! Moves \a other into this event; \a other becomes invalid (isValid() is false).
    IpcMainInvokeEvent &operator=(IpcMainInvokeEvent &&other) noexcept = default;
    ~IpcMainInvokeEvent();
    //! Swaps this event with \a other; never fails.
    void swap(IpcMainInvokeEvent &other) noexcept { m_state.swap(other.m_state); }

    //! True for an event that IpcMain passed to a handler or a listener; false for a
    //! default-constructed or moved-from one, whose sender() is nullptr and frameId() -1.
    bool isValid() const;

    //! The WebContents of the page that sent the message, or nullptr once that page is gone.
    WebContents *sender() const;
    //! The frame that sent the message, captured when the message arrived.
    FrameInfo senderFrame() const;
    //! Shorthand for senderFrame().frameId().
    int frameId() const;
    //! Shorthand for senderFrame().processId().
    qint64 processId() const;
    //! The channel the message was sent on.
    QString channel() const;

    /*!
        True once an invoke is canceled before its handler answered: the page aborted it
        (\c ipcRenderer.invokeWithOptions with a \c signal or \c timeout), it outlived
        IpcMain::invokeTimeout(), or its document went away (reload, navigation, crash, the page
        deleted or detached). The handler's QFuture is canceled too, and whatever the handler
        answers later is dropped. Thread-safe: a worker may poll it. Always false for
        \c send and \c sendSync messages.
    */
    bool isCanceled() const;
    /*!
        Calls \a callback in the thread of \a context when the call is canceled (see
        isCanceled()), once, unless \a context is destroyed first; if it is canceled already,
        \a callback is called at once. For handlers whose work is not a QFuture they return,
        or that want to stop work at once rather than poll. Thread-safe.
    */
    void onCanceled(const QObject *context, std::function<void()> callback) const;

    //! \cond
    // Internal: the message's state, shared by every copy; IpcMain makes the events.
protected:
    explicit IpcMainInvokeEvent(std::shared_ptr<IpcEventState> state);
    std::shared_ptr<IpcEventState> m_state;
    friend class IpcEventState;
    //! \endcond
};

/*!
    The event passed to listeners of \c send and \c sendSync messages: Electron's \c IpcMainEvent.

    For a \c sendSync message, setReturnValue() answers the blocked page. The first value set
    wins and later ones are ignored (as in Electron). It may be set later, after the listener has
    returned: keep a copy of the event and call setReturnValue() when the answer is ready. If no
    listener ever sets a value, the page's \c sendSync returns
    <tt>{ error: 'reply was never sent' }</tt> as soon as the last copy of the event is destroyed
    (Electron does the same when its event is garbage-collected), or when
    IpcMain::syncReplyTimeout() has passed.
*/
class WEBIPC_CORE_EXPORT IpcMainEvent : public IpcMainInvokeEvent
{
    Q_GADGET
    Q_PROPERTY(bool sync READ isSync CONSTANT)
public:
    //! Constructs an invalid event; real events come from IpcMain.
    IpcMainEvent();
    //! Swaps this event with \a other; never fails.
    void swap(IpcMainEvent &other) noexcept { IpcMainInvokeEvent::swap(other); }

    //! True for a message sent with \c ipcRenderer.sendSync.
    bool isSync() const;

    /*!
        The ports a page transferred with \c ipcRenderer.postMessage (Electron's
        \c event.ports): one MessagePortMain for each, whose other end is the page's
        \c MessagePort; empty for other messages and when nothing was transferred. The ports
        are children of the sender's WebContents (see MessagePortMain).
    */
    QList<WebIpc::MessagePortMain *> ports() const;

    /*!
        Answers a \c sendSync message. The first call wins; later calls, and calls on an event
        that is not synchronous, are ignored. Thread-safe: the answer is delivered from the
        thread of the WebContents.
    */
    void setReturnValue(const QVariant &value) const;

    //! Sends \a args on \a channel back to the frame that sent this message (Electron's
    //! \c event.reply). Each argument is converted to a QVariant; string literals become QString.
    template<typename... Args>
    void reply(const QString &channel, Args &&...args) const
    {
        replyArgs(channel, detail::toVariantList(std::forward<Args>(args)...));
    }
    //! Like reply(), with the arguments as a list.
    void replyArgs(const QString &channel, const QVariantList &args) const;

private:
    explicit IpcMainEvent(std::shared_ptr<IpcEventState> state);
    friend class IpcEventState;
};

} // namespace WebIpc

Q_DECLARE_SHARED(WebIpc::IpcMainInvokeEvent)
Q_DECLARE_SHARED(WebIpc::IpcMainEvent)

Q_DECLARE_METATYPE(WebIpc::IpcMainInvokeEvent)
Q_DECLARE_METATYPE(WebIpc::IpcMainEvent)
