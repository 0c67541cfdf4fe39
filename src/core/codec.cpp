// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "codec_p.h"

#include "jsvalues_p.h"

#include <QtCore/QDateTime>
#include <QtCore/QHash>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QLine>
#include <QtCore/QMetaProperty>
#include <QtCore/QPoint>
#include <QtCore/QRect>
#include <QtCore/QRegularExpression>
#include <QtCore/QSize>
#include <QtCore/QStringList>
#include <QtCore/QTimeZone>
#include <QtCore/QUrl>
#include <QtCore/QUuid>

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

namespace WebIpc::Codec {

namespace {

const QString Tag = QStringLiteral("\x01");
const QLatin1String V("v");

// Exactly representable integers stay integers (qlonglong) on the C++ side.
constexpr double MaxSafeInteger = 9007199254740991.0;
constexpr double MaxArrayLength = 4294967295.0;
// Bytes counted for every value, whatever its content (see Limits).
constexpr qsizetype ValueCost = 16;

bool isStandardErrorName(const QString &name)
{
    static const QStringList names{QStringLiteral("Error"),       QStringLiteral("EvalError"),
                                   QStringLiteral("RangeError"),  QStringLiteral("ReferenceError"),
                                   QStringLiteral("SyntaxError"), QStringLiteral("TypeError"),
                                   QStringLiteral("URIError")};
    return names.contains(name);
}

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

const QString ProtoKey = QStringLiteral("__proto__");

// Keys starting with the tag, and "__proto__" (which qwebchannel.js would turn into a prototype
// when it copies a signal's arguments), travel with a tag in front (see codec.js).
QString escapeKey(const QString &key)
{
    return key.startsWith(QChar(1)) || key == ProtoKey ? Tag + key : key;
}

QString unescapeKey(const QString &key) { return key.startsWith(QChar(1)) ? key.mid(1) : key; }

QJsonObject tagged(const QString &tag) { return QJsonObject{{Tag, tag}}; }

QJsonObject tagged(const QString &tag, const QJsonValue &value)
{
    return QJsonObject{{Tag, tag}, {V, value}};
}

// Whether \a wire is a tagged object whose tag is one of \a tags.
bool hasTag(const QJsonValue &wire, QStringView tags)
{
    if (!wire.isObject())
        return false;
    const QString tag = wire.toObject().value(Tag).toString();
    return tag.size() == 1 && tags.contains(tag.at(0));
}

// ---------------------------------------------------------------------------------------------
// Decoding (untrusted input)

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
        return depth < m_limits.maxDepth
                || fail(QStringLiteral("the value is nested deeper than %1 levels")
                                .arg(m_limits.maxDepth));
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
        if (!hasTag(bufferWire, u"Ar"))
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

// ---------------------------------------------------------------------------------------------
// Encoding (Qt values to the wire)

// Which object a value is, for shared references: the address of its shared data.
struct IdentityKey
{
    int role; // a buffer and the Uint8Array over it share their data but are two objects
    const void *data;
    qsizetype size;
    friend bool operator==(const IdentityKey &a, const IdentityKey &b)
    {
        return a.role == b.role && a.data == b.data && a.size == b.size;
    }
};

size_t qHash(const IdentityKey &key, size_t seed = 0)
{
    return qHashMulti(seed, key.role, key.data, key.size);
}

enum Role {
    ListRole,
    MapRole,
    HashRole,
    BufferRole,
    ViewRole,
    JsMapRole,
    JsSetRole,
    TypedArrayRole,
    ErrorRole,
    SparseRole
};

class Encoder
{
public:
    bool encode(const QVariant &value, QJsonValue *out, const QString &path, int depth)
    {
        // \a depth counts the values around \a value: 0 for an argument (see MaximumDepth).
        if (depth >= MaximumDepth)
            return fail(path, QStringLiteral("is nested deeper than %1 levels").arg(MaximumDepth));
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
            return encodeBytes(*static_cast<const QByteArray *>(value.constData()), out);
        case QMetaType::QDateTime:
        case QMetaType::QDate: {
            newObject();
            // A QDate is midnight UTC, whatever the local time zone.
            const QDateTime dateTime = type == QMetaType::QDate
                    ? QDateTime(value.toDate(), QTime(0, 0), QTimeZone::utc())
                    : value.toDateTime();
            *out = tagged(QStringLiteral("D"),
                          dateTime.isValid() ? QJsonValue(double(dateTime.toMSecsSinceEpoch()))
                                             : QJsonValue());
            return true;
        }
        case QMetaType::QUrl:
            *out = string(value.toUrl().toString(QUrl::FullyEncoded));
            return true;
        case QMetaType::QUuid:
            *out = value.toUuid().toString(QUuid::WithoutBraces);
            return true;
        case QMetaType::QRegularExpression:
            return encodeRegExp(RegExp::fromRegularExpression(value.toRegularExpression()), out);
        case QMetaType::QJsonValue:
            return encodeJson(value.toJsonValue(), out, path, depth);
        case QMetaType::QJsonObject:
            return encodeJson(value.toJsonObject(), out, path, depth);
        case QMetaType::QJsonArray:
            return encodeJson(value.toJsonArray(), out, path, depth);
        case QMetaType::QJsonDocument: {
            const QJsonDocument document = value.toJsonDocument();
            if (document.isNull()) {
                *out = QJsonValue::Null;
                return true;
            }
            return encodeJson(document.isArray() ? QJsonValue(document.array())
                                                 : QJsonValue(document.object()),
                              out, path, depth);
        }
        case QMetaType::QVariantMap:
            return encodeMap(*static_cast<const QVariantMap *>(value.constData()), MapRole, out,
                             path, depth, true);
        case QMetaType::QVariantHash:
            return encodeMap(*static_cast<const QVariantHash *>(value.constData()), HashRole, out,
                             path, depth, true);
        case QMetaType::QVariantList:
            return encodeList(*static_cast<const QVariantList *>(value.constData()), out, path,
                              depth, true);
        case QMetaType::QStringList:
            return encodeList(value.toStringList(), out, path, depth, false);
        case QMetaType::QByteArrayList:
            return encodeList(keep(value.value<QByteArrayList>()), out, path, depth, false);
        case QMetaType::QPoint:
        case QMetaType::QPointF: {
            const QPointF p = value.toPointF();
            return encodeFields({{QStringLiteral("x"), p.x()}, {QStringLiteral("y"), p.y()}}, out,
                                path, depth);
        }
        case QMetaType::QSize:
        case QMetaType::QSizeF: {
            const QSizeF s = value.toSizeF();
            return encodeFields(
                    {{QStringLiteral("width"), s.width()}, {QStringLiteral("height"), s.height()}},
                    out, path, depth);
        }
        case QMetaType::QRect:
        case QMetaType::QRectF: {
            const QRectF r = value.toRectF();
            return encodeFields({{QStringLiteral("x"), r.x()},
                                 {QStringLiteral("y"), r.y()},
                                 {QStringLiteral("width"), r.width()},
                                 {QStringLiteral("height"), r.height()}},
                                out, path, depth);
        }
        case QMetaType::QLine:
        case QMetaType::QLineF: {
            const QLineF l = value.toLineF();
            return encodeFields({{QStringLiteral("x1"), l.x1()},
                                 {QStringLiteral("y1"), l.y1()},
                                 {QStringLiteral("x2"), l.x2()},
                                 {QStringLiteral("y2"), l.y2()}},
                                out, path, depth);
        }
        case QMetaType::QColor:
            return encodeColor(value, out, path, depth);
        default:
            break;
        }
        if (type == qMetaTypeId<BigInt>()) {
            *out = tagged(QStringLiteral("I"), value.value<BigInt>().toString());
            return true;
        }
        if (type == qMetaTypeId<RegExp>())
            return encodeRegExp(value.value<RegExp>(), out);
        if (type == qMetaTypeId<JsMap>())
            return encodeJsMap(value.value<JsMap>(), out, path, depth);
        if (type == qMetaTypeId<JsSet>())
            return encodeJsSet(value.value<JsSet>(), out, path, depth);
        if (type == qMetaTypeId<TypedArray>())
            return encodeTypedArray(value.value<TypedArray>(), out, path);
        if (type == qMetaTypeId<JsError>())
            return encodeError(value.value<JsError>(), out);
        if (type == qMetaTypeId<BoxedPrimitive>())
            return encodeBoxed(value.value<BoxedPrimitive>(), out, path, depth);
        if (type == qMetaTypeId<SparseArray>())
            return encodeSparse(value.value<SparseArray>(), out, path, depth);
        if (type == qMetaTypeId<CyclicReference>())
            return encodeCycle(value.value<CyclicReference>(), out, path);

