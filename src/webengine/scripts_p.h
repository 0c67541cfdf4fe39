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

#include <WebIpc/webengine.h>
#include <WebIpc/webipcglobal.h>

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtWebEngineCore/QWebEngineScript>

namespace WebIpc::Scripts {

/*
    Every script WebIpc injects into a page attached with \a options, in the order they must be
    inserted: the bridge (isolated world; with a preload also the preload's runtime), the main
    world's script, and the preload itself (isolated world, after both, so that contextBridge
    already reaches the main world when it runs). \a admissionKey: see bridgeSource();
    \a maximumMessageSize: see mainWorldSource(). \a prompt: the host answers WebIpc's
    prompt() (syncprompt_p.h), so sendSync tries it before the XHR.
*/
WEBIPC_WEBENGINE_EXPORT QList<QWebEngineScript> forAttachment(const AttachOptions &options,
                                                              const QByteArray &admissionKey,
                                                              qint64 maximumMessageSize = 0,
                                                              bool prompt = false);
// The names of the scripts forAttachment() makes, for taking them off a page.
WEBIPC_WEBENGINE_EXPORT QStringList names();

// The main world's script: window.ipcRenderer (and require('electron') if asked for).
// \a maximumMessageSize (IpcMain::maximumMessageSize(); 0: the codec's default) lets page code
// get the size error at once.
WEBIPC_WEBENGINE_EXPORT QString mainWorldSource(bool exposeElectronRequire,
                                                qint64 maximumMessageSize = 0);
// The isolated world's script: qwebchannel.js and the bridge. Every document makes its own
// credential (see bridge.js); with \a subframes, the script holds the page's \a admissionKey,
// which only lets a subframe join the page as itself (see syncgate.cpp).
WEBIPC_WEBENGINE_EXPORT QString bridgeSource(bool subframes = false,
                                             const QByteArray &admissionKey = QByteArray());
// An expression, evaluated in the bridge's world, giving the current document's id.
WEBIPC_WEBENGINE_EXPORT QString documentIdProbe();

} // namespace WebIpc::Scripts
