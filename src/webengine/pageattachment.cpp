// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "pageattachment_p.h"

#include "../core/logging_p.h"
#include "../core/protocol_p.h"
#include "../core/webcontents_p.h"
#include "scripts_p.h"
#include "syncschemehandler_p.h"

#include <QtCore/QTimer>
#include <QtWebChannel/QWebChannel>
#include <QtWebEngineCore/QWebEngineProfile>
#include <QtWebEngineCore/QWebEngineScript>
#include <QtWebEngineCore/QWebEngineScriptCollection>

namespace WebIpc {

PageAttachment::PageAttachment(WebContents *contents, QWebEnginePage *page,
                               const AttachOptions &options)
    : QObject(contents),
      m_contents(WebContentsPrivate::get(contents)),
      m_page(page),
      m_options(options)
{
    setObjectName(QStringLiteral("WebIpc::PageAttachment"));
    m_contents->setPage(page);
    m_contents->setUrl(page->url());
    QPointer<QWebEnginePage> guardedPage(page);
    m_contents->setProcessIdSource(
            [guardedPage]() { return guardedPage ? guardedPage->renderProcessPid() : 0; });
    install();

    // closed() comes first thing in ~WebContents, while the channel still exists: the page must
    // let go of it before it is destroyed.
    connect(contents, &WebContents::closed, this, &PageAttachment::uninstall);

    WebContentsPrivate *d = m_contents;
    connect(page, &QWebEnginePage::loadStarted, this, [d]() { d->navigationStarted(); });
    connect(page, &QWebEnginePage::loadFinished, this, [this]() { probeDocument(0); });
    connect(page, &QWebEnginePage::urlChanged, this, [d](const QUrl &url) { d->setUrl(url); });
    connect(page, &QWebEnginePage::renderProcessTerminated, this, [d]() { d->documentLost(); });
}

PageAttachment::~PageAttachment() { uninstall(); }

PageAttachment *PageAttachment::of(const WebContents *contents)
{
    return contents->findChild<PageAttachment *>(QStringLiteral("WebIpc::PageAttachment"),
                                                 Qt::FindDirectChildrenOnly);
}

void PageAttachment::install()
{
    QWebEnginePage *page = m_page.data();
    SyncSchemeHandler::installOn(page->profile());
    m_contents->setSubframesEnabled(m_options.enableSubframes);
    // One channel per page: the bridge object it publishes is the sender's identity.
    m_channel = new QWebChannel(this);
    m_channel->registerObject(QString::fromLatin1(Protocol::BridgeObjectName), m_contents->bridge);
    page->setWebChannel(m_channel, m_options.worldId);

    const IpcMain *ipcMain = m_contents->ipcMain.data();
    const QList<QWebEngineScript> scripts = Scripts::pageScripts(
            m_options, m_contents->admissionKey(), ipcMain ? ipcMain->maximumMessageSize() : 0);
    for (const QWebEngineScript &script : scripts)
        page->scripts().insert(script);
}

void PageAttachment::uninstall()
{
    QWebEnginePage *page = m_page.data();
    m_page.clear();
    if (!page)
        return;
    QWebEngineScriptCollection &scripts = page->scripts();
    const QStringList names = Scripts::scriptNames();
    for (const QString &name : names) {
        const QList<QWebEngineScript> found = scripts.find(name);
        for (const QWebEngineScript &script : found)
            scripts.remove(script);
    }
    if (page->webChannel() == m_channel)
        page->setWebChannel(nullptr, m_options.worldId);
}

void PageAttachment::probeDocument(int attempt)
{
    QWebEnginePage *page = m_page.data();
    if (!page)
        return;
    // A navigation that ended without a new document (same-document, failed or stopped) leaves
    // the current document in place: find out which document the page has now. The answer can
    // race with the hello of a document that is just starting; if the page still holds its
    // messages once it is idle, ask again a little later.
    QPointer<PageAttachment> self(this);
    page->runJavaScript(Scripts::documentIdProbe(), m_options.worldId,
                        [self, attempt](const QVariant &documentId) {
                            if (!self)
                                return;
                            self->m_contents->navigationFinished(documentId.toString());
                            QWebEnginePage *probed = self->m_page.data();
                            if (!probed || probed->isLoading() || self->m_contents->ready
                                || attempt >= 5)
                                return;
                            QTimer::singleShot(200, self, [self, attempt]() {
                                if (self)
                                    self->probeDocument(attempt + 1);
                            });
                        });
}

WebContents *attach(IpcMain *ipcMain, QWebEnginePage *page, const AttachOptions &options)
{
    if (!ipcMain || !page)
        return nullptr;
    if (WebContents *existing = findWebContents(ipcMain, page))
        return existing;
    if (page->webChannel()) {
        qCWarning(lcMain) << "WebIpc::attach: the page already has a QWebChannel; WebIpc needs "
                             "a channel of its own, so the page was not attached";
        return nullptr;
    }
    WebContents *contents = WebContentsPrivate::create(ipcMain, page);
    new PageAttachment(contents, page, options);
    return contents;
}

WebContents *findWebContents(IpcMain *ipcMain, const QWebEnginePage *page)
{
    return ipcMain ? WebContentsPrivate::fromHost(page, ipcMain) : nullptr;
}

void detach(IpcMain *ipcMain, QWebEnginePage *page) { delete findWebContents(ipcMain, page); }

} // namespace WebIpc
