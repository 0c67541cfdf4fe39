// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "channelhints_p.h"

#include <algorithm>
#include <vector>

namespace WebIpc::ChannelHints {

namespace {

// Levenshtein distance, case-insensitive, stopping early once it exceeds \a limit.
int distance(const QString &a, const QString &b, int limit)
{
    const QString x = a.toCaseFolded();
    const QString y = b.toCaseFolded();
    if (std::abs(int(x.size()) - int(y.size())) > limit)
        return limit + 1;
    std::vector<int> row(size_t(y.size()) + 1);
    for (size_t j = 0; j < row.size(); ++j)
        row[j] = int(j);
    for (qsizetype i = 1; i <= x.size(); ++i) {
        int diagonal = row[0];
        row[0] = int(i);
        int best = row[0];
        for (qsizetype j = 1; j <= y.size(); ++j) {
            const int above = row[size_t(j)];
            const int cost = x.at(i - 1) == y.at(j - 1) ? 0 : 1;
            row[size_t(j)] = std::min({above + 1, row[size_t(j - 1)] + 1, diagonal + cost});
            diagonal = above;
            best = std::min(best, row[size_t(j)]);
        }
        if (best > limit)
            return limit + 1;
    }
    return row.back();
}

QString didYouMean(const QString &channel, const QStringList &candidates)
{
    const QString near = closest(channel, candidates);
    return near.isEmpty() ? QString() : QStringLiteral(" (did you mean '%1'?)").arg(near);
}

} // namespace

QString closest(const QString &name, const QStringList &candidates)
{
    // A typo is a small part of the name: one edit in a short name, a third of a long one.
    const int limit = std::max(1, int(name.size()) / 3);
    QString best;
    int bestDistance = limit + 1;
    for (const QString &candidate : candidates) {
        if (candidate == name)
            continue;
        const int d = distance(name, candidate, limit);
        if (d < bestDistance) {
            bestDistance = d;
            best = candidate;
        }
    }
    return best;
}

QString forInvoke(const QString &channel, bool hasListeners, const QStringList &handlerChannels)
{
    QString text = QStringLiteral("No handler registered for '%1'").arg(channel);
    if (hasListeners)
        text += QStringLiteral(": '%1' has listeners: use send() or sendSync()").arg(channel);
    else
        text += didYouMean(channel, handlerChannels);
    return text;
}

QString forSendSync(const QString &channel, bool hasHandler, const QStringList &listenedChannels)
{
    if (hasHandler)
        return QStringLiteral(" '%1' has a handler: use invoke()").arg(channel);
    return didYouMean(channel, listenedChannels);
}

} // namespace WebIpc::ChannelHints
