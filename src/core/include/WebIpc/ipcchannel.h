// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <WebIpc/ipcmainevent.h>
#include <WebIpc/webipcglobal.h>

#include <QtCore/QObject>
#include <QtCore/QVariantList>

namespace WebIpc {

class IpcMain;

/*!
    One named channel of an IpcMain. Its message() signal fires for every \c send and \c sendSync
    message on the channel, so a listener is an ordinary Qt connection:

    \code
    connect(ipcMain->channel("ping"), &WebIpc::IpcChannel::message, this,
            [](const WebIpc::IpcMainEvent &event, const QVariantList &args) { ... });
    \endcode

    Listeners run in the order they were connected. Disconnecting, or destroying the receiver,
    removes the listener. Such a plain connection follows Qt: disconnected while a message is
    being delivered, it is skipped for that message. Listeners added with IpcMain::on() follow
    Electron instead and still run for it. IpcMain owns its channels; they live as long as it
    does.
*/
class WEBIPC_CORE_EXPORT IpcChannel : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString name READ name CONSTANT)
public:
    ~IpcChannel() override;

    //! The channel's name, as pages send on it (IpcMain::channel()'s argument).
    QString name() const;
    //! How many listeners are connected to message().
    int listenerCount() const;

Q_SIGNALS:
    //! A page sent \a args on this channel.
    void message(const WebIpc::IpcMainEvent &event, const QVariantList &args);

private:
    friend class IpcMain;
    IpcChannel(const QString &name, IpcMain *parent);
    const QString m_name;
};

} // namespace WebIpc
