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

// The C++ half of WebIpc's value codec; src/js/codec.js is the other half and documents the
// wire format. Values from pages are untrusted: decoding checks every tag and enforces limits.

#include <WebIpc/webipcglobal.h>

#include <QtCore/QByteArray>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonValue>
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QVariant>

namespace WebIpc::Codec {

// How many levels deep a value may be: an argument is level 1, what it holds (an element, a
// property, a Map key or value, a Set item) level 2, and so on; a boxed primitive's primitive and
// a view's buffer are part of their value. Deeper values are refused by both encoders (codec.js's
// MAXIMUM_DEPTH is this number; tst_codec checks that they agree) and by the decoder.
//
// It keeps every message inside Qt's JSON parser, which each QWebChannel message from a page goes
// through (QJsonDocument::fromJson): Qt 6.4 refuses documents nested deeper than 1024 levels, and
// Qt WebEngine then drops the message silently, with whatever else was batched in it. The wire
// spends at most 2 JSON levels a value level (a Map, Set or sparse array is a tagged object around
// an array; the innermost value: a view around its buffer, a box around a tagged number), so a
// value of 500 levels is at most 1000 JSON levels deep. The envelope adds 5 (QWebChannel's
// message, its args, the batch, the message, the message's args); 16 are allowed for it:
// 2 * 500 + 16 = 1016 <= 1024.
constexpr int MaximumDepth = 500;

struct Limits
{
    // An estimate of the decoded size, in bytes (strings count two bytes a character).
    qsizetype maxBytes = qsizetype(256) * 1024 * 1024;
};

// The out-of-band buffers of one message (the "B" tag, see codec.js): ArrayBuffers whose bytes
// travel beside the message rather than inside it as base64 (src/core/binarylane.cpp). While an
// OutOfBandScope is active on the thread, the encoders put every ArrayBuffer of at least
// \a threshold bytes (0: none) into \a buffers, and the decoder takes "B" tags from \a buffers;
// a "B" tag then fails with \a error when that is set (the bytes were refused, or lost).
struct OutOfBand
{
    qsizetype threshold = 0;
    QList<QByteArray> buffers;
    QString error;
};

class WEBIPC_CORE_EXPORT OutOfBandScope
{
public:
    explicit OutOfBandScope(OutOfBand *lane);
    ~OutOfBandScope();
    OutOfBandScope(const OutOfBandScope &) = delete;
    OutOfBandScope &operator=(const OutOfBandScope &) = delete;

    static OutOfBand *current();

private:
    OutOfBand *m_previous;
};

// Decodes the arguments of one call. Returns false and sets \a error for a malformed or
// oversized value; \a out is then unspecified.
WEBIPC_CORE_EXPORT bool decodeArgs(const QJsonValue &wire, QVariantList *out, QString *error,
                                   const Limits &limits = {});
WEBIPC_CORE_EXPORT bool decode(const QJsonValue &wire, QVariant *out, QString *error,
                               const Limits &limits = {});

// The length of the longest string (UTF-16 units; base64 of an inline buffer included) that the
// encoders wrote on this thread since the last call, which starts the count again. A batch
// holding one that long keeps the plain form on its way to the page (outbox.cpp, emitBatch()).
WEBIPC_CORE_EXPORT qsizetype takeLongestEncodedString();

// Encodes Qt values for a page. Returns false and sets \a error, naming the path of the value
// that cannot be converted (e.g. "args[1].size"), when one cannot.
WEBIPC_CORE_EXPORT bool encodeArgs(const QVariantList &args, QJsonArray *out, QString *error);
WEBIPC_CORE_EXPORT bool encode(const QVariant &value, QJsonValue *out, QString *error,
                               const QString &path = QStringLiteral("value"));

} // namespace WebIpc::Codec
