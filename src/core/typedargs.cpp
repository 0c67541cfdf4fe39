// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "logging_p.h"
#include "ratelimitedlog_p.h"

#include <WebIpc/jsvalues.h>
#include <WebIpc/typedargs.h>

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QMetaContainer>
#include <QtCore/QMetaProperty>
#include <QtCore/QSequentialIterable>

#include <cmath>
#include <limits>

namespace WebIpc::detail {

namespace {

bool isIdentifier(QStringView key)
{
    if (key.isEmpty() || key.front().isDigit())
        return false;
    for (const QChar c : key) {
        if (!(c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('$')))
            return false;
    }
    return true;
}

// WebIpc's value types: how a message names one, what a parameter of the type expects, and
// its TypeScript type.
struct ValueType
{
    QMetaType type;
    const char *kind;
    const char *expected;
    const char *typeScript;
};

const ValueType *valueType(QMetaType type)
{
    static const ValueType types[] = {
            {QMetaType::fromType<BigInt>(), "bigint", "a bigint", "bigint"},
            {QMetaType::fromType<RegExp>(), "RegExp", "a RegExp", "RegExp"},
            {QMetaType::fromType<JsMap>(), "Map", "a Map", "Map<unknown, unknown>"},
            {QMetaType::fromType<JsSet>(), "Set", "a Set", "Set<unknown>"},
            {QMetaType::fromType<TypedArray>(), nullptr, "a typed array, DataView or ArrayBuffer",
             "ArrayBufferView | ArrayBuffer"},
            {QMetaType::fromType<JsError>(), nullptr, "an Error", "Error"},
            {QMetaType::fromType<BoxedPrimitive>(), "object", "a boxed primitive",
             "Number | String | Boolean | BigInt"},
            {QMetaType::fromType<SparseArray>(), "array with holes", "an array with holes",
             "unknown[]"},
    };
    for (const ValueType &entry : types) {
        if (entry.type == type)
            return &entry;
    }
    return nullptr;
}

// A key the page chose, for a message that is logged: escaped (no line of its own in the log)
// and cut short.
QString quotedKey(QStringView key)
{
    constexpr qsizetype MaximumLength = 64;
    QString text;
    for (const QChar c : key.left(MaximumLength)) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
            text += QLatin1Char('\\') + c;
        else if (c.unicode() < 0x20 || c.unicode() == 0x7f || c.category() == QChar::Separator_Line
                 || c.category() == QChar::Separator_Paragraph || c.isSurrogate())
            text += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            text += c;
    }
    if (key.size() > MaximumLength)
        text += QStringLiteral("...");
    return text;
}

// What a JavaScript developer calls the value's kind, for "got ...".
QString kindOf(const QVariant &value)
{
    if (!value.isValid())
        return QStringLiteral("undefined");
    const QMetaType type = value.metaType();
    switch (type.id()) {
    case QMetaType::Nullptr:
        return QStringLiteral("null");
    case QMetaType::Bool:
        return QStringLiteral("boolean");
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::Double:
        return QStringLiteral("number");
    case QMetaType::QString:
        return QStringLiteral("string");
    case QMetaType::QDateTime:
        return QStringLiteral("Date");
    case QMetaType::QByteArray:
        return QStringLiteral("Uint8Array");
    case QMetaType::QVariantList:
        return QStringLiteral("array");
    case QMetaType::QVariantMap:
        return QStringLiteral("object");
    default:
        break;
    }
    if (type == QMetaType::fromType<TypedArray>())
        return TypedArray::kindName(value.value<TypedArray>().kind());
    if (type == QMetaType::fromType<JsError>())
        return value.value<JsError>().name();
    if (const ValueType *known = valueType(type))
        return QLatin1String(known->kind);
    return QStringLiteral("object"); // cyclic references
}

bool toJson(const QVariant &in, QJsonValue *out, const ArgPath &path, QString *error)
{
    switch (in.metaType().id()) {
    case QMetaType::Nullptr:
        *out = QJsonValue(QJsonValue::Null);
        return true;
    case QMetaType::Bool:
        *out = in.toBool();
        return true;
    case QMetaType::LongLong:
        *out = in.toLongLong();
        return true;
    case QMetaType::Double:
        if (!std::isfinite(in.toDouble()))
            break;
        *out = in.toDouble();
        return true;
    case QMetaType::QString:
        *out = in.toString();
        return true;
    case QMetaType::QVariantList: {
        const QVariantList list = in.toList();
        QJsonArray array;
        for (qsizetype i = 0; i < list.size(); ++i) {
            QJsonValue element;
            if (!toJson(list.at(i), &element, ArgPath{&path, i, {}}, error))
                return false;
            array.append(element);
        }
        *out = array;
        return true;
    }
    case QMetaType::QVariantMap: {
        const QVariantMap map = in.toMap();
        QJsonObject object;
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            QJsonValue field;
            if (!toJson(it.value(), &field, ArgPath{&path, -1, it.key()}, error))
                return false;
            object.insert(it.key(), field);
        }
        *out = object;
        return true;
    }
    default:
        break;
    }
    return conversionFailed(in, path, QStringLiteral("a JSON value"), error);
}

