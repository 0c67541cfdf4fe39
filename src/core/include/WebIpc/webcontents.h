// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <WebIpc/frameinfo.h>
#include <WebIpc/variantargs.h>
#include <WebIpc/webipcglobal.h>

#include <QtCore/QFuture>
#include <QtCore/QObject>
#include <QtCore/QUrl>
#include <QtCore/QVariantList>

#include <chrono>
#include <memory>

namespace WebIpc {

class IpcMain;
class MessagePortMain;
class WebContentsPrivate;

//! How WebContents::invokeArgs() asks the page.
struct InvokeOptions
{
    //! The frame whose document is asked: IpcMainInvokeEvent::frameId() of a message it sent;
    //! 0, the default, is the main frame.
    int frameId = 0;
    //! How long the page's handler may take; past it the call fails with a \c "TimeoutError"
    //! RemoteError and the handler's \c event.signal aborts. Zero: no limit.
    std::chrono::milliseconds timeout{30000};
};

/*!
    One attached page: Electron's \c webContents, as far as IPC goes.

    A WebContents is created by WebIpc::attach() (Widgets) or by the QML module, and lives as
    long as its page: it is destroyed, after closed() is emitted, when the page is destroyed or
    the page is detached. Keep it in a QPointer if you hold on to it.

    \code
    contents->send("status", "ready", 42);
    \endcode
*/
class WEBIPC_CORE_EXPORT WebContents : public QObject
{
    Q_OBJECT
    Q_PROPERTY(int id READ id CONSTANT)
    Q_PROPERTY(QUrl url READ url NOTIFY urlChanged)
    Q_PROPERTY(bool ready READ isReady NOTIFY readyChanged)
public:
    ~WebContents() override;

    //! A number that identifies this page for the life of the process (Electron's
    //! \c webContents.id); ids are never reused.
    int id() const;
    //! The URL of the page's current document.
    QUrl url() const;
    //! True while a document of the page has its \c ipcRenderer connected. Messages sent while
    //! it is false are held and delivered once it becomes true.
    bool isReady() const;
    //! The IpcMain this page is attached to, whose destruction destroys this WebContents.
    IpcMain *ipcMain() const;
    // The QWebEnginePage of a Widgets page: WebIpc::page(contents), in <WebIpc/webengine.h>.

    /*!
        Listeners and handlers for this page only: Electron's \c webContents.ipc. They come
        before the IpcMain's: a \c send or \c sendSync reaches this page's listeners, then the
        IpcMain's; an \c invoke goes to this page's handler if it has one, else to the IpcMain's.
        Created on first use; pages are never attached to it.
    */
    IpcMain *ipc();

    /*!
        The listeners and handlers of one frame of this page: Electron's \c frame.ipc, also
        reached as FrameInfo::ipc() of \c event.senderFrame() or of frames(). \a frameId is
        FrameInfo::frameId() (0: the main frame). They come first for messages from that frame:
        a \c send, \c sendSync or \c postMessage reaches the frame's listeners, then ipc()'s,
        then the IpcMain's (all of them, Electron's B54); an \c invoke goes to the frame's
        handler if it has one, else to ipc()'s, else to the IpcMain's (B53). Created on first
        use; nullptr if the page has no such frame.

        Lifetime, like Electron's WebFrameMain: the main frame's lives as long as this page,
        across navigations and reloads (B60). A subframe's lives as long as the subframe's
        document: WebIpc counts a subframe that loads a new document as a new frame (a new
        frameId, as a new RenderFrameHost), so its listeners end with the document, like
        everything else addressed to it, and are destroyed when WebIpc next looks. Keep the
        pointer in a QPointer.
    */
    IpcMain *frameIpc(int frameId);
    //! The frames of the page that WebIpc knows, main frame first (with enableSubframes, the
    //! subframes whose documents have spoken), as FrameInfo snapshots whose ipc() works.
    QList<FrameInfo> frames() const;

    //! The WebContents with id() \a id, or nullptr.
    static WebContents *fromId(int id);

    /*!
        Sends \a args on \a channel to the page's \c ipcRenderer listeners (main frame).
        Arguments are converted to QVariant (string literals to QString) and then to JavaScript
        values. Like Electron's \c webContents.send it never throws: a channel that is empty or a
        value that cannot be converted is logged as an error in \c webipc.main and nothing is
        sent. Messages sent before the page's document is ready are held until it is.
    */
    template<typename... Args>
    void send(const QString &channel, Args &&...args)
    {
        sendArgs(channel, detail::toVariantList(std::forward<Args>(args)...));
    }
    //! Like send(), with the arguments as a list.
    Q_INVOKABLE void sendArgs(const QString &channel, const QVariantList &args);

