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

// The one attachment of a page to WebIpc, for Widgets (QWebEnginePage) and QML
// (WebEngineView) alike. Not API.
//
// It builds the scripts, publishes the bridge, wires the sync scheme and turns the host's
// lifecycle (loads, URL, render process) into the protocol's. What differs between the two
// kinds of host is only how each of these is done, and that is an AttachmentHost.

#include <WebIpc/webengine.h>

#include <QtCore/QObject>
#include <QtCore/QUrl>
#include <QtCore/QVariant>

#include <functional>
#include <memory>

QT_BEGIN_NAMESPACE
class QWebEngineScript;
QT_END_NAMESPACE

namespace WebIpc {

class Attachment;
class WebContentsPrivate;

// How to do each thing the attachment needs on one kind of host.
class WEBIPC_WEBENGINE_EXPORT AttachmentHost
{
public:
    virtual ~AttachmentHost();

    virtual QObject *object() const = 0; // the page or view; the WebContents' parent
    virtual QWebEnginePage *page() const { return nullptr; }
    virtual QUrl url() const = 0;
    // Whether the host answers WebIpc's prompt() (see syncprompt_p.h): sendSync then uses it.
    virtual bool answersPrompts() const { return false; }
    virtual qint64 renderProcessPid() const = 0;
    virtual bool isLoading() const = 0;

    // Feeds the host's load, URL and render-process signals to \a attachment.
    virtual void connectLifecycle(Attachment *attachment) = 0;
    // Serves the webipc: schemes on the host's profile (once per profile).
    virtual void installSchemeHandler() = 0;
    // Publishes \a bridge on a channel of the host's kind, in world \a worldId; and takes it off.
    virtual void publish(QObject *bridge, quint32 worldId) = 0;
    virtual void unpublish(quint32 worldId) = 0;
    virtual void insertScript(const QWebEngineScript &script) = 0;
    virtual void reload() = 0;
    virtual void removeScripts(const QString &name) = 0;
    // Runs \a source in world \a worldId; \a done gets its result (unless the host went first).
    virtual void runJavaScript(const QString &source, quint32 worldId,
                               std::function<void(const QVariant &)> done) = 0;
};

class WEBIPC_WEBENGINE_EXPORT Attachment : public QObject
{
    Q_OBJECT
public:
    // Attaches the host's page to \a ipcMain, or returns the WebContents it has already. Logs why
    // and returns nullptr if it cannot (attached to another IpcMain, a channel of its own).
    // \a hasOwnChannel says whether the application gave the host a channel of its own.
    static WebContents *attach(IpcMain *ipcMain, std::unique_ptr<AttachmentHost> host,
                               const AttachOptions &options, bool hasOwnChannel);
    static Attachment *of(const WebContents *contents);
    static WebContents *find(const IpcMain *ipcMain, const QObject *hostObject);

    ~Attachment() override;

    AttachmentHost *host() const { return m_host.get(); }
    const AttachOptions &options() const { return m_options; }

    // From the host's signals.
    void loadStarted();
    void loadFinished(bool ok);
    void urlChanged();
    void renderProcessTerminated();

private:
    Attachment(WebContents *contents, std::unique_ptr<AttachmentHost> host,
               const AttachOptions &options);
    void install();
    void uninstall();
    // On WebContents::closed(), while its private part still exists.
    void close();
    void insertScripts();
    void removeScripts();
    void probeDocument(int attempt);
    void recoverMissingScripts();

    WebContentsPrivate *m_contents;
    std::unique_ptr<AttachmentHost> m_host;
    AttachOptions m_options;
    bool m_installed = false;
    bool m_loadSucceeded = false;
    QUrl m_recoveredUrl; // loaded again once because it came without the scripts
};

} // namespace WebIpc