struct IntegerRange
{
    qint64 minimum;
    quint64 maximum;
};

template<typename T>
IntegerRange rangeOf()
{
    return {qint64(std::numeric_limits<T>::min()), quint64(std::numeric_limits<T>::max())};
}

bool integerRange(int typeId, IntegerRange *range)
{
    switch (typeId) {
    case QMetaType::Int:
        *range = rangeOf<int>();
        return true;
    case QMetaType::UInt:
        *range = rangeOf<uint>();
        return true;
    case QMetaType::Short:
        *range = rangeOf<short>();
        return true;
    case QMetaType::UShort:
        *range = rangeOf<ushort>();
        return true;
    case QMetaType::Long:
        *range = rangeOf<long>();
        return true;
    case QMetaType::ULong:
        *range = rangeOf<ulong>();
        return true;
    case QMetaType::LongLong:
        *range = rangeOf<qlonglong>();
        return true;
    case QMetaType::ULongLong:
        *range = rangeOf<qulonglong>();
        return true;
    case QMetaType::Char:
        *range = rangeOf<char>();
        return true;
    case QMetaType::SChar:
        *range = rangeOf<signed char>();
        return true;
    case QMetaType::UChar:
        *range = rangeOf<uchar>();
        return true;
    default:
        return false;
    }
}

bool convertInteger(const QVariant &in, QMetaType type, const IntegerRange &range, QVariant *out,
                    const ArgPath &path, QString *error)
{
    const bool is64 = range.maximum >= quint64(std::numeric_limits<qint64>::max());
    const QString expected = is64
            ? (range.minimum < 0 ? QStringLiteral("an integer")
                                 : QStringLiteral("a non-negative integer"))
            : QStringLiteral("an integer from %1 to %2").arg(range.minimum).arg(range.maximum);
    bool negative = false;
    quint64 magnitude = 0;
    bool ok = false;
    const int id = in.metaType().id();
    if (id == QMetaType::LongLong) {
        const qint64 v = in.toLongLong();
        negative = v < 0;
        magnitude = negative ? quint64(-(v + 1)) + 1 : quint64(v);
        ok = true;
    } else if (id == QMetaType::Double) {
        // An integral double: -0, or numbers beyond 2^53 that JavaScript holds exactly.
        const double d = in.toDouble();
        if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 18446744073709551616.0) {
            negative = d < 0;
            magnitude = quint64(std::fabs(d));
            ok = !negative || magnitude <= quint64(std::numeric_limits<qint64>::max()) + 1;
        }
    } else if (in.metaType() == QMetaType::fromType<BigInt>() && is64) {
        const BigInt big = in.value<BigInt>();
        const qint64 v = big.toLongLong(&ok);
        if (ok) {
            negative = v < 0;
            magnitude = negative ? quint64(-(v + 1)) + 1 : quint64(v);
        } else {
            magnitude = big.toULongLong(&ok);
        }
    }
    if (ok) {
        if (negative)
            ok = range.minimum < 0 && magnitude <= quint64(-(range.minimum + 1)) + 1;
        else
            ok = magnitude <= range.maximum;
    }
    if (!ok)
        return conversionFailed(in, path, expected, error);
    QVariant value =
            negative ? QVariant(qint64(-qint64(magnitude - 1) - 1)) : QVariant(quint64(magnitude));
    value.convert(type);
    *out = value;
    return true;
}

