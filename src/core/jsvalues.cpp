// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include <WebIpc/jsvalues.h>

#include "jsvalues_p.h"

#include <QtCore/QRegularExpression>

#include <algorithm>
#include <limits>

namespace WebIpc {

// ---------------------------------------------------------------------------------------------
// BigInt

BigInt::BigInt() : m_digits(QStringLiteral("0")) { }

BigInt::BigInt(qint64 value) : m_digits(QString::number(value)) { }

BigInt BigInt::fromUnsigned(quint64 value)
{
    BigInt result;
    result.m_digits = QString::number(value);
    return result;
}

BigInt BigInt::fromString(const QString &digits, bool *ok)
{
    BigInt result;
    const bool negative = digits.startsWith(QLatin1Char('-'));
    const qsizetype start = negative ? 1 : 0;
    bool valid = digits.size() > start;
    for (qsizetype i = start; valid && i < digits.size(); ++i)
        valid = digits.at(i) >= QLatin1Char('0') && digits.at(i) <= QLatin1Char('9');
    if (ok)
        *ok = valid;
    if (!valid)
        return result;
    qsizetype first = start;
    while (first < digits.size() - 1 && digits.at(first) == QLatin1Char('0'))
        ++first;
    const QString magnitude = digits.mid(first);
    result.m_digits =
            (negative && magnitude != QLatin1String("0") ? QStringLiteral("-") : QString())
            + magnitude;
    return result;
}

QString BigInt::toString() const { return m_digits; }

qint64 BigInt::toLongLong(bool *ok) const
{
    bool valid = false;
    const qint64 value = m_digits.toLongLong(&valid);
    if (ok)
        *ok = valid;
    return valid ? value : 0;
}

quint64 BigInt::toULongLong(bool *ok) const
{
    bool valid = !m_digits.startsWith(QLatin1Char('-'));
    const quint64 value = valid ? m_digits.toULongLong(&valid) : 0;
    if (ok)
        *ok = valid;
    return valid ? value : 0;
}

double BigInt::toDouble() const
{
    // Correctly rounded for up to 308 digits; beyond, +/-infinity as in JavaScript.
    return m_digits.toDouble();
}

// ---------------------------------------------------------------------------------------------
// RegExp

RegExp::RegExp() : m_source(QStringLiteral("(?:)")) { }

RegExp::RegExp(const QString &source, const QString &flags)
    : m_source(source.isEmpty() ? QStringLiteral("(?:)") : source), m_flags(flags)
{ }

RegExp RegExp::fromRegularExpression(const QRegularExpression &expression)
{
    const auto options = expression.patternOptions();
    QString flags;
    if (options & QRegularExpression::DotMatchesEverythingOption)
        flags += QLatin1Char('s');
    if (options & QRegularExpression::CaseInsensitiveOption)
        flags += QLatin1Char('i');
    if (options & QRegularExpression::MultilineOption)
        flags += QLatin1Char('m');
    if (options & QRegularExpression::UseUnicodePropertiesOption)
        flags += QLatin1Char('u');
    // JavaScript orders flags "dgimsuy"; keep that order.
    std::sort(flags.begin(), flags.end());
    return RegExp(expression.pattern(), flags);
}

QString RegExp::source() const { return m_source; }

QString RegExp::flags() const { return m_flags; }

QRegularExpression RegExp::toRegularExpression() const
{
    QRegularExpression::PatternOptions options;
    if (m_flags.contains(QLatin1Char('i')))
        options |= QRegularExpression::CaseInsensitiveOption;
    if (m_flags.contains(QLatin1Char('m')))
        options |= QRegularExpression::MultilineOption;
    if (m_flags.contains(QLatin1Char('s')))
        options |= QRegularExpression::DotMatchesEverythingOption;
    if (m_flags.contains(QLatin1Char('u')))
        options |= QRegularExpression::UseUnicodePropertiesOption;
    return QRegularExpression(m_source == QLatin1String("(?:)") ? QString() : m_source, options);
}

// ---------------------------------------------------------------------------------------------
// JsMap

JsMap::JsMap() : d(new JsMapData) { }
JsMap::JsMap(std::initializer_list<Entry> entries) : d(new JsMapData)
{
    for (const Entry &entry : entries)
        insert(entry.first, entry.second);
}
JsMap::JsMap(const JsMap &other) = default;
JsMap &JsMap::operator=(const JsMap &other) = default;
JsMap::JsMap(JsMap &&other) noexcept = default;
JsMap::~JsMap() = default;

qsizetype JsMap::size() const { return d->entries.size(); }

const QList<JsMap::Entry> &JsMap::entries() const { return d->entries; }

QVariantList JsMap::keys() const
{
    QVariantList result;
    result.reserve(d->entries.size());
    for (const Entry &entry : d->entries)
        result.append(entry.first);
    return result;
}

bool JsMap::contains(const QVariant &key) const
{
    for (const Entry &entry : d->entries) {
        if (entry.first == key)
            return true;
    }
    return false;
}

QVariant JsMap::value(const QVariant &key, const QVariant &defaultValue) const
{
    for (const Entry &entry : d->entries) {
        if (entry.first == key)
            return entry.second;
    }
    return defaultValue;
}

void JsMap::insert(const QVariant &key, const QVariant &value)
{
    for (Entry &entry : d->entries) {
        if (entry.first == key) {
            entry.second = value;
            return;
        }
    }
    d->entries.append(Entry(key, value));
}

void JsMap::append(const QVariant &key, const QVariant &value)
{
    d->entries.append(Entry(key, value));
}

bool JsMap::remove(const QVariant &key)
{
    for (qsizetype i = 0; i < d->entries.size(); ++i) {
        if (d->entries.at(i).first == key) {
            d->entries.removeAt(i);
            return true;
        }
    }
    return false;
}

QVariantMap JsMap::toVariantMap() const
{
    QVariantMap result;
    for (const Entry &entry : d->entries)
        result.insert(entry.first.toString(), entry.second);
    return result;
}

bool operator==(const JsMap &a, const JsMap &b)
{
    return a.d == b.d || a.d->entries == b.d->entries;
}

// ---------------------------------------------------------------------------------------------
// JsSet

JsSet::JsSet() : d(new JsSetData) { }
JsSet::JsSet(std::initializer_list<QVariant> values) : d(new JsSetData)
{
    for (const QVariant &value : values)
        insert(value);
}
JsSet::JsSet(const JsSet &other) = default;
JsSet &JsSet::operator=(const JsSet &other) = default;
JsSet::JsSet(JsSet &&other) noexcept = default;
JsSet::~JsSet() = default;

qsizetype JsSet::size() const { return d->values.size(); }

const QVariantList &JsSet::values() const { return d->values; }

bool JsSet::contains(const QVariant &value) const { return d->values.contains(value); }

void JsSet::insert(const QVariant &value)
{
    if (!contains(value))
        d->values.append(value);
}

void JsSet::append(const QVariant &value) { d->values.append(value); }

bool JsSet::remove(const QVariant &value) { return d->values.removeOne(value); }

bool operator==(const JsSet &a, const JsSet &b) { return a.d == b.d || a.d->values == b.d->values; }

// ---------------------------------------------------------------------------------------------
// TypedArray

TypedArray::TypedArray() : d(new TypedArrayData) { }

TypedArray::TypedArray(Kind kind, const QByteArray &buffer, qsizetype byteOffset, qsizetype length)
    : d(new TypedArrayData)
{
    d->kind = kind;
    d->buffer = buffer;
    d->byteOffset = kind == ArrayBuffer ? 0 : byteOffset;
    d->length = length >= 0 ? length : (buffer.size() - d->byteOffset) / elementSize(kind);
    if (kind == ArrayBuffer)
        d->length = buffer.size();
}

TypedArray::TypedArray(const TypedArray &other) = default;
TypedArray &TypedArray::operator=(const TypedArray &other) = default;
TypedArray::TypedArray(TypedArray &&other) noexcept = default;
TypedArray::~TypedArray() = default;

bool TypedArray::isValid() const
{
    const int size = elementSize(d->kind);
    return d->byteOffset >= 0 && d->length >= 0 && d->byteOffset % size == 0
            && d->byteOffset <= d->buffer.size()
            && d->length <= (d->buffer.size() - d->byteOffset) / size;
}

TypedArray::Kind TypedArray::kind() const { return d->kind; }

QByteArray TypedArray::buffer() const { return d->buffer; }

qsizetype TypedArray::byteOffset() const { return d->byteOffset; }

qsizetype TypedArray::length() const { return d->length; }

qsizetype TypedArray::byteLength() const { return d->length * elementSize(d->kind); }

QByteArray TypedArray::bytes() const
{
    if (!isValid())
        return QByteArray();
    if (d->byteOffset == 0 && byteLength() == d->buffer.size())
        return d->buffer;
    return d->buffer.mid(d->byteOffset, byteLength());
}

namespace {
const char *const KindNames[] = {
        "ArrayBuffer",   "Int8Array",      "Uint8Array",  "Uint8ClampedArray", "Int16Array",
        "Uint16Array",   "Int32Array",     "Uint32Array", "Float32Array",      "Float64Array",
        "BigInt64Array", "BigUint64Array", "DataView"};
const int ElementSizes[] = {1, 1, 1, 1, 2, 2, 4, 4, 4, 8, 8, 8, 1};
} // namespace

QString TypedArray::kindName(Kind kind) { return QString::fromLatin1(KindNames[kind]); }

TypedArray::Kind TypedArray::kindFromName(const QString &name, bool *ok)
{
    for (int i = 0; i <= DataView; ++i) {
        if (name == QLatin1String(KindNames[i])) {
            if (ok)
                *ok = true;
            return Kind(i);
        }
    }
    if (ok)
        *ok = false;
    return ArrayBuffer;
}

int TypedArray::elementSize(Kind kind) { return ElementSizes[kind]; }

bool operator==(const TypedArray &a, const TypedArray &b)
{
    return a.d == b.d
            || (a.d->kind == b.d->kind && a.d->byteOffset == b.d->byteOffset
                && a.d->length == b.d->length && a.d->buffer == b.d->buffer);
}

// ---------------------------------------------------------------------------------------------
// JsError

JsError::JsError() : d(new JsErrorData) { }

JsError::JsError(const QString &message, const QString &name, const QString &stack)
    : d(new JsErrorData)
{
    d->message = message;
    d->name = name;
    d->stack = stack;
}

JsError::JsError(const JsError &other) = default;
JsError &JsError::operator=(const JsError &other) = default;
JsError::JsError(JsError &&other) noexcept = default;
JsError::~JsError() = default;

QString JsError::name() const { return d->name; }

QString JsError::message() const { return d->message; }

QString JsError::stack() const { return d->stack; }

bool operator==(const JsError &a, const JsError &b)
{
    return a.d == b.d
            || (a.d->name == b.d->name && a.d->message == b.d->message && a.d->stack == b.d->stack
                && a.d->stack.isNull() == b.d->stack.isNull());
}

// ---------------------------------------------------------------------------------------------
// SparseArray

SparseArray::SparseArray() : d(new SparseArrayData) { }

SparseArray::SparseArray(quint32 length) : d(new SparseArrayData) { d->length = length; }

SparseArray::SparseArray(const SparseArray &other) = default;
SparseArray &SparseArray::operator=(const SparseArray &other) = default;
SparseArray::SparseArray(SparseArray &&other) noexcept = default;
SparseArray::~SparseArray() = default;

quint32 SparseArray::length() const { return d->length; }

void SparseArray::setLength(quint32 length)
{
    d->length = length;
    auto it = d->elements.lowerBound(length);
    while (it != d->elements.end())
        it = d->elements.erase(it);
}

const QMap<quint32, QVariant> &SparseArray::elements() const { return d->elements; }

bool SparseArray::contains(quint32 index) const { return d->elements.contains(index); }

QVariant SparseArray::value(quint32 index) const { return d->elements.value(index); }

void SparseArray::insert(quint32 index, const QVariant &value)
{
    if (index == std::numeric_limits<quint32>::max())
        return; // not an array index in JavaScript
    d->elements.insert(index, value);
    if (index >= d->length)
        d->length = index + 1;
}

bool operator==(const SparseArray &a, const SparseArray &b)
{
    return a.d == b.d || (a.d->length == b.d->length && a.d->elements == b.d->elements);
}

// ---------------------------------------------------------------------------------------------
// Conversions through QVariant

namespace {

void registerConversions()
{
    QMetaType::registerConverter<RegExp, QRegularExpression>(
            [](const RegExp &value) { return value.toRegularExpression(); });
    QMetaType::registerConverter<JsMap, QVariantMap>(
            [](const JsMap &value) { return value.toVariantMap(); });
    QMetaType::registerConverter<JsSet, QVariantList>(
            [](const JsSet &value) { return value.values(); });
    QMetaType::registerConverter<TypedArray, QByteArray>(
            [](const TypedArray &value) { return value.bytes(); });
    QMetaType::registerConverter<BigInt, QString>(
            [](const BigInt &value) { return value.toString(); });
    QMetaType::registerConverter<BigInt, qlonglong>(
            [](const BigInt &value) { return qlonglong(value.toLongLong()); });
    QMetaType::registerConverter<BigInt, double>(
            [](const BigInt &value) { return value.toDouble(); });
    QMetaType::registerConverter<BoxedPrimitive, QString>(
            [](const BoxedPrimitive &value) { return value.value().toString(); });
    QMetaType::registerConverter<BoxedPrimitive, double>(
            [](const BoxedPrimitive &value) { return value.value().toDouble(); });
    // Holes become invalid QVariants; an array longer than 2^24 converts to an empty list.
    QMetaType::registerConverter<SparseArray, QVariantList>([](const SparseArray &array) {
        if (array.length() > (1u << 24))
            return QVariantList();
        QVariantList result(qsizetype(array.length()));
        const auto &elements = array.elements();
        for (auto it = elements.constBegin(); it != elements.constEnd(); ++it)
            result[qsizetype(it.key())] = it.value();
        return result;
    });
    QMetaType::registerConverter<JsError, QString>([](const JsError &error) {
        QString text = error.name(); // (not a QStringBuilder: GCC 12 warns about it here)
        text += QLatin1String(": ");
        text += error.message();
        return text;
    });
}

} // namespace

void detail::registerValueTypes()
{
    static const bool registered = []() {
        registerConversions();
        return true;
    }();
    Q_UNUSED(registered);
}

namespace {
// At library load: QVariant::fromValue(JsMap{...}).toMap() must work before the first message,
// and in code that never sends one. (registerValueTypes() stays for the codec, which may run
// during another library's static initialization.)
void registerValueTypesAtLoad() { detail::registerValueTypes(); }
} // namespace
Q_CONSTRUCTOR_FUNCTION(registerValueTypesAtLoad)

// The value types move without allocating and without throwing, and Qt's containers may move
// them with memcpy (Q_DECLARE_SHARED).
template<typename T>
constexpr bool isCheapValue =
        std::is_nothrow_move_constructible_v<T> &&std::is_nothrow_move_assignable_v<T>
                &&std::is_nothrow_swappable_v<T> &&QTypeInfo<T>::isRelocatable;
static_assert(
        isCheapValue<
                JsMap> && isCheapValue<JsSet> && isCheapValue<TypedArray> && isCheapValue<JsError> && isCheapValue<SparseArray>);

} // namespace WebIpc
