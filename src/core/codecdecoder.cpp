// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The decoding half of the C++ codec: wire values from pages to Qt values. Its input is
// untrusted (page script writes it): every tag is checked and the limits are enforced. This is
// the code fuzz/ targets; the encoder is in codecencoder.cpp.
#include "codec_p.h"

#include "codecwire_p.h"
#include "jsvalues_p.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonObject>
#include <QtCore/QRegularExpression>
#include <QtCore/QTimeZone>

#include <cmath>
#include <limits>

namespace WebIpc::Codec {

using namespace Wire;

namespace {

// Exactly representable integers stay integers (qlonglong) on the C++ side.
constexpr double MaxSafeInteger = 9007199254740991.0;
constexpr double MaxArrayLength = 4294967295.0;
// Bytes counted for every value, whatever its content (see Limits).
constexpr qsizetype ValueCost = 16;

bool isValidRegExpFlags(const QString &flags)
{
    static const QString allowed = QStringLiteral("dgimsuvy");
    for (qsizetype i = 0; i < flags.size(); ++i) {
        if (!allowed.contains(flags.at(i)) || flags.indexOf(flags.at(i), i + 1) != -1)
            return false;
    }
    return true;
}

bool isIndex(const QJsonValue &value, double limit)
{
    if (!value.isDouble())
        return false;
    const double number = value.toDouble();
    return number >= 0 && number <= limit && std::trunc(number) == number;
}

// Whether \a wire is a tagged object whose tag is one of \a tags.
bool hasTag(const QJsonValue &wire, QStringView tags)
{
    if (!wire.isObject())
        return false;
    const QString tag = wire.toObject().value(Tag).toString();
    return tag.size() == 1 && tags.contains(tag.at(0));
}

class Decoder
{
public:
    explicit Decoder(const Limits &limits) : m_limits(limits) { }

    // \a depth counts the values around \a wire: 0 for an argument (see MaximumDepth).
    bool decode(const QJsonValue &wire, QVariant *out, int depth)
    {
        if (!enter(depth) || !count(ValueCost))
            return false;
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
            if (!count(text.size() * 2))
                return false;
            *out = std::move(text);
            return true;
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
        if (std::trunc(value) == value && std::abs(value) <= MaxSafeInteger
            && !(value == 0 && std::signbit(value)))
            return QVariant(qlonglong(value));
        return QVariant(value);
    }

    bool count(qsizetype bytes)
    {
        m_bytes += bytes;
        return m_bytes <= m_limits.maxBytes
                || fail(QStringLiteral("the message is larger than the maximum message size of "
                                       "%1 bytes")
                                .arg(m_limits.maxBytes));
    }

    bool enter(int depth)
    {
        return depth < MaximumDepth
                || fail(QStringLiteral("the value is nested deeper than %1 levels")
                                .arg(MaximumDepth));
    }

    // A new object: its id is the next one. Containers are also ancestors while decoded.
    qsizetype begin(bool container)
    {
        const qsizetype id = m_objects.size();
        m_objects.append(QVariant());
        m_ancestorPos.append(container ? int(m_ancestors.size()) : Unfinished);
        if (container)
            m_ancestors.append(id);
        return id;
    }

    void finish(qsizetype id, const QVariant &value)
    {
        m_objects[id] = value;
        if (m_ancestorPos.at(id) >= 0)
            m_ancestors.removeLast();
        m_ancestorPos[id] = Finished;
    }

    bool reference(const QJsonValue &v, QVariant *out)
    {
        if (!isIndex(v, double(m_objects.size() - 1)))
            return fail(QStringLiteral("a reference to an unknown object"));
        const qsizetype id = qsizetype(v.toDouble());
        const int pos = m_ancestorPos.at(id);
        if (pos == Finished) {
            *out = m_objects.at(id);
            return true;
        }
        if (pos == Unfinished)
            return fail(QStringLiteral("a reference to an unfinished object"));
        *out = QVariant::fromValue(CyclicReference(int(m_ancestors.size() - pos)));
        return true;
    }