bool convertGadget(const QVariant &in, QMetaType type, QVariant *out, const ArgPath &path,
                   QString *error)
{
    if (in.metaType().id() != QMetaType::QVariantMap)
        return conversionFailed(in, path, QStringLiteral("an object"), error);
    const QVariantMap map = in.toMap();
    const QMetaObject *meta = type.metaObject();
    QVariant gadget(type);
    for (int i = meta->propertyOffset(); i < meta->propertyCount(); ++i) {
        const QMetaProperty property = meta->property(i);
        if (!property.isWritable())
            continue;
        const QString name = QString::fromUtf8(property.name());
        QVariant field;
        if (!convertToMetaType(map.value(name), property.metaType(), &field,
                               ArgPath{&path, -1, name}, error))
            return false;
        property.writeOnGadget(gadget.data(), field);
    }
    *out = gadget;
    return true;
}

// The sequence interface of a container type such as QList<T> (a gadget's property), if any.
bool sequenceOf(QMetaType type, QMetaSequence *sequence)
{
    const QMetaType iterable = QMetaType::fromType<QSequentialIterable>();
    if (!QMetaType::canView(type, iterable))
        return false;
    QVariant container(type);
    QSequentialIterable view;
    if (!QMetaType::view(type, container.data(), iterable, &view))
        return false;
    *sequence = view.metaContainer();
    return sequence->canAddValueAtEnd() && sequence->valueMetaType().isValid();
}

bool convertSequence(const QVariant &in, QMetaType type, const QMetaSequence &sequence,
                     QVariant *out, const ArgPath &path, QString *error)
{
    if (in.metaType().id() != QMetaType::QVariantList)
        return conversionFailed(in, path, QStringLiteral("an array"), error);
    const QVariantList list = in.toList();
    QVariant container(type);
    for (qsizetype i = 0; i < list.size(); ++i) {
        QVariant element;
        if (!convertToMetaType(list.at(i), sequence.valueMetaType(), &element,
                               ArgPath{&path, i, {}}, error))
            return false;
        sequence.addValueAtEnd(container.data(), element.constData());
    }
    *out = container;
    return true;
}

bool exactly(const QVariant &in, QMetaType type, QVariant *out, const ArgPath &path,
             const QString &expected, QString *error)
{
    if (in.metaType() != type)
        return conversionFailed(in, path, expected, error);
    *out = in;
    return true;
}

} // namespace

// The name of a gadget's interface: its class name without namespaces
// (typescriptdeclarations.cpp).
QString typeScriptInterfaceName(const QMetaObject *meta);

QString ArgPath::toString() const
{
    if (!parent)
        return QStringLiteral("argument %1").arg(index + 1);
    QString text = parent->toString();
    if (!key.isNull() || index < 0) {
        if (key.size() <= 64 && isIdentifier(key))
            text += QLatin1Char('.') + key.toString();
        else
            text += QStringLiteral("[\"%1\"]").arg(quotedKey(key));
    } else {
        text += QStringLiteral("[%1]").arg(index);
    }
    return text;
}

bool conversionFailed(const QVariant &value, const ArgPath &path, const QString &expected,
                      QString *error)
{
    *error = path.toString() + QStringLiteral(" must be ") + expected + QStringLiteral(", got ")
            + kindOf(value);
    return false;
}