        const QMetaType metaType = value.metaType();
        if (metaType.flags() & QMetaType::PointerToQObject)
            return fail(path,
                        QStringLiteral("is a pointer to a QObject (%1)")
                                .arg(QString::fromLatin1(metaType.name())));
        if (metaType.flags() & QMetaType::IsEnumeration) {
            *out = QJsonValue(value.toLongLong());
            return true;
        }
        if ((metaType.flags() & QMetaType::IsGadget) && metaType.metaObject())
            return encodeGadget(value, out, path, depth);
        // Any other list or map type QVariant can iterate (QList<int>, QMap<QString, T>, ...).
        if (value.canConvert<QVariantList>() && !value.canConvert<QString>())
            return encodeList(keep(value.value<QVariantList>()), out, path, depth, false);
        if (value.canConvert<QVariantMap>())
            return encodeMap(keep(value.value<QVariantMap>()), MapRole, out, path, depth, false);
        return fail(path,
                    QStringLiteral("is a value of type %1, which WebIpc cannot convert")
                            .arg(QString::fromLatin1(metaType.name())));
    }

    QString error() const { return m_error; }

private:
    int newObject() { return m_nextId++; }

    // Values made during encoding (conversions) live as long as the encoder: the identity of
    // the values inside them is the address of their data, which must not be reused meanwhile.
    template<typename T>
    const T &keep(T value)
    {
        m_keepAlive.append(QVariant::fromValue(value));
        return *static_cast<const T *>(m_keepAlive.constLast().constData());
    }

