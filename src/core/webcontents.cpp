// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// WebContents: the public class, its creation, and the page lifecycle the host layer reports.
#include "webcontents_p.h"

#include "ipcmain_p.h"
#include "ipcobserver_p.h"
#include "logging_p.h"
#include "protocol_p.h"

#include <QtCore/QHash>

namespace WebIpc {

namespace {

int nextContentsId = 1;
QHash<int, WebContents *> &contentsById()
{
    static QHash<int, WebContents *> registry;
    return registry;
}

} // namespace

// Defined in syncgate.cpp: which page (and document) a sync request's key belongs to.
void registerDocumentKey(const QByteArray &key, WebContents *contents);
void unregisterDocumentKey(const QByteArray &key);
QByteArray registerAdmissionKey(WebContents *contents);

WebContents::WebContents(IpcMain *ipcMain, QObject *host)
    : QObject(host), d_ptr(new WebContentsPrivate(this))
{
    Q_D(WebContents);
    d->ipcMain = ipcMain;
    d->host = host;
    d->id = nextContentsId++;
    d->bridge = new BridgeObject(d, this);
    d->m_admissionKey = registerAdmissionKey(this);
    contentsById().insert(d->id, this);
}

WebContents::~WebContents()
{
    Q_D(WebContents);
    Q_EMIT closed();
    IpcObserver::pageClosed(d->id);
    contentsById().remove(d->id);
    unregisterDocumentKey(d->m_admissionKey);
    if (d->ipcMain)
        IpcMainPrivate::get(d->ipcMain)->removeContents(this);
    d->endMainDocument(); // answers the sync requests still waiting, cancels the calls in flight
}

int WebContents::id() const
{
    Q_D(const WebContents);
    return d->id;
}

QUrl WebContents::url() const
{
    Q_D(const WebContents);
    return d->url;
}

bool WebContents::isReady() const
{
    Q_D(const WebContents);
    return d->ready;
}

IpcMain *WebContents::ipcMain() const
{
    Q_D(const WebContents);
    return d->ipcMain;
}

IpcMain *WebContents::ipc()
{
    Q_D(WebContents);
    if (!d->scoped)
        d->scoped = std::make_unique<IpcMain>();
    return d->scoped.get();
}

WebContents *WebContents::fromId(int id) { return contentsById().value(id); }

// ---------------------------------------------------------------------------------------------
// WebContentsPrivate: creation and host events

WebContentsPrivate::WebContentsPrivate(WebContents *q)
    : q_ptr(q), documents([q](const QByteArray &key, bool live) {
          if (live)
              registerDocumentKey(key, q);
          else
              unregisterDocumentKey(key);
      })
{
    documents.owner = q;
}
WebContentsPrivate::~WebContentsPrivate() = default;

WebContents *WebContentsPrivate::create(IpcMain *ipcMain, QObject *host)
{
    auto *contents = new WebContents(ipcMain, host);
    IpcMainPrivate::get(ipcMain)->addContents(contents);
    IpcObserver::pageCreated(contents);
    return contents;
}

WebContents *WebContentsPrivate::fromHost(const QObject *host, const IpcMain *ipcMain)
{
    for (WebContents *contents : ipcMain->webContents()) {
        if (get(contents)->host == host)
            return contents;
    }
    return nullptr;
}

void WebContentsPrivate::setUrl(const QUrl &newUrl)
{
    Q_Q(WebContents);
    if (url == newUrl)
        return;
    url = newUrl;
    // A same-document navigation changes the URL, not the document (nor its origin).
    FrameState &main = documents.mainFrame();
    main.info = FrameInfo(url, main.info.origin(), 0, processId, true);
    Q_EMIT q->urlChanged(url);
}

void WebContentsPrivate::setProcessIdSource(std::function<qint64()> source)
{
    processIdSource = std::move(source);
    refreshProcessId();
}

void WebContentsPrivate::refreshProcessId()
{
    const qint64 current = processIdSource ? processIdSource() : 0;
    if (current == processId)
        return;
    processId = current;
}

void WebContentsPrivate::navigationStarted()
{
    // What is sent from now on goes to the document the navigation brings. Documents are not
    // accepted because of this signal (it does not come for every document, see DESIGN.md),
    // only by their own hello.
    qCDebug(lcProtocol) << "WebContents" << id << "navigation started: holding messages";
    holding = true;
    setReady(false);
}

void WebContentsPrivate::navigationFinished(const QString &documentIdInPage)
{
    const DocumentState &current = documents.mainFrame().document;
    qCDebug(lcProtocol) << "WebContents" << id << "navigation ended; the page shows"
                        << (documentIdInPage == current.id ? "the current document" : "another")
                        << "document, listening:" << current.listening;
    if (!current.id.isEmpty() && documentIdInPage == current.id) {
        // The navigation left the document in place (same-document, failed or stopped).
        holding = false;
        setReady(current.listening);
    }
}

void WebContentsPrivate::documentLost()
{
    // The host reports a terminated render process a few milliseconds late: by then a new
    // process may already host a new document, which lives on.
    const qint64 documentProcess = documents.mainFrame().info.processId();
    const qint64 current = processIdSource ? processIdSource() : 0;
    if (documentProcess != 0 && current == documentProcess)
        return;
    endMainDocument();
}

void WebContentsPrivate::setReady(bool newReady)
{
    Q_Q(WebContents);
    if (ready == newReady)
        return;
    ready = newReady;
    Q_EMIT q->readyChanged(ready);
    if (ready && !outbox.empty())
        scheduleFlush();
}

} // namespace WebIpc
