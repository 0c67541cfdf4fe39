// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <WebIpc/webipcglobal.h>

#include <QtCore/QString>

QT_BEGIN_NAMESPACE
class QWebEngineProfile;
QT_END_NAMESPACE

namespace WebIpc {

/*!
    Serving the application's own front end (a Vite, webpack or any other \c dist/ folder) under
    an application scheme, as Electron's \c protocol.handle and Tauri's \c frontendDist do.

    \code
    int main(int argc, char *argv[])
    {
        WebIpc::registerAppScheme("app");           // before the QApplication
        QApplication app(argc, argv);
        WebIpc::serveDirectory(QWebEngineProfile::defaultProfile(), "app", distPath);
        view.load(QUrl("app://localhost/"));        // dist/index.html
    }
    \endcode

    The scheme's pages are the application's own: the origin policy's \c "local" pattern (the
    default of IpcMain::setAllowedOrigins()) lets them use IPC.
*/

//! How serveDirectory() answers.
struct ServeOptions
{
    /*!
        Single-page-application fallback: a request for a path that is not a file and whose last
        segment has no extension (\c /settings/user, a client-side route) gets the folder's
        \c index.html. Off by default. A missing path with an extension (\c /assets/x.js,
        \c /logo.png) never falls back: it stays "not found", so that a missing asset shows up as
        a failed request in the page rather than as HTML parsed as a script.
    */
    bool spaFallback = false;
};

/*!
    Registers \a scheme as an application scheme, with what a built front end needs: a standard
    URL (\c "app://localhost/path", QWebEngineUrlScheme::Syntax::Host), a secure context
    (SecureScheme, for \c crypto.subtle, clipboard and the like), CorsEnabled (module scripts,
    <tt>\<script type="module"\></tt> as Vite emits it, load in CORS mode and fail on a scheme
    without it), and on Qt 6.6 and later FetchApiAllowed (\c fetch(); Qt 6.4 and 6.5 have no
    way to let \c fetch() reach a custom scheme: use \c XMLHttpRequest there). It gets no
    access to \c file: URLs.

    Chromium takes schemes only before it starts: call this before constructing the
    QApplication (or QGuiApplication). Returns whether \a scheme is registered, also when it was
    registered before (by this function or with QWebEngineUrlScheme directly, with flags of
    your own). Refuses, with a warning, names that are not schemes and the schemes of the web,
    of Qt and of WebIpc (http, https, file, qrc, data, webipc, ...).
*/
WEBIPC_WEBENGINE_EXPORT bool registerAppScheme(const QString &scheme);

/*!
    Serves the files of \a directory to \a profile's pages under \a scheme: a request for
    \c "<scheme>://<any host>/a/b.js" gets \a directory's \c a/b.js. The host is not looked at;
    use one (\c localhost) so that the whole application is one origin.

    \a directory is a folder on disk, or a resource folder: \c ":/dist" (or \c "qrc:/dist") serves
    files compiled in with \c qt_add_resources.

    \list
    \li \c "/" and every folder give the folder's \c index.html.
    \li MIME types by file extension, with fixed answers for what the web depends on (\c .js and
        \c .mjs are \c text/javascript: Chromium refuses module scripts of any other type;
        \c .wasm is \c application/wasm, \c .css, \c .json, \c .svg, \c .map, \c .html) and
        QMimeDatabase for the rest. Text types are sent as UTF-8.
    \li Only GET and HEAD. Other methods fail with QWebEngineUrlRequestJob::RequestDenied.
    \li A path that is not a file fails with QWebEngineUrlRequestJob::UrlNotFound (the page
        sees a failed request, the view Chromium's error page; Qt 6.4 scheme handlers cannot
        send HTTP status codes), unless ServeOptions::spaFallback applies.
    \li Nothing outside \a directory is ever read: paths are decoded once, and a path with a
        \c ".." segment, a backslash, a colon or a NUL (also percent-encoded: \c %2e%2e, \c %2f,
        \c %5c) is refused (RequestDenied, logged on \c webipc.serve); the file found is
        resolved to its canonical path (symbolic links followed) and must lie inside
        \a directory's canonical path, so a link pointing out of the folder is refused too.
        Links inside the folder are served.
    \li Only the scheme's own pages, and loads nobody in a page started (QWebEngineView::load()),
        are answered. A request made by a page of another origin (a web site shown in the same
        profile, an opaque-origin sandboxed frame) is refused: Qt WebEngine answers CORS for
        every origin on a CorsEnabled scheme, so otherwise any site could read, frame or run the
        application's files.
    \endlist

    \a scheme must be registered first (registerAppScheme(), before the application object).
    Returns false, with a warning that says why, if it is not, if \a directory is not a folder,
    or if \a profile already has a handler for \a scheme. The handler belongs to \a profile; to
    stop serving, call \c profile->removeUrlScheme(scheme).
*/
WEBIPC_WEBENGINE_EXPORT bool serveDirectory(QWebEngineProfile *profile, const QString &scheme,
                                            const QString &directory,
                                            const ServeOptions &options = {});

} // namespace WebIpc
