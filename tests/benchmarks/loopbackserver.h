// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QHash>
#include <QtCore/QUrl>
#include <QtNetwork/QTcpServer>

// The benchmark's own HTTP server on 127.0.0.1 (never part of the library): it serves the bench
// pages with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy:
// require-corp, so that they are cross-origin isolated and performance.now() ticks at 5 us
// instead of 100 us (Chromium 102). Under require-corp a page may load only same-origin
// subresources, so qwebchannel.js is served here too.
class LoopbackServer : public QObject
{
    Q_OBJECT
public:
    explicit LoopbackServer(QObject *parent = nullptr);

    // Serves the file at resourcePath (a Qt resource, ":/...") as path ("/bench.js").
    void serve(const QString &path, const QString &resourcePath);
    bool listen(); // on 127.0.0.1, a free port
    QUrl url(const QString &path) const;
    QString origin() const; // "http://127.0.0.1:<port>"

private:
    void answer(QTcpSocket *socket);

    QTcpServer m_server;
    QHash<QString, QString> m_files;
};
