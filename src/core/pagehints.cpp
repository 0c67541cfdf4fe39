// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "pagehints_p.h"

#include "logging_p.h"
#include "protocol_p.h"
#include "webcontents_p.h"

#include <QtCore/QSet>

namespace WebIpc::PageHints {

bool enabled()
{
#ifndef QT_NO_DEBUG
    return true;
#else
    return lcMain().isDebugEnabled();
#endif
}

void show(WebContentsPrivate *contents, const FrameState &frame, const QString &hint)
{
    // Advice only: "did you mean", "use invoke()"; the bare "No handler registered" is the
    // rejection the page gets anyway.
    if (!hint.contains(QLatin1String("did you mean")) && !hint.contains(QLatin1String(": use ")))
        return;
    if (!enabled())
        return;
    // Once per page and text: a page that retries in a loop does not flood its console.
    static QSet<QString> shown;
    const QString key = QString::number(contents->id) + QLatin1Char(' ') + hint;
    if (shown.contains(key))
        return;
    if (shown.size() >= 1024)
        shown.clear();
    shown.insert(key);
    contents->queueOutgoing(Protocol::consoleError(QStringLiteral("WebIpc: ") + hint.trimmed()),
                            frame.document.id, frame.frameId);
}

} // namespace WebIpc::PageHints
