// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

// Qt-side value types for the JavaScript values that have no Qt equivalent. The complete
// mapping between JavaScript and Qt values is in docs/values.md.

#include <WebIpc/webipcglobal.h>

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QMap>
#include <QtCore/QMetaType>
#include <QtCore/QSharedDataPointer>
#include <QtCore/QString>
#include <QtCore/QVariant>

#include <utility>

QT_BEGIN_NAMESPACE
class QRegularExpression;
QT_END_NAMESPACE

namespace WebIpc {

namespace detail {
struct ValueIdentity;
}

/*!
    A JavaScript \c BigInt, losslessly: its decimal digits. Qt's 64-bit integers are sent to pages
    as numbers; send a BigInt to get a JavaScript \c BigInt.
*/
class WEBIPC_CORE_EXPORT BigInt
{
public:
    //! Zero.
    BigInt();
    BigInt(qint64 value);
    static BigInt fromUnsigned(quint64 value);
    //! Parses decimal digits with an optional leading '-'; an invalid text gives zero and sets
    //! \a ok to false.
    static BigInt fromString(const QString &digits, bool *ok = nullptr);

    //! The decimal digits, '-' first if negative ("-12", "0").
    QString toString() const;
    //! The value if it fits in a qint64; otherwise 0 and \a ok set to false.
    qint64 toLongLong(bool *ok = nullptr) const;
    //! The value if it fits in a quint64; otherwise 0 and \a ok set to false.
    quint64 toULongLong(bool *ok = nullptr) const;
    //! The nearest double.
    double toDouble() const;

    friend bool operator==(const BigInt &a, const BigInt &b) { return a.m_digits == b.m_digits; }
    friend bool operator!=(const BigInt &a, const BigInt &b) { return !(a == b); }

private:
    QString m_digits;
};

/*!
    A JavaScript \c RegExp: its source and flags, both kept exactly. toRegularExpression()
    gives the nearest QRegularExpression (flags i, m, s and u map to pattern options; the JS and
    PCRE2 pattern languages differ in details). A QVariant holding a RegExp converts to
    QRegularExpression, and a QRegularExpression sent to a page arrives as a RegExp.
*/
class WEBIPC_CORE_EXPORT RegExp
{
public:
    RegExp();
    explicit RegExp(const QString &source, const QString &flags = QString());
    static RegExp fromRegularExpression(const QRegularExpression &expression);

    QString source() const;
    QString flags() const;
    QRegularExpression toRegularExpression() const;

    friend bool operator==(const RegExp &a, const RegExp &b)
    {
        return a.m_source == b.m_source && a.m_flags == b.m_flags;
    }
    friend bool operator!=(const RegExp &a, const RegExp &b) { return !(a == b); }

private:
    QString m_source;
    QString m_flags;
};

class JsMapData;
/*!
    A JavaScript \c Map: entries in insertion order, keys of any type. Implicitly shared.
    A QVariant holding a JsMap converts to QVariantMap (keys as strings).
*/
class WEBIPC_CORE_EXPORT JsMap
{
public:
    using Entry = std::pair<QVariant, QVariant>;

    JsMap();
    JsMap(std::initializer_list<Entry> entries);
    JsMap(const JsMap &other);
    JsMap &operator=(const JsMap &other);
    //! A moved-from JsMap may only be assigned to or destroyed.
    JsMap(JsMap &&other) noexcept;
    QT_MOVE_ASSIGNMENT_OPERATOR_IMPL_VIA_PURE_SWAP(JsMap)
    ~JsMap();
    void swap(JsMap &other) noexcept { d.swap(other.d); }

    qsizetype size() const;
    bool isEmpty() const { return size() == 0; }
    const QList<Entry> &entries() const;
    QVariantList keys() const;
    bool contains(const QVariant &key) const;
    QVariant value(const QVariant &key, const QVariant &defaultValue = QVariant()) const;
    //! Sets the value of \a key, replacing an existing entry with an equal key in place.
    void insert(const QVariant &key, const QVariant &value);
    //! Appends an entry without looking for an equal key.
    void append(const QVariant &key, const QVariant &value);
    bool remove(const QVariant &key);
    //! The entries with their keys converted to strings; a later key wins.
    QVariantMap toVariantMap() const;

