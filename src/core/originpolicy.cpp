// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "originpolicy_p.h"

namespace WebIpc {

OriginPolicy::OriginPolicy() : m_allowed{QStringLiteral("local")} { }

void OriginPolicy::setChannelAllowed(const QString &channel, const QStringList &patterns)
{
    if (patterns.isEmpty())
        m_channels.remove(channel);
    else
        m_channels.insert(channel, patterns);
}

bool OriginPolicy::isAllowed(const QString &origin, const QString &channel) const
{
    const auto rule = m_channels.constFind(channel);
    const QStringList &patterns = rule != m_channels.constEnd() ? *rule : m_allowed;
    for (const QString &pattern : patterns) {
        if (matches(pattern, origin))
            return true;
    }
    return false;
}

bool OriginPolicy::isLocal(const QString &origin)
{
    if (origin == QLatin1String("null"))
        return true;
    // Content from the network is remote; everything else (qrc:, file:, app schemes) is the
    // application's own. Checked on every message, so without allocating.
    const qsizetype colon = origin.indexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    const QStringView scheme = QStringView(origin).left(colon);
    for (const char *network : {"http", "https", "ws", "wss", "ftp"}) {
        if (scheme.compare(QLatin1String(network), Qt::CaseInsensitive) == 0)
            return false;
    }
    return true;
}

bool OriginPolicy::matches(const QString &pattern, const QString &origin)
{
    if (pattern == QLatin1String("*"))
        return true;
    if (pattern == QLatin1String("local"))
        return isLocal(origin);
    const qsizetype wildcard = pattern.indexOf(QLatin1String("://*."));
    if (wildcard < 0)
        return QString::compare(pattern, origin, Qt::CaseInsensitive) == 0;
    // "https://*.example.com": same scheme, a host ending in ".example.com" (port included).
    const QString scheme = pattern.left(wildcard + 3); // "https://"
    const QString suffix = pattern.mid(wildcard + 4); // ".example.com"
    return origin.startsWith(scheme, Qt::CaseInsensitive)
            && origin.size() > scheme.size() + suffix.size()
            && origin.endsWith(suffix, Qt::CaseInsensitive);
}

} // namespace WebIpc
