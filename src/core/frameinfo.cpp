// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include <WebIpc/frameinfo.h>

namespace WebIpc {

class FrameInfoData : public QSharedData
{
public:
    QUrl url;
    QString origin;
    int frameId = -1;
    qint64 processId = 0;
    bool isMainFrame = false;
    bool valid = false;
};

FrameInfo::FrameInfo() : d(new FrameInfoData) { }

FrameInfo::FrameInfo(const QUrl &url, int frameId, qint64 processId, bool isMainFrame)
    : d(new FrameInfoData)
{
    d->url = url;
    d->origin = originOf(url);
    d->frameId = frameId;
    d->processId = processId;
    d->isMainFrame = isMainFrame;
    d->valid = true;
}

FrameInfo::FrameInfo(const QUrl &url, const QString &origin, int frameId, qint64 processId,
                     bool isMainFrame)
    : FrameInfo(url, frameId, processId, isMainFrame)
{
    d->origin = origin;
}

FrameInfo::FrameInfo(const FrameInfo &other) = default;
FrameInfo &FrameInfo::operator=(const FrameInfo &other) = default;
FrameInfo::~FrameInfo() = default;

bool FrameInfo::isValid() const { return d->valid; }

QUrl FrameInfo::url() const { return d->url; }

QString FrameInfo::origin() const { return d->origin; }

int FrameInfo::frameId() const { return d->frameId; }

qint64 FrameInfo::processId() const { return d->processId; }

bool FrameInfo::isMainFrame() const { return d->isMainFrame; }

QString FrameInfo::originOf(const QUrl &url)
{
    // Opaque origins serialize as "null" (HTML's "serialization of an origin").
    const QString scheme = url.scheme();
    if (!url.isValid() || scheme.isEmpty() || scheme == QLatin1String("data")
        || scheme == QLatin1String("about") || scheme == QLatin1String("javascript"))
        return QStringLiteral("null");
    if (url.host().isEmpty())
        return scheme + QLatin1String("://");
    QString origin = scheme + QLatin1String("://") + url.host(QUrl::FullyEncoded);
    if (url.port() != -1)
        origin += QLatin1Char(':') + QString::number(url.port());
    return origin;
}

} // namespace WebIpc
