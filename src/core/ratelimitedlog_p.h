// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QElapsedTimer>
#include <QtCore/QString>

namespace WebIpc {

// Warnings about what one page sends, at most a few a second: a page that floods must not
// flood the application's log (or spend its main thread writing it). What is held back is
// counted and said in one line when the next second begins. Not API.
class RateLimitedLog
{
public:
    explicit RateLimitedLog(int linesPerSecond = 10) : m_linesPerSecond(linesPerSecond) { }

    // Whether to write a warning now. \a summary is set to a line to write first (how many
    // were held back in the second before), or left empty.
    bool allow(QString *summary);

private:
    int m_linesPerSecond;
    QElapsedTimer m_second;
    int m_lines = 0;
    qint64 m_heldBack = 0;
};

} // namespace WebIpc
