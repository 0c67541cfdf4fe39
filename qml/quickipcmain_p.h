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

#include <WebIpc/ipcmain.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtQml/QJSValue>
#include <QtQml/QQmlListProperty>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <vector>

namespace WebIpc {

class QuickEngine;

/*!
    \qmltype IpcMain
    Electron's \c ipcMain in QML. Created in QML it has an IpcMain of its own; qmlIpcMain()
    gives QML the face of a C++ IpcMain. Listeners and handlers registered here are ordinary
    IpcMain listeners and handlers: they run in registration order with C++ ones.

    Objects declared inside it (IpcListener, IpcHandler, ...) use it unless told otherwise.
*/
class QuickIpcMain : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(IpcMain)
    Q_PROPERTY(int syncReplyTimeout READ syncReplyTimeout WRITE setSyncReplyTimeout NOTIFY
                       syncReplyTimeoutChanged)
    //! IpcMain::allowedOrigins(): which origins may use IPC ("local" by default).
    Q_PROPERTY(QStringList allowedOrigins READ allowedOrigins WRITE setAllowedOrigins NOTIFY
                       allowedOriginsChanged)
    Q_PROPERTY(double maximumMessageSize READ maximumMessageSize WRITE setMaximumMessageSize NOTIFY
                       maximumMessageSizeChanged)
    Q_PROPERTY(QQmlListProperty<QObject> data READ data CONSTANT)
    Q_CLASSINFO("DefaultProperty", "data")
public:
    explicit QuickIpcMain(QObject *parent = nullptr);
    ~QuickIpcMain() override;

    // The QML face of a C++ IpcMain, owned by it.
    static QuickIpcMain *of(IpcMain *ipcMain);
    // The QuickIpcMain \a object is, or the one an IpcListener/IpcHandler inside it finds.
    static QuickIpcMain *fromObject(QObject *object);

    IpcMain *ipcMain() const { return m_main; }

    int syncReplyTimeout() const;
    void setSyncReplyTimeout(int milliseconds);
    QQmlListProperty<QObject> data();
    QStringList allowedOrigins() const;
    void setAllowedOrigins(const QStringList &patterns);
    double maximumMessageSize() const;
    void setMaximumMessageSize(double bytes);

    //! IpcMain::setChannelAllowedOrigins(): origin patterns of one channel's own.
    Q_INVOKABLE void setChannelAllowedOrigins(const QString &channel, const QStringList &patterns);
    Q_INVOKABLE QStringList channelAllowedOrigins(const QString &channel) const;

    Q_INVOKABLE WebIpc::QuickIpcMain *on(const QString &channel, const QJSValue &listener);
    Q_INVOKABLE WebIpc::QuickIpcMain *addListener(const QString &channel, const QJSValue &listener);
    Q_INVOKABLE WebIpc::QuickIpcMain *once(const QString &channel, const QJSValue &listener);
    Q_INVOKABLE WebIpc::QuickIpcMain *removeListener(const QString &channel,
                                                     const QJSValue &listener);
    Q_INVOKABLE WebIpc::QuickIpcMain *off(const QString &channel, const QJSValue &listener);
    Q_INVOKABLE WebIpc::QuickIpcMain *removeAllListeners(const QJSValue &channel = QJSValue());
    Q_INVOKABLE QStringList eventNames() const;
    Q_INVOKABLE int listenerCount(const QString &channel) const;

    Q_INVOKABLE void handle(const QString &channel, const QJSValue &handler);
    Q_INVOKABLE void handleOnce(const QString &channel, const QJSValue &handler);
    Q_INVOKABLE void removeHandler(const QString &channel);
    Q_INVOKABLE bool hasHandler(const QString &channel) const;

    //! Electron's \c new MessageChannelMain(): <tt>{ port1, port2 }</tt>, two entangled ports
    //! (EventEmitters: \c on('message'), \c on('close'), \c postMessage, \c start, \c close).
    //! The channel is a child of this IpcMain.
    Q_INVOKABLE QJSValue createMessageChannel();

    /*!
        Attaches a QML WebEngineView; \a options may set the fields of WebIpc::AttachOptions
        (\c worldId, \c exposeElectronRequire, \c enableSubframes, \c preload,
        \c exposeIpcRendererToMainWorld, \c forwardConsole). Returns the view's
        webContents object.
    */
    Q_INVOKABLE QJSValue attach(QObject *webEngineView, const QJSValue &options = QJSValue());
    Q_INVOKABLE void detach(QObject *webEngineView);
    //! The webContents object of an attached view, or null.
    Q_INVOKABLE QJSValue webContentsOf(QObject *webEngineView);
    //! Every attached page's webContents object.
    Q_INVOKABLE QJSValue allWebContents();

    // Registers \a handler, called in \a engine; false if the channel has a handler already,
    // and then a JavaScript error is thrown in \a engine if \a throwOnConflict.
    bool addHandler(const QString &channel, const QObject *context, const QJSValue &handler,
                    bool once, QJSEngine *engine, bool throwOnConflict);

Q_SIGNALS:
    void syncReplyTimeoutChanged();
    void allowedOriginsChanged();
    void maximumMessageSizeChanged();

private:
    explicit QuickIpcMain(IpcMain *shared);
    QuickIpcMain *addListener(const QString &channel, const QJSValue &listener, bool once);
    QJSEngine *engineOrThrow(const QJSValue &function, const char *what);

    struct Listener
    {
        quint64 id;
        QString channel;
        QJSValue function;
        QMetaObject::Connection connection;
    };

    std::unique_ptr<IpcMain> m_owned;
    IpcMain *m_main;
    std::vector<Listener> m_listeners;
    quint64 m_nextId = 1;
    QList<QObject *> m_data;
};

} // namespace WebIpc
