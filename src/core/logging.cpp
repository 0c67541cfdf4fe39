// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "logging_p.h"

namespace WebIpc {
Q_LOGGING_CATEGORY(lcMain, "webipc.main", QtWarningMsg)
Q_LOGGING_CATEGORY(lcTraffic, "webipc.traffic", QtWarningMsg)
Q_LOGGING_CATEGORY(lcProtocol, "webipc.protocol", QtWarningMsg)
} // namespace WebIpc
