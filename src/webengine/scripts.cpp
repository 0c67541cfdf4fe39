// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "scripts_p.h"

#include "syncschemehandler_p.h"
#include <core/bridgeobject_p.h>
#include <core/protocol_p.h>

#include <WebIpc/webengine.h>

#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtWebEngineCore/QWebEngineScript>

namespace WebIpc::Scripts {

namespace {

QString resource(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("WebIpc: missing resource %s", qPrintable(path));
    return QString::fromUtf8(file.readAll());
}

const QString BridgeScriptName = QStringLiteral("webipc-bridge");
const QString RendererScriptName = QStringLiteral("webipc-renderer");

QWebEngineScript documentCreationScript(const QString &name, quint32 worldId, bool subframes,
                                        const QString &source)
{
    QWebEngineScript script;
    script.setName(name);
    script.setWorldId(worldId);
    script.setInjectionPoint(QWebEngineScript::DocumentCreation);
    script.setRunsOnSubFrames(subframes);
    script.setSourceCode(source);
    return script;
}

QString json(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace

QString mainWorldSource(bool exposeElectronRequire, qint64 maximumMessageSize)
{
    // One closure, so that nothing but window.ipcRenderer (and require) reaches the page.
    static const QString body = resource(QStringLiteral(":/webipc/codec.js"))
            + resource(QStringLiteral(":/webipc/ipc-renderer.js"))
            + resource(QStringLiteral(":/webipc/main-world.js"));
    const QJsonObject config{{QStringLiteral("exposeRequire"), exposeElectronRequire},
                             {QStringLiteral("maxMessageSize"), double(maximumMessageSize)}};
    return QLatin1String("(function () {\n") + body + QLatin1String("\nstartWebIpcMainWorld(")
            + json(config) + QLatin1String(");\n})();\n");
}

QString bridgeSource(bool subframes, const QByteArray &admissionKey)
{
    // The bridge calls its slots by method index (see bridge.js).
    const QMetaObject &bridgeObject = BridgeObject::staticMetaObject;
    const int postMethod = bridgeObject.indexOfMethod("post(QString,QJsonArray)");
    const int relayMethod = bridgeObject.indexOfMethod(
            "postFromFrame(int,QString,QString,QString,QString,QJsonArray)");
    Q_ASSERT(postMethod >= 0 && relayMethod >= 0);
    static const QString qwebchannel = resource(QStringLiteral(":/qtwebchannel/qwebchannel.js"));
    static const QString bridge = resource(QStringLiteral(":/webipc/bridge.js"));
    static const QString boot = resource(QStringLiteral(":/webipc/bridge-boot.js"));
    const QJsonObject config{
            {QStringLiteral("syncUrl"), QLatin1String(SyncSchemeHandler::SyncUrl)},
            {QStringLiteral("localSyncUrl"), QLatin1String(SyncSchemeHandler::LocalSyncUrl)},
            {QStringLiteral("syncHeader"), QLatin1String(SyncSchemeHandler::RequestHeader)},
            {QStringLiteral("objectName"), QLatin1String(Protocol::BridgeObjectName)},
            {QStringLiteral("postMethod"), postMethod},
            {QStringLiteral("relayMethod"), relayMethod},
            {QStringLiteral("subframes"), subframes},
            {QStringLiteral("admissionKey"),
             subframes ? QString::fromLatin1(admissionKey) : QString()}};
    return QLatin1String("(function () {\n") + qwebchannel + QLatin1Char('\n') + bridge
            + QLatin1String("\nvar WEBIPC_CONFIG = ") + json(config) + QLatin1String(";\n") + boot
            + QLatin1String("\n})();\n");
}

QList<QWebEngineScript> forAttachment(const AttachOptions &options, const QByteArray &admissionKey,
                                      qint64 maximumMessageSize)
{
    // In subframes (when enabled) the bridge relays through the top frame's bridge.
    const bool subframes = options.enableSubframes;
    return {documentCreationScript(BridgeScriptName, options.worldId, subframes,
                                   bridgeSource(subframes, admissionKey)),
            documentCreationScript(
                    RendererScriptName, QWebEngineScript::MainWorld, subframes,
                    mainWorldSource(options.exposeElectronRequire, maximumMessageSize))};
}

QStringList names() { return {BridgeScriptName, RendererScriptName}; }

QString documentIdProbe()
{
    return QStringLiteral("window.__webipcBridge ? window.__webipcBridge.documentId : ''");
}

} // namespace WebIpc::Scripts