    // Emits a reference if the object \a key was sent before in this message; otherwise
    // gives it the next id.
    bool seen(const IdentityKey &key, QJsonValue *out, int *id)
    {
        if (key.data && key.size > 0) {
            const auto it = m_ids.constFind(key);
            if (it != m_ids.constEnd()) {
                *out = tagged(QStringLiteral("r"), *it);
                return true;
            }
        }
        *id = newObject();
        if (key.data && key.size > 0)
            m_ids.insert(key, *id);
        return false;
    }

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

    // Strings go as they are, lone surrogates included: QJsonDocument writes them as \uXXXX
    // escapes and the page's JSON.parse restores them (the "S" tag is only decoded).
    static QJsonValue string(const QString &text) { return text; }

    bool encodeBuffer(const QByteArray &bytes, QJsonValue *out)
    {
        int id;
        if (seen({BufferRole, bytes.constData(), bytes.size()}, out, &id))
            return true;
        *out = tagged(QStringLiteral("A"), QString::fromLatin1(bytes.toBase64()));
        return true;
    }

    // A QByteArray is a Uint8Array over a buffer of its own.
    bool encodeBytes(const QByteArray &bytes, QJsonValue *out)
    {
        int id;
        if (seen({ViewRole, bytes.constData(), bytes.size()}, out, &id))
            return true;
        QJsonValue buffer;
        encodeBuffer(bytes, &buffer);
        *out = QJsonObject{{Tag, QStringLiteral("V")},
                           {QStringLiteral("k"), QStringLiteral("Uint8Array")},
                           {QStringLiteral("b"), buffer},
                           {QStringLiteral("o"), 0},
                           {QStringLiteral("l"), double(bytes.size())}};
        return true;
    }

