// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <WebIpc/webipcglobal.h>

#include <QtCore/QList>
#include <QtCore/QMetaType>
#include <QtCore/QObject>
#include <QtCore/QVariant>

#include <memory>

namespace WebIpc {

class MessagePortMain;
class MessagePortMainPrivate;

/*!
    What a MessagePortMain receives: Electron's <tt>{ data, ports }</tt> of a port's
    \c 'message' event. \c data is the message, cloned by WebIpc's structured-clone codec (the
    same values as channel messages); \c ports are the ports transferred with it, new
    MessagePortMain objects that are children of the port that received them.
*/
class WEBIPC_CORE_EXPORT MessageEvent
{
    Q_GADGET
    Q_PROPERTY(QVariant data MEMBER data CONSTANT)
    Q_PROPERTY(QList<WebIpc::MessagePortMain *> ports MEMBER ports CONSTANT)
public:
    //! The message, as the sender posted it (cloned).
    QVariant data;
    //! The ports transferred with the message, children of the port that received them.
    QList<MessagePortMain *> ports;
};

/*!
    One end of a message channel: Electron's \c MessagePortMain.

    A port comes from a MessageChannelMain, from IpcMainEvent::ports() (the ports a page
    transferred with \c ipcRenderer.postMessage), or from MessageEvent::ports. Its other end is
    another MessagePortMain, or a real \c MessagePort in a page (WebIpc relays between them).

    As in Electron, messages that arrive are queued until start() is called; then message() is
    emitted for each, in order, in the thread the port lives in (ports have thread affinity like
    any QObject, and may be moved to another thread). close() disconnects both ends: closed() is
    emitted on this port and on the other end (in a page, the port gets a \c close event). A
    port also closes when its other end is closed, when the page document holding the other end
    goes away (navigation, reload, crash, the page closed), and when this object is destroyed.
    A closed port holds nothing any more; posting on it does nothing (Electron's B84).

    A port sent on (with postMessage(), WebContents::postMessage() or another port's
    postMessage()) is neutered: this object stays, but can no longer be used. Use a port, and
    the ports you transfer with it, from the thread it lives in.

    C++ has no garbage collector: a port a listener received and did not keep lives until its
    parent (the WebContents, or the port it arrived on) is destroyed; close() or delete it when
    done. A port posted on a channel nobody listens to is closed at once, as Electron's is.
*/
class WEBIPC_CORE_EXPORT MessagePortMain : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool started READ isStarted NOTIFY startedChanged)
public:
    ~MessagePortMain() override;

    /*!
        Sends \a message to the other end, with the ports in \a transfer, which are sent on and
        neutered here. \a message is encoded like a channel argument; a value that cannot be
        cloned makes the call fail with <tt>An object could not be cloned.</tt> and its path.
        A transfer list with a null port, this port, a duplicate or a neutered port fails with
        Electron's texts: <tt>Port at index N is not a valid port</tt>, <tt>Port at index N
        contains the source port.</tt>, <tt>Port at index N is a duplicate.</tt>, <tt>Port at
        index N is already neutered.</tt>

        Returns false on failure and sets \a errorMessage (if given) to the text; the failure
        is also logged in \c webipc.main. Posting on a closed port, or a port whose other end is
        closed, succeeds and delivers nothing, as in Electron.
    */
    bool postMessage(const QVariant &message = QVariant(),
                     const QList<MessagePortMain *> &transfer = {},
                     QString *errorMessage = nullptr);
    //! Starts delivering messages (queued ones first). Calling it again does nothing.
    Q_INVOKABLE void start();
    //! Disconnects the port from its other end; closed() is emitted on both.
    Q_INVOKABLE void close();

    //! True once start() was called: messages are delivered as they arrive.
    bool isStarted() const;
    //! True once closed, or once the other end went away.
    bool isClosed() const;
    //! True once the port was sent on: it can no longer be used.
    bool isNeutered() const;

Q_SIGNALS:
    //! A message arrived (after start()).
    void message(const WebIpc::MessageEvent &event);
    //! The port was closed, here or at its other end. Emitted once.
    void closed();
    //! isStarted() changed: start() was called. Emitted once.
    void startedChanged();

private:
    explicit MessagePortMain(QObject *parent = nullptr);
    std::unique_ptr<MessagePortMainPrivate> d_ptr;
    Q_DECLARE_PRIVATE(MessagePortMain)
    Q_DISABLE_COPY_MOVE(MessagePortMain)
    friend class MessageChannelMain;
    friend class PortGraph;
};

/*!
    A pair of entangled ports: Electron's \c MessageChannelMain.

    \code
    auto *channel = new WebIpc::MessageChannelMain(this);
    connect(channel->port1(), &WebIpc::MessagePortMain::message, this,
            [](const WebIpc::MessageEvent &event) { qDebug() << event.data; });
    channel->port1()->start();
    contents->postMessage("port", QVariant(), {channel->port2()}); // the page gets port2
    \endcode

    The ports are children of the channel; give them another parent to keep them longer.
*/
class WEBIPC_CORE_EXPORT MessageChannelMain : public QObject
{
    Q_OBJECT
    Q_PROPERTY(WebIpc::MessagePortMain *port1 READ port1 CONSTANT)
    Q_PROPERTY(WebIpc::MessagePortMain *port2 READ port2 CONSTANT)
public:
    //! Creates the two entangled ports, not started, as a child of \a parent.
    explicit MessageChannelMain(QObject *parent = nullptr);
    ~MessageChannelMain() override;

    //! The first end; what is posted on it arrives on port2().
    MessagePortMain *port1() const;
    //! The second end; what is posted on it arrives on port1().
    MessagePortMain *port2() const;

private:
    MessagePortMain *m_port1;
    MessagePortMain *m_port2;
    Q_DISABLE_COPY_MOVE(MessageChannelMain)
};

} // namespace WebIpc

Q_DECLARE_METATYPE(WebIpc::MessageEvent)
