// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "ratelimitedlog_p.h"

namespace WebIpc {

bool RateLimitedLog::allow(QString *summary)
{
    summary->clear();
    if (m_flooding && m_quiet.isValid() && m_quiet.elapsed() >= 1000)
        m_flooding = false; // a quiet second ends the flood
    m_quiet.start();
    if (!m_second.isValid() || m_second.elapsed() >= 1000) {
        if (m_heldBack > 0)
            *summary =
                    QStringLiteral("%1 more warnings like these were not logged").arg(m_heldBack);
        m_second.start();
        m_lines = 0;
        m_heldBack = 0;
    }
    if (!m_flooding && m_lines < m_burst) {
        ++m_lines;
        return true;
    }
    m_flooding = true;
    ++m_heldBack;
    return false;
}

} // namespace WebIpc
