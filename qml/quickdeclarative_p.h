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

#include "quickipcmain_p.h"

#include <WebIpc/webengine.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtQml/QJSValue>
#include <QtQml/QQmlParserStatus>
#include <QtQml/qqmlregistration.h>

namespace WebIpc {

/*!
    \qmltype IpcListener
    A listener that is active while it exists:
    \qml
    IpcListener { channel: "ping"; onMessage: (event, args) => event.reply("pong", args[0]) }
    \endqml
    It uses \c ipcMain, or else the IpcMain it is declared in.
*/
class QuickIpcListener : public QObject, public QQmlParserStatus
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_NAMED_ELEMENT(IpcListener)
    Q_PROPERTY(WebIpc::QuickIpcMain *ipcMain READ ipcMain WRITE setIpcMain NOTIFY ipcMainChanged)
    Q_PROPERTY(QString channel READ channel WRITE setChannel NOTIFY channelChanged)
    Q_PROPERTY(bool once READ once WRITE setOnce NOTIFY onceChanged)
    Q_PROPERTY(bool enabled READ isEnabled WRITE setEnabled NOTIFY enabledChanged)
public:
    explicit QuickIpcListener(QObject *parent = nullptr);
    ~QuickIpcListener() override;

    QuickIpcMain *ipcMain() const;
    void setIpcMain(QuickIpcMain *ipcMain);
    QString channel() const { return m_channel; }
    void setChannel(const QString &channel);
    bool once() const { return m_once; }
    void setOnce(bool once);
    bool isEnabled() const { return m_enabled; }
    void setEnabled(bool enabled);

    void classBegin() override { }
    void componentComplete() override;

Q_SIGNALS:
    //! A message arrived; \a args is the array of its arguments.
    void message(const QJSValue &event, const QJSValue &args);
    void ipcMainChanged();
    void channelChanged();
    void onceChanged();
    void enabledChanged();

private:
    void reconnect();

    QPointer<QuickIpcMain> m_ipcMain;
    QString m_channel;
    bool m_once = false;
    bool m_enabled = true;
    bool m_complete = false;
    QMetaObject::Connection m_connection;
};

/*!
    \qmltype IpcHandler
    The handler of a channel's \c invoke while it exists:
    \qml
    IpcHandler { channel: "add"; handler: (event, a, b) => a + b }
    \endqml
    \c handler may return a value, a Promise or a thenable, or throw.
*/
class QuickIpcHandler : public QObject, public QQmlParserStatus
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_NAMED_ELEMENT(IpcHandler)
    Q_PROPERTY(WebIpc::QuickIpcMain *ipcMain READ ipcMain WRITE setIpcMain NOTIFY ipcMainChanged)
    Q_PROPERTY(QString channel READ channel WRITE setChannel NOTIFY channelChanged)
    Q_PROPERTY(QJSValue handler READ handler WRITE setHandler NOTIFY handlerChanged)
    Q_PROPERTY(bool once READ once WRITE setOnce NOTIFY onceChanged)
    Q_PROPERTY(bool enabled READ isEnabled WRITE setEnabled NOTIFY enabledChanged)
    //! False if another handler had the channel already when this one tried to register.
    Q_PROPERTY(bool active READ isActive NOTIFY activeChanged)
public:
    explicit QuickIpcHandler(QObject *parent = nullptr);
    ~QuickIpcHandler() override;

    QuickIpcMain *ipcMain() const;
    void setIpcMain(QuickIpcMain *ipcMain);
    QString channel() const { return m_channel; }
    void setChannel(const QString &channel);
    QJSValue handler() const { return m_handler; }
    void setHandler(const QJSValue &handler);
    bool once() const { return m_once; }
    void setOnce(bool once);
    bool isEnabled() const { return m_enabled; }
    void setEnabled(bool enabled);
    bool isActive() const { return m_active; }

    void classBegin() override { }
    void componentComplete() override;

Q_SIGNALS:
    void ipcMainChanged();
    void channelChanged();
    void handlerChanged();
    void onceChanged();
    void enabledChanged();
    void activeChanged();

