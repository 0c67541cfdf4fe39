// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// MessagePorts in QML: event.ports of an IpcListener, webContents.postMessage(), and
// IpcMain.createMessageChannel(); see helpers.js (makePort) for the JavaScript side.
#include "quickports_p.h"

#include "quickengine_p.h"

#include <QtQml/QJSEngine>

namespace WebIpc {

QuickPort::QuickPort(MessagePortMain *port, QuickEngine *engine)
    : QObject(port), m_port(port), m_engine(engine)
{
    connect(port, &MessagePortMain::message, this, [this](const MessageEvent &event) {
        if (!m_engine)
            return;
        QJSValue ports = m_engine->engine()->newArray(quint32(event.ports.size()));
        for (qsizetype i = 0; i < event.ports.size(); ++i)
            ports.setProperty(quint32(i), m_engine->port(event.ports.at(i)));
        Q_EMIT message(m_engine->toJs(event.data), ports);
    });
    connect(port, &MessagePortMain::closed, this, &QuickPort::closed);
}

QList<MessagePortMain *> QuickPort::portsOf(const QJSValue &transfer)
{
    QList<MessagePortMain *> ports;
    const int length = transfer.property(QStringLiteral("length")).toInt();
    for (int i = 0; i < length; ++i) {
        QObject *object = transfer.property(quint32(i)).toQObject();
        if (auto *quick = qobject_cast<QuickPort *>(object))
            ports.append(quick->port());
        else
            ports.append(qobject_cast<MessagePortMain *>(object));
    }
    return ports;
}

QString QuickPort::post(const QJSValue &message, const QJSValue &transfer)
{
    if (!m_port)
        return QString();
    QVariant value;
    QString error;
    if (QuickEngine::fromWire(message, &value, &error))
        m_port->postMessage(value, portsOf(transfer), &error);
    return error;
}

void QuickPort::start()
{
    if (m_port)
        m_port->start();
}

void QuickPort::close()
{
    if (m_port)
        m_port->close();
}

} // namespace WebIpc
