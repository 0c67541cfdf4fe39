// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <WebIpc/webipcglobal.h>

#include <QtCore/QByteArray>
#include <QtCore/QString>

/*!
    A recorder of IPC events, for a trace to open in \c ui.perfetto.dev or \c chrome://tracing:

    \code
    WebIpc::Tracing::start();
    // ... the application talks to its pages ...
    WebIpc::Tracing::stop(QStringLiteral("/tmp/ipc-trace.json"));
    \endcode

    Or without code: \c WEBIPC_TRACE=/tmp/ipc-trace.json starts recording when the first page is
    attached and writes the file when the application object is destroyed.

    The trace has one process per page (\c pid is WebContents::id(), named with its URL) and
    one thread per frame (\c tid is the frame id), with Chrome's trace-event spans:
    \list
    \li \c receive: a batch from the frame, from its arrival to the start of its first message
        (\c messages, \c bytes);
    \li \c decode: one message, from the start of its handling to its listeners or handler
        (\c channel, \c kind, \c bytes, \c document, \c frame): the origin check and decoding;
    \li \c handler: its listeners or its handler (a QFuture handler: until it returns the
        future);
    \li \c reply: an invoke, from its handler's return to the answer being queued (an async
        span when the answer came later), with \c ok and the \c result's preview;
    \li \c flush: a batch main sends to a frame (\c messages, \c bytes);
    \li \c send (instant): main queued a message for a frame (\c webContents.send(),
        \c event.reply()), \c refused, \c unheard.
    \endlist

    Recording keeps at most a million events (the oldest go first). While nothing records,
    WebIpc pays one pointer test at each of these points. All functions are for the GUI thread.
*/
namespace WebIpc::Tracing {

//! Starts recording (again, from an empty trace, if it was recording).
WEBIPC_CORE_EXPORT void start();

//! Whether start() was called and stop() was not.
WEBIPC_CORE_EXPORT bool isRecording();

/*!
    Stops recording and writes the trace to \a fileName as trace-event JSON. Returns false if
    nothing was recording or the file cannot be written (logged in \c webipc.main).
*/
WEBIPC_CORE_EXPORT bool stop(const QString &fileName);

//! Stops recording and returns the trace as trace-event JSON (empty if nothing recorded).
WEBIPC_CORE_EXPORT QByteArray stopToJson();

} // namespace WebIpc::Tracing
