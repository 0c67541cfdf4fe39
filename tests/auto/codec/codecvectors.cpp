// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "codecvectors.h"

#include <WebIpc/jsvalues.h>

#include <QtCore/QDateTime>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QLine>
#include <QtCore/QPoint>
#include <QtCore/QRect>
#include <QtCore/QRegularExpression>
#include <QtCore/QSize>
#include <QtCore/QTimeZone>
#include <QtCore/QUrl>
#include <QtCore/QUuid>
#include <QtGui/QColor>

#include <cmath>
#include <cstring>
#include <limits>

namespace CodecVectors {

namespace {

QString readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return QString::fromUtf8(file.readAll());
}

double specialDouble(const QJsonValue &v)
{
    if (v.isDouble())
        return v.toDouble();
    const QString name = v.toString();
    if (name == QLatin1String("NaN"))
        return std::numeric_limits<double>::quiet_NaN();
    if (name == QLatin1String("Infinity"))
        return std::numeric_limits<double>::infinity();
    if (name == QLatin1String("-Infinity"))
        return -std::numeric_limits<double>::infinity();
    if (name == QLatin1String("-0"))
        return -0.0;
    qFatal("bad double descriptor");
}

QVariantList list(const QJsonValue &v)
{
    QVariantList result;
    for (const QJsonValue &item : v.toArray())
        result.append(fromDescriptor(item));
    return result;
}

QString typeName(const QVariant &value)
{
    return QString::fromLatin1(value.metaType().isValid() ? value.metaType().name() : "undefined");
}

QString describe(const QVariant &value)
{
    QString text = value.toString();
    if (text.size() > 40)
        text = text.left(40) + QLatin1String("...");
    return typeName(value) + QLatin1Char('(') + text + QLatin1Char(')');
}

} // namespace

QJsonObject load()
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(
            dataFile(QStringLiteral("codec-vectors.json")).toUtf8(), &error);
    if (!document.isObject())
        qFatal("codec-vectors.json: %s", qPrintable(error.errorString()));
    return document.object();
}

QString dataFile(const QString &name)
{
    return readFile(QStringLiteral(WEBIPC_SOURCE_DIR "/tests/data/") + name);
}

QString readSource(const QString &path)
{
    return readFile(QStringLiteral(WEBIPC_SOURCE_DIR "/") + path);
}

QString jsFile(const QString &name)
{
    return readFile(QStringLiteral(WEBIPC_SOURCE_DIR "/src/js/") + name);
}

