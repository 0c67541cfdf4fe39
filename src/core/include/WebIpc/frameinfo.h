// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <WebIpc/webipcglobal.h>

#include <QtCore/QMetaType>
#include <QtCore/QSharedDataPointer>
#include <QtCore/QString>
#include <QtCore/QUrl>

namespace WebIpc {

class FrameInfoData;
class IpcMain;

/*!
    Describes the frame that sent a message: Electron's \c event.senderFrame.

    A FrameInfo is a snapshot taken when the message arrived, not a live view of the frame: if
    the page navigates while a handler runs, url() and origin() still name the document that sent
    the message. The url and origin come from the browser side (the frame's committed URL and
    its security origin), never from the message content, so page script cannot forge them.

    FrameInfo is an implicitly shared value type.
*/
class WEBIPC_CORE_EXPORT FrameInfo
{
    Q_GADGET
    Q_PROPERTY(QUrl url READ url CONSTANT)
    Q_PROPERTY(QString origin READ origin CONSTANT)
    Q_PROPERTY(int frameId READ frameId CONSTANT)
    Q_PROPERTY(qint64 processId READ processId CONSTANT)
    Q_PROPERTY(bool isMainFrame READ isMainFrame CONSTANT)
public:
    FrameInfo();
    //! A valid FrameInfo of the document at \a url, its origin originOf(\a url).
    FrameInfo(const QUrl &url, int frameId, qint64 processId, bool isMainFrame);
    //! With an origin known otherwise (a subframe's, from the browser).
    FrameInfo(const QUrl &url, const QString &origin, int frameId, qint64 processId,
              bool isMainFrame);
    //! A copy of \a other (implicitly shared: cheap).
    FrameInfo(const FrameInfo &other);
    //! Makes this a copy of \a other (implicitly shared: cheap).
    FrameInfo &operator=(const FrameInfo &other);
    //! A moved-from FrameInfo may only be assigned to or destroyed.
    FrameInfo(FrameInfo &&other) noexcept;
    QT_MOVE_ASSIGNMENT_OPERATOR_IMPL_VIA_PURE_SWAP(FrameInfo)
    ~FrameInfo();
    //! Swaps this value with \a other; never fails.
    void swap(FrameInfo &other) noexcept { d.swap(other.d); }

    //! False for a default-constructed FrameInfo.
    bool isValid() const;
    //! The URL of the document that sent the message, when it arrived.
    QUrl url() const;
    //! The browser's serialized security origin of the document, as Chromium spells it
    //! (\c self.origin in the page): \c "https://example.com", \c "http://127.0.0.1:8765",
    //! \c "file://", \c "qrc:", \c "app:" for a scheme registered with
    //! QWebEngineUrlScheme::Syntax::Path or \c "app://host" with Syntax::Host; \c "null"
    //! for an opaque origin (data: documents, sandboxed frames). \c blob: and
    //! \c about:srcdoc documents have their creator's origin, not one of url()'s.
    QString origin() const;
    //! WebIpc's id for the frame; the main frame is 0.
    int frameId() const;
    //! The operating system's id of the render process that hosted the frame, or 0 if unknown.
    qint64 processId() const;
    //! True if the message came from the page's main frame, false from a subframe.
    bool isMainFrame() const;

    /*!
        The frame's own listeners and handlers: Electron's \c frame.ipc (WebContents::frameIpc()
        of this frame's page). They run first for messages from this frame: a \c send,
        \c sendSync or \c postMessage reaches this frame's listeners, then the page's
        (WebContents::ipc()), then the IpcMain's; an \c invoke goes to the first handler found
        in that order. nullptr once the page or the frame is gone, and for a FrameInfo that
        names no frame of a page. See WebContents::frameIpc() for its lifetime.
    */
    IpcMain *ipc() const;

    //! The origin Chromium gives a document at \a url, as far as the URL alone tells: the
    //! default port is left out (\c "http://h:80/x" is \c "http://h"), a \c file: URL is
    //! \c "file://", \c blob:https://h/uuid is \c "https://h" (its creator's), and data:,
    //! about:, javascript: and invalid URLs are \c "null". A scheme's registered syntax is
    //! not known here: a URL with a host gives \c "scheme://host[:port]", one without
    //! \c "scheme:" (\c qrc:/x.html is \c "qrc:"). The origin of an origin is itself.
    static QString originOf(const QUrl &url);

private:
    friend class DocumentTable;
    void setOwner(QObject *contents);
    QSharedDataPointer<FrameInfoData> d;
};

} // namespace WebIpc

Q_DECLARE_SHARED(WebIpc::FrameInfo)
Q_DECLARE_METATYPE(WebIpc::FrameInfo)
