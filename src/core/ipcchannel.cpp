// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include <WebIpc/ipcchannel.h>
#include <WebIpc/ipcmain.h>

#include <QtCore/QMetaMethod>

namespace WebIpc {

IpcChannel::IpcChannel(const QString &name, IpcMain *parent) : QObject(parent), m_name(name) { }

IpcChannel::~IpcChannel() = default;

QString IpcChannel::name() const { return m_name; }

int IpcChannel::listenerCount() const
{
    static const QMetaMethod signal = QMetaMethod::fromSignal(&IpcChannel::message);
    if (!isSignalConnected(signal))
        return 0;
    return receivers(SIGNAL(message(WebIpc::IpcMainEvent, QVariantList)));
}

} // namespace WebIpc
