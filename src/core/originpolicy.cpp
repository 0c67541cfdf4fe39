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
    const qsizetype colon = origin.indexOf(QLatin1Char(':'));
    const QString scheme = origin.left(colon).toLower();
    // Content from the network is remote; everything else (qrc:, file:, app schemes) is the
    // application's own.
    static const QStringList network{QStringLiteral("http"), QStringLiteral("https"),
                                     QStringLiteral("ws"), QStringLiteral("wss"),
                                     QStringLiteral("ftp")};
    return colon > 0 && !network.contains(scheme);
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
