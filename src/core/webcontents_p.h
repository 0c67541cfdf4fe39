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

// The main side of WebIpc's protocol for one page. The host layer (WebIpc::WebEngine, used by
// Widgets and QML alike) creates it, feeds it the page's lifecycle and serves its sync
// requests. Not API.
//
// documenttable.cpp: documents and frames, the only state machine (who may speak, as whom)
// webcontents.cpp:   the public class, creation, host events
// inbox.cpp:         what pages post, handled a slice at a time; dispatch to listeners/handlers
// syncgate.cpp:      sendSync requests: credential, origin and ordering checks
// outbox.cpp:        send, sendToFrame, replies: held until their document listens
// invokecalls.cpp:   invoke calls in flight: answers, cancellation, timeouts

#include "binarylane_p.h"
#include "bridgeobject_p.h"
#include "documenttable_p.h"
#include "ratelimitedlog_p.h"

#include <WebIpc/frameinfo.h>
#include <WebIpc/ipcmain.h>
#include <WebIpc/webcontents.h>
#include <WebIpc/webipcglobal.h>

#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QPointer>
#include <QtCore/QStringList>
#include <QtCore/QUrl>

QT_FORWARD_DECLARE_CLASS(QTimer)

#include <chrono>
#include <deque>
#include <functional>
#include <memory>

namespace WebIpc {

class IpcMain;
class IpcMainPrivate;
class SyncCall;
class DocumentPorts;
class PortCore;
struct PortPayload;
struct RemoteEnd;

class RemoteError;
namespace detail {
struct InvokeFailure;
}

// One synchronous request, as the host's URL scheme handler received it.
struct SyncRequest
{
    QByteArray payload; // percent-encoded JSON (see bridge.js)
    QByteArray key; // the document's credential
    // The page's admission key: lets a subframe whose hello could not be relayed yet join the
    // page as a new frame, of the origin the browser names (see syncgate.cpp).
    QByteArray admissionKey;
    QUrl initiator; // the requesting document's origin, from the browser
};

class WEBIPC_CORE_EXPORT WebContentsPrivate
{
public:
    // Answers one sync request: an HTTP-like status and a JSON body.
    using SyncResponder = std::function<void(int status, const QByteArray &body)>;

    // --- for the host layer ---
    static WebContents *create(IpcMain *ipcMain, QObject *host);
    static WebContentsPrivate *get(WebContents *contents) { return contents->d_func(); }
    static WebContents *fromHost(const QObject *host, const IpcMain *ipcMain);

    QString currentDocumentId() const { return documents.mainFrame().document.id; }
    // For the subframes' bridge (in its isolated world only): see SyncRequest::admissionKey.
    QByteArray admissionKey() const { return m_admissionKey; }

    void setUrl(const QUrl &url);
    // Whether subframes may speak (AttachOptions::enableSubframes); only the main frame if not.
    void setSubframesEnabled(bool enabled) { subframesEnabled = enabled; }
    // Where the render process id comes from; asked whenever a document starts.
    void setProcessIdSource(std::function<qint64()> source);
    // A main-frame navigation started: hold outgoing messages until a document listens.
    void navigationStarted();
    // A navigation ended. \a documentIdInPage is the id of the bridge now in the page, if the
    // host could read it: if it is still the current document (a same-document navigation, or
    // a navigation that did not commit), it listens again.
    void navigationFinished(const QString &documentIdInPage);
    // The render process is gone: the document with it.
    void documentLost();

    // Serves a sync request. \a respond is called exactly once, maybe later.
    static void handleSyncRequest(const SyncRequest &request, const SyncResponder &respond);

