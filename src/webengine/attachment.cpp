// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "attachment_p.h"

#include "consoleforwarding_p.h"
#include "scripts_p.h"
#include <core/logging_p.h>
#include <core/webcontents_p.h>

#include <QtCore/QPointer>
#include <QtCore/QTimer>
#include <QtWebEngineCore/QWebEngineScript>

namespace WebIpc {

namespace {
const QString AttachmentName = QStringLiteral("WebIpc::Attachment");

// A navigation's end can race with the hello of a document that is just starting: if the page
// still holds its messages once it is idle, the document is asked for again, this often.
constexpr int ProbeAttempts = 5;
constexpr int ProbeIntervalMs = 200;

bool hasLoadedContent(const AttachmentHost &host)
{
    const QUrl url = host.url();
    return !host.isLoading() && !url.isEmpty() && url != QUrl(QStringLiteral("about:blank"));
}
} // namespace

AttachmentHost::~AttachmentHost() = default;

WebContents *Attachment::attach(IpcMain *ipcMain, std::unique_ptr<AttachmentHost> host,
                                const AttachOptions &options, bool hasOwnChannel)
{
    if (!ipcMain || !host || !host->object())
        return nullptr;
    QObject *hostObject = host->object();
    if (WebContents *existing = find(ipcMain, hostObject)) {
        if (!(of(existing)->options() == options)) {
            qCWarning(lcMain) << "WebIpc: this page is attached already, with other options; the "
                                 "new options are ignored. Detach it first to change them.";
        }
        return existing;
    }
    const auto others = hostObject->findChildren<WebContents *>(Qt::FindDirectChildrenOnly);
    for (WebContents *other : others) {
        if (of(other)) {
            qCWarning(lcMain) << "WebIpc: this page is attached to another IpcMain already; a "
                                 "page can be attached to one IpcMain only, so it was not "
                                 "attached again";
            return nullptr;
        }
    }
    if (hasOwnChannel) {
        qCWarning(lcMain) << "WebIpc: the page has a web channel of the application's own; WebIpc "
                             "needs a channel of its own, so the page was not attached";
        return nullptr;
    }
    if (hasLoadedContent(*host)) {
        qCWarning(lcMain).nospace()
                << "WebIpc: attached to a page that has loaded " << host->url().toDisplayString()
                << " already; its ipcRenderer arrives with its next document (attach before "
                   "loading, or reload)";
    }
    WebContents *contents = WebContentsPrivate::create(ipcMain, hostObject);
    new Attachment(contents, std::move(host), options);
    return contents;
}

Attachment *Attachment::of(const WebContents *contents)
{
    return contents ? contents->findChild<Attachment *>(AttachmentName, Qt::FindDirectChildrenOnly)
                    : nullptr;
}

WebContents *Attachment::find(const IpcMain *ipcMain, const QObject *hostObject)
{
    return ipcMain && hostObject ? WebContentsPrivate::fromHost(hostObject, ipcMain) : nullptr;
}

Attachment::Attachment(WebContents *contents, std::unique_ptr<AttachmentHost> host,
                       const AttachOptions &options)
    : QObject(contents),
      m_contents(WebContentsPrivate::get(contents)),
      m_host(std::move(host)),
      m_options(options)
{
    setObjectName(AttachmentName);
    m_contents->setUrl(m_host->url());
    AttachmentHost *rawHost = m_host.get();
    m_contents->setProcessIdSource([rawHost]() { return rawHost->renderProcessPid(); });
    // The binary lane pulls a page's large ArrayBuffers from the bridge's world.
    const quint32 worldId = m_options.worldId;
    m_contents->setScriptRunner(
            [rawHost, worldId](const QString &source, std::function<void(const QVariant &)> done) {
                rawHost->runJavaScript(source, worldId, std::move(done));
            });
    install();
    // closed() comes first thing in ~WebContents, while the bridge object and the private part
    // still exist: the host must let go of the channel, and the lane of the script runner (which
    // calls the host), before they are destroyed.
    connect(contents, &WebContents::closed, this, &Attachment::close);
    m_host->connectLifecycle(this);
}

// A child of the WebContents: destroyed after its private part, which m_contents points to, so
// nothing here may touch it (close() did what needs it).
Attachment::~Attachment() { uninstall(); }

void Attachment::close()
{
    uninstall();
    m_contents->setScriptRunner({});
}

void Attachment::install()
{
    m_host->installSchemeHandler();
    if (m_options.forwardConsole)
        ConsoleForwarding::enable();
    m_contents->setSubframesEnabled(m_options.enableSubframes);
    // One channel per page: the bridge object it publishes is the sender's identity.
    m_host->publish(m_contents->bridge, m_options.worldId);
    insertScripts();
    m_installed = true;
}

void Attachment::insertScripts()
{
    const IpcMain *ipcMain = m_contents->ipcMain.data();
    const auto scripts = Scripts::forAttachment(m_options, m_contents->admissionKey(),
                                                ipcMain ? ipcMain->maximumMessageSize() : 0,
                                                m_host->answersPrompts());
    for (const QWebEngineScript &script : scripts)
        m_host->insertScript(script);
}

void Attachment::removeScripts()
{
    for (const QString &name : Scripts::names())
        m_host->removeScripts(name);
}

void Attachment::uninstall()
{
    if (!m_installed)
        return;
    m_installed = false;
    removeScripts();
    m_host->unpublish(m_options.worldId);
}

void Attachment::loadStarted() { m_contents->navigationStarted(); }

void Attachment::loadFinished(bool ok)
{
    m_loadSucceeded = ok;
    probeDocument(0);
}

void Attachment::urlChanged() { m_contents->setUrl(m_host->url()); }

void Attachment::renderProcessTerminated()
{
    m_contents->documentLost();
    // Measured on Qt 6.4.2: the first document of a render process that replaces a killed one
    // sometimes gets none of the page's scripts. Setting them again often reaches the new
    // process in time; recoverMissingScripts() covers the rest.
    if (!m_installed)
        return;
    removeScripts();
    insertScripts();
}

void Attachment::recoverMissingScripts()
{
    // The page finished loading a document that has no bridge: Qt WebEngine did not run the
    // page's scripts in it (see renderProcessTerminated()). Without them it has no IPC at all,
    // and scripts injected now would run after the page's own, which the trust model forbids:
    // load it again, once for a URL.
    const QUrl url = m_host->url();
    const QString scheme = url.scheme();
    if (url.isEmpty() || scheme == QLatin1String("about") || scheme == QLatin1String("chrome")
        || scheme == QLatin1String("devtools") || scheme == QLatin1String("view-source"))
        return;
    if (url == m_recoveredUrl) {
        qCWarning(lcMain).nospace() << "WebIpc: " << url.toDisplayString()
                                    << " loaded again without WebIpc's scripts (are scripts "
                                       "disabled?); it has no ipcRenderer";
        return;
    }
    qCWarning(lcMain).nospace() << "WebIpc: " << url.toDisplayString()
                                << " loaded without WebIpc's scripts (a Qt WebEngine race after "
                                   "a render process ended); loading it again";
    m_recoveredUrl = url;
    removeScripts();
    insertScripts();
    m_host->reload();
}

void Attachment::probeDocument(int attempt)
{
    if (!m_installed)
        return;
    // A navigation that ended without a new document (same-document, failed or stopped) leaves
    // the current document in place: find out which document the page has now.
    QPointer<Attachment> self(this);
    m_host->runJavaScript(Scripts::documentIdProbe(), m_options.worldId,
                          [self, attempt](const QVariant &documentId) {
                              if (!self || !self->m_installed)
                                  return;
                              const QString id = documentId.toString();
                              self->m_contents->navigationFinished(id);
                              if (!id.isEmpty())
                                  self->m_recoveredUrl.clear();
                              if (self->m_host->isLoading() || self->m_contents->ready)
                                  return;
                              if (attempt + 1 >= ProbeAttempts) {
                                  if (id.isEmpty() && self->m_loadSucceeded)
                                      self->recoverMissingScripts();
                                  return;
                              }
                              QTimer::singleShot(ProbeIntervalMs, self, [self, attempt]() {
                                  if (self)
                                      self->probeDocument(attempt + 1);
                              });
                          });
}

} // namespace WebIpc
