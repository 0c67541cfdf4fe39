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

// The advice of a main-side warning (channelhints_p.h), also in the page's console, where the
// page's developer looks: in debug builds of WebIpc, or with webipc.main's debug level on.

#include <QtCore/QString>

namespace WebIpc {

class WebContentsPrivate;
struct FrameState;

namespace PageHints {

// Whether hints go to pages' consoles.
bool enabled();
// Shows \a hint (ChannelHints' text) in the console of \a frame, once per page and text, when
// it holds advice and enabled() says so. The rejection the page gets stays Electron's.
void show(WebContentsPrivate *contents, const FrameState &frame, const QString &hint);

} // namespace PageHints
} // namespace WebIpc