    friend WEBIPC_CORE_EXPORT bool operator==(const JsMap &a, const JsMap &b);
    friend bool operator!=(const JsMap &a, const JsMap &b) { return !(a == b); }

private:
    QSharedDataPointer<JsMapData> d;
    friend struct detail::ValueIdentity;
};

class JsSetData;
/*!
    A JavaScript \c Set: values of any type in insertion order. Implicitly shared. A QVariant
    holding a JsSet converts to QVariantList.
*/
class WEBIPC_CORE_EXPORT JsSet
{
public:
    JsSet();
    JsSet(std::initializer_list<QVariant> values);
    JsSet(const JsSet &other);
    JsSet &operator=(const JsSet &other);
    //! A moved-from JsSet may only be assigned to or destroyed.
    JsSet(JsSet &&other) noexcept;
    QT_MOVE_ASSIGNMENT_OPERATOR_IMPL_VIA_PURE_SWAP(JsSet)
    ~JsSet();
    void swap(JsSet &other) noexcept { d.swap(other.d); }

    qsizetype size() const;
    bool isEmpty() const { return size() == 0; }
    const QVariantList &values() const;
    bool contains(const QVariant &value) const;
    //! Adds \a value unless an equal value is in the set.
    void insert(const QVariant &value);
    //! Appends \a value without looking for an equal one.
    void append(const QVariant &value);
    bool remove(const QVariant &value);

    friend WEBIPC_CORE_EXPORT bool operator==(const JsSet &a, const JsSet &b);
    friend bool operator!=(const JsSet &a, const JsSet &b) { return !(a == b); }

private:
    QSharedDataPointer<JsSetData> d;
    friend struct detail::ValueIdentity;
};

class TypedArrayData;
/*!
    A JavaScript \c ArrayBuffer, typed array or \c DataView: its kind, the bytes of its whole
    buffer, its byte offset and its length, all kept exactly.

    A Uint8Array that spans its whole buffer arrives as a plain QByteArray instead, and a
    QByteArray sent to a page arrives as a Uint8Array. A QVariant holding a TypedArray converts
    to QByteArray (the bytes it views). Implicitly shared.
*/
class WEBIPC_CORE_EXPORT TypedArray
{
public:
    enum Kind {
        ArrayBuffer,
        Int8Array,
        Uint8Array,
        Uint8ClampedArray,
        Int16Array,
        Uint16Array,
        Int32Array,
        Uint32Array,
        Float32Array,
        Float64Array,
        BigInt64Array,
        BigUint64Array,
        DataView
    };

    TypedArray();
    //! A view of kind \a kind over \a buffer. \a length counts elements (bytes for ArrayBuffer
    //! and DataView); -1 means up to the end of the buffer.
    explicit TypedArray(Kind kind, const QByteArray &buffer, qsizetype byteOffset = 0,
                        qsizetype length = -1);
    TypedArray(const TypedArray &other);
    TypedArray &operator=(const TypedArray &other);
    //! A moved-from TypedArray may only be assigned to or destroyed.
    TypedArray(TypedArray &&other) noexcept;
    QT_MOVE_ASSIGNMENT_OPERATOR_IMPL_VIA_PURE_SWAP(TypedArray)
    ~TypedArray();
    void swap(TypedArray &other) noexcept { d.swap(other.d); }

    //! True unless the offset and length do not fit the buffer (as for a default-constructed
    //! TypedArray, which is an empty ArrayBuffer and valid).
    bool isValid() const;
    Kind kind() const;
    //! All bytes of the underlying ArrayBuffer.
    QByteArray buffer() const;
    qsizetype byteOffset() const;
    //! Elements for typed arrays, bytes for ArrayBuffer and DataView.
    qsizetype length() const;
    qsizetype byteLength() const;
    //! The bytes this view covers.
    QByteArray bytes() const;

    //! The JavaScript name of \a kind ("Float32Array").
    static QString kindName(Kind kind);
    static Kind kindFromName(const QString &name, bool *ok = nullptr);
    //! Bytes per element: 1 for ArrayBuffer and DataView.
    static int elementSize(Kind kind);

    friend WEBIPC_CORE_EXPORT bool operator==(const TypedArray &a, const TypedArray &b);
    friend bool operator!=(const TypedArray &a, const TypedArray &b) { return !(a == b); }

private:
    QSharedDataPointer<TypedArrayData> d;
    friend struct detail::ValueIdentity;
};

class JsErrorData;
/*!
    A JavaScript \c Error sent as a value (not an invoke rejection): its standard name ("Error",
    "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError" or "URIError"; other
    names become "Error", as in Electron), message and stack. Implicitly shared.
*/
class WEBIPC_CORE_EXPORT JsError
{
public:
    JsError();
    explicit JsError(const QString &message, const QString &name = QStringLiteral("Error"),
                     const QString &stack = QString());
    JsError(const JsError &other);
    JsError &operator=(const JsError &other);
    //! A moved-from JsError may only be assigned to or destroyed.
    JsError(JsError &&other) noexcept;
    QT_MOVE_ASSIGNMENT_OPERATOR_IMPL_VIA_PURE_SWAP(JsError)
    ~JsError();
    void swap(JsError &other) noexcept { d.swap(other.d); }