    // binarylane.cpp. How to run a script in the bridge's world of the main frame (lets
    // C++ pull a page's large ArrayBuffers); without one, every buffer travels inline.
    void setScriptRunner(
            std::function<void(const QString &, std::function<void(const QVariant &)>)> runner);
    // Serves the webipc: scheme's bytes URL: the buffer with one-time id \a id, for the
    // document whose key is \a key, asked for from \a initiator. \a respond: the bytes, or
    // false for a refusal.
    static void serveBytes(const QByteArray &key, const QUrl &initiator, const QByteArray &id,
                           const std::function<void(bool ok, const QByteArray &bytes)> &respond);
    // Qt 6.7+ (binaryscheme.cpp): a buffer the bridge posted, for the document of \a key;
    // taken instead of pulling it. False if refused.
    static bool receiveUploadedBytes(const QByteArray &key, const QUrl &initiator,
                                     const QByteArray &id, const QByteArray &bytes);
    // The lane's buffers held now, pulled or waiting for the page (bytes; for tests).
    qsizetype laneBytesHeld() const;
    // How many buffers went by the lane: pulled from the page, offered to it (for tests).
    int lanePulls() const { return m_lane ? m_lane->pulls : 0; }
    int laneOffers() const { return m_lane ? m_lane->offers : 0; }
    QByteArray laneLastOffer() const { return m_lane ? m_lane->lastOffer : QByteArray(); }

    // --- internal ---
    explicit WebContentsPrivate(WebContents *q);
    ~WebContentsPrivate();

    // From the bridge: messages of the main frame's document, or relayed from a subframe
    // (origin verified by the browser, url as the frame reports it; route 0: a frame that is
    // unloading, known only by its document and key).
    void receivePosted(const QString &documentId, const QJsonArray &messages);
    void receivePostedProperty(const QJsonArray &posted); // [documentId, messages]
    void receiveFromFrame(int route, const QString &origin, const QString &url,
                          const QString &documentId, const QString &key,
                          const QJsonArray &messages);
    // Queues \a message for frame \a frameId; for \a documentId only, when it is given.
    void queueOutgoing(const QJsonArray &message, const QString &documentId = QString(),
                       int frameId = 0);
    // event.reply(): to the document that sent the event, never to one that replaced it.
    bool sendToDocument(int frameId, const QString &documentId, const QString &channel,
                        const QVariantList &args);

    WebContents *q_ptr;
    QPointer<IpcMain> ipcMain;
    QPointer<QObject> host;
    int id = 0;
    QUrl url;
    qint64 processId = 0;
    std::function<qint64()> processIdSource;
    BridgeObject *bridge = nullptr;
    std::unique_ptr<IpcMain> scoped; // webContents.ipc, created on first use
    std::map<int, std::unique_ptr<IpcMain>> frameIpcs; // frame.ipc (frameipc.cpp)
    // frame.ipc of \a frameId, if it has one (forgets those of frames that are gone).
    IpcMainPrivate *frameTier(int frameId);
    bool ready = false; // the main frame's document listens, and no navigation holds it
    bool holding = true; // a navigation started and no document listens since
    bool subframesEnabled = false;
    DocumentTable documents;
    RateLimitedLog protocolLog;

private:
    Q_DECLARE_PUBLIC(WebContents)

    enum class Path { Channel, Sync };

    struct PendingSync
    {
        QByteArray key;
        QString documentId;
        int frameId = 0;
        double after = 0;
        QJsonArray messages;
        SyncResponder respond;
        QElapsedTimer waiting;
    };

    // inbox.cpp
    // Logs a warning about what the page sent, rate-limited; whether it was written.
    bool warnAboutPage(const QString &text);
    bool admitMainPost(const QString &documentId, const QJsonArray &messages);
    FrameState *admitRelay(int route, const QString &origin, const QString &url,
                           const QString &documentId, const QByteArray &key,
                           const QJsonArray &messages);
    void enqueue(int frameId, const QString &documentId, const QJsonArray &messages);
    void refuseBatch(FrameState &frame, const QJsonArray &messages, const QString &reason);
    void drainInbox();
    void processMessage(int frameId, const QJsonValue &message, Path path,
                        const SyncResponder &respond);
    void dispatchInvoke(FrameState &frame, const QString &channel, const QJsonValue &args,
                        double invokeId, bool stream = false);
    void dispatchMessage(FrameState &frame, const QString &channel, const QJsonValue &args,
                         const SyncResponder *syncRespond, const QList<qint64> *portIds = nullptr);
    bool originAllows(const FrameState &frame, const QString &channel) const;
    // Decodes a message's arguments within the limits; logs and returns false if it cannot.
    bool decodeArgs(const QJsonValue &wireArgs, const QString &channel, QVariantList *args,
                    QString *error);
    // Logs and tells the frame that its message on \a channel was refused; returns the reason.
    QString refuse(const FrameState &frame, const QString &channel);
    void beginMainDocument(const QString &documentId, const QByteArray &key, const QString &origin);
    void endMainDocument();