    /*!
        Sends to one frame of the page (Electron's \c webContents.sendToFrame): \a frameId is
        IpcMainInvokeEvent::frameId() of a message the frame sent; 0 is the main frame. Returns
        whether the message was sent: false, and nothing is sent, if the page has no such frame,
        the channel is empty or an argument cannot be converted (logged in \c webipc.main).
    */
    template<typename... Args>
    bool sendToFrame(int frameId, const QString &channel, Args &&...args)
    {
        return sendToFrameArgs(frameId, channel,
                               detail::toVariantList(std::forward<Args>(args)...));
    }
    //! Like sendToFrame(), with the arguments as a list.
    Q_INVOKABLE bool sendToFrameArgs(int frameId, const QString &channel, const QVariantList &args);

    /*!
        Sends \a message on \a channel to the main frame's \c ipcRenderer listeners, with the
        ports in \a transfer (Electron's \c webContents.postMessage): the listeners get
        \c event.ports, real \c MessagePort objects, each entangled with the other end of the
        port sent (WebIpc relays between them). The ports are neutered here. Messages posted
        before a document listens are held for it, ports included.

        Unlike send(), and like Electron, it fails: false, \a errorMessage set and a warning in
        \c webipc.main, for a value that cannot be cloned (<tt>An object could not be
        cloned.</tt> with its path), a null port (<tt>Invalid value for transfer</tt>), a
        duplicate (<tt>Port at index N is a duplicate.</tt>) or a neutered port (<tt>Port at
        index N is already neutered.</tt>). See MessagePortMain and the README's MessagePorts
        section.
    */
    bool postMessage(const QString &channel, const QVariant &message,
                     const QList<MessagePortMain *> &transfer = {},
                     QString *errorMessage = nullptr);
    //! Like postMessage(), to the frame \a frameId (as sendToFrame() names it; 0 is the main
    //! frame): Electron's \c frame.postMessage. Fails with <tt>Render frame was disposed before
    //! WebFrameMain could be accessed</tt> for a frame the page does not have.
    bool postMessageToFrame(int frameId, const QString &channel, const QVariant &message,
                            const QList<MessagePortMain *> &transfer = {},
                            QString *errorMessage = nullptr);

    /*!
        Beyond Electron: calls the page's \c ipcRenderer.handle(channel, ...) handler with
        \a args and returns its answer, the value it returns or the value its Promise
        fulfills with.

        \code
        contents->invoke("confirm", "Delete the file?").then(this, [](const QVariant &yes) {
            ...
        });
        \endcode

        The call is made to the document the main frame has now; if that document goes away
        first (a navigation, a crash, the page closed) the call fails. It fails with a
        RemoteError: the page's Error when the handler throws (its name, message, stack and own
        properties), or WebIpc's own (\c "NoHandlerError", \c "DocumentGoneError",
        \c "TimeoutError" after 30 seconds, \c "DataCloneError"). Cancelling the returned
        future aborts the handler's \c event.signal.
    */
    template<typename... Args>
    QFuture<QVariant> invoke(const QString &channel, Args &&...args)
    {
        return invokeArgs(channel, detail::toVariantList(std::forward<Args>(args)...));
    }
    //! Like invoke(), to one frame's document (Electron's frame ids, as in sendToFrame()).
    template<typename... Args>
    QFuture<QVariant> invokeFrame(int frameId, const QString &channel, Args &&...args)
    {
        InvokeOptions options;
        options.frameId = frameId;
        return invokeArgs(channel, detail::toVariantList(std::forward<Args>(args)...), options);
    }
    //! Like invoke(), with the arguments as a list, and \a options for the frame and timeout.
    QFuture<QVariant> invokeArgs(const QString &channel, const QVariantList &args,
                                 const InvokeOptions &options = InvokeOptions());

Q_SIGNALS:
    //! url() changed to \a url, also by a navigation within the document.
    void urlChanged(const QUrl &url);
    //! isReady() changed to \a ready.
    void readyChanged(bool ready);
    //! The page went away; this object is destroyed right after.
    void closed();

private:
    WebContents(IpcMain *ipcMain, QObject *host);
    std::unique_ptr<WebContentsPrivate> d_ptr;
    Q_DECLARE_PRIVATE(WebContents)
    Q_DISABLE_COPY_MOVE(WebContents)
    friend class IpcMainPrivate;
};

} // namespace WebIpc
