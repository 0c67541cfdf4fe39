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

#include <WebIpc/jsvalues.h>

namespace WebIpc {

class JsMapData : public QSharedData
{
public:
    QList<JsMap::Entry> entries;
};

class JsSetData : public QSharedData
{
public:
    QVariantList values;
};

class TypedArrayData : public QSharedData
{
public:
    TypedArray::Kind kind = TypedArray::ArrayBuffer;
    QByteArray buffer;
    qsizetype byteOffset = 0;
    qsizetype length = 0;
};

class JsErrorData : public QSharedData
{
public:
    QString name = QStringLiteral("Error");
    QString message;
    QString stack;
};

class SparseArrayData : public QSharedData
{
public:
    quint32 length = 0;
    QMap<quint32, QVariant> elements;
};

namespace detail {

// Registers the QVariant conversions of the value types (once).
void registerValueTypes();

// What makes two values "the same object" for the encoder: implicitly shared copies of one
// value share their data.
struct ValueIdentity
{
    template<typename T>
    static const void *of(const T &value)
    {
        return value.d.constData();
    }
};

} // namespace detail

} // namespace WebIpc