    // invokecalls.cpp
    // Takes a call whose handler ran: answered now if its future is finished (within the batch
    // being handled), else when it finishes, or when \a timeout (if not zero) has passed.
    void startCall(FrameState &frame, std::shared_ptr<detail::InvokeCallState> call,
                   std::chrono::milliseconds timeout);
    void callFinished(int frameId, const QString &documentId, double invokeId);
    void answerCall(const FrameState &frame, detail::InvokeCallState &call);
    // A stream's results so far go to the page as chunks, within its credit window (the
    // handler's future is suspended when the window is full); false if one could not be sent.
    bool sendChunks(const FrameState &frame, detail::InvokeCallState &call);
    void receiveStreamAck(FrameState &frame, const QJsonArray &message);
    void replyFailure(const FrameState &frame, const QString &channel, double invokeId,
                      const detail::InvokeFailure &failure);
    // Cancels a call in flight; \a answer, if given, is the page's rejection.
    void endCall(FrameState &frame, double invokeId, const detail::InvokeFailure *answer);
    // The page's messages about its calls (InvokeCancel, RemoteReply, PageHandler); false for
    // any other kind.
    bool receiveCallMessage(FrameState &frame, int kind, const QJsonArray &message);

    // remotecalls.cpp
    QFuture<QVariant> startRemoteCall(const QString &channel, const QVariantList &args,
                                      const InvokeOptions &options);
    // Ends a call main made: cancelled by its caller (no \a error), or failed with \a error.
    void endRemoteCall(int frameId, const QString &documentId, double callId,
                       const RemoteError *error);
    void receiveRemoteReply(FrameState &frame, const QJsonArray &message);
    void receivePageHandler(FrameState &frame, const QJsonArray &message);
    qint64 lastRemoteCallId = 0;

    // syncgate.cpp
    FrameState *admitUnroutedSubframe(const QJsonObject &request, const QByteArray &key,
                                      const QString &origin);
    void receiveSync(PendingSync pending);
    void runDeferredSyncs(bool force);
    void processSync(PendingSync &pending);
    std::shared_ptr<SyncCall> makeSyncCall(const SyncResponder &respond, const QString &channel);
    void failSyncsOf(int frameId);

    // pageports.cpp: MessagePorts
public:
    static void postToPagePort(const RemoteEnd &end, PortPayload payload);
    static void closePagePort(const RemoteEnd &end);

private:
    DocumentPorts *portsOf(FrameState &frame);
    bool receivePortsMessage(FrameState &frame, int kind, const QJsonArray &message);
    void portsListening(FrameState &frame);
    QJsonArray givePorts(FrameState &frame, const std::vector<std::shared_ptr<PortCore>> &cores,
                         QJsonArray *closedIds);
    void portsGiven(FrameState &frame, const QJsonArray &closedIds,
                    const std::vector<std::shared_ptr<PortCore>> &given);
    QList<MessagePortMain *> takePagePorts(FrameState &frame, const QList<qint64> &ids,
                                           std::vector<std::shared_ptr<PortCore>> *cores);
    void refusePagePorts(FrameState &frame, const QList<qint64> &ids);
    // WebContents::postMessage before a document listens: [channel, args] and the ports.
    std::deque<std::pair<QJsonArray, std::vector<std::shared_ptr<PortCore>>>> pendingPortPosts;

    // binarylane.cpp
    friend class LaneEncoding;
    BinaryLane &lane();
    void receiveBytes(FrameState &frame, const QJsonArray &message);
    void pullBytes(const FrameState &frame, const QJsonArray &ids, const QList<qsizetype> &sizes);
    void pullDone(quint64 generation, qsizetype index, qsizetype size, const QVariant &result);
    // The buffers the message \a value may use, taken (those of any other message dropped).
    Codec::OutOfBand takeIncomingBytes(int frameId, const QJsonValue &value);
    bool pullingBytes() const;
    QList<QByteArray> takeOutgoingBytes();
    // Gives \a bytes one-time ids for \a frame's document: the BytesToPage message.
    QJsonArray offerBytes(const FrameState &frame, const QList<QByteArray> &bytes);
    // Frees what belongs to documents that are gone, or waited too long.
    void releaseLaneBytes();
    std::shared_ptr<BinaryLane> m_lane;