QVariant fromDescriptor(const QJsonValue &d)
{
    using namespace WebIpc;
    switch (d.type()) {
    case QJsonValue::Null:
        return QVariant::fromValue(nullptr);
    case QJsonValue::Bool:
        return d.toBool();
    case QJsonValue::Double: {
        const double v = d.toDouble();
        if (std::trunc(v) == v && std::abs(v) <= 9007199254740991.0)
            return QVariant(qlonglong(v));
        return QVariant(v);
    }
    case QJsonValue::String:
        return d.toString();
    case QJsonValue::Array:
        return list(d);
    case QJsonValue::Object:
        break;
    default:
        return QVariant();
    }
    const QJsonObject o = d.toObject();
    if (!o.contains(QLatin1String("$type"))) {
        QVariantMap map;
        for (auto it = o.begin(); it != o.end(); ++it)
            map.insert(it.key(), fromDescriptor(it.value()));
        return map;
    }
    const QString type = o.value(QLatin1String("$type")).toString();
    const QJsonValue v = o.value(QLatin1String("v"));
    const auto hex = [&o]() {
        return QByteArray::fromHex(o.value(QLatin1String("hex")).toString().toLatin1());
    };
    if (type == QLatin1String("undefined"))
        return QVariant();
    if (type == QLatin1String("double"))
        return QVariant(specialDouble(v));
    if (type == QLatin1String("BigInt"))
        return QVariant::fromValue(BigInt::fromString(v.toString()));
    if (type == QLatin1String("QDateTime")) {
        if (o.contains(QLatin1String("iso")))
            return QDateTime::fromString(o.value(QLatin1String("iso")).toString(), Qt::ISODate);
        return v.isNull() ? QDateTime()
                          : QDateTime::fromMSecsSinceEpoch(qint64(v.toDouble()), QTimeZone::utc());
    }
    if (type == QLatin1String("QDate"))
        return QDate::fromString(v.toString(), Qt::ISODate);
    if (type == QLatin1String("RegExp"))
        return QVariant::fromValue(RegExp(o.value(QLatin1String("s")).toString(),
                                          o.value(QLatin1String("f")).toString()));
    if (type == QLatin1String("JsMap")) {
        JsMap map;
        const QVariantList items = list(v);
        for (qsizetype i = 0; i + 1 < items.size(); i += 2)
            map.append(items.at(i), items.at(i + 1));
        return QVariant::fromValue(map);
    }
    if (type == QLatin1String("JsSet")) {
        JsSet set;
        for (const QVariant &item : list(v))
            set.append(item);
        return QVariant::fromValue(set);
    }
    if (type == QLatin1String("QByteArray"))
        return hex();
    if (type == QLatin1String("TypedArray")) {
        const auto kind = TypedArray::kindFromName(o.value(QLatin1String("k")).toString());
        return QVariant::fromValue(TypedArray(kind, hex(), o.value(QLatin1String("o")).toInt(),
                                              o.value(QLatin1String("l")).toInt(-1)));
    }
    if (type == QLatin1String("JsError"))
        return QVariant::fromValue(JsError(
                o.value(QLatin1String("m")).toString(), o.value(QLatin1String("n")).toString(),
                o.contains(QLatin1String("s")) ? o.value(QLatin1String("s")).toString()
                                               : QString()));
    if (type == QLatin1String("Boxed"))
        return QVariant::fromValue(BoxedPrimitive(fromDescriptor(v)));
    if (type == QLatin1String("Sparse")) {
        SparseArray array(quint32(o.value(QLatin1String("l")).toDouble()));
        const QJsonArray items = v.toArray();
        for (qsizetype i = 0; i + 1 < items.size(); i += 2)
            array.insert(quint32(items.at(i).toDouble()), fromDescriptor(items.at(i + 1)));
        return QVariant::fromValue(array);
    }
    if (type == QLatin1String("Cycle"))
        return QVariant::fromValue(CyclicReference(v.toInt()));
    const QJsonArray a = v.toArray();
    if (type == QLatin1String("QPoint"))
        return QPoint(a.at(0).toInt(), a.at(1).toInt());
    if (type == QLatin1String("QPointF"))
        return QPointF(a.at(0).toDouble(), a.at(1).toDouble());
    if (type == QLatin1String("QSize"))
        return QSize(a.at(0).toInt(), a.at(1).toInt());
    if (type == QLatin1String("QSizeF"))
        return QSizeF(a.at(0).toDouble(), a.at(1).toDouble());
    if (type == QLatin1String("QRect"))
        return QRect(a.at(0).toInt(), a.at(1).toInt(), a.at(2).toInt(), a.at(3).toInt());
    if (type == QLatin1String("QRectF"))
        return QRectF(a.at(0).toDouble(), a.at(1).toDouble(), a.at(2).toDouble(),
                      a.at(3).toDouble());
    if (type == QLatin1String("QLine"))
        return QLine(a.at(0).toInt(), a.at(1).toInt(), a.at(2).toInt(), a.at(3).toInt());
    if (type == QLatin1String("QUrl"))
        return QUrl(v.toString());
    if (type == QLatin1String("QStringList"))
        return v.toVariant().toStringList();
    if (type == QLatin1String("QVariantHash")) {
        QVariantHash hash;
        const QJsonObject object = v.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            hash.insert(it.key(), fromDescriptor(it.value()));
        return hash;
    }
    if (type == QLatin1String("QColor"))
        return QColor(v.toString());
    if (type == QLatin1String("QJsonObject"))
        return v.toObject();
    if (type == QLatin1String("QJsonArray"))
        return v.toArray();
    if (type == QLatin1String("QRegularExpression")) {
        QRegularExpression::PatternOptions options;
        for (const QJsonValue &option : o.value(QLatin1String("options")).toArray()) {
            if (option.toString() == QLatin1String("i"))
                options |= QRegularExpression::CaseInsensitiveOption;
            if (option.toString() == QLatin1String("m"))
                options |= QRegularExpression::MultilineOption;
            if (option.toString() == QLatin1String("s"))
                options |= QRegularExpression::DotMatchesEverythingOption;
        }
        return QRegularExpression(v.toString(), options);
    }
    if (type == QLatin1String("QUuid"))
        return QUuid::fromString(v.toString());
    if (type == QLatin1String("QList<int>")) {
        QList<int> ints;
        for (const QJsonValue &item : a)
            ints.append(item.toInt());
        return QVariant::fromValue(ints);
    }
    if (type == QLatin1String("QMap<QString,int>")) {
        QMap<QString, int> map;
        const QJsonObject object = v.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            map.insert(it.key(), it.value().toInt());
        return QVariant::fromValue(map);
    }
    if (type == QLatin1String("qint64"))
        return QVariant::fromValue(qint64(v.toString().toLongLong()));
    if (type == QLatin1String("quint32"))
        return QVariant::fromValue(quint32(v.toDouble()));
    if (type == QLatin1String("float"))
        return QVariant::fromValue(float(v.toDouble()));
    if (type == QLatin1String("QChar"))
        return QVariant::fromValue(v.toString().at(0));
    if (type == QLatin1String("QString")) {
        QString text;
        for (const QJsonValue &unit : o.value(QLatin1String("units")).toArray())
            text.append(QChar(char16_t(unit.toInt())));
        return text;
    }
    if (type == QLatin1String("TestGadget")) {
        TestGadget gadget;
        gadget.id = o.value(QLatin1String("id")).toInt();
        gadget.label = o.value(QLatin1String("label")).toString();
        return QVariant::fromValue(gadget);
    }
    if (type == QLatin1String("twice")) {
        const QVariant once = fromDescriptor(v);
        return QVariantList{once, once};
    }
    qFatal("unknown descriptor type %s", qPrintable(type));
}