    bool encodeTypedArray(const TypedArray &array, QJsonValue *out, const QString &path)
    {
        if (!array.isValid())
            return fail(path,
                        QStringLiteral("is a TypedArray whose offset or length does not "
                                       "fit its buffer"));
        const QByteArray buffer = array.buffer();
        if (array.kind() == TypedArray::ArrayBuffer)
            return encodeBuffer(buffer, out);
        int id;
        if (seen({TypedArrayRole, detail::ValueIdentity::of(array), 1}, out, &id))
            return true;
        QJsonValue bufferWire;
        encodeBuffer(buffer, &bufferWire);
        *out = QJsonObject{{Tag, QStringLiteral("V")},
                           {QStringLiteral("k"), TypedArray::kindName(array.kind())},
                           {QStringLiteral("b"), bufferWire},
                           {QStringLiteral("o"), double(array.byteOffset())},
                           {QStringLiteral("l"), double(array.length())}};
        return true;
    }

    bool encodeRegExp(const RegExp &regExp, QJsonValue *out)
    {
        newObject();
        *out = QJsonObject{{Tag, QStringLiteral("R")},
                           {QStringLiteral("s"), regExp.source()},
                           {QStringLiteral("f"), regExp.flags()}};
        return true;
    }

    bool encodeError(const JsError &error, QJsonValue *out)
    {
        int id;
        if (seen({ErrorRole, detail::ValueIdentity::of(error), 1}, out, &id))
            return true;
        QJsonObject object{
                {Tag, QStringLiteral("E")},
                {QStringLiteral("n"),
                 isStandardErrorName(error.name()) ? error.name() : QStringLiteral("Error")},
                {QStringLiteral("m"), error.message()}};
        if (!error.stack().isNull())
            object.insert(QStringLiteral("s"), error.stack());
        *out = object;
        return true;
    }

    bool encodeBoxed(const BoxedPrimitive &boxed, QJsonValue *out, const QString &path, int depth)
    {
        const QVariant inner = boxed.value();
        const int type = inner.metaType().id();
        const bool primitive = type == QMetaType::Bool || type == QMetaType::QString
                || type == qMetaTypeId<BigInt>()
                || (QMetaType(type).flags() & QMetaType::IsEnumeration)
                || inner.canConvert<double>();
        if (!primitive || type == QMetaType::UnknownType || type == QMetaType::Nullptr
            || type == QMetaType::QByteArray || type == QMetaType::QVariantList
            || type == QMetaType::QVariantMap || type == QMetaType::QDateTime)
            return fail(path,
                        QStringLiteral("is a BoxedPrimitive that holds no number, string, "
                                       "boolean or BigInt"));
        newObject();
        QJsonValue wire;
        if (!encode(type == QMetaType::Bool || type == QMetaType::QString
                                    || type == qMetaTypeId<BigInt>()
                            ? inner
                            : QVariant(inner.toDouble()),
                    &wire, path, depth)) // part of the box
            return false;
        *out = tagged(QStringLiteral("O"), wire);
        return true;
    }

    bool encodeCycle(const CyclicReference &cycle, QJsonValue *out, const QString &path)
    {
        const int levels = cycle.levelsUp();
        if (levels < 1 || levels > m_ancestors.size())
            return fail(path,
                        QStringLiteral("is a CyclicReference %1 levels up, outside the "
                                       "value")
                                .arg(levels));
        *out = tagged(QStringLiteral("r"), m_ancestors.at(m_ancestors.size() - levels));
        return true;
    }

    QString childPath(const QString &path, const QString &key)
    {
        return path + QLatin1Char('.') + key;
    }

    QString indexPath(const QString &path, qsizetype index)
    {
        return path + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
    }

