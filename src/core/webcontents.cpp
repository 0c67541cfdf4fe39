// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// WebContents: the public class, its creation, and the page lifecycle the host layer reports.
#include "webcontents_p.h"

#include "ipcmain_p.h"
#include "protocol_p.h"

#include <QtCore/QHash>
#include <QtCore/QRandomGenerator>
#include <QtWebChannel/QWebChannel>

namespace WebIpc {

namespace {

int nextContentsId = 1;
QHash<int, WebContents *> &contentsById()
{
    static QHash<int, WebContents *> registry;
    return registry;
}

QByteArray makeSecret()
{
    quint32 words[8];
    QRandomGenerator::system()->fillRange(words);
    return QByteArray(reinterpret_cast<const char *>(words), sizeof(words)).toHex();
}

} // namespace

// Defined in webcontents_sync.cpp.
void registerSyncSecret(const QByteArray &secret, WebContents *contents);
void unregisterSyncSecret(const QByteArray &secret);

WebContents::WebContents(IpcMain *ipcMain, QObject *host)
    : QObject(host), d_ptr(new WebContentsPrivate(this))
{
    Q_D(WebContents);
    d->ipcMain = ipcMain;
    d->host = host;
    d->id = nextContentsId++;
    d->secret = makeSecret();
    d->channel = new QWebChannel(this);
    d->bridge = new BridgeObject(d, this);
    d->channel->registerObject(QString::fromLatin1(Protocol::BridgeObjectName), d->bridge);
    d->updateMainFrame();
    contentsById().insert(d->id, this);
    registerSyncSecret(d->secret, this);
}

WebContents::~WebContents()
{
    Q_D(WebContents);
    Q_EMIT closed();
    contentsById().remove(d->id);
    unregisterSyncSecret(d->secret);
    if (d->ipcMain)
        IpcMainPrivate::get(d->ipcMain)->removeContents(this);
    d->documentLost(); // answers the sync requests still waiting
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

QWebEnginePage *WebContents::page() const
{
    Q_D(const WebContents);
    return d->host ? d->page : nullptr;
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

WebContentsPrivate::WebContentsPrivate(WebContents *q) : q_ptr(q) { }
WebContentsPrivate::~WebContentsPrivate() = default;

WebContents *WebContentsPrivate::create(IpcMain *ipcMain, QObject *host)
{
    auto *contents = new WebContents(ipcMain, host);
    IpcMainPrivate::get(ipcMain)->addContents(contents);
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

void WebContentsPrivate::setPage(QWebEnginePage *newPage) { page = newPage; }

void WebContentsPrivate::setUrl(const QUrl &newUrl)
{
    Q_Q(WebContents);
    if (url == newUrl)
        return;
    url = newUrl;
    updateMainFrame();
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
    updateMainFrame();
}

void WebContentsPrivate::updateMainFrame() { main.info = FrameInfo(url, 0, processId, true); }

void WebContentsPrivate::navigationStarted()
{
    main.expectingDocument = true;
    setReady(false);
}

void WebContentsPrivate::navigationFinished(const QString &documentIdInPage)
{
    if (!main.documentId.isEmpty() && documentIdInPage == main.documentId) {
        // The navigation left the document in place (same-document, failed or stopped).
        main.expectingDocument = false;
        setReady(true);
    }
}

void WebContentsPrivate::documentLost()
{
    endDocument(main);
    main.expectingDocument = true; // the next load starts a new render process and document
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

FrameState *WebContentsPrivate::frame(int frameId)
{
    if (frameId == 0)
        return &main;
    const auto it = subframes.find(frameId);
    return it == subframes.end() ? nullptr : &it->second;
}

} // namespace WebIpc
