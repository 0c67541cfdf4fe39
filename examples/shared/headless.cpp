// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "headless.h"

#include <QtCore/QByteArray>
#include <QtCore/QtGlobal>

namespace Example {

bool runOffscreenIfUnattended()
{
    const bool display =
            qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
    if (!display && !qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    return !display || platform == "offscreen" || platform == "minimal";
}

} // namespace Example
