// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

// The shared codec test vectors (tests/data/codec-vectors.json) on the C++ side: loading them,
// building the Qt value a "qt" descriptor describes, and comparing QVariants exactly.

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QMetaType>
#include <QtCore/QString>
#include <QtCore/QVariant>

namespace CodecVectors {

// A registered Q_GADGET, sent to pages as a plain object.
struct TestGadget
{
    Q_GADGET
    Q_PROPERTY(int id MEMBER id)
    Q_PROPERTY(QString label MEMBER label)
public:
    int id = 0;
    QString label;
};

// The parsed vectors file: { vectors, errors, fromQt }.
QJsonObject load();
// The text of a file in tests/data or src/js.
QString dataFile(const QString &name);
QString jsFile(const QString &name);
// The text of a file of the source tree, by its path from the top.
QString readSource(const QString &path);

// The QVariant a descriptor describes: JSON null, booleans, numbers (integral: qlonglong,
// otherwise double), strings, arrays (QVariantList) and objects (QVariantMap) as themselves;
// {"$type": ...} objects for everything else.
QVariant fromDescriptor(const QJsonValue &descriptor);

// '' when \a actual is exactly \a expected (same types all the way down, NaN equal to NaN,
// -0 distinct from 0), else the first difference.
QString compare(const QVariant &actual, const QVariant &expected, const QString &path = "value");

// True if \a vector's "needs" are all in \a features.
bool supported(const QJsonObject &vector, const QStringList &features, QString *missing);

} // namespace CodecVectors

Q_DECLARE_METATYPE(CodecVectors::TestGadget)
