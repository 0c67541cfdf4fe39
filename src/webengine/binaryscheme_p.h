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

// The binary lane's URLs on the webipc: schemes (see src/core/binarylane.cpp): the bridge
// fetches a buffer main sends with an arraybuffer XHR to BytesUrl?<one-time id>, its
// document's key in the Accept header.

#include <WebIpc/webipcglobal.h>

#include <QtCore/QtGlobal>

QT_BEGIN_NAMESPACE
class QWebEngineUrlRequestJob;
QT_END_NAMESPACE

namespace WebIpc::BinaryScheme {

inline constexpr char BytesUrl[] = "webipc:bytes";
inline constexpr char LocalBytesUrl[] = "webipc-local:bytes"; // for file: pages

// Qt 6.7 added QWebEngineUrlRequestJob::requestBody(): page-to-main buffers may then come as
// the body of a POST to BytesUrl?<id> (taken by C++ instead of a pull). Not on Qt 6.4-6.6.
#if QT_VERSION >= QT_VERSION_CHECK(6, 7, 0)
inline constexpr bool HasRequestBodies = true;
#else
inline constexpr bool HasRequestBodies = false;
#endif

// Serves \a job if it is for a bytes URL (and returns true); false for any other URL.
bool serve(QWebEngineUrlRequestJob *job);

} // namespace WebIpc::BinaryScheme
