// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "consoleforwarding_p.h"

#include <QtCore/QLoggingCategory>

#include <cstring>

namespace WebIpc::ConsoleForwarding {

namespace {

QLoggingCategory::CategoryFilter previousFilter = nullptr;
bool installed = false;

void filter(QLoggingCategory *category)
{
    if (previousFilter)
        previousFilter(category);
    if (std::strcmp(category->categoryName(), "js") == 0) {
        for (QtMsgType type : {QtDebugMsg, QtInfoMsg, QtWarningMsg, QtCriticalMsg})
            category->setEnabled(type, true);
    }
}

} // namespace

void enable()
{
    if (installed)
        return;
    installed = true;
    // Applied to the categories that exist (Qt WebEngine's "js" is made on first use) and to
    // those to come; the filter before ours (the logging rules) runs first.
    previousFilter = QLoggingCategory::installFilter(filter);
}

bool isEnabled() { return installed; }

} // namespace WebIpc::ConsoleForwarding
