// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "codec_p.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QStringList>
#include <QtCore/QTimeZone>
#include <QtCore/QUrl>

#include <cmath>
#include <limits>

namespace WebIpc::Codec {

namespace {

const QString Tag = QStringLiteral("\x01");

// Exactly representable integers stay integers (qlonglong) on the C++ side.
constexpr double MaxSafeInteger = 9007199254740991.0;

QString escapeKey(const QString &key)
{
    return key.startsWith(QChar(1)) ? Tag + key : key;
}

QString unescapeKey(const QString &key)
{
    return key.startsWith(QChar(1)) ? key.mid(1) : key;
}

QJsonObject tagged(const QString &tag)
{
    return QJsonObject{ { Tag, tag } };
}

QJsonObject tagged(const QString &tag, const QJsonValue &value)
{
    return QJsonObject{ { Tag, tag }, { QStringLiteral("v"), value } };
}

class Decoder
{
public:
    explicit Decoder(const Limits &limits) : m_limits(limits) { }

    bool decode(const QJsonValue &wire, QVariant *out, int depth)
    {
        m_bytes += 16;
        if (m_bytes > m_limits.maxBytes)
            return fail(QStringLiteral("the message is larger than the maximum of %1 bytes")
                                .arg(m_limits.maxBytes));
        switch (wire.type()) {
        case QJsonValue::Null:
            *out = QVariant::fromValue(nullptr);
            return true;
        case QJsonValue::Bool:
            *out = wire.toBool();
            return true;
        case QJsonValue::Double:
            *out = number(wire.toDouble());
            return true;
        case QJsonValue::String: {
            QString text = wire.toString();
            m_bytes += text.size() * 2;
            *out = std::move(text);
            return m_bytes <= m_limits.maxBytes
                    || fail(QStringLiteral("the message is larger than the maximum of %1 bytes")
                                    .arg(m_limits.maxBytes));
        }
        case QJsonValue::Array:
            return decodeArray(wire.toArray(), out, depth);
        case QJsonValue::Object:
            return decodeObject(wire.toObject(), out, depth);
        case QJsonValue::Undefined:
            break;
        }
        return fail(QStringLiteral("a value of unknown type"));
    }

    bool fail(const QString &message)
    {
        if (m_error.isEmpty())
            m_error = message;
        return false;
    }

    QString error() const { return m_error; }

private:
    static QVariant number(double value)
    {
        if (std::trunc(value) == value && std::abs(value) <= MaxSafeInteger)
            return QVariant(qlonglong(value));
        return QVariant(value);
    }

    bool enter(int depth)
    {
        return depth < m_limits.maxDepth
                || fail(QStringLiteral("the value is nested deeper than %1 levels")
                                .arg(m_limits.maxDepth));
    }

    bool decodeArray(const QJsonArray &array, QVariant *out, int depth)
    {
        if (!enter(depth))
            return false;
        QVariantList list;
        list.reserve(array.size());
        for (const QJsonValue &item : array) {
            QVariant value;
            if (!decode(item, &value, depth + 1))
                return false;
            list.append(std::move(value));
        }
        *out = std::move(list);
        return true;
    }

    bool decodeObject(const QJsonObject &object, QVariant *out, int depth)
    {
        if (!enter(depth))
            return false;
        const auto tag = object.constFind(Tag);
        if (tag != object.constEnd())
            return decodeTagged(tag->toString(), object, out);
        QVariantMap map;
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            QVariant value;
            m_bytes += it.key().size() * 2;
            if (!decode(it.value(), &value, depth + 1))
                return false;
            map.insert(unescapeKey(it.key()), std::move(value));
        }
        *out = std::move(map);
        return true;
    }

