// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <WebIpc/variantargs.h>
#include <WebIpc/webipcglobal.h>

#include <QtCore/QObject>
#include <QtCore/QUrl>
#include <QtCore/QVariantList>

#include <memory>

namespace WebIpc {

class IpcMain;
class WebContentsPrivate;

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
    IpcMain *ipcMain() const;
    // The QWebEnginePage of a Widgets page: WebIpc::page(contents), in <WebIpc/webengine.h>.

    /*!
        Listeners and handlers for this page only: Electron's \c webContents.ipc. They come
        before the IpcMain's: a \c send or \c sendSync reaches this page's listeners, then the
        IpcMain's; an \c invoke goes to this page's handler if it has one, else to the IpcMain's.
        Created on first use; pages are never attached to it.
    */
    IpcMain *ipc();

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
        false, and sends nothing, if the page has no such frame.
    */
    template<typename... Args>
    bool sendToFrame(int frameId, const QString &channel, Args &&...args)
    {
        return sendToFrameArgs(frameId, channel,
                               detail::toVariantList(std::forward<Args>(args)...));
    }
    //! Like sendToFrame(), with the arguments as a list.
    Q_INVOKABLE bool sendToFrameArgs(int frameId, const QString &channel, const QVariantList &args);

Q_SIGNALS:
    void urlChanged(const QUrl &url);
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