    bool decodeArray(const QJsonArray &array, QVariant *out, int depth)
    {
        const qsizetype id = begin(true);
        QVariantList list;
        list.reserve(array.size());
        for (const QJsonValue &item : array) {
            QVariant value;
            if (!decode(item, &value, depth + 1))
                return false;
            list.append(std::move(value));
        }
        *out = std::move(list);
        finish(id, *out);
        return true;
    }

    bool decodeObject(const QJsonObject &object, QVariant *out, int depth)
    {
        const auto tag = object.constFind(Tag);
        if (tag != object.constEnd())
            return decodeTagged(tag->toString(), object, out, depth);
        const qsizetype id = begin(true);
        QVariantMap map;
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            QVariant value;
            if (!count(it.key().size() * 2) || !decode(it.value(), &value, depth + 1))
                return false;
            map.insert(unescapeKey(it.key()), std::move(value));
        }
        *out = std::move(map);
        finish(id, *out);
        return true;
    }

    bool decodeBase64(const QJsonValue &v, QByteArray *out)
    {
        if (!v.isString())
            return fail(QStringLiteral("a malformed ArrayBuffer"));
        const QString text = v.toString();
        if (!count(text.size() / 4 * 3))
            return false;
        auto result = QByteArray::fromBase64Encoding(text.toLatin1(),
                                                     QByteArray::AbortOnBase64DecodingErrors);
        if (!result)
            return fail(QStringLiteral("an ArrayBuffer with malformed base64"));
        *out = std::move(*result);
        return true;
    }

    bool decodeView(const QJsonObject &object, QVariant *out, int depth)
    {
        bool known = false;
        const auto kind =
                TypedArray::kindFromName(object.value(QLatin1String("k")).toString(), &known);
        if (!known || kind == TypedArray::ArrayBuffer)
            return fail(QStringLiteral("a view of unknown kind"));
        // The buffer is part of the view (no level of its own), so it may not hold anything.
        const QJsonValue bufferWire = object.value(QLatin1String("b"));
        if (!hasTag(bufferWire, u"ArB"))
            return fail(QStringLiteral("a view without an ArrayBuffer"));
        const qsizetype id = begin(false);
        QVariant buffer;
        if (!decode(bufferWire, &buffer, depth))
            return false;
        const TypedArray *bufferValue = get_if<TypedArray>(&buffer);
        if (!bufferValue || bufferValue->kind() != TypedArray::ArrayBuffer)
            return fail(QStringLiteral("a view without an ArrayBuffer"));
        const QByteArray bytes = bufferValue->buffer();
        const QJsonValue offset = object.value(QLatin1String("o"));
        const QJsonValue length = object.value(QLatin1String("l"));
        if (!isIndex(offset, double(bytes.size())) || !isIndex(length, double(bytes.size())))
            return fail(QStringLiteral("a view with a malformed offset or length"));
        TypedArray view(kind, bytes, qsizetype(offset.toDouble()), qsizetype(length.toDouble()));
        if (!view.isValid())
            return fail(QStringLiteral("a view that does not fit its ArrayBuffer"));
        if (kind == TypedArray::Uint8Array && view.byteOffset() == 0
            && view.length() == bytes.size())
            *out = bytes; // the common case, as the natural Qt type
        else
            *out = QVariant::fromValue(view);
        finish(id, *out);
        return true;
    }

