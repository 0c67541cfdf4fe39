// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

// The logging categories are API (WebIpc/logging.h); this header stays for the library's own
// sources.
#include <WebIpc/logging.h>