bool convertToMetaType(const QVariant &in, QMetaType type, QVariant *out, const ArgPath &path,
                       QString *error)
{
    const int id = type.id();
    IntegerRange range;
    if (integerRange(id, &range))
        return convertInteger(in, type, range, out, path, error);
    const int inId = in.metaType().id();
    switch (id) {
    case QMetaType::QVariant:
        *out = in;
        return true;
    case QMetaType::Bool:
        return exactly(in, type, out, path, QStringLiteral("a boolean"), error);
    case QMetaType::Double:
    case QMetaType::Float:
        if (inId != QMetaType::LongLong && inId != QMetaType::Double)
            return conversionFailed(in, path, QStringLiteral("a number"), error);
        *out = in;
        out->convert(type);
        return true;
    case QMetaType::QString:
        return exactly(in, type, out, path, QStringLiteral("a string"), error);
    case QMetaType::QDateTime:
        return exactly(in, type, out, path, QStringLiteral("a Date"), error);
    case QMetaType::QByteArray:
        if (in.metaType() == QMetaType::fromType<TypedArray>()
            && in.value<TypedArray>().kind() == TypedArray::Uint8Array) {
            *out = in.value<TypedArray>().bytes();
            return true;
        }
        return exactly(in, type, out, path, QStringLiteral("a Uint8Array"), error);
    case QMetaType::QVariantList:
        return exactly(in, type, out, path, QStringLiteral("an array"), error);
    case QMetaType::QVariantMap:
        return exactly(in, type, out, path, QStringLiteral("an object"), error);
    case QMetaType::QVariantHash:
        if (inId != QMetaType::QVariantMap)
            return conversionFailed(in, path, QStringLiteral("an object"), error);
        *out = in.toHash();
        return true;
    case QMetaType::QStringList: {
        if (inId != QMetaType::QVariantList)
            return conversionFailed(in, path, QStringLiteral("an array"), error);
        const QVariantList list = in.toList();
        QStringList strings;
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (list.at(i).metaType().id() != QMetaType::QString)
                return conversionFailed(list.at(i), ArgPath{&path, i, {}},
                                        QStringLiteral("a string"), error);
            strings.append(list.at(i).toString());
        }
        *out = strings;
        return true;
    }
    case QMetaType::QJsonValue: {
        QJsonValue value;
        if (!toJson(in, &value, path, error))
            return false;
        *out = QVariant::fromValue(value);
        return true;
    }
    case QMetaType::QJsonObject:
    case QMetaType::QJsonArray: {
        const bool object = id == QMetaType::QJsonObject;
        if (inId != (object ? QMetaType::QVariantMap : QMetaType::QVariantList))
            return conversionFailed(
                    in, path, object ? QStringLiteral("an object") : QStringLiteral("an array"),
                    error);
        QJsonValue value;
        if (!toJson(in, &value, path, error))
            return false;
        *out = object ? QVariant::fromValue(value.toObject())
                      : QVariant::fromValue(value.toArray());
        return true;
    }
    default:
        break;
    }
    if (type == QMetaType::fromType<TypedArray>()) {
        if (inId == QMetaType::QByteArray) {
            *out = QVariant::fromValue(TypedArray(TypedArray::Uint8Array, in.toByteArray()));
            return true;
        }
    }
    if (const ValueType *known = valueType(type))
        return exactly(in, type, out, path, QLatin1String(known->expected), error);
    if ((type.flags() & QMetaType::IsGadget) && type.metaObject())
        return convertGadget(in, type, out, path, error);
    QMetaSequence sequence;
    if (sequenceOf(type, &sequence))
        return convertSequence(in, type, sequence, out, path, error);
    if (in.metaType() == type) {
        *out = in;
        return true;
    }
    return conversionFailed(in, path,
                            QStringLiteral("a %1 (a type WebIpc cannot convert to)")
                                    .arg(QString::fromUtf8(type.name())),
                            error);
}

QString typeScriptArrayOf(const QString &element)
{
    if (element.contains(QLatin1Char('|')) || element.contains(QLatin1Char('&')))
        return QLatin1Char('(') + element + QStringLiteral(")[]");
    return element + QStringLiteral("[]");
}

