// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "scripts_p.h"

#include "binaryscheme_p.h"
#include "syncprompt_p.h"
#include "syncschemehandler_p.h"
#include <core/binarylane_p.h>
#include <core/bridgeobject_p.h>
#include <core/logging_p.h>
#include <core/protocol_p.h>

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QSysInfo>
#include <QtCore/QUrl>
#include <QtWebEngineCore/qtwebenginecoreglobal.h>

namespace WebIpc::Scripts {

namespace {

const QString BridgeScriptName = QStringLiteral("webipc-bridge");
const QString RendererScriptName = QStringLiteral("webipc-renderer");
const QString PreloadScriptName = QStringLiteral("webipc-preload");
// Where the bridge leaves the preload's runtime for the preload's script (isolated world).
const QLatin1String PreloadHook("__webipcPreload");

QString resource(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("WebIpc: missing resource %s", qPrintable(path));
    return QString::fromUtf8(file.readAll());
}

QString json(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString jsString(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

// Node's names for the platforms.
QString platformName()
{
    const QString kernel = QSysInfo::kernelType();
    if (kernel == QLatin1String("winnt"))
        return QStringLiteral("win32");
    return kernel;
}

// A file path, a ":/" resource or a "qrc:" (or "file:") URL; a null string if unreadable.
QString readPreload(const QString &location)
{
    QString path = location;
    if (location.startsWith(QLatin1String("qrc:"))) {
        path = QLatin1Char(':') + QUrl(location).path();
    } else if (location.startsWith(QLatin1String("file:"))) {
        path = QUrl(location).toLocalFile();
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(file.readAll());
}

QString preloadScriptSource(const QString &location)
{
    const QString source = readPreload(location);
    if (source.isNull()) {
        qCWarning(lcMain).noquote() << "Unable to load preload script:" << location;
        return QLatin1String("console.error(")
                + jsString(QLatin1String("Unable to load preload script: ") + location)
                + QLatin1String(");\n");
    }
    // All on the first line, so that the preload's line numbers are its own.
    return QLatin1String("(function () { var runtime = window.") + PreloadHook
            + QLatin1String("; if (!runtime) return; delete window.") + PreloadHook
            + QLatin1String("; runtime.run(function (require, process, global, setImmediate, "
                            "clearImmediate, exports, module) {")
            + source + QLatin1String("\n}); })();\n//# sourceURL=") + location + QLatin1Char('\n');
}

QJsonObject preloadConfig(const AttachOptions &options, qint64 maximumMessageSize)
{
    return {{QStringLiteral("hook"), PreloadHook},
            {QStringLiteral("preloadPath"), options.preload},
            {QStringLiteral("platform"), platformName()},
            {QStringLiteral("maxMessageSize"), double(maximumMessageSize)},
            {QStringLiteral("bytesThreshold"), double(Limits::binaryLaneThreshold())},
            {QStringLiteral("versions"),
             QJsonObject{{QStringLiteral("chrome"), QLatin1String(qWebEngineChromiumVersion())},
                         {QStringLiteral("qt"), QLatin1String(qVersion())},
                         {QStringLiteral("webipc"), QLatin1String(WEBIPC_VERSION_STRING)}}}};
}

QString bridgeSource(bool subframes, const QByteArray &admissionKey, const QJsonObject &preload,
                     bool prompt)
{
    // The bridge calls its slots by method index (see bridge.js).
    const QMetaObject &bridgeObject = BridgeObject::staticMetaObject;
    const int postMethod = bridgeObject.indexOfMethod("post(QString,QJsonArray)");
    const int relayMethod = bridgeObject.indexOfMethod(
            "postFromFrame(int,QString,QString,QString,QString,QJsonArray)");
    // The top frame posts by writing a property (no response message); see bridge.js.
    const int postProperty = bridgeObject.indexOfProperty("posted");
    Q_ASSERT(postMethod >= 0 && relayMethod >= 0 && postProperty >= 0);
    static const QString qwebchannel = resource(QStringLiteral(":/qtwebchannel/qwebchannel.js"));
    static const QString bridge = resource(QStringLiteral(":/webipc/bridge.js"));
    static const QString boot = resource(QStringLiteral(":/webipc/world-crossing.js"))
            + resource(QStringLiteral(":/webipc/bridge-boot.js"));
    // The preload's runtime: its own ipcRenderer (one implementation, the main world's) and
    // contextBridge.
    static const QString runtime = resource(QStringLiteral(":/webipc/codec.js"))
            + resource(QStringLiteral(":/webipc/message-ports.js"))
            + resource(QStringLiteral(":/webipc/ipc-renderer.js"))
            + resource(QStringLiteral(":/webipc/context-bridge.js"))
            + resource(QStringLiteral(":/webipc/preload-runtime.js"));
    QJsonObject config{
            {QStringLiteral("syncUrl"), QLatin1String(SyncSchemeHandler::SyncUrl)},
            {QStringLiteral("localSyncUrl"), QLatin1String(SyncSchemeHandler::LocalSyncUrl)},
            {QStringLiteral("syncHeader"), QLatin1String(SyncSchemeHandler::RequestHeader)},
            {QStringLiteral("bytesUrl"), QLatin1String(BinaryScheme::BytesUrl)},
            {QStringLiteral("localBytesUrl"), QLatin1String(BinaryScheme::LocalBytesUrl)},
            // Qt 6.7+ gives the scheme request bodies: the bridge posts its buffers as well.
            {QStringLiteral("bytesPost"), BinaryScheme::HasRequestBodies},
            {QStringLiteral("bytesExpiryMs"), Limits::binaryLaneExpiryMs()},
            {QStringLiteral("objectName"), QLatin1String(Protocol::BridgeObjectName)},
            {QStringLiteral("postMethod"), postMethod},
            {QStringLiteral("relayMethod"), relayMethod},
            {QStringLiteral("postProperty"), postProperty},
            {QStringLiteral("subframes"), subframes},
            {QStringLiteral("admissionKey"),
             subframes ? QString::fromLatin1(admissionKey) : QString()},
            {QStringLiteral("prompt"), prompt},
            {QStringLiteral("promptMessage"), QLatin1String(SyncPrompt::Message)}};
    if (!preload.isEmpty())
        config.insert(QStringLiteral("preload"), preload);
    return QLatin1String("(function () {\n") + qwebchannel + QLatin1Char('\n') + bridge
            + (preload.isEmpty() ? QString() : runtime) + QLatin1String("\nvar WEBIPC_CONFIG = ")
            + json(config) + QLatin1String(";\n") + boot + QLatin1String("\n})();\n");
}

QString mainWorldSource(bool ipcRenderer, bool exposeElectronRequire, bool contextBridge,
                        qint64 maximumMessageSize)
{
    // One closure, so that nothing but what config asks for reaches the page.
    static const QString ipc = resource(QStringLiteral(":/webipc/codec.js"))
            + resource(QStringLiteral(":/webipc/message-ports.js"))
            + resource(QStringLiteral(":/webipc/ipc-renderer.js"))
            + resource(QStringLiteral(":/webipc/world-crossing.js"));
    static const QString bridge = resource(QStringLiteral(":/webipc/context-bridge.js"));
    static const QString main = resource(QStringLiteral(":/webipc/main-world.js"));
    const QJsonObject config{
            {QStringLiteral("ipcRenderer"), ipcRenderer},
            {QStringLiteral("exposeRequire"), exposeElectronRequire},
            {QStringLiteral("contextBridge"), contextBridge},
            {QStringLiteral("maxMessageSize"), double(maximumMessageSize)},
            {QStringLiteral("bytesThreshold"), double(Limits::binaryLaneThreshold())}};
    return QLatin1String("(function () {\n") + (ipcRenderer ? ipc : QString())
            + (contextBridge ? bridge : QString()) + main + QLatin1String("\nstartWebIpcMainWorld(")
            + json(config) + QLatin1String(");\n})();\n");
}

QWebEngineScript script(const QString &name, quint32 worldId, bool subframes, const QString &source)
{
    QWebEngineScript result;
    result.setName(name);
    result.setWorldId(worldId);
    result.setInjectionPoint(QWebEngineScript::DocumentCreation);
    result.setRunsOnSubFrames(subframes);
    result.setSourceCode(source);
    return result;
}

} // namespace

QList<QWebEngineScript> forAttachment(const AttachOptions &options, const QByteArray &admissionKey,
                                      qint64 maximumMessageSize, bool prompt)
{
    const bool hasPreload = !options.preload.isEmpty();
    const bool subframes = options.enableSubframes;
    QList<QWebEngineScript> scripts;
    // In subframes (when enabled) the bridge relays through the top frame's bridge.
    scripts << script(
            BridgeScriptName, options.worldId, subframes,
            bridgeSource(subframes, admissionKey,
                         hasPreload ? preloadConfig(options, maximumMessageSize) : QJsonObject(),
                         prompt));
    scripts << script(RendererScriptName, QWebEngineScript::MainWorld, subframes,
                      mainWorldSource(!hasPreload || options.exposeIpcRendererToMainWorld,
                                      options.exposeElectronRequire, hasPreload,
                                      maximumMessageSize));
    if (hasPreload)
        scripts << script(PreloadScriptName, options.worldId, subframes,
                          preloadScriptSource(options.preload));
    return scripts;
}

QStringList names() { return {BridgeScriptName, RendererScriptName, PreloadScriptName}; }

QString mainWorldSource(bool exposeElectronRequire, qint64 maximumMessageSize)
{
    return mainWorldSource(true, exposeElectronRequire, false, maximumMessageSize);
}

QString bridgeSource(bool subframes, const QByteArray &admissionKey)
{
    return bridgeSource(subframes, admissionKey, QJsonObject(), false);
}

QString documentIdProbe()
{
    return QStringLiteral("window.__webipcBridge ? window.__webipcBridge.documentId : ''");
}

} // namespace WebIpc::Scripts
