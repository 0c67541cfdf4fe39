// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "consolepage.h"

#include <QtCore/QTextStream>

namespace Example {

void ConsolePage::javaScriptConsoleMessage(JavaScriptConsoleMessageLevel, const QString &message,
                                           int, const QString &)
{
    QTextStream(stdout) << "[page] " << message << Qt::endl;
}

} // namespace Example
