// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

// The C++ half of WebIpc's value codec; src/js/codec.js is the other half and documents the
// wire format. Values from pages are untrusted: decoding checks every tag and enforces limits.

#include <WebIpc/webipcglobal.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonValue>
#include <QtCore/QString>
#include <QtCore/QVariant>

namespace WebIpc::Codec {

struct Limits
{
    int maxDepth = 1000;
    // An estimate of the decoded size, in bytes (strings count two bytes a character).
    qsizetype maxBytes = qsizetype(256) * 1024 * 1024;
};

// Decodes the arguments of one call. Returns false and sets \a error for a malformed or
// oversized value; \a out is then unspecified.
WEBIPC_CORE_EXPORT bool decodeArgs(const QJsonValue &wire, QVariantList *out, QString *error,
                                   const Limits &limits = {});
WEBIPC_CORE_EXPORT bool decode(const QJsonValue &wire, QVariant *out, QString *error,
                               const Limits &limits = {});

// Encodes Qt values for a page. Returns false and sets \a error, naming the path of the value
// that cannot be converted (e.g. "args[1].size"), when one cannot.
WEBIPC_CORE_EXPORT bool encodeArgs(const QVariantList &args, QJsonArray *out, QString *error);
WEBIPC_CORE_EXPORT bool encode(const QVariant &value, QJsonValue *out, QString *error,
                               const QString &path = QStringLiteral("value"));

} // namespace WebIpc::Codec
