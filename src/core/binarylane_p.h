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

// The binary lane: large ArrayBuffers travel beside their message rather than inside it as
// base64 (the codec's "B" tag). Page to main, C++ pulls the bytes from the bridge's isolated
// world (runJavaScript returns a Uint8Array as a QByteArray); main to page, the bridge fetches
// them from the webipc: scheme (an arraybuffer XHR with a one-time id). See binarylane.cpp and
// docs/protocol.md.

#include "codec_p.h"

#include <QtCore/QDeadlineTimer>
#include <QtCore/QHash>
#include <QtCore/QVariant>

#include <functional>

namespace WebIpc {

namespace Limits {
// The size from which ArrayBuffers take the lane (binarylane.cpp has the measured default),
// unless the environment variable WEBIPC_BINARY_LANE_THRESHOLD (bytes, for measurements) says
// otherwise; 0 turns the lane off.
WEBIPC_CORE_EXPORT qsizetype binaryLaneThreshold();
// How long a buffer waits to be pulled or fetched (30 s), in both halves of the lane, unless
// the environment variable WEBIPC_BINARY_LANE_EXPIRY_MS (for tests) says otherwise.
WEBIPC_CORE_EXPORT int binaryLaneExpiryMs();
// Out-of-band buffers one message may have.
constexpr qsizetype MaximumLaneBuffers = 1024;
} // namespace Limits

struct BinaryLane
{
    // Runs a script in the bridge's world of the main frame (the host's runJavaScript).
    using ScriptRunner =
            std::function<void(const QString &source, std::function<void(const QVariant &)> done)>;
    ScriptRunner runScript;

    // Page to main: the buffers of the next message (seq + 1) of one document.
    struct Incoming
    {
        int frameId = -1;
        QString documentId;
        double seq = 0;
        Codec::OutOfBand bytes;
    };
    Incoming incoming;
    int pullsLeft = 0; // while above 0, the inbox waits (drainInbox())
    quint64 pullGeneration = 0;

    // Main to page: the sink for the message being encoded, and the buffers waiting for the
    // page's fetch, by one-time id.
    Codec::OutOfBand outgoing;
    struct Pending
    {
        QString documentId;
        QByteArray key;
        QByteArray bytes;
        QDeadlineTimer expiry;
    };
    QHash<QByteArray, Pending> pending;
    // Qt 6.7+: buffers the bridge posted as request bodies, by id (taken instead of a pull).
    QHash<QByteArray, Pending> uploaded;
    bool purgeScheduled = false;

    int pulls = 0; // buffers pulled
    int offers = 0; // buffers offered
    QByteArray lastOffer; // the id of the last one
};

} // namespace WebIpc