    bool decodeTagged(const QString &tag, const QJsonObject &object, QVariant *out, int depth)
    {
        const QJsonValue v = object.value(V);
        if (tag.size() != 1)
            return fail(QStringLiteral("an unknown value tag \"%1\"").arg(tag.left(32)));
        switch (tag.at(0).unicode()) {
        case 'u':
            *out = QVariant();
            return true;
        case 'n': {
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
                return fail(QStringLiteral("a malformed number"));
            return true;
        }
        case 'I': {
            bool ok = false;
            const QString digits = v.toString();
            const BigInt value = BigInt::fromString(digits, &ok);
            if (!ok)
                return fail(QStringLiteral("a malformed BigInt"));
            if (!count(digits.size()))
                return false;
            *out = QVariant::fromValue(value);
            return true;
        }
        case 'S': {
            if (!v.isArray())
                return fail(QStringLiteral("a malformed string"));
            const QJsonArray units = v.toArray();
            if (!count(units.size() * 2))
                return false;
            QString text;
            text.reserve(units.size());
            for (const QJsonValue &unit : units) {
                if (!isIndex(unit, 65535))
                    return fail(QStringLiteral("a malformed string"));
                text.append(QChar(char16_t(unit.toInt())));
            }
            *out = std::move(text);
            return true;
        }
        case 'r':
            return reference(v, out);
        case 'D': {
            const qsizetype id = begin(false);
            if (v.isNull()) {
                *out = QDateTime();
            } else {
                // JavaScript dates span +/-8.64e15 ms.
                if (!v.isDouble() || !(std::abs(v.toDouble()) <= 8.64e15))
                    return fail(QStringLiteral("a malformed Date"));
                *out = QDateTime::fromMSecsSinceEpoch(qint64(v.toDouble()), QTimeZone::utc());
            }
            finish(id, *out);
            return true;
        }
        case 'R': {
            const QJsonValue source = object.value(QLatin1String("s"));
            const QJsonValue flags = object.value(QLatin1String("f"));
            if (!source.isString() || !flags.isString() || !isValidRegExpFlags(flags.toString()))
                return fail(QStringLiteral("a malformed RegExp"));
            const qsizetype id = begin(false);
            if (!count(source.toString().size() * 2))
                return false;
            *out = QVariant::fromValue(RegExp(source.toString(), flags.toString()));
            finish(id, *out);
            return true;
        }
        case 'M':
        case 'T': {
            const bool isMap = tag.at(0) == QLatin1Char('M');
            if (!v.isArray() || (isMap && v.toArray().size() % 2 != 0))
                return fail(isMap ? QStringLiteral("a malformed Map")
                                  : QStringLiteral("a malformed Set"));
            const qsizetype id = begin(true);
            const QJsonArray items = v.toArray();
            JsMap map;
            JsSet set;
            for (qsizetype i = 0; i < items.size(); i += isMap ? 2 : 1) {
                QVariant first;
                if (!decode(items.at(i), &first, depth + 1))
                    return false;
                if (isMap) {
                    QVariant second;
                    if (!decode(items.at(i + 1), &second, depth + 1))
                        return false;
                    map.append(first, second);
                } else {
                    set.append(first);
                }
            }
            *out = isMap ? QVariant::fromValue(map) : QVariant::fromValue(set);
            finish(id, *out);
            return true;
        }
        case 'A': {
            const qsizetype id = begin(false);
            QByteArray bytes;
            if (!decodeBase64(v, &bytes))
                return false;
            *out = QVariant::fromValue(TypedArray(TypedArray::ArrayBuffer, bytes));
            finish(id, *out);
            return true;
        }
        case 'B': {
            // An ArrayBuffer whose bytes came beside the message (OutOfBand).
            const OutOfBand *lane = OutOfBandScope::current();
            if (lane && !lane->error.isEmpty())
                return fail(lane->error);
            if (!lane || !isIndex(v, double(lane->buffers.size()) - 1))
                return fail(QStringLiteral("an out-of-band ArrayBuffer that did not arrive"));
            const QByteArray bytes = lane->buffers.at(qsizetype(v.toDouble()));
            const qsizetype id = begin(false);
            if (!count(bytes.size()))
                return false;
            *out = QVariant::fromValue(TypedArray(TypedArray::ArrayBuffer, bytes));
            finish(id, *out);
            return true;
        }
        case 'V':
            return decodeView(object, out, depth);
        case 'E': {
            const QJsonValue name = object.value(QLatin1String("n"));
            const QJsonValue message = object.value(QLatin1String("m"));
            const QJsonValue stack = object.value(QLatin1String("s"));
            if (!message.isString() || !(stack.isString() || stack.isUndefined()))
                return fail(QStringLiteral("a malformed Error"));
            const qsizetype id = begin(false);
            if (!count((message.toString().size() + stack.toString().size()) * 2))
                return false;
            const QString errorName = isStandardErrorName(name.toString())
                    ? name.toString()
                    : QStringLiteral("Error");
            *out = QVariant::fromValue(JsError(message.toString(), errorName, stack.toString()));
            finish(id, *out);
            return true;
        }
        case 'O': {
            // The primitive is part of the box (no level of its own): a JSON primitive or a
            // primitive's tag, never anything that holds values.
            const qsizetype id = begin(false);
            QVariant inner;
            if (v.isArray() || (v.isObject() && !hasTag(v, u"nIS")) || !decode(v, &inner, depth))
                return fail(QStringLiteral("a malformed boxed primitive"));
            const int type = inner.metaType().id();
            if (type != QMetaType::Bool && type != QMetaType::Double && type != QMetaType::LongLong
                && type != QMetaType::QString && type != qMetaTypeId<BigInt>())
                return fail(QStringLiteral("a malformed boxed primitive"));
            *out = QVariant::fromValue(BoxedPrimitive(inner));
            finish(id, *out);
            return true;
        }
        case 'H': {
            const QJsonValue length = object.value(QLatin1String("l"));
            if (!v.isArray() || v.toArray().size() % 2 != 0 || !isIndex(length, MaxArrayLength))
                return fail(QStringLiteral("a malformed sparse array"));
            const qsizetype id = begin(true);
            const QJsonArray items = v.toArray();
            SparseArray array(quint32(length.toDouble()));
            for (qsizetype i = 0; i < items.size(); i += 2) {
                const QJsonValue index = items.at(i);
                if (!isIndex(index, length.toDouble() - 1))
                    return fail(QStringLiteral("a sparse array with a malformed index"));
                QVariant item;
                if (!decode(items.at(i + 1), &item, depth + 1))
                    return false;
                array.insert(quint32(index.toDouble()), item);
            }
            *out = QVariant::fromValue(array);
            finish(id, *out);
            return true;
        }
        default:
            break;
        }
        return fail(QStringLiteral("an unknown value tag \"%1\"").arg(tag.left(32)));
    }