QString compare(const QVariant &actual, const QVariant &expected, const QString &path)
{
    using namespace WebIpc;
    if (actual.metaType() != expected.metaType())
        return path + QLatin1String(": got ") + describe(actual) + QLatin1String(", expected ")
                + describe(expected);
    const int type = expected.metaType().id();
    if (type == QMetaType::Double) {
        const double a = actual.toDouble(), e = expected.toDouble();
        const bool same =
                (std::isnan(a) && std::isnan(e)) || (a == e && std::signbit(a) == std::signbit(e));
        return same ? QString()
                    : path + QLatin1String(": got ") + QString::number(a)
                        + QLatin1String(", expected ") + QString::number(e);
    }
    if (type == QMetaType::QVariantList) {
        const QVariantList a = actual.toList(), e = expected.toList();
        if (a.size() != e.size())
            return path + QStringLiteral(": got %1 items, expected %2").arg(a.size()).arg(e.size());
        for (qsizetype i = 0; i < e.size(); ++i) {
            const QString r = compare(a.at(i), e.at(i), path + QStringLiteral("[%1]").arg(i));
            if (!r.isEmpty())
                return r;
        }
        return QString();
    }
    if (type == QMetaType::QVariantMap) {
        const QVariantMap a = actual.toMap(), e = expected.toMap();
        if (a.keys() != e.keys())
            return path + QLatin1String(": got the keys ") + a.keys().join(QLatin1Char(','))
                    + QLatin1String(", expected ") + e.keys().join(QLatin1Char(','));
        for (auto it = e.begin(); it != e.end(); ++it) {
            const QString r = compare(a.value(it.key()), it.value(), path + '.' + it.key());
            if (!r.isEmpty())
                return r;
        }
        return QString();
    }
    if (type == qMetaTypeId<JsMap>()) {
        const auto a = actual.value<JsMap>().entries(), e = expected.value<JsMap>().entries();
        if (a.size() != e.size())
            return path
                    + QStringLiteral(": got %1 entries, expected %2").arg(a.size()).arg(e.size());
        for (qsizetype i = 0; i < e.size(); ++i) {
            QString r = compare(a.at(i).first, e.at(i).first,
                                path + QStringLiteral(".<key %1>").arg(i));
            if (r.isEmpty())
                r = compare(a.at(i).second, e.at(i).second,
                            path + QStringLiteral(".<value %1>").arg(i));
            if (!r.isEmpty())
                return r;
        }
        return QString();
    }
    if (type == qMetaTypeId<JsSet>())
        return compare(QVariant(actual.value<JsSet>().values()),
                       QVariant(expected.value<JsSet>().values()), path);
    if (type == qMetaTypeId<SparseArray>()) {
        const SparseArray a = actual.value<SparseArray>(), e = expected.value<SparseArray>();
        if (a.length() != e.length() || a.elements().keys() != e.elements().keys())
            return path
                    + QStringLiteral(": a sparse array of length %1 with %2 elements, "
                                     "expected %3 with %4")
                              .arg(a.length())
                              .arg(a.elements().size())
                              .arg(e.length())
                              .arg(e.elements().size());
        for (auto it = e.elements().begin(); it != e.elements().end(); ++it) {
            const QString r = compare(a.value(it.key()), it.value(),
                                      path + QStringLiteral("[%1]").arg(it.key()));
            if (!r.isEmpty())
                return r;
        }
        return QString();
    }
    if (type == qMetaTypeId<BoxedPrimitive>())
        return compare(actual.value<BoxedPrimitive>().value(),
                       expected.value<BoxedPrimitive>().value(), path + QLatin1String(".<boxed>"));
    if (type == QMetaType::QDateTime) {
        const QDateTime a = actual.toDateTime(), e = expected.toDateTime();
        if (a.isValid() != e.isValid()
            || (e.isValid() && a.toMSecsSinceEpoch() != e.toMSecsSinceEpoch()))
            return path + QLatin1String(": got the date ") + a.toString(Qt::ISODateWithMs)
                    + QLatin1String(", expected ") + e.toString(Qt::ISODateWithMs);
        return QString();
    }
    if (type == qMetaTypeId<TypedArray>()) {
        const TypedArray a = actual.value<TypedArray>(), e = expected.value<TypedArray>();
        if (a == e)
            return QString();
        return path
                + QStringLiteral(": got %1 at %2, length %3, buffer %4; expected %5 at %6, "
                                 "length %7, buffer %8")
                          .arg(TypedArray::kindName(a.kind()))
                          .arg(a.byteOffset())
                          .arg(a.length())
                          .arg(QString::fromLatin1(a.buffer().left(32).toHex()))
                          .arg(TypedArray::kindName(e.kind()))
                          .arg(e.byteOffset())
                          .arg(e.length())
                          .arg(QString::fromLatin1(e.buffer().left(32).toHex()));
    }
    if (type == QMetaType::UnknownType || type == QMetaType::Nullptr)
        return QString();
    if (actual == expected)
        return QString();
    return path + QLatin1String(": got ") + describe(actual) + QLatin1String(", expected ")
            + describe(expected);
}

bool supported(const QJsonObject &vector, const QStringList &features, QString *missing)
{
    for (const QJsonValue &need : vector.value(QLatin1String("needs")).toArray()) {
        if (!features.contains(need.toString())) {
            *missing = need.toString();
            return false;
        }
    }
    return true;
}

} // namespace CodecVectors
