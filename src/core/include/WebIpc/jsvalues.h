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
    //! \a value as a BigInt.
    BigInt(qint64 value);
    //! \a value, which may be above qint64's range, as a BigInt.
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

    //! True if \a a and \a b are the same value.
    friend bool operator==(const BigInt &a, const BigInt &b) { return a.m_digits == b.m_digits; }
    //! True if \a a and \a b are different values.
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
    //! The RegExp <tt>/source/flags</tt>, kept as given.
    explicit RegExp(const QString &source, const QString &flags = QString());
    //! The nearest RegExp to \a expression (its pattern, and flags for its options).
    static RegExp fromRegularExpression(const QRegularExpression &expression);

    //! The pattern, as JavaScript's \c RegExp.prototype.source gives it.
    QString source() const;
    //! The flags, as JavaScript's \c RegExp.prototype.flags gives them ("gi").
    QString flags() const;
    //! The nearest QRegularExpression (see the class description).
    QRegularExpression toRegularExpression() const;

    //! True if \a a and \a b are the same value.
    friend bool operator==(const RegExp &a, const RegExp &b)
    {
        return a.m_source == b.m_source && a.m_flags == b.m_flags;
    }
    //! True if \a a and \a b are different values.
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
    //! One entry: its key and its value.
    using Entry = std::pair<QVariant, QVariant>;

    JsMap();
    //! A map of \a entries, in their order (a later equal key replaces an earlier one).
    JsMap(std::initializer_list<Entry> entries);
    //! A copy of \a other (implicitly shared: cheap).
    JsMap(const JsMap &other);
    //! Makes this a copy of \a other (implicitly shared: cheap).
    JsMap &operator=(const JsMap &other);
    //! A moved-from JsMap may only be assigned to or destroyed.
    JsMap(JsMap &&other) noexcept;
    QT_MOVE_ASSIGNMENT_OPERATOR_IMPL_VIA_PURE_SWAP(JsMap)
    ~JsMap();
    //! Swaps this value with \a other; never fails.
    void swap(JsMap &other) noexcept { d.swap(other.d); }

    //! The number of entries.
    qsizetype size() const;
    //! True if there is no entry.
    bool isEmpty() const { return size() == 0; }
    //! The entries, in insertion order.
    const QList<Entry> &entries() const;
    //! The keys, in insertion order.
    QVariantList keys() const;
    //! True if an entry has a key equal to \a key.
    bool contains(const QVariant &key) const;
    //! The value of \a key, or \a defaultValue if there is no such entry.
    QVariant value(const QVariant &key, const QVariant &defaultValue = QVariant()) const;
    //! Sets the value of \a key, replacing an existing entry with an equal key in place.
    void insert(const QVariant &key, const QVariant &value);
    //! Appends an entry without looking for an equal key.
    void append(const QVariant &key, const QVariant &value);
    //! Removes the entry of \a key; false if there was none.
    bool remove(const QVariant &key);
    //! The entries with their keys converted to strings; a later key wins.
    QVariantMap toVariantMap() const;

    //! True if \a a and \a b are the same value.
    friend WEBIPC_CORE_EXPORT bool operator==(const JsMap &a, const JsMap &b);
    //! True if \a a and \a b are different values.
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
    //! A set of \a values, in their order, without duplicates.
    JsSet(std::initializer_list<QVariant> values);
    //! A copy of \a other (implicitly shared: cheap).
    JsSet(const JsSet &other);
    //! Makes this a copy of \a other (implicitly shared: cheap).
    JsSet &operator=(const JsSet &other);
    //! A moved-from JsSet may only be assigned to or destroyed.
    JsSet(JsSet &&other) noexcept;
    QT_MOVE_ASSIGNMENT_OPERATOR_IMPL_VIA_PURE_SWAP(JsSet)
    ~JsSet();
    //! Swaps this value with \a other; never fails.
    void swap(JsSet &other) noexcept { d.swap(other.d); }

    //! The number of entries.
    qsizetype size() const;
    //! True if there is no entry.
    bool isEmpty() const { return size() == 0; }
    //! The values, in insertion order.
    const QVariantList &values() const;
    //! True if the set has a value equal to \a value.
    bool contains(const QVariant &value) const;
    //! Adds \a value unless an equal value is in the set.
    void insert(const QVariant &value);
    //! Appends \a value without looking for an equal one.
    void append(const QVariant &value);
    //! Removes \a value; false if it was not in the set.
    bool remove(const QVariant &value);

    //! True if \a a and \a b are the same value.
    friend WEBIPC_CORE_EXPORT bool operator==(const JsSet &a, const JsSet &b);
    //! True if \a a and \a b are different values.
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
    //! The JavaScript kind of the value.
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
    //! A copy of \a other (implicitly shared: cheap).
    TypedArray(const TypedArray &other);
    //! Makes this a copy of \a other (implicitly shared: cheap).
    TypedArray &operator=(const TypedArray &other);
    //! A moved-from TypedArray may only be assigned to or destroyed.
    TypedArray(TypedArray &&other) noexcept;
    QT_MOVE_ASSIGNMENT_OPERATOR_IMPL_VIA_PURE_SWAP(TypedArray)
    ~TypedArray();
    //! Swaps this value with \a other; never fails.
    void swap(TypedArray &other) noexcept { d.swap(other.d); }

    //! True unless the offset and length do not fit the buffer (as for a default-constructed
    //! TypedArray, which is an empty ArrayBuffer and valid).
    bool isValid() const;
    //! The kind of view (or ArrayBuffer).
    Kind kind() const;
    //! All bytes of the underlying ArrayBuffer.
    QByteArray buffer() const;
    //! Where the view starts in the buffer, in bytes.
    qsizetype byteOffset() const;
    //! Elements for typed arrays, bytes for ArrayBuffer and DataView.
    qsizetype length() const;
    //! The bytes the view covers: length() times elementSize().
    qsizetype byteLength() const;
    //! The bytes this view covers.
    QByteArray bytes() const;

    //! The JavaScript name of \a kind ("Float32Array").
    static QString kindName(Kind kind);
    //! The kind named \a name; ArrayBuffer, with \a ok set to false, for an unknown name.
    static Kind kindFromName(const QString &name, bool *ok = nullptr);
    //! Bytes per element: 1 for ArrayBuffer and DataView.
    static int elementSize(Kind kind);

    //! True if \a a and \a b are the same value.
    friend WEBIPC_CORE_EXPORT bool operator==(const TypedArray &a, const TypedArray &b);
    //! True if \a a and \a b are different values.
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
    //! An error of \a name (a non-standard name becomes "Error") with \a message and \a stack.
    explicit JsError(const QString &message, const QString &name = QStringLiteral("Error"),
                     const QString &stack = QString());
    //! A copy of \a other (implicitly shared: cheap).
    JsError(const JsError &other);
    //! Makes this a copy of \a other (implicitly shared: cheap).
    JsError &operator=(const JsError &other);
    //! A moved-from JsError may only be assigned to or destroyed.
    JsError(JsError &&other) noexcept;
    QT_MOVE_ASSIGNMENT_OPERATOR_IMPL_VIA_PURE_SWAP(JsError)
    ~JsError();
    //! Swaps this value with \a other; never fails.
    void swap(JsError &other) noexcept { d.swap(other.d); }

    //! The standard name: "Error", "TypeError", ...
    QString name() const;
    //! The message.
    QString message() const;
    //! The stack text; a null QString when the error had none.
    QString stack() const;

    //! True if \a a and \a b are the same value.
    friend WEBIPC_CORE_EXPORT bool operator==(const JsError &a, const JsError &b);
    //! True if \a a and \a b are different values.
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
    //! A box of \a value: a number, a QString, a bool or a BigInt.
    explicit BoxedPrimitive(const QVariant &value) : m_value(value) { }
    //! The boxed primitive.
    QVariant value() const { return m_value; }

    //! True if \a a and \a b are the same value.
    friend bool operator==(const BoxedPrimitive &a, const BoxedPrimitive &b)
    {
        return a.m_value == b.m_value;
    }
    //! True if \a a and \a b are different values.
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
    //! An array of \a length holes.
    explicit SparseArray(quint32 length);
    //! A copy of \a other (implicitly shared: cheap).
    SparseArray(const SparseArray &other);
    //! Makes this a copy of \a other (implicitly shared: cheap).
    SparseArray &operator=(const SparseArray &other);
    //! A moved-from SparseArray may only be assigned to or destroyed.
    SparseArray(SparseArray &&other) noexcept;
    QT_MOVE_ASSIGNMENT_OPERATOR_IMPL_VIA_PURE_SWAP(SparseArray)
    ~SparseArray();
    //! Swaps this value with \a other; never fails.
    void swap(SparseArray &other) noexcept { d.swap(other.d); }

    //! The array's length, holes included.
    quint32 length() const;
    //! Sets the length; elements at or past \a length are dropped.
    void setLength(quint32 length);
    //! The present elements, by index.
    const QMap<quint32, QVariant> &elements() const;
    //! True if the element at \a index is present (not a hole).
    bool contains(quint32 index) const;
    //! The element at \a index; an invalid QVariant for a hole.
    QVariant value(quint32 index) const;
    //! Sets an element; the length grows to index + 1 if needed.
    void insert(quint32 index, const QVariant &value);

    //! True if \a a and \a b are the same value.
    friend WEBIPC_CORE_EXPORT bool operator==(const SparseArray &a, const SparseArray &b);
    //! True if \a a and \a b are different values.
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
    //! A reference to the container \a levelsUp levels up.
    explicit CyclicReference(int levelsUp) : m_levelsUp(levelsUp) { }
    //! How many containers up the referenced object is.
    int levelsUp() const { return m_levelsUp; }

    //! True if \a a and \a b are the same value.
    friend bool operator==(const CyclicReference &a, const CyclicReference &b)
    {
        return a.m_levelsUp == b.m_levelsUp;
    }
    //! True if \a a and \a b are different values.
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