    template<typename T>
    static const T *get_if(const QVariant *value)
    {
        return value->metaType() == QMetaType::fromType<T>()
                ? static_cast<const T *>(value->constData())
                : nullptr;
    }

    static constexpr int Unfinished = -1;
    static constexpr int Finished = -2;

    const Limits &m_limits;
    qsizetype m_bytes = 0;
    QString m_error;
    QVariantList m_objects; // by id
    QList<int> m_ancestorPos; // by id: position in m_ancestors, Unfinished or Finished
    QList<qsizetype> m_ancestors; // ids of the containers being decoded
};

} // namespace

bool decode(const QJsonValue &wire, QVariant *out, QString *error, const Limits &limits)
{
    detail::registerValueTypes();
    Decoder decoder(limits);
    if (decoder.decode(wire, out, 0))
        return true;
    if (error)
        *error = decoder.error();
    return false;
}

bool decodeArgs(const QJsonValue &wire, QVariantList *out, QString *error, const Limits &limits)
{
    detail::registerValueTypes();
    if (!wire.isArray()) {
        if (error)
            *error = QStringLiteral("the arguments are not an array");
        return false;
    }
    // The argument list itself is not an object of the message: ids start at its items.
    const QJsonArray items = wire.toArray();
    Decoder decoder(limits);
    QVariantList args;
    args.reserve(items.size());
    for (const QJsonValue &item : items) {
        QVariant value;
        if (!decoder.decode(item, &value, 0)) {
            if (error)
                *error = decoder.error();
            return false;
        }
        args.append(std::move(value));
    }
    *out = std::move(args);
    return true;
}

} // namespace WebIpc::Codec
