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

#include <WebIpc/webipcglobal.h>

#include <QtCore/QHash>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QStringView>

namespace WebIpc {

// Which origins may use IPC, for a whole IpcMain and per channel.
//
// An origin is the browser's serialized security origin of a document, as Chromium spells it:
// "https://example.com", "http://127.0.0.1:8765", "file://", "qrc:", "app:" (a scheme
// registered with QWebEngineUrlScheme::Syntax::Path), "app://host" (Syntax::Host), or "null"
// for an opaque origin (data:, sandboxed frames).
//
// Each origin is one of three kinds:
//   Opaque   "null", an empty or unparsable string, or a scheme that never is an origin's own
//            (blob:, about:, data:, javascript:, filesystem:). Matched by "*" only.
//   Local    qrc:, file:, and the application's schemes: those registered with
//            QWebEngineUrlScheme (asked through the predicate WebIpc's WebEngine library
//            installs) and those named with addLocalScheme(). WebIpc's own schemes (webipc:,
//            webipc-local:) and network schemes (http, https, ws, wss, ftp) never are.
//   Remote   every other origin.
//
// Patterns:
//   "local"                   every Local origin
//   "*"                       every origin, opaque ones included
//   "https://example.com"     one origin: scheme and host compared case-insensitively; a
//                             missing port is the scheme's default one (http/ws 80,
//                             https/wss 443, ftp 21), so ":443" or not is the same origin
//                             here; any other port must be spelled out
//   "http://localhost:*"      that host on any port
//   "https://*.example.com"   the subdomains of example.com (not example.com itself), on the
//                             default port (or ":8443", or ":*" for any port)
//   "app:", "app://"          the path-syntax origin of scheme app (the two spellings are the
//                             same pattern; so are "qrc:" and "qrc://", "file:" and "file://")
// A pattern that is none of these (a path, a '*' elsewhere, "null") matches nothing.
class WEBIPC_CORE_EXPORT OriginPolicy
{
public:
    enum class Kind { Opaque, Local, Remote };
    // Whether the application registered a scheme (lower case, never a WebIpc or network one).
    using SchemePredicate = bool (*)(QStringView scheme);

    OriginPolicy();

    void setAllowed(const QStringList &patterns)
    {
        m_allowed = patterns;
        m_last = {};
    }
    QStringList allowed() const { return m_allowed; }
    // An empty list removes the channel's own rule; the IpcMain-wide rule applies again.
    void setChannelAllowed(const QString &channel, const QStringList &patterns);
    QStringList channelAllowed(const QString &channel) const { return m_channels.value(channel); }

    // What to call so that \a origin may use \a channel, ready to paste into C++:
    // ipcMain.setAllowedOrigins({"local", "http://127.0.0.1:8765"}) (or the channel's own
    // setChannelAllowedOrigins), or why no pattern but "*" can (an opaque origin).
    QString fixFor(const QString &origin, const QString &channel) const;

    // Per message: does not allocate (but the first time a scheme is seen, to ask the
    // predicate). Not thread-safe (IpcMain's thread): it remembers its last answer.
    bool isAllowed(const QString &origin, const QString &channel) const;

    static bool matches(QStringView pattern, QStringView origin);
    static Kind classify(QStringView origin);
    static bool isLocal(QStringView origin) { return classify(origin) == Kind::Local; }

    // RFC 3986: a letter, then letters, digits, '+', '-', '.'.
    static bool isSchemeName(QStringView name);

    // Process-wide, thread-safe. Refuses (with a warning, returning false) a name that is not
    // a scheme, and WebIpc's, network and opaque schemes.
    static bool addLocalScheme(QStringView scheme);
    static void removeLocalScheme(QStringView scheme); // for tests
    static bool isLocalScheme(QStringView scheme);
    // Installed by WebIpc's WebEngine library; nullptr removes it. Its answers are cached per
    // scheme; setting a predicate forgets them.
    static void setRegisteredSchemePredicate(SchemePredicate predicate);

private:
    static bool anyMatches(const QStringList &patterns, QStringView origin);

    QStringList m_allowed;
    QHash<QString, QStringList> m_channels;
    // The IpcMain-wide rule's last answer. A page's messages come from one origin, over and over,
    // and matching parses it and may lock the process-wide scheme registry; the registry's
    // generation tells when its schemes changed (0: no answer kept).
    struct LastAnswer
    {
        QString origin;
        quint64 generation = 0;
        bool allowed = false;
    };
    mutable LastAnswer m_last;
};

} // namespace WebIpc
