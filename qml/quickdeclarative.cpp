// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "quickdeclarative_p.h"

#include "quickattachment_p.h"
#include "quickengine_p.h"
#include "quickipcmain_p.h"

#include <WebIpc/quick.h>

#include <QtQml/QQmlEngine>
#include <QtQml/QQmlInfo>

namespace WebIpc {

// --- IpcListener -----------------------------------------------------------------------------

QuickIpcListener::QuickIpcListener(QObject *parent) : QObject(parent) { }

QuickIpcListener::~QuickIpcListener() { QObject::disconnect(m_connection); }

QuickIpcMain *QuickIpcListener::ipcMain() const
{
    return m_ipcMain ? m_ipcMain.data() : QuickIpcMain::fromObject(parent());
}

void QuickIpcListener::setIpcMain(QuickIpcMain *ipcMain)
{
    if (m_ipcMain == ipcMain)
        return;
    m_ipcMain = ipcMain;
    reconnect();
    Q_EMIT ipcMainChanged();
}

void QuickIpcListener::setChannel(const QString &channel)
{
    if (m_channel == channel)
        return;
    m_channel = channel;
    reconnect();
    Q_EMIT channelChanged();
}

void QuickIpcListener::setOnce(bool once)
{
    if (m_once == once)
        return;
    m_once = once;
    reconnect();
    Q_EMIT onceChanged();
}

void QuickIpcListener::setEnabled(bool enabled)
{
    if (m_enabled == enabled)
        return;
    m_enabled = enabled;
    reconnect();
    Q_EMIT enabledChanged();
}

void QuickIpcListener::componentComplete()
{
    m_complete = true;
    reconnect();
}

void QuickIpcListener::reconnect()
{
    if (!m_complete)
        return;
    QObject::disconnect(m_connection);
    QuickIpcMain *main = ipcMain();
    if (!main || !m_enabled || m_channel.isEmpty())
        return;
    QPointer<QuickIpcListener> self(this);
    auto call = [self](const IpcMainEvent &event, const QVariantList &args) {
        QJSEngine *engine = self ? qjsEngine(self) : nullptr;
        if (!engine)
            return;
        QuickEngine *quick = QuickEngine::of(engine);
        Q_EMIT self->message(quick->event(event), engine->toScriptValue(args));
    };
    m_connection = m_once ? main->ipcMain()->once(m_channel, this, std::move(call))
                          : main->ipcMain()->on(m_channel, this, std::move(call));
}

// --- IpcHandler ------------------------------------------------------------------------------

QuickIpcHandler::QuickIpcHandler(QObject *parent) : QObject(parent) { }

QuickIpcHandler::~QuickIpcHandler() { unregister(); }

QuickIpcMain *QuickIpcHandler::ipcMain() const
{
    return m_ipcMain ? m_ipcMain.data() : QuickIpcMain::fromObject(parent());
}

void QuickIpcHandler::setIpcMain(QuickIpcMain *ipcMain)
{
    if (m_ipcMain == ipcMain)
        return;
    m_ipcMain = ipcMain;
    reregister();
    Q_EMIT ipcMainChanged();
}

void QuickIpcHandler::setChannel(const QString &channel)
{
    if (m_channel == channel)
        return;
    m_channel = channel;
    reregister();
    Q_EMIT channelChanged();
}

void QuickIpcHandler::setHandler(const QJSValue &handler)
{
    m_handler = handler;
    reregister();
    Q_EMIT handlerChanged();
}

void QuickIpcHandler::setOnce(bool once)
{
    if (m_once == once)
        return;
    m_once = once;
    reregister();
    Q_EMIT onceChanged();
}

void QuickIpcHandler::setEnabled(bool enabled)
{
    if (m_enabled == enabled)
        return;
    m_enabled = enabled;
    reregister();
    Q_EMIT enabledChanged();
}

void QuickIpcHandler::componentComplete()
{
    m_complete = true;
    reregister();
}

void QuickIpcHandler::unregister()
{
    // Deleting the context removes the handler it registered, and only that one: a newer
    // handler on the channel (registered by someone else) is left alone.
    delete m_context;
    m_context = nullptr;
}

void QuickIpcHandler::reregister()
{
    if (!m_complete)
        return;
    const bool wasActive = m_active;
    unregister();
    m_active = false;
    QuickIpcMain *main = ipcMain();
    if (main && m_enabled && !m_channel.isEmpty() && m_handler.isCallable()) {
        m_context = new QObject(this);
        // A second handler is an error in QML too, but a declarative one reports it as a
        // warning and active: false rather than throwing out of a property assignment.
        if (main->addHandler(m_channel, m_context, m_handler, m_once, qjsEngine(this), false)) {
            m_active = true;
        } else {
            qmlWarning(this) << "Attempted to register a second handler for '" << m_channel << "'";
            delete m_context;
            m_context = nullptr;
        }
    }
    if (wasActive != m_active)
        Q_EMIT activeChanged();
}

// --- WebIpc attached -------------------------------------------------------------------------

QuickWebIpcAttached *QuickWebIpc::qmlAttachedProperties(QObject *object)
{
    return new QuickWebIpcAttached(object);
}

QuickWebIpcAttached::QuickWebIpcAttached(QObject *view) : QObject(view), m_view(view) { }

void QuickWebIpcAttached::setIpcMain(QuickIpcMain *ipcMain)
{
    if (m_ipcMain == ipcMain)
        return;
    m_ipcMain = ipcMain;
    update();
    Q_EMIT ipcMainChanged();
}

template<typename T>
void QuickWebIpcAttached::setOption(T AttachOptions::*option, T value,
                                    void (QuickWebIpcAttached::*changed)())
{
    if (m_options.*option == value)
        return;
    m_options.*option = value;
    if (m_attachedTo) {
        delete findQuickWebContents(m_attachedTo->ipcMain(), m_view);
        m_attachedTo = nullptr;
    }
    update();
    Q_EMIT(this->*changed)();
}

void QuickWebIpcAttached::setWorldId(uint worldId)
{
    setOption(&AttachOptions::worldId, quint32(worldId), &QuickWebIpcAttached::worldIdChanged);
}

void QuickWebIpcAttached::setExposeElectronRequire(bool expose)
{
    setOption(&AttachOptions::exposeElectronRequire, expose,
              &QuickWebIpcAttached::exposeElectronRequireChanged);
}

void QuickWebIpcAttached::setEnableSubframes(bool enable)
{
    setOption(&AttachOptions::enableSubframes, enable,
              &QuickWebIpcAttached::enableSubframesChanged);
}

void QuickWebIpcAttached::setForwardConsole(bool forward)
{
    setOption(&AttachOptions::forwardConsole, forward, &QuickWebIpcAttached::forwardConsoleChanged);
}

void QuickWebIpcAttached::setPreload(const QString &preload)
{
    setOption(&AttachOptions::preload, preload, &QuickWebIpcAttached::preloadChanged);
}

void QuickWebIpcAttached::setExposeIpcRendererToMainWorld(bool expose)
{
    setOption(&AttachOptions::exposeIpcRendererToMainWorld, expose,
              &QuickWebIpcAttached::exposeIpcRendererToMainWorldChanged);
}

void QuickWebIpcAttached::update()
{
    if (m_attachedTo && m_attachedTo != m_ipcMain) {
        delete findQuickWebContents(m_attachedTo->ipcMain(), m_view);
        m_attachedTo = nullptr;
    }
    if (m_ipcMain && !m_attachedTo) {
        WebContents *contents = attachQuickView(m_ipcMain->ipcMain(), m_view, m_options);
        if (contents) {
            m_attachedTo = m_ipcMain;
            connect(contents, &QObject::destroyed, this, [this]() {
                m_attachedTo = nullptr;
                Q_EMIT webContentsChanged();
            });
        } else {
            qmlWarning(m_view) << "WebIpc.ipcMain: could not attach (not a WebEngineView, or it "
                                  "has a webChannel of its own)";
        }
    }
    Q_EMIT webContentsChanged();
}

QJSValue QuickWebIpcAttached::webContents() const
{
    QJSEngine *engine = qjsEngine(m_view);
    if (!engine || !m_attachedTo)
        return QJSValue(QJSValue::NullValue);
    return QuickEngine::of(engine)->contents(findQuickWebContents(m_attachedTo->ipcMain(), m_view));
}

} // namespace WebIpc
