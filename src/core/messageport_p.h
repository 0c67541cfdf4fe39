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

// MessagePorts, main side. A port end is a PortCore. Its peer (the entangled end) is another
// core, or a real MessagePort in a page (peerRemote); its holder (who receives what arrives at
// it) is a MessagePortMain, or a page that was given the end (holderRemote). A page's ends are
// named by numbers in the page's document (DocumentPorts): positive ones the page chose for the
// ports it transferred, negative ones main chose for the ports it gave. A number is valid only
// in the document it was given to: a port is a capability bound to its document.

#include <WebIpc/messageport.h>
#include <WebIpc/webcontents.h>

#include <QtCore/QByteArray>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonValue>
#include <QtCore/QPointer>
#include <QtCore/QString>
#include <QtCore/QThread>
#include <QtCore/QVariant>

#include <deque>
#include <map>
#include <memory>
#include <vector>

namespace WebIpc {

class PortCore;
using PortCorePtr = std::shared_ptr<PortCore>;

// A port end in a page: its document and its number there.
struct RemoteEnd
{
    QPointer<WebContents> contents;
    int frameId = 0;
    QString documentId;
    qint64 portId = 0;
    bool isSet() const { return portId != 0; }
};

// One message on a port: its encoded value (the codec's wire form), its decoded value when it
// has one already, and the ends sent with it. Its large ArrayBuffers travel beside the wire, as
// on the binary lane (binarylane.cpp): the wire's "B" tags are indexes into \a buffers, which
// the payload owns (shared, not copied), so it may be decoded, or sent on to a page, long after
// the message it came in was handled.
struct PortPayload
{
    QJsonValue wire;
    QList<QByteArray> buffers;
    QVariant value;
    bool decoded = false;
    std::vector<PortCorePtr> ports;

    // Encodes \a message, its ArrayBuffers of Limits::binaryLaneThreshold() bytes or more
    // into buffers.
    bool encode(const QVariant &message, QString *error);
    // The value: decoded already, or decoded now from wire and buffers.
    bool decode(QVariant *out, QString *error) const;
};

class WEBIPC_CORE_EXPORT PortCore
{
public:
    // All fields are guarded by PortGraph's mutex.
    std::weak_ptr<PortCore> peer;
    RemoteEnd peerRemote;
    QPointer<MessagePortMain> holder;
    RemoteEnd holderRemote;
    // What arrived while the end had no holder (on its way to a page or a port): for the next.
    std::deque<PortPayload> parked;
    bool closed = false;
    static int liveCount(); // for tests: cores not freed yet
    PortCore();
    ~PortCore();
};

// The port ends one document holds; closed when the document ends (it is DocumentState's).
class DocumentPorts
{
public:
    DocumentPorts(WebContents *contents, int frameId, const QString &documentId);
    ~DocumentPorts();

    struct Entry
    {
        PortCorePtr core;
        bool holdsPeer = false; // the page holds the core's peer; else it is the core's holder
    };
    RemoteEnd endFor(qint64 portId) const;
    // A number the page chose for a port it transferred: a new core whose peer it is.
    PortCorePtr takePagePort(qint64 portId);
    // Gives the page \a core: its holder from now on; returns the number for the page.
    qint64 givePort(const PortCorePtr &core);
    Entry *find(qint64 portId);
    void forget(qint64 portId) { m_entries.erase(portId); }
    bool isValidNewPageId(qint64 portId) const;
    size_t size() const { return m_entries.size(); }

    QPointer<WebContents> contents;
    int frameId = 0;
    QString documentId;

private:
    std::map<qint64, Entry> m_entries;
    qint64 m_nextMainId = -1;
};

// Runs \a work in the thread of \a context: now if that is this thread and not \a queued.
template<typename Work>
void runInThreadOf(QObject *context, Work &&work, bool queued)
{
    if (!context)
        return;
    if (!queued && context->thread() == QThread::currentThread())
        work();
    else
        QMetaObject::invokeMethod(context, std::forward<Work>(work), Qt::QueuedConnection);
}

// The operations on the graph of ends (messageport.cpp).
class PortGraph
{
public:
    static PortCorePtr coreOf(MessagePortMain *port);
    // Detaches the ends of \a transfer from their objects for sending, after the checks of
    // MessagePortMain::postMessage(); empty \a error on success.
    static std::vector<PortCorePtr> detach(const QList<MessagePortMain *> &transfer,
                                           const MessagePortMain *source, QString *error);
    // Something arrives at \a core from its peer: to its holder.
    static void deliverToHolder(const PortCorePtr &core, PortPayload payload);
    // The holder of \a core posts: to its peer.
    static void sendToPeer(const PortCorePtr &core, PortPayload payload);
    // Closes \a core and its peer; every holder is told (closed(), or a page's close event).
    static void close(const PortCorePtr &core);
    static void closeAll(const std::vector<PortCorePtr> &cores);
    static bool isClosed(const PortCorePtr &core);
    // What arrived at \a core while it had no holder, for its new holder.
    static std::deque<PortPayload> takeParked(const PortCorePtr &core);
    // A new MessagePortMain holding \a core.
    static MessagePortMain *adopt(const PortCorePtr &core, QObject *parent);
    // A pair of entangled cores.
    static void entangle(const PortCorePtr &a, const PortCorePtr &b);
};

} // namespace WebIpc
