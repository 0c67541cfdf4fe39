// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

// The page side of WebIpc's protocol for one page: document tracking, ordering, batching,
// the held outbox and the sendSync path. The host layer (WebIpc::WebEngine, WebIpc::Quick)
// creates it, feeds it the page's lifecycle and serves its sync requests. Not API.

#include "bridgeobject_p.h"

#include <WebIpc/ipcmain.h>

#include <WebIpc/frameinfo.h>
#include <WebIpc/webcontents.h>
#include <WebIpc/webipcglobal.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QPointer>
#include <QtCore/QStringList>
#include <QtCore/QUrl>

#include <deque>
#include <functional>
#include <memory>

QT_BEGIN_NAMESPACE
class QWebChannel;
QT_END_NAMESPACE

namespace WebIpc {

class IpcMain;
class SyncCall;

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
    QString currentDocumentId() const { return documentId; }

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

    void receivePosted(const QString &documentId, const QJsonArray &messages);
    void queueOutgoing(const QJsonArray &message, const QString &documentId = QString());

    WebContents *q_ptr;
    QPointer<IpcMain> ipcMain;
    QPointer<QObject> host;
    QWebEnginePage *page = nullptr; // valid while host is
    int id = 0;
    QUrl url;
    qint64 processId = 0;
    std::function<qint64()> processIdSource;
    FrameInfo mainFrame;
    QWebChannel *channel = nullptr;
    BridgeObject *bridge = nullptr;
    QByteArray secret;
    std::unique_ptr<IpcMain> scoped; // webContents.ipc, created on first use

private:
    Q_DECLARE_PUBLIC(WebContents)

    struct PendingSync
    {
        QString documentId;
        double after = 0;
        QJsonArray messages;
        SyncResponder respond;
    };

    enum class Path { Channel, Sync };

    bool acceptDocument(const QString &documentId, const QJsonArray &messages);
    void endDocument();
    void setReady(bool ready);
    void processMessages(const QJsonArray &messages, Path path, const SyncResponder &respond);
    void processMessage(const QJsonValue &message, Path path, const SyncResponder &respond);
    void dispatchInvoke(const QString &channel, const QJsonValue &args, double invokeId);
    void dispatchMessage(const QString &channel, const QJsonValue &args,
                         const SyncResponder *syncRespond);
    void receiveSync(const QJsonObject &request, const SyncResponder &respond);
    void runDeferredSyncs(bool force);
    void drainInbox();
    void scheduleFlush();
    void flush();
    void updateMainFrame();
    void refreshProcessId();
    std::shared_ptr<SyncCall> makeSyncCall(const SyncResponder &respond);
    bool originAllows(const QString &channel) const;
    // Logs and tells the page that its message on \a channel was refused; returns the reason.
    QString refuse(const QString &channel);

    QString documentId;
    QStringList endedDocuments; // recent documents whose late messages are dropped
    double lastSeq = 0;
    int pendingInvokes = 0; // of the current document
    bool ready = false;
    // A new document may only appear after a navigation started (or before the first one):
    // a document id nobody expects is forged or stale.
    bool expectingDocument = true;
    std::deque<PendingSync> deferredSyncs;

    struct Incoming
    {
        QString documentId;
        QJsonArray messages;
        qsizetype next = 0; // the first message not handled yet
    };
    std::deque<Incoming> inbox; // batches from the page, handled a slice at a time
    qsizetype inboxSize = 0; // messages in the inbox not handled yet
    bool draining = false;

    struct Outgoing
    {
        QString documentId; // empty: for whichever document is ready
        QJsonArray message;
    };
    std::deque<Outgoing> outbox;
    bool flushScheduled = false;
};

} // namespace WebIpc