    bool decodeTagged(const QString &tag, const QJsonObject &object, QVariant *out)
    {
        const QJsonValue v = object.value(QLatin1String("v"));
        if (tag == QLatin1String("u")) {
            *out = QVariant();
            return true;
        }
        if (tag == QLatin1String("n")) {
            const QString name = v.toString();
            if (name == QLatin1String("NaN"))
                *out = std::numeric_limits<double>::quiet_NaN();
            else if (name == QLatin1String("Infinity"))
                *out = std::numeric_limits<double>::infinity();
            else if (name == QLatin1String("-Infinity"))
                *out = -std::numeric_limits<double>::infinity();
            else if (name == QLatin1String("-0"))
                *out = -0.0;
            else
                return fail(QStringLiteral("a malformed number tag"));
            return true;
        }
        if (tag == QLatin1String("D")) {
            if (v.isNull()) {
                *out = QDateTime();
                return true;
            }
            if (!v.isDouble())
                return fail(QStringLiteral("a malformed Date tag"));
            *out = QDateTime::fromMSecsSinceEpoch(qint64(v.toDouble()), QTimeZone::utc());
            return true;
        }
        if (tag == QLatin1String("b")) {
            if (!v.isString())
                return fail(QStringLiteral("a malformed Uint8Array tag"));
            const QString text = v.toString();
            m_bytes += text.size();
            auto result = QByteArray::fromBase64Encoding(text.toLatin1(),
                                                         QByteArray::AbortOnBase64DecodingErrors);
            if (!result)
                return fail(QStringLiteral("a Uint8Array with malformed base64"));
            *out = std::move(*result);
            return true;
        }
        if (tag == QLatin1String("S")) {
            QString text;
            const QJsonArray units = v.toArray();
            text.reserve(units.size());
            for (const QJsonValue &unit : units)
                text.append(QChar(char16_t(unit.toInt())));
            m_bytes += text.size() * 2;
            *out = std::move(text);
            return true;
        }
        return fail(QStringLiteral("an unknown value tag \"%1\"").arg(tag.left(32)));
    }

    const Limits &m_limits;
    qsizetype m_bytes = 0;
    QString m_error;
};

class Encoder
{
public:
    bool encode(const QVariant &value, QJsonValue *out, const QString &path, int depth)
    {
        if (depth > 1000)
            return fail(path, QStringLiteral("is nested deeper than 1000 levels"));
        const int type = value.metaType().id();
        switch (type) {
        case QMetaType::UnknownType:
            *out = tagged(QStringLiteral("u"));
            return true;
        case QMetaType::Nullptr:
            *out = QJsonValue::Null;
            return true;
        case QMetaType::Bool:
            *out = value.toBool();
            return true;
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::Short:
        case QMetaType::UShort:
        case QMetaType::Char:
        case QMetaType::SChar:
        case QMetaType::UChar:
        case QMetaType::Long:
        case QMetaType::LongLong:
            *out = QJsonValue(value.toLongLong());
            return true;
        case QMetaType::ULong:
        case QMetaType::ULongLong:
            *out = QJsonValue(double(value.toULongLong()));
            return true;
        case QMetaType::Float:
        case QMetaType::Double:
            *out = number(value.toDouble());
            return true;
        case QMetaType::QString:
            *out = string(value.toString());
            return true;
        case QMetaType::QChar:
            *out = string(QString(value.toChar()));
            return true;
        case QMetaType::QByteArray:
            *out = tagged(QStringLiteral("b"),
                          QString::fromLatin1(value.toByteArray().toBase64()));
            return true;
        case QMetaType::QDateTime:
        case QMetaType::QDate: {
            const QDateTime dateTime = value.toDateTime();
            *out = tagged(QStringLiteral("D"),
                          dateTime.isValid() ? QJsonValue(double(dateTime.toMSecsSinceEpoch()))
                                             : QJsonValue());
            return true;
        }
        case QMetaType::QUrl:
            *out = string(value.toUrl().toString(QUrl::FullyEncoded));
            return true;
        case QMetaType::QJsonValue:
            return encodeJson(value.toJsonValue(), out, path, depth);
        case QMetaType::QJsonObject:
            return encodeJson(value.toJsonObject(), out, path, depth);
        case QMetaType::QJsonArray:
            return encodeJson(value.toJsonArray(), out, path, depth);
        case QMetaType::QJsonDocument: {
            const QJsonDocument document = value.toJsonDocument();
            return encodeJson(document.isArray() ? QJsonValue(document.array())
                                                 : QJsonValue(document.object()),
                              out, path, depth);
        }
        case QMetaType::QVariantMap:
            return encodeMap(value.toMap(), out, path, depth);
        case QMetaType::QVariantHash:
            return encodeMap(value.toHash(), out, path, depth);
        case QMetaType::QVariantList:
            return encodeList(value.toList(), out, path, depth);
        case QMetaType::QStringList:
            return encodeList(value.toStringList(), out, path, depth);
        default:
            break;
        }
        // Any other list or map type QVariant can iterate (QList<int>, QMap<QString, T>, ...).
        if (value.canConvert<QVariantList>() && !value.canConvert<QString>())
            return encodeList(value.value<QVariantList>(), out, path, depth);
        if (value.canConvert<QVariantMap>())
            return encodeMap(value.value<QVariantMap>(), out, path, depth);
        return fail(path,
                    QStringLiteral("is a %1, which WebIpc cannot convert")
                            .arg(QString::fromLatin1(value.metaType().name())));
    }

