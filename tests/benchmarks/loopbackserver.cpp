// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "loopbackserver.h"

#include <QtCore/QFile>
#include <QtNetwork/QTcpSocket>

LoopbackServer::LoopbackServer(QObject *parent) : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, [this]() {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket]() { answer(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
}

void LoopbackServer::serve(const QString &path, const QString &resourcePath)
{
    m_files.insert(path, resourcePath);
}

bool LoopbackServer::listen() { return m_server.listen(QHostAddress::LocalHost, 0); }

QUrl LoopbackServer::url(const QString &path) const { return QUrl(origin() + path); }

QString LoopbackServer::origin() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort());
}

// One GET per connection read: enough for a browser loading a few small files. Keep-alive is
// kept simple: each answer has its Content-Length, and the socket stays open for the next.
void LoopbackServer::answer(QTcpSocket *socket)
{
    QByteArray request = socket->property("pending").toByteArray() + socket->readAll();
    while (true) {
        const qsizetype end = request.indexOf("\r\n\r\n");
        if (end < 0)
            break;
        const QByteArray head = request.left(end);
        request.remove(0, end + 4);
        const QList<QByteArray> words = head.left(head.indexOf("\r\n")).split(' ');
        QString path = QString::fromLatin1(words.value(1));
        path = path.left(path.indexOf(QLatin1Char('?')) < 0 ? path.size()
                                                            : path.indexOf(QLatin1Char('?')));
        QByteArray body;
        QByteArray status = "200 OK";
        QFile file(m_files.value(path));
        if (words.value(0) != "GET" || !m_files.contains(path) || !file.open(QIODevice::ReadOnly)) {
            status = "404 Not Found";
        } else {
            body = file.readAll();
        }
        const QByteArray type = path.endsWith(QLatin1String(".js"))
                ? "text/javascript; charset=utf-8"
                : "text/html; charset=utf-8";
        socket->write("HTTP/1.1 " + status + "\r\nContent-Type: " + type
                      + "\r\nContent-Length: " + QByteArray::number(body.size())
                      + "\r\nCache-Control: no-store"
                        "\r\nCross-Origin-Opener-Policy: same-origin"
                        "\r\nCross-Origin-Embedder-Policy: require-corp"
                        "\r\nCross-Origin-Resource-Policy: same-origin\r\n\r\n"
                      + body);
    }
    socket->setProperty("pending", request);
}
