// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  -------------
//
// This file is not part of the WebIpc API. It is an implementation detail of WebIpc's
// libraries and tests, and may change or disappear from one version to the next without
// notice. It is never installed.
//
#pragma once

#include <WebIpc/messageport.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtQml/QJSValue>

namespace WebIpc {

class QuickEngine;

// The QML face of a MessagePortMain: what helpers.js's makePort() wraps into Electron's
// EventEmitter-style port (on('message'), on('close'), postMessage, start, close). A child of
// its port, so that a started port with listeners lives as long as the port (Electron's B86).
class QuickPort : public QObject
{
    Q_OBJECT
public:
    QuickPort(MessagePortMain *port, QuickEngine *engine);

    MessagePortMain *port() const { return m_port; }
    // The ports of a JavaScript transfer list: wrappers or C++ ports; nullptr for anything else.
    static QList<MessagePortMain *> portsOf(const QJSValue &transfer);

    // Posts a value converted by helpers.js; returns the error text, or an empty string.
    Q_INVOKABLE QString post(const QJSValue &message, const QJSValue &transfer);
    Q_INVOKABLE void start();
    Q_INVOKABLE void close();

Q_SIGNALS:
    void message(const QJSValue &data, const QJSValue &ports);
    void closed();

private:
    QPointer<MessagePortMain> m_port;
    QPointer<QuickEngine> m_engine;
};

} // namespace WebIpc
