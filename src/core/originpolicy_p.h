// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QHash>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace WebIpc {

// Which origins may use IPC, for a whole IpcMain and per channel. Patterns:
//   "local"                   qrc:, file:, opaque origins ("null": data:, about:) and every
//                             scheme that is not a network scheme (the application's own)
//   "https://example.com"     one origin (scheme, host and port as the web platform spells it)
//   "https://*.example.com"   an origin's subdomains (not the origin itself)
//   "*"                       every origin
class OriginPolicy
{
public:
    OriginPolicy();

    void setAllowed(const QStringList &patterns) { m_allowed = patterns; }
    QStringList allowed() const { return m_allowed; }
    // An empty list removes the channel's own rule; the IpcMain-wide rule applies again.
    void setChannelAllowed(const QString &channel, const QStringList &patterns);
    QStringList channelAllowed(const QString &channel) const { return m_channels.value(channel); }

    bool isAllowed(const QString &origin, const QString &channel) const;

    static bool matches(const QString &pattern, const QString &origin);
    static bool isLocal(const QString &origin);

private:
    QStringList m_allowed;
    QHash<QString, QStringList> m_channels;
};

} // namespace WebIpc
