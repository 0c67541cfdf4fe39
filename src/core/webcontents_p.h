// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

// The main side of WebIpc's protocol for one page: documents and frames, ordering, batching,
// the held outbox and the sendSync path. The host layer (WebIpc::WebEngine, WebIpc::Quick)
// creates it, feeds it the page's lifecycle and serves its sync requests. Not API.
//
// webcontents.cpp: the public class, creation, host events
// webcontents_incoming.cpp: documents and frames, the inbox, dispatch to listeners and handlers
// webcontents_sync.cpp: the sendSync path
// webcontents_outgoing.cpp: the outbox, send and sendToFrame

#include "bridgeobject_p.h"

#include <WebIpc/frameinfo.h>
#include <WebIpc/ipcmain.h>
#include <WebIpc/webcontents.h>
#include <WebIpc/webipcglobal.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QPointer>
#include <QtCore/QStringList>
#include <QtCore/QUrl>

#include <deque>
#include <functional>
#include <map>
#include <memory>

QT_BEGIN_NAMESPACE
class QWebChannel;
QT_END_NAMESPACE

namespace WebIpc {

class IpcMain;
class SyncCall;

// One frame's current document, as the protocol sees it. The main frame is frame 0; subframes
// are numbered by the top frame's bridge.
struct FrameState
{
    int frameId = 0;
    FrameInfo info;
    QString documentId;
    QStringList endedDocuments; // recent documents whose late messages are dropped
    double lastSeq = 0;
    int pendingInvokes = 0;
    // A new main-frame document may only appear after a navigation started (or before the
    // first one): a document id nobody expects is forged or stale.
    bool expectingDocument = true;
    // A subframe's number at the top frame's bridge, which routes messages to it; 0 until the
    // frame's first relayed message (its first contact may be a sendSync).
    int route = 0;
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

    QWebChannel *webChannel() const { return channel; }
    // The per-page secret the bridge script carries in its sync requests.
    QByteArray syncSecret() const { return secret; }
    QString currentDocumentId() const { return main.documentId; }

    void setPage(QWebEnginePage *page);
    void setUrl(const QUrl &url);
    // Where the render process id comes from; asked whenever a document starts.
    void setProcessIdSource(std::function<qint64()> source);
    // A main-frame navigation started: hold outgoing messages until a document is ready.
    void navigationStarted();
    // A navigation ended. \a documentIdInPage is the id of the bridge now in the page, if the
    // host could read it: if it is still the current document (a same-document navigation, or
    // a navigation that did not commit), it is ready again.
    void navigationFinished(const QString &documentIdInPage);
    // The render process is gone: the document with it.
    void documentLost();

    // Serves a sync request whose header value is \a request (percent-encoded JSON), made by a
    // page of origin \a initiator. \a respond is called exactly once, maybe later.
    static void handleSyncRequest(const QByteArray &request, const QUrl &initiator,
                                  const SyncResponder &respond);

    // --- internal ---
    explicit WebContentsPrivate(WebContents *q);
    ~WebContentsPrivate();

    // From the bridge: messages of the main frame's document, or relayed from a subframe
    // (origin verified by the browser, url as the frame reports it).
    void receivePosted(const QString &documentId, const QJsonArray &messages);
    void receiveFromFrame(int route, const QString &origin, const QString &url,
                          const QString &documentId, const QJsonArray &messages);
    // Queues \a message for frame \a frameId; for \a documentId only, when it is given.
    void queueOutgoing(const QJsonArray &message, const QString &documentId = QString(),
                       int frameId = 0);
    FrameState *frame(int frameId);

    WebContents *q_ptr;
    QPointer<IpcMain> ipcMain;
    QPointer<QObject> host;
    QWebEnginePage *page = nullptr; // valid while host is
    int id = 0;
    QUrl url;
    qint64 processId = 0;
    std::function<qint64()> processIdSource;
    QWebChannel *channel = nullptr;
    BridgeObject *bridge = nullptr;
    QByteArray secret;
    std::unique_ptr<IpcMain> scoped; // webContents.ipc, created on first use
    bool ready = false; // the main frame's document listens

    FrameState main;
    std::map<int, FrameState> subframes; // by frame id, numbered here
    QHash<int, int> frameByRoute; // the top bridge's numbers -> frame ids
    int nextFrameId = 1;

private:
    Q_DECLARE_PUBLIC(WebContents)

    struct PendingSync
    {
        QString documentId;
        double after = 0;
        QJsonArray messages;
        SyncResponder respond;
    };

    // A subframe by its document, or a new one (origin from the browser, url if it agrees).
    FrameState *subframeFor(const QString &documentId, const QString &origin, const QString &url);
    void receiveSubframeSync(const QJsonObject &request, const QString &initiatorOrigin,
                             const SyncResponder &respond);

    enum class Path { Channel, Sync };

    bool acceptDocument(FrameState &frame, const QString &documentId);
    void endDocument(FrameState &frame);
    void setReady(bool ready);
    void drainInbox();
    void processMessages(int frameId, const QJsonArray &messages, Path path,
                         const SyncResponder &respond);
    void processMessage(int frameId, const QJsonValue &message, Path path,
                        const SyncResponder &respond);
    void dispatchInvoke(FrameState &frame, const QString &channel, const QJsonValue &args,
                        double invokeId);
    void dispatchMessage(FrameState &frame, const QString &channel, const QJsonValue &args,
                         const SyncResponder *syncRespond);
    void receiveSync(const QJsonObject &request, const SyncResponder &respond);
    FrameState *frameWithDocument(const QString &documentId);
    void runDeferredSyncs(bool force);
    void scheduleFlush();
    void flush();
    void emitBatch(int frameId, const QString &documentId, QJsonArray batch);
    void updateMainFrame();
    void refreshProcessId();
    std::shared_ptr<SyncCall> makeSyncCall(const SyncResponder &respond);
    bool originAllows(const FrameState &frame, const QString &channel) const;
    // Decodes a message's arguments within the limits; logs and returns false if it cannot.
    bool decodeArgs(const QJsonValue &wireArgs, const QString &channel, QVariantList *args,
                    QString *error) const;
    // Logs and tells the frame that its message on \a channel was refused; returns the reason.
    QString refuse(const FrameState &frame, const QString &channel);

    std::deque<PendingSync> deferredSyncs;

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
    };
    std::deque<Outgoing> outbox;
    bool flushScheduled = false;
};

// Shared by the files of WebContentsPrivate.
namespace Limits {
// How many ended documents are remembered, so that their late messages are recognised.
constexpr int EndedDocumentMemory = 16;
// How many messages are held for a page whose document is not ready; more are refused.
constexpr size_t MaximumHeldMessages = 100000;
// How far one message may move the sequence number on. A failed sendSync leaves a small gap;
// a message that jumps further is malformed (and would otherwise lock out later messages).
constexpr double MaximumSequenceStep = 1000000;
// How long a sync request waits for the async messages sent before it.
constexpr int SyncOrderingGraceMs = 5000;
// How many incoming messages are handled in one turn of the event loop.
constexpr qsizetype MessagesPerSlice = 2000;
// How many incoming messages may wait to be handled; a page that sends more is refused.
constexpr qsizetype MaximumInboxMessages = 1000000;
// How many subframes of one page may talk to main.
constexpr size_t MaximumSubframes = 1000;
// A batch of at least this many messages goes to the page as one JSON text (see emitBatch()).
constexpr qsizetype TextBatchThreshold = 32;
} // namespace Limits

QByteArray syncErrorBody(const QString &message);

} // namespace WebIpc
