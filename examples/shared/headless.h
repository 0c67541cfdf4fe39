// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

namespace Example {

// Call first in main(), before the application object. Without a display the example runs on
// Qt's offscreen platform. Returns whether nobody can see its window (no display, or an
// offscreen platform, as ./run.sh demo sets): the example then plays its part alone and quits.
bool runOffscreenIfUnattended();

} // namespace Example