QString typeScriptForMetaType(QMetaType type, TypeScriptContext *context)
{
    IntegerRange range;
    if (integerRange(type.id(), &range))
        return QStringLiteral("number");
    switch (type.id()) {
    case QMetaType::Void:
        return QStringLiteral("void");
    case QMetaType::Nullptr:
        return QStringLiteral("null");
    case QMetaType::Bool:
        return QStringLiteral("boolean");
    case QMetaType::Double:
    case QMetaType::Float:
        return QStringLiteral("number");
    case QMetaType::QString:
    case QMetaType::QChar:
    case QMetaType::QUrl:
    case QMetaType::QUuid:
        return QStringLiteral("string");
    case QMetaType::QByteArray:
        return QStringLiteral("Uint8Array");
    case QMetaType::QDateTime:
    case QMetaType::QDate:
        return QStringLiteral("Date");
    case QMetaType::QVariant:
        return QStringLiteral("unknown");
    case QMetaType::QVariantList:
    case QMetaType::QJsonArray:
        return type.id() == QMetaType::QJsonArray ? QStringLiteral("JsonValue[]")
                                                  : QStringLiteral("unknown[]");
    case QMetaType::QVariantMap:
    case QMetaType::QVariantHash:
        return QStringLiteral("{ [key: string]: unknown }");
    case QMetaType::QJsonObject:
        return QStringLiteral("{ [key: string]: JsonValue }");
    case QMetaType::QJsonValue:
    case QMetaType::QJsonDocument:
        return QStringLiteral("JsonValue");
    case QMetaType::QStringList:
        return QStringLiteral("string[]");
    case QMetaType::QByteArrayList:
        return QStringLiteral("Uint8Array[]");
    case QMetaType::QPoint:
    case QMetaType::QPointF:
        return QStringLiteral("{ x: number; y: number }");
    case QMetaType::QSize:
    case QMetaType::QSizeF:
        return QStringLiteral("{ width: number; height: number }");
    case QMetaType::QRect:
    case QMetaType::QRectF:
        return QStringLiteral("{ x: number; y: number; width: number; height: number }");
    default:
        break;
    }
    if (const ValueType *known = valueType(type))
        return QLatin1String(known->typeScript);
    if (type.flags() & QMetaType::IsEnumeration)
        return QStringLiteral("number");
    QMetaSequence sequence;
    if (sequenceOf(type, &sequence))
        return typeScriptArrayOf(typeScriptForMetaType(sequence.valueMetaType(), context));
    if ((type.flags() & QMetaType::IsGadget) && type.metaObject()) {
        const QMetaObject *meta = type.metaObject();
        if (!context->gadgets.contains(meta)) {
            context->gadgets.append(meta);
            // Its fields' gadgets too, so that the declarations are complete.
            for (int i = meta->propertyOffset(); i < meta->propertyCount(); ++i)
                typeScriptForMetaType(meta->property(i).metaType(), context);
        }
        return typeScriptInterfaceName(meta);
    }
    return QStringLiteral("unknown");
}

// One gadget as an interface (typescriptdeclarations.cpp).
QString typeScriptInterface(const QMetaObject *meta, TypeScriptContext *context);
QString typeScriptInterface(const QMetaObject *meta, TypeScriptContext *context)
{
    QString text =
            QStringLiteral("interface ") + typeScriptInterfaceName(meta) + QStringLiteral(" {\n");
    for (int i = meta->propertyOffset(); i < meta->propertyCount(); ++i) {
        const QMetaProperty property = meta->property(i);
        text += QStringLiteral("        ");
        if (!property.isWritable())
            text += QStringLiteral("readonly ");
        text += QString::fromUtf8(property.name()) + QStringLiteral(": ")
                + typeScriptForMetaType(property.metaType(), context) + QStringLiteral(";\n");
    }
    return text + QStringLiteral("    }");
}

QString wrongArgumentCount(qsizetype given, std::size_t required, std::size_t maximum)
{
    const QString expected = required == maximum
            ? QStringLiteral("%1 argument%2")
                      .arg(maximum)
                      .arg(maximum == 1 ? QString() : QStringLiteral("s"))
            : QStringLiteral("%1 to %2 arguments").arg(required).arg(maximum);
    return QStringLiteral("expected %1, got %2").arg(expected).arg(given);
}

void reportDroppedMessage(const IpcMainEvent &event, const QString &error)
{
    // A page that floods wrong messages must not flood the log; listeners of other threads
    // have their own.
    thread_local RateLimitedLog log;
    QString summary;
    if (!log.allow(&summary))
        return;
    if (!summary.isEmpty())
        qCWarning(lcMain).noquote() << summary;
    qCWarning(lcMain).noquote() << QStringLiteral("Dropped a message on '%1': TypeError: %2")
                                           .arg(event.channel(), error);
}

} // namespace WebIpc::detail
