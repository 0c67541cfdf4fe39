// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// libFuzzer target over the C++ wire decoder (src/core/codec.cpp): the JSON a page can send as
// the arguments of a message. It must never crash, hang or trip a sanitizer; what it decodes
// must encode, and that encoding must decode and encode to itself (a fixed point).
//
//   ./run.sh fuzz [seconds]

#include <core/codec_p.h>

#include <QtCore/QByteArray>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json =
            QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (document.isNull())
        return 0;
    const QJsonValue wire =
            document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    WebIpc::Codec::Limits limits;
    limits.maxBytes = 4 * 1024 * 1024;
    QVariantList args;
    QString error;
    if (!WebIpc::Codec::decodeArgs(wire, &args, &error, limits)) {
        if (error.isEmpty()) {
            std::fprintf(stderr, "decodeArgs failed without an error message\n");
            std::abort();
        }
        return 0;
    }
    QJsonArray encoded;
    if (!WebIpc::Codec::encodeArgs(args, &encoded, &error)) {
        std::fprintf(stderr, "a decoded value does not encode: %s\n", qPrintable(error));
        std::abort();
    }
    QVariantList again;
    limits.maxBytes = 64 * 1024 * 1024;
    if (!WebIpc::Codec::decodeArgs(encoded, &again, &error, limits)) {
        std::fprintf(stderr, "an encoded value does not decode: %s\n", qPrintable(error));
        std::abort();
    }
    QJsonArray reencoded;
    if (!WebIpc::Codec::encodeArgs(again, &reencoded, &error) || reencoded != encoded) {
        std::fprintf(stderr, "encode(decode(encode(x))) differs from encode(x):\n%s\n%s\n",
                     QJsonDocument(encoded).toJson(QJsonDocument::Compact).constData(),
                     QJsonDocument(reencoded).toJson(QJsonDocument::Compact).constData());
        std::abort();
    }
    return 0;
}
