// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the WebIpc API. It exists purely as an implementation detail. This
// header file may change from version to version without notice, or even be removed.
//

// The vocabulary both halves of the C++ codec share (codecdecoder.cpp reads it, codecencoder.cpp
// writes it); src/js/codec.js documents the wire format.

#include <QtCore/QLatin1String>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace WebIpc::Codec::Wire {

// The key of a tagged object: { "\x01": tag, "v": value }.
inline const QString Tag = QStringLiteral("\x01");
inline constexpr QLatin1String V("v");

inline bool isStandardErrorName(const QString &name)
{
    static const QStringList names{QStringLiteral("Error"),       QStringLiteral("EvalError"),
                                   QStringLiteral("RangeError"),  QStringLiteral("ReferenceError"),
                                   QStringLiteral("SyntaxError"), QStringLiteral("TypeError"),
                                   QStringLiteral("URIError")};
    return names.contains(name);
}

inline const QString ProtoKey = QStringLiteral("__proto__");

// Keys starting with the tag, and "__proto__" (which qwebchannel.js would turn into a prototype
// when it copies a signal's arguments), travel with a tag in front (see codec.js).
inline QString escapeKey(const QString &key)
{
    return key.startsWith(QChar(1)) || key == ProtoKey ? Tag + key : key;
}

inline QString unescapeKey(const QString &key)
{
    return key.startsWith(QChar(1)) ? key.mid(1) : key;
}

} // namespace WebIpc::Codec::Wire