    QString error() const { return m_error; }

private:
    static QJsonValue number(double value)
    {
        if (std::isnan(value))
            return tagged(QStringLiteral("n"), QStringLiteral("NaN"));
        if (std::isinf(value))
            return tagged(QStringLiteral("n"),
                          value > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity"));
        if (value == 0 && std::signbit(value))
            return tagged(QStringLiteral("n"), QStringLiteral("-0"));
        return value;
    }

    // Lone surrogates do not survive the UTF-8 text QWebChannel sends, so such a string travels
    // as its UTF-16 code units.
    static QJsonValue string(const QString &text)
    {
        if (text.isValidUtf16())
            return text;
        QJsonArray units;
        for (QChar c : text)
            units.append(int(c.unicode()));
        return tagged(QStringLiteral("S"), units);
    }

    template <typename Map>
    bool encodeMap(const Map &map, QJsonValue *out, const QString &path, int depth)
    {
        QJsonObject object;
        for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
            QJsonValue item;
            if (!encode(it.value(), &item, path + QLatin1Char('.') + it.key(), depth + 1))
                return false;
            object.insert(escapeKey(it.key()), item);
        }
        *out = object;
        return true;
    }

    template <typename List>
    bool encodeList(const List &list, QJsonValue *out, const QString &path, int depth)
    {
        QJsonArray array;
        for (qsizetype i = 0; i < list.size(); ++i) {
            QJsonValue item;
            if (!encode(QVariant(list.at(i)), &item,
                        path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']'),
                        depth + 1))
                return false;
            array.append(item);
        }
        *out = array;
        return true;
    }

    // JSON from Qt's JSON classes is JSON already, but its keys may need escaping and its
    // strings may hold lone surrogates.
    bool encodeJson(const QJsonValue &json, QJsonValue *out, const QString &path, int depth)
    {
        if (json.isObject())
            return encodeMap(json.toObject().toVariantMap(), out, path, depth);
        if (json.isArray())
            return encodeList(json.toArray().toVariantList(), out, path, depth);
        if (json.isString()) {
            *out = string(json.toString());
            return true;
        }
        if (json.isUndefined()) {
            *out = tagged(QStringLiteral("u"));
            return true;
        }
        *out = json;
        return true;
    }

    bool fail(const QString &path, const QString &what)
    {
        m_error = QStringLiteral("An object could not be cloned (%1 %2).").arg(path, what);
        return false;
    }

    QString m_error;
};

} // namespace

bool decode(const QJsonValue &wire, QVariant *out, QString *error, const Limits &limits)
{
    Decoder decoder(limits);
    if (decoder.decode(wire, out, 0))
        return true;
    if (error)
        *error = decoder.error();
    return false;
}

bool decodeArgs(const QJsonValue &wire, QVariantList *out, QString *error, const Limits &limits)
{
    if (!wire.isArray()) {
        if (error)
            *error = QStringLiteral("the arguments are not an array");
        return false;
    }
    QVariant decoded;
    if (!decode(wire, &decoded, error, limits))
        return false;
    *out = decoded.toList();
    return true;
}

bool encode(const QVariant &value, QJsonValue *out, QString *error, const QString &path)
{
    Encoder encoder;
    if (encoder.encode(value, out, path, 0))
        return true;
    if (error)
        *error = encoder.error();
    return false;
}

bool encodeArgs(const QVariantList &args, QJsonArray *out, QString *error)
{
    Encoder encoder;
    QJsonArray array;
    for (qsizetype i = 0; i < args.size(); ++i) {
        QJsonValue item;
        if (!encoder.encode(args.at(i), &item,
                            QStringLiteral("args[") + QString::number(i) + QLatin1Char(']'), 0)) {
            if (error)
                *error = encoder.error();
            return false;
        }
        array.append(item);
    }
    *out = array;
    return true;
}

} // namespace WebIpc::Codec
