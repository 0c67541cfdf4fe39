// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "originpolicy_p.h"

#include "logging_p.h"

#include <QtCore/QMutex>

#include <atomic>
#include <vector>

namespace WebIpc {

namespace {

bool isAsciiAlpha(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'));
}

bool isAsciiDigit(QChar c) { return c >= QLatin1Char('0') && c <= QLatin1Char('9'); }

// RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
bool isSchemeName(QStringView name)
{
    if (name.isEmpty() || !isAsciiAlpha(name.front()))
        return false;
    for (const QChar c : name) {
        if (!isAsciiAlpha(c) && !isAsciiDigit(c) && c != QLatin1Char('+') && c != QLatin1Char('-')
            && c != QLatin1Char('.'))
            return false;
    }
    return true;
}

bool equalsAny(QStringView scheme, std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        if (scheme.compare(QLatin1String(name), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool isNetworkScheme(QStringView scheme)
{
    return equalsAny(scheme, {"http", "https", "ws", "wss", "ftp"});
}

// Schemes a URL may have but a security origin never does: their documents' origins are
// opaque or inherited (blob: and filesystem: carry their creator's origin inside).
bool isOpaqueScheme(QStringView scheme)
{
    return equalsAny(scheme, {"blob", "about", "data", "javascript", "filesystem"});
}

bool isWebIpcScheme(QStringView scheme) { return equalsAny(scheme, {"webipc", "webipc-local"}); }

int defaultPort(QStringView scheme)
{
    if (equalsAny(scheme, {"http", "ws"}))
        return 80;
    if (equalsAny(scheme, {"https", "wss"}))
        return 443;
    if (equalsAny(scheme, {"ftp"}))
        return 21;
    return -1;
}

constexpr int NoPort = -1;
constexpr int AnyPort = -2;

// An origin (or a pattern) split into its parts, as views into the string.
struct Parts
{
    QStringView scheme;
    QStringView host; // "[::1]" keeps its brackets; empty for "app:", "file://"
    int port = NoPort; // as written: NoPort when none, AnyPort for a pattern's ":*"
    bool ok = false;
};

// "scheme:" or "scheme://host[:port]", nothing before or after; a pattern may also have
// "*." before the host and "*" as the port.
Parts parse(QStringView text, bool pattern)
{
    Parts parts;
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    if (colon <= 0 || !isSchemeName(text.left(colon)))
        return parts;
    parts.scheme = text.left(colon);
    QStringView rest = text.mid(colon + 1);
    if (rest.isEmpty()) {
        parts.ok = true; // a path-syntax origin: "app:"
        return parts;
    }
    if (!rest.startsWith(QLatin1String("//")))
        return parts;
    rest = rest.mid(2);
    // The host: a bracketed IPv6 address, or up to the port's colon.
    qsizetype hostEnd;
    if (rest.startsWith(QLatin1Char('['))) {
        hostEnd = rest.indexOf(QLatin1Char(']'));
        if (hostEnd < 0)
            return parts;
        ++hostEnd;
    } else {
        hostEnd = rest.indexOf(QLatin1Char(':'));
        if (hostEnd < 0)
            hostEnd = rest.size();
    }
    parts.host = rest.left(hostEnd);
    QStringView name = parts.host;
    if (pattern && name.startsWith(QLatin1String("*.")))
        name = name.mid(2);
    if (pattern && parts.host.startsWith(QLatin1String("*.")) && name.isEmpty())
        return parts;
    for (const QChar c : name) {
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f || c == QLatin1Char('/')
            || c == QLatin1Char('\\') || c == QLatin1Char('?') || c == QLatin1Char('#')
            || c == QLatin1Char('@') || c == QLatin1Char('*')
            || (c == QLatin1Char(':') && !parts.host.startsWith(QLatin1Char('['))))
            return parts;
    }
    const QStringView port = rest.mid(hostEnd);
    if (!port.isEmpty()) {
        // ":digits", 0-65535; a host is needed ("file://:80" is not an origin).
        if (parts.host.isEmpty() || port.size() < 2 || port.front() != QLatin1Char(':'))
            return parts;
        const QStringView digits = port.mid(1);
        if (pattern && digits == QLatin1String("*")) {
            parts.port = AnyPort;
        } else {
            if (digits.size() > 5)
                return parts;
            int value = 0;
            for (const QChar c : digits) {
                if (!isAsciiDigit(c))
                    return parts;
                value = value * 10 + (c.unicode() - '0');
            }
            if (value > 65535)
                return parts;
            parts.port = value;
        }
    }
    parts.ok = true;
    return parts;
}

// The process-wide schemes the application calls its own, and the registered-scheme
// predicate's answers. A few entries each: a linear scan without allocating beats hashing a
// QString made for the lookup.
struct SchemeRegistry
{
    struct Answer
    {
        QString scheme;
        bool registered;
    };
    static constexpr size_t MaximumAnswers = 64;

    QMutex mutex;
    // Counts every change of what classify() answers (from 1; see OriginPolicy::LastAnswer).
    std::atomic<quint64> generation{1};
    QStringList named; // lower case
    OriginPolicy::SchemePredicate predicate = nullptr;
    std::vector<Answer> answers;
};

SchemeRegistry &registry()
{
    static SchemeRegistry instance;
    return instance;
}

bool containsScheme(const QStringList &list, QStringView scheme)
{
    for (const QString &entry : list) {
        if (scheme.compare(entry, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

bool OriginPolicy::isSchemeName(QStringView name) { return WebIpc::isSchemeName(name); }

OriginPolicy::OriginPolicy() : m_allowed{QStringLiteral("local")} { }

void OriginPolicy::setChannelAllowed(const QString &channel, const QStringList &patterns)
{
    if (patterns.isEmpty())
        m_channels.remove(channel);
    else
        m_channels.insert(channel, patterns);
}

bool OriginPolicy::anyMatches(const QStringList &patterns, QStringView origin)
{
    for (const QString &pattern : patterns) {
        if (matches(pattern, origin))
            return true;
    }
    return false;
}

bool OriginPolicy::isAllowed(const QString &origin, const QString &channel) const
{
    const auto rule = m_channels.constFind(channel);
    if (rule != m_channels.constEnd())
        return anyMatches(*rule, origin);
    const quint64 generation = registry().generation.load(std::memory_order_acquire);
    if (m_last.generation == generation && m_last.origin == origin)
        return m_last.allowed;
    const bool allowed = anyMatches(m_allowed, origin);
    m_last = LastAnswer{origin, generation, allowed}; // shares origin's data: no copy
    return allowed;
}

QString OriginPolicy::fixFor(const QString &origin, const QString &channel) const
{
    if (classify(origin) == Kind::Opaque)
        return QStringLiteral("an opaque origin (a sandboxed frame, a data: URL) matches only "
                              "the pattern \"*\"; give the page a real origin instead");
    const bool ownRule = m_channels.contains(channel);
    QStringList quoted;
    for (const QString &pattern : ownRule ? m_channels.value(channel) : m_allowed)
        quoted.append(QLatin1Char('"') + pattern + QLatin1Char('"'));
    quoted.append(QLatin1Char('"') + origin + QLatin1Char('"'));
    const QString patterns = QLatin1Char('{') + quoted.join(QLatin1String(", ")) + QLatin1Char('}');
    if (ownRule) {
        QString literal = channel; // the page's words, inside a C++ string literal
        literal.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
                .replace(QLatin1Char('"'), QLatin1String("\\\""));
        return QStringLiteral("ipcMain.setChannelAllowedOrigins(\"%1\", %2)")
                .arg(literal, patterns);
    }
    return QStringLiteral("ipcMain.setAllowedOrigins(%1)").arg(patterns);
}

OriginPolicy::Kind OriginPolicy::classify(QStringView origin)
{
    const Parts parts = parse(origin, false);
    if (!parts.ok || isOpaqueScheme(parts.scheme))
        return Kind::Opaque;
    if (equalsAny(parts.scheme, {"qrc", "file"}))
        return Kind::Local;
    return isLocalScheme(parts.scheme) ? Kind::Local : Kind::Remote;
}

bool OriginPolicy::isLocalScheme(QStringView scheme)
{
    if (!isSchemeName(scheme) || isOpaqueScheme(scheme) || isNetworkScheme(scheme)
        || isWebIpcScheme(scheme))
        return false;
    if (equalsAny(scheme, {"qrc", "file"}))
        return true;
    SchemeRegistry &r = registry();
    QMutexLocker locker(&r.mutex);
    if (containsScheme(r.named, scheme))
        return true;
    if (!r.predicate)
        return false;
    for (const SchemeRegistry::Answer &answer : r.answers) {
        if (scheme.compare(answer.scheme, Qt::CaseInsensitive) == 0)
            return answer.registered;
    }
    // First sight of this scheme: ask (outside the lock; the predicate may take its time).
    const SchemePredicate predicate = r.predicate;
    locker.unlock();
    const QString lower = scheme.toString().toLower();
    const bool registered = predicate(lower);
    locker.relock();
    if (r.predicate == predicate && r.answers.size() < SchemeRegistry::MaximumAnswers)
        r.answers.push_back({lower, registered});
    return registered;
}

bool OriginPolicy::addLocalScheme(QStringView scheme)
{
    if (!isSchemeName(scheme) || isOpaqueScheme(scheme) || isNetworkScheme(scheme)
        || isWebIpcScheme(scheme)) {
        qCWarning(lcMain).noquote() << "refused to count" << scheme << "as a local scheme";
        return false;
    }
    SchemeRegistry &r = registry();
    QMutexLocker locker(&r.mutex);
    if (!containsScheme(r.named, scheme)) {
        r.named.append(scheme.toString().toLower());
        r.generation.fetch_add(1, std::memory_order_release);
    }
    return true;
}

void OriginPolicy::removeLocalScheme(QStringView scheme)
{
    SchemeRegistry &r = registry();
    QMutexLocker locker(&r.mutex);
    r.named.removeIf([scheme](const QString &entry) {
        return scheme.compare(entry, Qt::CaseInsensitive) == 0;
    });
    r.generation.fetch_add(1, std::memory_order_release);
}

void OriginPolicy::setRegisteredSchemePredicate(SchemePredicate predicate)
{
    SchemeRegistry &r = registry();
    QMutexLocker locker(&r.mutex);
    r.predicate = predicate;
    r.answers.clear();
    r.generation.fetch_add(1, std::memory_order_release);
}

bool OriginPolicy::matches(QStringView pattern, QStringView origin)
{
    if (pattern == QLatin1String("*"))
        return true;
    if (pattern == QLatin1String("local"))
        return isLocal(origin);
    const Parts want = parse(pattern, true);
    if (!want.ok)
        return false;
    const Parts have = parse(origin, false);
    if (!have.ok || isOpaqueScheme(have.scheme)
        || want.scheme.compare(have.scheme, Qt::CaseInsensitive) != 0)
        return false;
    // "app:" and "app://" (and "file:", "file://") are one origin.
    if (want.host.isEmpty())
        return have.host.isEmpty();
    if (have.host.isEmpty())
        return false;
    if (want.port != AnyPort) {
        const int fallback = defaultPort(have.scheme);
        const int wantPort = want.port == NoPort ? fallback : want.port;
        const int havePort = have.port == NoPort ? fallback : have.port;
        if (wantPort != havePort)
            return false;
    }
    if (want.host.startsWith(QLatin1String("*."))) {
        // "*.example.com": a host ending in ".example.com", with a label before it.
        const QStringView suffix = want.host.mid(1);
        return have.host.size() > suffix.size() && have.host.endsWith(suffix, Qt::CaseInsensitive);
    }
    return want.host.compare(have.host, Qt::CaseInsensitive) == 0;
}

} // namespace WebIpc
