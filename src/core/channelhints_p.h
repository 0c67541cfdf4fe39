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

// The advice a main-side warning gives when a page uses a channel the application did not
// set up the way the page uses it: a misspelt name, or the wrong primitive.

#include <WebIpc/webipcglobal.h>

#include <QtCore/QString>
#include <QtCore/QStringList>

namespace WebIpc::ChannelHints {

// The candidate closest to \a name, if it is close enough to be a likely typo; else empty.
WEBIPC_CORE_EXPORT QString closest(const QString &name, const QStringList &candidates);

// "No handler registered for 'x'", with what to do instead, for an invoke without a handler.
QString forInvoke(const QString &channel, bool hasListeners, const QStringList &handlerChannels);
// What to add to Electron's warning about a sendSync on a channel without listeners.
QString forSendSync(const QString &channel, bool hasHandler, const QStringList &listenedChannels);

} // namespace WebIpc::ChannelHints
