// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/qglobal.h>

#if defined(WEBIPC_STATIC)
#define WEBIPC_CORE_EXPORT
#define WEBIPC_WEBENGINE_EXPORT
#else
#if defined(WEBIPC_CORE_LIBRARY)
#define WEBIPC_CORE_EXPORT Q_DECL_EXPORT
#else
#define WEBIPC_CORE_EXPORT Q_DECL_IMPORT
#endif
#if defined(WEBIPC_WEBENGINE_LIBRARY)
#define WEBIPC_WEBENGINE_EXPORT Q_DECL_EXPORT
#else
#define WEBIPC_WEBENGINE_EXPORT Q_DECL_IMPORT
#endif
#endif
