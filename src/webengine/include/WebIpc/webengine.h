// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <WebIpc/ipcmain.h>
#include <WebIpc/webcontents.h>
#include <WebIpc/webipcglobal.h>

#include <utility>

QT_BEGIN_NAMESPACE
class QWebEnginePage;
QT_END_NAMESPACE

namespace WebIpc {

//! How a page is attached.
struct AttachOptions
{
    /*!
        The JavaScript world the bridge and QWebChannel run in. Page scripts run in the main
        world (0) and can reach neither. The default is QWebEngineScript::ApplicationWorld (1);
        choose another world id if your application runs its own scripts there.
    */
    quint32 worldId = 1;
    /*!
        Also define \c require('electron'), returning <tt>{ ipcRenderer }</tt>, so that renderer
        code written for Electron runs unchanged. Off by default. A page that defines its own
        \c require keeps it.
    */
    bool exposeElectronRequire = false;
    /*!
        Give iframes (same-origin, cross-origin and nested) \c window.ipcRenderer too, like
        Electron's \c nodeIntegrationInSubFrames. Off by default. A subframe's messages carry
        its own identity: IpcMainInvokeEvent::senderFrame() has its origin (from the browser)
        and its frame id, \c event.reply() answers that frame, WebContents::sendToFrame()
        reaches it, and the origin policy applies to its origin. Subframes talk through the top
        frame's bridge with \c postMessage, so the top document's scripts can see that traffic.
        A subframe's \c sendSync goes straight to the \c webipc: scheme, and the browser's word
        on its origin must be the frame's.
    */
    bool enableSubframes = false;
    /*!
        A preload script, like Electron's \c webPreferences.preload: a file path, a \c :/
        resource or a \c qrc: URL, read when the page is attached. It runs in WebIpc's world
        (worldId) of every document of the main frame (and of subframes, with enableSubframes)
        at document creation, before any page script, inside a function whose parameters are
        \c require, \c process, \c global, \c setImmediate, \c clearImmediate, \c exports and
        \c module. \c require('electron') (or \c 'electron/renderer') gives
        <tt>{ ipcRenderer, contextBridge, webFrame }</tt>; \c contextBridge.exposeInMainWorld()
        gives the page what the preload chooses to. With a preload the page's main world has no
        \c ipcRenderer and no \c require (see exposeIpcRendererToMainWorld). A preload that
        cannot be read or that throws logs <tt>Unable to load preload script: \<path\></tt>.
        Empty (the default): no preload, and the main world has \c window.ipcRenderer.
    */
    QString preload;
    /*!
        With a preload, still give the page's main world \c window.ipcRenderer (and
        \c require('electron') if exposeElectronRequire is set). Off by default: Electron's
        security checklist asks that page code never hold \c ipcRenderer. Both worlds then have
        an ipcRenderer of their own; messages from main reach the listeners of both.
    */
    bool exposeIpcRendererToMainWorld = false;
    /*!
        Show the page's console (\c console.log, \c console.warn, \c console.error, uncaught
        errors) in the application's log, in Qt WebEngine's \c js logging category, with the
        script's file and line. Off by default: Qt WebEngine logs only a page's warnings and
        errors there, and nothing of \c console.log. Turning it on enables the \c js category
        at every level for the whole application (all pages that do not override
        QWebEnginePage::javaScriptConsoleMessage(), or, in QML, handle
        \c WebEngineView.javaScriptConsoleMessage), and it stays on. Show the category with
        \c QT_MESSAGE_PATTERN="[%{category}] %{message}".
    */
    bool forwardConsole = false;
    /*!
        The page's own QWebEnginePage::javaScriptPrompt() override calls
        WebIpc::answerJavaScriptPrompt() first: then \c sendSync goes over \c prompt(), about
        five times faster than the synchronous XMLHttpRequest it uses otherwise. Off by
        default. Not needed for a WebIpc::WebEnginePage (which does this itself) nor for a QML
        WebEngineView (WebIpc answers its prompts when the view has no
        \c onJavaScriptDialogRequested handler). Never set it for a page that does not make
        that call: its javaScriptPrompt() would get WebIpc's prompts, which hold the document's
        credential (a QWebEnginePage in a view shows them as dialogs).
    */
    bool answersPrompts = false;
};

//! True if \a a and \a b are the same options.
inline bool operator==(const AttachOptions &a, const AttachOptions &b)
{
    return a.worldId == b.worldId && a.exposeElectronRequire == b.exposeElectronRequire
            && a.enableSubframes == b.enableSubframes && a.preload == b.preload
            && a.exposeIpcRendererToMainWorld == b.exposeIpcRendererToMainWorld
            && a.forwardConsole == b.forwardConsole && a.answersPrompts == b.answersPrompts;
}
//! True if \a a and \a b differ in an option.
inline bool operator!=(const AttachOptions &a, const AttachOptions &b) { return !(a == b); }

/*!
    Attaches \a page to \a ipcMain: from its next document on, the page has
    \c window.ipcRenderer, and \a ipcMain receives what it sends. Returns the page's WebContents,
    which lives as long as the page (or until detach()). Attaching a page twice returns the same
    WebContents.

    Attach before the page loads its content: the bridge is injected at document creation, so
    a document that is already loaded gets it only when it reloads.

    WebIpc gives each page a QWebChannel of its own, set with QWebEnginePage::setWebChannel()
    in the bridge's world. A page can have only one channel, and one IpcMain: if \a page has a
    channel of the application's own, or is attached to another IpcMain, attach() logs a
    warning and returns nullptr. Attaching again with other options logs a warning too, and
    keeps the first options.
*/
WEBIPC_WEBENGINE_EXPORT WebContents *attach(IpcMain *ipcMain, QWebEnginePage *page,
                                            const AttachOptions &options = {});

/*!
    Attaches the page of a QWebEngineView (or of anything with a \c page() function returning a
    QWebEnginePage). Works with the view's default page and with a page set with setPage(), as
    long as it is set before attach().
*/
template<typename View, typename = decltype(std::declval<View *>()->page())>
WebContents *attach(IpcMain *ipcMain, View *view, const AttachOptions &options = {})
{
    return attach(ipcMain, view->page(), options);
}

//! The WebContents of \a page, or nullptr if it is not attached to \a ipcMain.
WEBIPC_WEBENGINE_EXPORT WebContents *findWebContents(IpcMain *ipcMain, const QWebEnginePage *page);

//! The QWebEnginePage of \a contents; nullptr for a QML view, and once the page is gone.
WEBIPC_WEBENGINE_EXPORT QWebEnginePage *page(const WebContents *contents);

//! Removes WebIpc from \a page: its scripts, its channel and its WebContents.
WEBIPC_WEBENGINE_EXPORT void detach(IpcMain *ipcMain, QWebEnginePage *page);

/*!
    Registers the \c webipc: URL scheme that carries \c sendSync. WebIpc does this by itself
    when the application object is constructed, which is early enough; call it yourself before
    creating the QApplication if you create WebEngine objects before that. Returns false if it
    was too late to register.
*/
WEBIPC_WEBENGINE_EXPORT bool registerUrlScheme();

} // namespace WebIpc