    template<typename Map>
    bool encodeMap(const Map &map, Role role, QJsonValue *out, const QString &path, int depth,
                   bool track)
    {
        int id;
        const void *data = track && !map.isEmpty() ? &map.constBegin().value() : nullptr;
        if (seen({role, data, map.size()}, out, &id))
            return true;
        m_ancestors.append(id);
        QJsonObject object;
        // Objects are walked in the order of their escaped keys (UTF-16 code units), as
        // QJsonObject keeps them: both halves count object ids in that order. A QVariantMap is in
        // that order already unless it has a "__proto__" key.
        QStringList keys = map.keys();
        if (!std::is_same_v<Map, QVariantMap> || map.contains(ProtoKey)) {
            std::sort(keys.begin(), keys.end(), [](const QString &a, const QString &b) {
                return escapeKey(a) < escapeKey(b);
            });
        }
        for (const QString &key : std::as_const(keys)) {
            QJsonValue item;
            if (!encode(map.value(key), &item, childPath(path, key), depth + 1))
                return false;
            object.insert(escapeKey(key), item);
        }
        m_ancestors.removeLast();
        *out = object;
        return true;
    }

    bool encodeFields(const QList<std::pair<QString, double>> &fields, QJsonValue *out,
                      const QString &path, int depth)
    {
        Q_UNUSED(path);
        Q_UNUSED(depth);
        newObject();
        QJsonObject object;
        for (const auto &field : fields)
            object.insert(field.first, number(field.second));
        *out = object;
        return true;
    }

    template<typename List>
    bool encodeList(const List &list, QJsonValue *out, const QString &path, int depth, bool track)
    {
        int id;
        const void *data = track ? static_cast<const void *>(list.constData()) : nullptr;
        if (seen({ListRole, data, list.size()}, out, &id))
            return true;
        m_ancestors.append(id);
        QJsonArray array;
        for (qsizetype i = 0; i < list.size(); ++i) {
            QJsonValue item;
            if (!encode(QVariant(list.at(i)), &item, indexPath(path, i), depth + 1))
                return false;
            array.append(item);
        }
        m_ancestors.removeLast();
        *out = array;
        return true;
    }

    bool encodeJsMap(const JsMap &map, QJsonValue *out, const QString &path, int depth)
    {
        int id;
        if (seen({JsMapRole, detail::ValueIdentity::of(map), 1}, out, &id))
            return true;
        m_ancestors.append(id);
        QJsonArray items;
        qsizetype n = 0;
        for (const auto &entry : map.entries()) {
            const QString entryPath = path + QStringLiteral(".<entry %1>").arg(n++);
            QJsonValue key, value;
            if (!encode(entry.first, &key, entryPath + QLatin1String(".key"), depth + 1)
                || !encode(entry.second, &value, entryPath + QLatin1String(".value"), depth + 1))
                return false;
            items.append(key);
            items.append(value);
        }
        m_ancestors.removeLast();
        *out = tagged(QStringLiteral("M"), items);
        return true;
    }

    bool encodeJsSet(const JsSet &set, QJsonValue *out, const QString &path, int depth)
    {
        int id;
        if (seen({JsSetRole, detail::ValueIdentity::of(set), 1}, out, &id))
            return true;
        m_ancestors.append(id);
        QJsonArray items;
        qsizetype n = 0;
        for (const QVariant &item : set.values()) {
            QJsonValue wire;
            if (!encode(item, &wire, path + QStringLiteral(".<item %1>").arg(n++), depth + 1))
                return false;
            items.append(wire);
        }
        m_ancestors.removeLast();
        *out = tagged(QStringLiteral("T"), items);
        return true;
    }