    // outbox.cpp
    void scheduleFlush();
    void flush();
    void emitBatch(const FrameState &frame, QJsonArray batch, bool plain, qsizetype longestString);

    void setReady(bool ready);
    void refreshProcessId();

    std::deque<PendingSync> deferredSyncs;
    bool syncTimerArmed = false;
    QByteArray m_admissionKey;

    struct Incoming
    {
        int frameId = 0;
        QString documentId;
        QJsonArray messages;
        qsizetype next = 0; // the first message not handled yet
    };
    std::deque<Incoming> inbox; // batches from the page, handled a slice at a time
    qsizetype inboxSize = 0; // messages in the inbox not handled yet
    bool draining = false;

    struct Outgoing
    {
        int frameId = 0;
        QString documentId; // empty: for whichever document the frame has when it is sent
        QJsonArray message;
        QList<QByteArray> bytes; // its out-of-band buffers (binarylane.cpp)
        qsizetype longestString = 0; // of its values, in UTF-16 units (see emitBatch())
    };
    std::deque<Outgoing> outbox;
    bool flushScheduled = false;
    QTimer *flushTimer = nullptr; // see scheduleFlush(); made when first needed, owned by q
};

// Shared by the files of WebContentsPrivate.
namespace Limits {
// How many messages are held for a page whose document is not ready; more are refused.
constexpr size_t MaximumHeldMessages = 100000;
// How far one message may move the sequence number on. A failed sendSync leaves a small gap;
// a message that jumps further is malformed (and would otherwise lock out later messages).
constexpr double MaximumSequenceStep = 1000000;
// How long a sync request waits for the async messages sent before it, or for its document's
// hello (a same-site subframe cannot have its hello relayed while it blocks).
constexpr int SyncOrderingGraceMs = 5000;
constexpr int SyncUnknownDocumentGraceMs = 1000;
// How many sync requests may wait at once, over all pages.
constexpr size_t MaximumWaitingSyncs = 256;
// How many incoming messages are handled in one turn of the event loop.
constexpr qsizetype MessagesPerSlice = 2000;
// How many incoming messages may wait to be handled; a page that sends more is refused.
constexpr qsizetype MaximumInboxMessages = 1000000;
// A batch of at least this many messages goes to the page as one JSON text, and so does a
// smaller one whose strings are all shorter than LongStringInBatch (see emitBatch()).
constexpr qsizetype TextBatchThreshold = 32;
constexpr qsizetype LongStringInBatch = 16 * 1024;
} // namespace Limits

// The body of a failed sync answer; \a reason in WebIpc's words, never a credential.
QByteArray syncErrorBody(const QString &reason);
// syncgate.cpp, for the binary lane: the page with the document of \a key, and whether a
// request's \a initiator (from the browser) is \a documentOrigin.
WebContents *contentsWithDocumentKey(const QByteArray &key);
bool initiatorIsOrigin(const QUrl &initiator, const QString &documentOrigin);

// Makes the encoders of this scope put large ArrayBuffers out of band, for a message to
// \a frameId of \a d (the main frame only; subframes and hosts without a script runner get
// them inline). queueOutgoing() takes them with the message; what it does not take is dropped.
class LaneEncoding
{
public:
    LaneEncoding(WebContentsPrivate *d, int frameId);
    ~LaneEncoding();
    LaneEncoding(const LaneEncoding &) = delete;
    LaneEncoding &operator=(const LaneEncoding &) = delete;
    void discard();
    // Takes \a buffers as the out-of-band buffers of a message encoded already (their "B" tags
    // are its indexes): false if this scope has no lane, or its sink holds others.
    bool adopt(const QList<QByteArray> &buffers);

private:
    Codec::OutOfBand *m_sink;
    Codec::OutOfBandScope m_scope;
};

} // namespace WebIpc
