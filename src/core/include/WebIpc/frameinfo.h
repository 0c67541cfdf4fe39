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

/*!
    Describes the frame that sent a message: Electron's \c event.senderFrame.

    A FrameInfo is a snapshot taken when the message arrived, not a live view of the frame: if
    the page navigates while a handler runs, url() and origin() still name the document that sent
    the message. The url and origin come from the browser side (the page's committed URL), never
    from the message content, so page script cannot forge them.

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
    FrameInfo(const QUrl &url, int frameId, qint64 processId, bool isMainFrame);
    //! With an origin known otherwise (a subframe's, from the browser).
    FrameInfo(const QUrl &url, const QString &origin, int frameId, qint64 processId,
              bool isMainFrame);
    FrameInfo(const FrameInfo &other);
    FrameInfo &operator=(const FrameInfo &other);
    ~FrameInfo();

    //! False for a default-constructed FrameInfo.
    bool isValid() const;
    //! The URL of the document that sent the message, when it arrived.
    QUrl url() const;
    //! The serialized origin of url(), as the web platform spells it ("https://example.com",
    //! "file://", "qrc://"), or "null" for opaque origins (data: and about: URLs).
    QString origin() const;
    //! WebIpc's id for the frame; the main frame is 0.
    int frameId() const;
    //! The operating system's id of the render process that hosted the frame, or 0 if unknown.
    qint64 processId() const;
    bool isMainFrame() const;

    //! The origin of \a url, computed as the web platform does.
    static QString originOf(const QUrl &url);

private:
    QSharedDataPointer<FrameInfoData> d;
};

} // namespace WebIpc

Q_DECLARE_METATYPE(WebIpc::FrameInfo)