    bool encodeSparse(const SparseArray &array, QJsonValue *out, const QString &path, int depth)
    {
        int id;
        if (seen({SparseRole, detail::ValueIdentity::of(array), 1}, out, &id))
            return true;
        m_ancestors.append(id);
        QJsonArray items;
        const auto &elements = array.elements();
        for (auto it = elements.constBegin(); it != elements.constEnd(); ++it) {
            QJsonValue wire;
            if (!encode(it.value(), &wire, indexPath(path, it.key()), depth + 1))
                return false;
            items.append(double(it.key()));
            items.append(wire);
        }
        m_ancestors.removeLast();
        *out = QJsonObject{{Tag, QStringLiteral("H")},
                           {QStringLiteral("l"), double(array.length())},
                           {V, items}};
        return true;
    }

    // QColor lives in QtGui, which WebIpc does not link: QtGui's own conversion to a string
    // ("#rrggbb" or "#aarrggbb") is used, and the page gets { r, g, b, a } (0-255).
    bool encodeColor(const QVariant &value, QJsonValue *out, const QString &path, int depth)
    {
        Q_UNUSED(depth);
        QString name;
        if (!QMetaType::convert(value.metaType(), value.constData(), QMetaType::fromType<QString>(),
                                &name)
            || !name.startsWith(QLatin1Char('#')) || (name.size() != 7 && name.size() != 9))
            return fail(path, QStringLiteral("is a QColor that could not be converted"));
        bool ok = true;
        const uint rgb = name.mid(1).toUInt(&ok, 16);
        if (!ok)
            return fail(path, QStringLiteral("is a QColor that could not be converted"));
        const uint alpha = name.size() == 9 ? (rgb >> 24) & 0xff : 0xff;
        newObject();
        *out = QJsonObject{{QStringLiteral("r"), int((rgb >> 16) & 0xff)},
                           {QStringLiteral("g"), int((rgb >> 8) & 0xff)},
                           {QStringLiteral("b"), int(rgb & 0xff)},
                           {QStringLiteral("a"), int(alpha)}};
        return true;
    }

    bool encodeGadget(const QVariant &value, QJsonValue *out, const QString &path, int depth)
    {
        const QMetaObject *metaObject = value.metaType().metaObject();
        newObject();
        m_ancestors.append(m_nextId - 1);
        QJsonObject object;
        QMap<QString, QMetaProperty> properties; // walked in key order, as for maps
        for (int i = 0; i < metaObject->propertyCount(); ++i) {
            const QMetaProperty property = metaObject->property(i);
            if (property.isReadable())
                properties.insert(QString::fromLatin1(property.name()), property);
        }
        for (auto it = properties.constBegin(); it != properties.constEnd(); ++it) {
            QJsonValue item;
            if (!encode(keep(it->readOnGadget(value.constData())), &item, childPath(path, it.key()),
                        depth + 1))
                return false;
            object.insert(escapeKey(it.key()), item);
        }
        m_ancestors.removeLast();
        *out = object;
        return true;
    }

    // JSON from Qt's JSON classes is JSON already, but its keys may need escaping and its
    // strings may hold lone surrogates.
    bool encodeJson(const QJsonValue &json, QJsonValue *out, const QString &path, int depth)
    {
        if (json.isObject())
            return encodeMap(keep(json.toObject().toVariantMap()), MapRole, out, path, depth,
                             false);
        if (json.isArray())
            return encodeList(keep(json.toArray().toVariantList()), out, path, depth, false);
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
        if (m_error.isEmpty())
            m_error = QStringLiteral("An object could not be cloned (%1 %2).").arg(path, what);
        return false;
    }

    int m_nextId = 0;
    QHash<IdentityKey, int> m_ids;
    QVariantList m_keepAlive;
    QList<int> m_ancestors;
    QString m_error;
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

bool encode(const QVariant &value, QJsonValue *out, QString *error, const QString &path)
{
    detail::registerValueTypes();
    Encoder encoder;
    if (encoder.encode(value, out, path, 0))
        return true;
    if (error)
        *error = encoder.error();
    return false;
}

bool encodeArgs(const QVariantList &args, QJsonArray *out, QString *error)
{
    detail::registerValueTypes();
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
