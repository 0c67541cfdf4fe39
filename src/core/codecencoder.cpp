// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// The encoding half of the C++ codec: Qt values to wire values for pages. Its input is the
// application's own; what it cannot convert is an error that names the value's path and type.
// The decoder is in codecdecoder.cpp.
#include "codec_p.h"

#include "codecwire_p.h"
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
#include <QtCore/QTimeZone>
#include <QtCore/QUrl>
#include <QtCore/QUuid>

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <type_traits>
#include <utility>

namespace WebIpc::Codec {

using namespace Wire;

namespace {

thread_local qsizetype longestEncodedString = 0; // see takeLongestEncodedString()

void noteEncodedString(qsizetype length)
{
    if (length > longestEncodedString)
        longestEncodedString = length;
}

QJsonObject tagged(const QString &tag) { return QJsonObject{{Tag, tag}}; }

QJsonObject tagged(const QString &tag, const QJsonValue &value)
{
    return QJsonObject{{Tag, tag}, {V, value}};
}

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
        // A gadget is its properties. Qt's own gadgets without any (QFont, QImage, QKeySequence:
        // gadgets for their enums only) are not plain objects: they fall through to the error.
        if ((metaType.flags() & QMetaType::IsGadget) && hasReadableProperties(metaType))
            return encodeGadget(value, out, path, depth);
        // Any other list or map type QVariant can iterate (QList<int>, QMap<QString, T>, ...),
        // if the conversion succeeds.
        if (!value.canConvert<QString>()) {
            QVariantList list;
            if (value.canConvert<QVariantList>() && convert(value, &list))
                return encodeList(keep(std::move(list)), out, path, depth, false);
        }
        QVariantMap map;
        if (value.canConvert<QVariantMap>() && convert(value, &map))
            return encodeMap(keep(std::move(map)), MapRole, out, path, depth, false);
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
        m_keepAlive.push_back(QVariant::fromValue(value));
        return *static_cast<const T *>(m_keepAlive.back().constData());
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
    static QJsonValue string(const QString &text)
    {
        noteEncodedString(text.size());
        return text;
    }

    bool encodeBuffer(const QByteArray &bytes, QJsonValue *out)
    {
        int id;
        if (seen({BufferRole, bytes.constData(), bytes.size()}, out, &id))
            return true;
        OutOfBand *lane = OutOfBandScope::current();
        if (lane && lane->threshold > 0 && bytes.size() >= lane->threshold) {
            *out = tagged(QStringLiteral("B"), double(lane->buffers.size()));
            lane->buffers.append(bytes); // shared, not copied
            return true;
        }
        const QString base64 = QString::fromLatin1(bytes.toBase64());
        noteEncodedString(base64.size());
        *out = tagged(QStringLiteral("A"), base64);
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

    static bool hasReadableProperties(QMetaType metaType)
    {
        const QMetaObject *metaObject = metaType.metaObject();
        for (int i = 0; metaObject && i < metaObject->propertyCount(); ++i) {
            if (metaObject->property(i).isReadable())
                return true;
        }
        return false;
    }

    template<typename T>
    static bool convert(const QVariant &value, T *out)
    {
        return QMetaType::convert(value.metaType(), value.constData(), QMetaType::fromType<T>(),
                                  out);
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
    // A deque: keep() hands out references into it while nested values keep adding to it (a
    // QList<QVariant> would move the values that are stored inside their QVariant).
    std::deque<QVariant> m_keepAlive;
    QList<int> m_ancestors;
    QString m_error;
};

thread_local OutOfBand *currentOutOfBand = nullptr;

} // namespace

OutOfBandScope::OutOfBandScope(OutOfBand *lane) : m_previous(currentOutOfBand)
{
    currentOutOfBand = lane;
}

OutOfBandScope::~OutOfBandScope() { currentOutOfBand = m_previous; }

OutOfBand *OutOfBandScope::current() { return currentOutOfBand; }

qsizetype takeLongestEncodedString() { return std::exchange(longestEncodedString, 0); }

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