private:
    void unregister();
    void reregister();

    QPointer<QuickIpcMain> m_ipcMain;
    QString m_channel;
    QJSValue m_handler;
    bool m_once = false;
    bool m_enabled = true;
    bool m_complete = false;
    bool m_active = false;
    // Handlers are registered with this object as context: they go when it is destroyed.
    QObject *m_context = nullptr;
};

class QuickWebIpcAttached;

/*!
    \qmltype WebIpc
    Attached to a WebEngineView: <tt>WebEngineView { WebIpc.ipcMain: ipc }</tt> attaches it.
*/
class QuickWebIpc : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(WebIpc)
    QML_UNCREATABLE("WebIpc is only available as an attached property of a WebEngineView")
    QML_ATTACHED(WebIpc::QuickWebIpcAttached)
public:
    static QuickWebIpcAttached *qmlAttachedProperties(QObject *object);
};

// Attached objects get no componentComplete(): the view is attached as soon as ipcMain is set
// (bindings are set before the view's componentComplete() starts its first load), and
// re-attached if an option changes afterwards.
class QuickWebIpcAttached : public QObject
{
    Q_OBJECT
    QML_ANONYMOUS
    Q_PROPERTY(WebIpc::QuickIpcMain *ipcMain READ ipcMain WRITE setIpcMain NOTIFY ipcMainChanged)
    Q_PROPERTY(uint worldId READ worldId WRITE setWorldId NOTIFY worldIdChanged)
    Q_PROPERTY(bool exposeElectronRequire READ exposeElectronRequire WRITE setExposeElectronRequire
                       NOTIFY exposeElectronRequireChanged)
    Q_PROPERTY(bool enableSubframes READ enableSubframes WRITE setEnableSubframes NOTIFY
                       enableSubframesChanged)
    Q_PROPERTY(QString preload READ preload WRITE setPreload NOTIFY preloadChanged)
    Q_PROPERTY(bool exposeIpcRendererToMainWorld READ exposeIpcRendererToMainWorld WRITE
                       setExposeIpcRendererToMainWorld NOTIFY exposeIpcRendererToMainWorldChanged)
    Q_PROPERTY(bool forwardConsole READ forwardConsole WRITE setForwardConsole NOTIFY
                       forwardConsoleChanged)
    Q_PROPERTY(QJSValue webContents READ webContents NOTIFY webContentsChanged)
public:
    explicit QuickWebIpcAttached(QObject *view);

    QuickIpcMain *ipcMain() const { return m_ipcMain; }
    void setIpcMain(QuickIpcMain *ipcMain);
    uint worldId() const { return m_options.worldId; }
    void setWorldId(uint worldId);
    bool exposeElectronRequire() const { return m_options.exposeElectronRequire; }
    void setExposeElectronRequire(bool expose);
    bool enableSubframes() const { return m_options.enableSubframes; }
    void setEnableSubframes(bool enable);
    // AttachOptions::preload: a file path, a ":/" resource, or a "qrc:" or "file:" URL.
    QString preload() const { return m_options.preload; }
    void setPreload(const QString &preload);
    bool exposeIpcRendererToMainWorld() const { return m_options.exposeIpcRendererToMainWorld; }
    void setExposeIpcRendererToMainWorld(bool expose);
    bool forwardConsole() const { return m_options.forwardConsole; }
    void setForwardConsole(bool forward);
    QJSValue webContents() const;

Q_SIGNALS:
    void ipcMainChanged();
    void worldIdChanged();
    void exposeElectronRequireChanged();
    void enableSubframesChanged();
    void preloadChanged();
    void exposeIpcRendererToMainWorldChanged();
    void forwardConsoleChanged();
    void webContentsChanged();

private:
    void update();
    // Sets one option; options are fixed at attachment, so the view is attached again.
    template<typename T>
    void setOption(T AttachOptions::*option, T value, void (QuickWebIpcAttached::*changed)());

    QObject *m_view;
    QPointer<QuickIpcMain> m_ipcMain;
    QPointer<QuickIpcMain> m_attachedTo;
    AttachOptions m_options;
};

} // namespace WebIpc
