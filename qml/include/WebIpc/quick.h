// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <WebIpc/ipcmain.h>
#include <WebIpc/webcontents.h>
#include <WebIpc/webengine.h>
#include <WebIpc/webipcglobal.h>

#if defined(WEBIPC_STATIC)
#define WEBIPC_QUICK_EXPORT
#elif defined(WEBIPC_QUICK_LIBRARY)
#define WEBIPC_QUICK_EXPORT Q_DECL_EXPORT
#else
#define WEBIPC_QUICK_EXPORT Q_DECL_IMPORT
#endif

QT_BEGIN_NAMESPACE
class QObject;
QT_END_NAMESPACE

namespace WebIpc {

// The example keeps its own layout.
// clang-format off
/*!
    The QML face of \a ipcMain: an object with the methods of the QML \c IpcMain type
    (\c on, \c handle, \c attach, ...) that works on \a ipcMain. Give it to QML to share one
    ipcMain between C++ and QML:

    \code
    WebIpc::IpcMain ipcMain;
    QQmlApplicationEngine engine;
    engine.setInitialProperties({
        {QStringLiteral("ipcMain"), QVariant::fromValue(WebIpc::qmlIpcMain(&ipcMain))},
    });
    \endcode

    It is created on first use, owned by \a ipcMain, and the same object is returned every time.
*/
// clang-format on
WEBIPC_QUICK_EXPORT QObject *qmlIpcMain(IpcMain *ipcMain);

/*!
    The IpcMain a QML \c IpcMain object (or the object qmlIpcMain() returned) works on, or
    nullptr if \a qmlObject is neither.
*/
WEBIPC_QUICK_EXPORT IpcMain *ipcMainOf(const QObject *qmlObject);

/*!
    Attaches a QML \c WebEngineView (\a webEngineView) to \a ipcMain, like WebIpc::attach()
    does for a QWebEnginePage, with the same \a options: the view's pages get
    \c window.ipcRenderer from their next document on. Returns the view's WebContents, or
    nullptr if \a webEngineView is not a WebEngineView, already has a \c webChannel of its
    own, or is attached to another IpcMain. In QML, use <tt>WebIpc.ipcMain: ipc</tt> on the
    view or <tt>ipc.attach(view, options)</tt> instead.
*/
WEBIPC_QUICK_EXPORT WebContents *attachQuickView(IpcMain *ipcMain, QObject *webEngineView,
                                                 const AttachOptions &options = {});

/*!
    Like attachQuickView() above, with the options of WebIpc::attach(): \c worldId,
    \c exposeElectronRequire, \c preload and \c exposeIpcRendererToMainWorld
    (\c enableSubframes is not available for QML views).
*/
WEBIPC_QUICK_EXPORT WebContents *attachQuickView(IpcMain *ipcMain, QObject *webEngineView,
                                                 const AttachOptions &options);

//! The WebContents of a QML \c WebEngineView attached to \a ipcMain, or nullptr.
WEBIPC_QUICK_EXPORT WebContents *findQuickWebContents(IpcMain *ipcMain,
                                                      const QObject *webEngineView);

} // namespace WebIpc