    QString name() const;
    QString message() const;
    //! The stack text; a null QString when the error had none.
    QString stack() const;

    friend WEBIPC_CORE_EXPORT bool operator==(const JsError &a, const JsError &b);
    friend bool operator!=(const JsError &a, const JsError &b) { return !(a == b); }

private:
    QSharedDataPointer<JsErrorData> d;
    friend struct detail::ValueIdentity;
};

/*!
    A boxed primitive (<tt>new Number(1)</tt>, <tt>new String('a')</tt>, <tt>Object(1n)</tt>):
    value() is a double or qlonglong, a QString, a bool or a BigInt.
*/
class WEBIPC_CORE_EXPORT BoxedPrimitive
{
public:
    BoxedPrimitive() = default;
    explicit BoxedPrimitive(const QVariant &value) : m_value(value) { }
    QVariant value() const { return m_value; }

    friend bool operator==(const BoxedPrimitive &a, const BoxedPrimitive &b)
    {
        return a.m_value == b.m_value;
    }
    friend bool operator!=(const BoxedPrimitive &a, const BoxedPrimitive &b) { return !(a == b); }

private:
    QVariant m_value;
};

class SparseArrayData;
/*!
    A JavaScript array with holes (<tt>[1, , 3]</tt>, <tt>new Array(5)</tt>): its length and its
    present elements by index. Arrays without holes arrive as QVariantList. A QVariant holding a
    SparseArray converts to QVariantList (holes become invalid QVariants; empty when its length
    is over 16,777,216). Implicitly shared.
*/
class WEBIPC_CORE_EXPORT SparseArray
{
public:
    SparseArray();
    explicit SparseArray(quint32 length);
    SparseArray(const SparseArray &other);
    SparseArray &operator=(const SparseArray &other);
    //! A moved-from SparseArray may only be assigned to or destroyed.
    SparseArray(SparseArray &&other) noexcept;
    QT_MOVE_ASSIGNMENT_OPERATOR_IMPL_VIA_PURE_SWAP(SparseArray)
    ~SparseArray();
    void swap(SparseArray &other) noexcept { d.swap(other.d); }

    quint32 length() const;
    void setLength(quint32 length);
    //! The present elements, by index.
    const QMap<quint32, QVariant> &elements() const;
    bool contains(quint32 index) const;
    QVariant value(quint32 index) const;
    //! Sets an element; the length grows to index + 1 if needed.
    void insert(quint32 index, const QVariant &value);

    friend WEBIPC_CORE_EXPORT bool operator==(const SparseArray &a, const SparseArray &b);
    friend bool operator!=(const SparseArray &a, const SparseArray &b) { return !(a == b); }

private:
    QSharedDataPointer<SparseArrayData> d;
    friend struct detail::ValueIdentity;
};

/*!
    A cycle: a reference to an object that contains this value. levelsUp() is 1 for the object
    that directly holds it, 2 for that object's container, and so on.

    A JavaScript value with a cycle (<tt>a.self = a</tt>) arrives with a CyclicReference in place
    of the back reference, since QVariant values cannot contain themselves; send it back (or
    build one) and the page gets the cycle.
*/
class WEBIPC_CORE_EXPORT CyclicReference
{
public:
    CyclicReference() = default;
    explicit CyclicReference(int levelsUp) : m_levelsUp(levelsUp) { }
    int levelsUp() const { return m_levelsUp; }

    friend bool operator==(const CyclicReference &a, const CyclicReference &b)
    {
        return a.m_levelsUp == b.m_levelsUp;
    }
    friend bool operator!=(const CyclicReference &a, const CyclicReference &b) { return !(a == b); }

private:
    int m_levelsUp = 1;
};

} // namespace WebIpc

Q_DECLARE_SHARED(WebIpc::JsMap)
Q_DECLARE_SHARED(WebIpc::JsSet)
Q_DECLARE_SHARED(WebIpc::TypedArray)
Q_DECLARE_SHARED(WebIpc::JsError)
Q_DECLARE_SHARED(WebIpc::SparseArray)

Q_DECLARE_METATYPE(WebIpc::BigInt)
Q_DECLARE_METATYPE(WebIpc::RegExp)
Q_DECLARE_METATYPE(WebIpc::JsMap)
Q_DECLARE_METATYPE(WebIpc::JsSet)
Q_DECLARE_METATYPE(WebIpc::TypedArray)
Q_DECLARE_METATYPE(WebIpc::JsError)
Q_DECLARE_METATYPE(WebIpc::BoxedPrimitive)
Q_DECLARE_METATYPE(WebIpc::SparseArray)
Q_DECLARE_METATYPE(WebIpc::CyclicReference)
