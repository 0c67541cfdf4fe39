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

#include <QtCore/QElapsedTimer>
#include <QtCore/QString>

namespace WebIpc {

// Warnings about what one page sends: a page that floods must not flood the application's log
// (or spend its main thread writing it). A few lines are written as they come; past that, the
// page is flooding, and until it has been quiet for a second, one summary line a second says
// how many were held back. Not API.
class RateLimitedLog
{
public:
    explicit RateLimitedLog(int burst = 8) : m_burst(burst) { }

    // Whether to write a warning now. \a summary is set to a line to write first (how many
    // were held back in the second before), or left empty.
    bool allow(QString *summary);

private:
    int m_burst;
    QElapsedTimer m_second; // since the current second began
    QElapsedTimer m_quiet; // since the last warning
    int m_lines = 0; // written in the current second
    qint64 m_heldBack = 0; // held back in the current second
    bool m_flooding = false;
};

} // namespace WebIpc
