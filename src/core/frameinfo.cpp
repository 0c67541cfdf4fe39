// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include <WebIpc/frameinfo.h>
#include <WebIpc/webcontents.h>

#include <QtCore/QPointer>

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
    QPointer<QObject> owner; // the WebContents of the frame, for ipc() (frameipc.cpp)
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
FrameInfo::FrameInfo(FrameInfo &&other) noexcept = default;
FrameInfo::~FrameInfo() = default;

bool FrameInfo::isValid() const { return d->valid; }

QUrl FrameInfo::url() const { return d->url; }

QString FrameInfo::origin() const { return d->origin; }

int FrameInfo::frameId() const { return d->frameId; }

qint64 FrameInfo::processId() const { return d->processId; }

bool FrameInfo::isMainFrame() const { return d->isMainFrame; }

void FrameInfo::setOwner(QObject *contents) { d->owner = contents; }

IpcMain *FrameInfo::ipc() const
{
    auto *contents = qobject_cast<WebContents *>(d->owner.data());
    return contents && d->valid ? contents->frameIpc(d->frameId) : nullptr;
}

namespace {

QString serializedOrigin(const QUrl &url, int depth)
{
    // What Chromium's url::Origin serializes, for what C++ can tell from the URL alone (not a
    // custom scheme's QWebEngineUrlScheme syntax: a host decides). Opaque origins are "null".
    const QString null = QStringLiteral("null");
    if (!url.isValid())
        return null;
    const QString scheme = url.scheme().toLower();
    if (scheme.isEmpty() || scheme == QLatin1String("data") || scheme == QLatin1String("about")
        || scheme == QLatin1String("javascript"))
        return null;
    // blob:https://h/uuid and filesystem:https://h/temporary/x carry their creator's origin.
    if (scheme == QLatin1String("blob") || scheme == QLatin1String("filesystem")) {
        if (depth > 0)
            return null;
        return serializedOrigin(QUrl(url.path(QUrl::FullyEncoded)), depth + 1);
    }
    if (scheme == QLatin1String("file"))
        return QStringLiteral("file://");
    QString host = url.host(QUrl::FullyEncoded);
    if (host.isEmpty()) {
        // Network schemes need a host; any other scheme has a path-syntax origin ("qrc:").
        for (const char *network : {"http", "https", "ws", "wss", "ftp"}) {
            if (scheme == QLatin1String(network))
                return null;
        }
        return scheme + QLatin1Char(':');
    }
    if (host.contains(QLatin1Char(':')))
        host = QLatin1Char('[') + host + QLatin1Char(']'); // IPv6
    QString origin = scheme + QLatin1String("://") + host;
    int port = url.port();
    if ((port == 80 && (scheme == QLatin1String("http") || scheme == QLatin1String("ws")))
        || (port == 443 && (scheme == QLatin1String("https") || scheme == QLatin1String("wss")))
        || (port == 21 && scheme == QLatin1String("ftp")))
        port = -1;
    if (port != -1)
        origin += QLatin1Char(':') + QString::number(port);
    return origin;
}

} // namespace

QString FrameInfo::originOf(const QUrl &url) { return serializedOrigin(url, 0); }

// Moves do not allocate or throw; Qt's containers may move it with memcpy (Q_DECLARE_SHARED).
static_assert(
        std::is_nothrow_move_constructible_v<
                FrameInfo> && std::is_nothrow_move_assignable_v<FrameInfo> && std::is_nothrow_swappable_v<FrameInfo> && QTypeInfo<FrameInfo>::isRelocatable);

} // namespace WebIpc
