// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Attaching a QWebEnginePage: the Widgets host of the one Attachment.
#include "pageattachment_p.h"

#include "syncschemehandler_p.h"
#include <WebIpc/webenginepage.h>
#include <core/protocol_p.h>

#include <QtWebChannel/QWebChannel>
#include <QtWebEngineCore/QWebEngineProfile>
#include <QtWebEngineCore/QWebEngineScript>
#include <QtWebEngineCore/QWebEngineScriptCollection>

namespace WebIpc {

PageHost::~PageHost() { delete m_channel; }

bool PageHost::answersPrompts() const { return m_answersPrompts; }

QUrl PageHost::url() const { return m_page ? m_page->url() : QUrl(); }

qint64 PageHost::renderProcessPid() const { return m_page ? m_page->renderProcessPid() : 0; }

bool PageHost::isLoading() const { return m_page && m_page->isLoading(); }

void PageHost::connectLifecycle(Attachment *attachment)
{
    QWebEnginePage *page = m_page.data();
    QObject::connect(page, &QWebEnginePage::loadStarted, attachment, &Attachment::loadStarted);
    QObject::connect(page, &QWebEnginePage::loadFinished, attachment, &Attachment::loadFinished);
    QObject::connect(page, &QWebEnginePage::urlChanged, attachment, &Attachment::urlChanged);
    QObject::connect(page, &QWebEnginePage::renderProcessTerminated, attachment,
                     &Attachment::renderProcessTerminated);
}

void PageHost::installSchemeHandler()
{
    if (m_page)
        SyncSchemeHandler::installOn(m_page->profile());
}

void PageHost::publish(QObject *bridge, quint32 worldId)
{
    m_channel = new QWebChannel();
    m_channel->registerObject(QString::fromLatin1(Protocol::BridgeObjectName), bridge);
    m_page->setWebChannel(m_channel, worldId);
}

void PageHost::unpublish(quint32 worldId)
{
    if (m_page && m_page->webChannel() == m_channel)
        m_page->setWebChannel(nullptr, worldId);
}

void PageHost::insertScript(const QWebEngineScript &script)
{
    if (m_page)
        m_page->scripts().insert(script);
}

void PageHost::reload()
{
    if (m_page)
        m_page->triggerAction(QWebEnginePage::Reload);
}

void PageHost::removeScripts(const QString &name)
{
    if (!m_page)
        return;
    QWebEngineScriptCollection &scripts = m_page->scripts();
    const QList<QWebEngineScript> found = scripts.find(name);
    for (const QWebEngineScript &script : found)
        scripts.remove(script);
}

void PageHost::runJavaScript(const QString &source, quint32 worldId,
                             std::function<void(const QVariant &)> done)
{
    if (m_page)
        m_page->runJavaScript(source, worldId, std::move(done));
}

// ---------------------------------------------------------------------------------------------

WebContents *attach(IpcMain *ipcMain, QWebEnginePage *page, const AttachOptions &options)
{
    if (!page)
        return nullptr;
    // A channel WebIpc did not set is the application's own.
    const bool ownChannel = page->webChannel() && !findWebContents(ipcMain, page);
    // A WebIpc::WebEnginePage answers WebIpc's prompts; another page does if its
    // javaScriptPrompt() calls answerJavaScriptPrompt() (the application says so).
    const bool answersPrompts = options.answersPrompts || qobject_cast<WebEnginePage *>(page);
    return Attachment::attach(ipcMain, std::make_unique<PageHost>(page, answersPrompts), options,
                              ownChannel);
}

WebContents *findWebContents(IpcMain *ipcMain, const QWebEnginePage *page)
{
    return Attachment::find(ipcMain, page);
}

QWebEnginePage *page(const WebContents *contents)
{
    const Attachment *attachment = Attachment::of(contents);
    return attachment ? attachment->host()->page() : nullptr;
}

void detach(IpcMain *ipcMain, QWebEnginePage *page) { delete findWebContents(ipcMain, page); }

} // namespace WebIpc
