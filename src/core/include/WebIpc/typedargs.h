// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

// Typed handlers and listeners: what lets IpcMain::handle("add", [](double a, double b) {...})
// check and convert the page's arguments, and describe the channel in TypeScript. Not API: use
// IpcMain::handle() and IpcMain::on() with a callable of real parameter types.

#include <WebIpc/handlererror.h>
#include <WebIpc/ipcmainevent.h>
#include <WebIpc/variantargs.h>
#include <WebIpc/webipcglobal.h>

#include <QtCore/QFuture>
#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QMap>
#include <QtCore/QMetaType>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVariant>

#include <functional>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

QT_BEGIN_NAMESPACE
class QMetaObject;
QT_END_NAMESPACE

namespace WebIpc::detail {

// Where a value sits in the arguments, for error messages: "argument 2", "argument 1.items[3]".
// Built on the stack as conversion descends; spelled out only when a conversion fails.
struct ArgPath
{
    const ArgPath *parent = nullptr;
    qsizetype index = -1; // an argument (parent == nullptr, 0-based) or an array element
    QStringView key; // an object field, when not empty
    WEBIPC_CORE_EXPORT QString toString() const;
};

// Sets *error to "<path> must be <expected>, got <kind of value>" and returns false.
WEBIPC_CORE_EXPORT bool conversionFailed(const QVariant &value, const ArgPath &path,
                                         const QString &expected, QString *error);
// The page's value \a in as a value of \a type, exactly: no number from a string, no string
// from a number. The scalar types, QString, QByteArray, QDateTime, the JSON types, QVariant,
// QVariantList/Map, QStringList, WebIpc's value types and registered Q_GADGETs.
WEBIPC_CORE_EXPORT bool convertToMetaType(const QVariant &in, QMetaType type, QVariant *out,
                                          const ArgPath &path, QString *error);

// The TypeScript types of the values a signature names, and the gadgets they use.
struct TypeScriptContext
{
    QList<const QMetaObject *> gadgets;
};
WEBIPC_CORE_EXPORT QString typeScriptForMetaType(QMetaType type, TypeScriptContext *context);
WEBIPC_CORE_EXPORT QString typeScriptArrayOf(const QString &element);

// One typed argument or result type T.
template<typename T, typename = void>
struct TypedValue
{
    static constexpr bool isOptional = false;
    static constexpr bool needsResultConversion = false;
    static bool convert(const QVariant &in, T *out, const ArgPath &path, QString *error)
    {
        if constexpr (std::is_same_v<T, QVariant>) {
            Q_UNUSED(path);
            Q_UNUSED(error);
            *out = in;
            return true;
        } else if constexpr (std::is_floating_point_v<T>) {
            // The common case without a QVariant in between (convertToMetaType says the same).
            const int id = in.metaType().id();
            if (id == QMetaType::Double)
                *out = T(*static_cast<const double *>(in.constData()));
            else if (id == QMetaType::LongLong)
                *out = T(*static_cast<const qlonglong *>(in.constData()));
            else
                return conversionFailed(in, path, QStringLiteral("a number"), error);
            return true;
        } else if constexpr (std::is_same_v<T, QString> || std::is_same_v<T, bool>) {
            if (in.metaType() != QMetaType::fromType<T>())
                return conversionFailed(in, path,
                                        std::is_same_v<T, bool> ? QStringLiteral("a boolean")
                                                                : QStringLiteral("a string"),
                                        error);
            *out = *static_cast<const T *>(in.constData());
            return true;
        } else {
            static_assert(QMetaTypeId2<T>::Defined,
                          "a typed WebIpc argument must be a type QMetaType knows");
            QVariant converted;
            if (!convertToMetaType(in, QMetaType::fromType<T>(), &converted, path, error))
                return false;
            *out = *static_cast<const T *>(converted.constData());
            return true;
        }
    }
    static QString typeScript(TypeScriptContext *context)
    {
        return typeScriptForMetaType(QMetaType::fromType<T>(), context);
    }
    template<typename V>
    static QVariant toJs(V &&value)
    {
        return toVariant(std::forward<V>(value));
    }
};

template<typename T>
struct TypedValue<std::optional<T>>
{
    static constexpr bool isOptional = true;
    static constexpr bool needsResultConversion = true;
    // Missing, undefined and null are "no value".
    static bool convert(const QVariant &in, std::optional<T> *out, const ArgPath &path,
                        QString *error)
    {
        if (!in.isValid() || in.metaType().id() == QMetaType::Nullptr) {
            out->reset();
            return true;
        }
        T value;
        if (!TypedValue<T>::convert(in, &value, path, error))
            return false;
        *out = std::move(value);
        return true;
    }
    static QString typeScript(TypeScriptContext *context)
    {
        return TypedValue<T>::typeScript(context) + QStringLiteral(" | null | undefined");
    }
    static QVariant toJs(const std::optional<T> &value)
    {
        return value ? TypedValue<T>::toJs(*value) : QVariant();
    }
};

template<typename T>
struct TypedValue<QList<T>, std::enable_if_t<!std::is_same_v<T, QString>>>
{
    static constexpr bool isOptional = false;
    static constexpr bool needsResultConversion = TypedValue<T>::needsResultConversion;
    static bool convert(const QVariant &in, QList<T> *out, const ArgPath &path, QString *error)
    {
        if (in.metaType().id() != QMetaType::QVariantList)
            return conversionFailed(in, path, QStringLiteral("an array"), error);
        const QVariantList list = in.toList();
        out->clear();
        out->reserve(list.size());
        for (qsizetype i = 0; i < list.size(); ++i) {
            T value;
            if (!TypedValue<T>::convert(list.at(i), &value, ArgPath{&path, i, {}}, error))
                return false;
            out->append(std::move(value));
        }
        return true;
    }
    static QString typeScript(TypeScriptContext *context)
    {
        return typeScriptArrayOf(TypedValue<T>::typeScript(context));
    }
    static QVariant toJs(const QList<T> &value)
    {
        if constexpr (!needsResultConversion) {
            return toVariant(value);
        } else {
            QVariantList list;
            list.reserve(value.size());
            for (const T &element : value)
                list.append(TypedValue<T>::toJs(element));
            return list;
        }
    }
};

// QMap<QString, T> and QHash<QString, T>: a plain object.
template<typename Map>
struct TypedObjectMap
{
    using T = typename Map::mapped_type;
    static constexpr bool isOptional = false;
    static constexpr bool needsResultConversion = true;
    static bool convert(const QVariant &in, Map *out, const ArgPath &path, QString *error)
    {
        if (in.metaType().id() != QMetaType::QVariantMap)
            return conversionFailed(in, path, QStringLiteral("an object"), error);
        const QVariantMap map = in.toMap();
        out->clear();
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            T value;
            if (!TypedValue<T>::convert(it.value(), &value, ArgPath{&path, -1, it.key()}, error))
                return false;
            out->insert(it.key(), std::move(value));
        }
        return true;
    }
    static QString typeScript(TypeScriptContext *context)
    {
        return QStringLiteral("{ [key: string]: ") + TypedValue<T>::typeScript(context)
                + QStringLiteral(" }");
    }
    static QVariant toJs(const Map &value)
    {
        QVariantMap map;
        for (auto it = value.cbegin(); it != value.cend(); ++it)
            map.insert(it.key(), TypedValue<T>::toJs(it.value()));
        return map;
    }
};
template<typename T>
struct TypedValue<QMap<QString, T>> : TypedObjectMap<QMap<QString, T>>
{
};
template<typename T>
struct TypedValue<QHash<QString, T>> : TypedObjectMap<QHash<QString, T>>
{
};

// What a callable takes and returns, when it has one signature (not a generic lambda).
template<typename F, typename = void>
struct CallableTraits
{
    static constexpr bool known = false;
};
template<typename R, typename... A>
struct CallableTraits<R (*)(A...)>
{
    static constexpr bool known = true;
    using Result = R;
    using Params = std::tuple<A...>;
};
template<typename R, typename... A>
struct CallableTraits<R (*)(A...) noexcept> : CallableTraits<R (*)(A...)>
{
};
template<typename R, typename... A>
struct CallableTraits<R(A...)> : CallableTraits<R (*)(A...)>
{
};
#define WEBIPC_MEMBER_TRAITS(QUALIFIERS)                                                           \
    template<typename R, typename C, typename... A>                                                \
    struct CallableTraits<R (C::*)(A...) QUALIFIERS> : CallableTraits<R (*)(A...)>                 \
    {                                                                                              \
    };
WEBIPC_MEMBER_TRAITS()
WEBIPC_MEMBER_TRAITS(const)
WEBIPC_MEMBER_TRAITS(noexcept)
WEBIPC_MEMBER_TRAITS(const noexcept)
WEBIPC_MEMBER_TRAITS(&)
WEBIPC_MEMBER_TRAITS(const &)
#undef WEBIPC_MEMBER_TRAITS
template<typename F>
struct CallableTraits<F, std::void_t<decltype(&F::operator())>>
    : CallableTraits<decltype(&F::operator())>
{
};

// A member function bound to its object (IpcMain's on() and handle() with a context): callable
// with what the member function takes, and typed like it.
template<typename Member>
struct BoundMember
{
    using Object = typename QtPrivate::FunctionPointer<Member>::Object;
    Object *object;
    Member member;
    template<typename... A>
    auto operator()(A &&...a) const -> decltype((object->*member)(std::forward<A>(a)...))
    {
        return (object->*member)(std::forward<A>(a)...);
    }
};
template<typename Member>
struct CallableTraits<BoundMember<Member>> : CallableTraits<Member>
{
};

template<typename T>
constexpr bool isEventType =
        std::is_same_v<std::decay_t<T>,
                       IpcMainInvokeEvent> || std::is_same_v<std::decay_t<T>, IpcMainEvent>;

template<typename T>
struct IsFuture : std::false_type
{
};
template<typename T>
struct IsFuture<QFuture<T>> : std::true_type
{
    using Value = T;
};

// How many of the parameters must be given: all but the optional ones at the end.
template<typename Params, std::size_t... I>
constexpr std::size_t requiredCount(std::index_sequence<I...>)
{
    std::size_t required = 0;
    ((required = TypedValue<std::tuple_element_t<I, Params>>::isOptional ? required : I + 1), ...);
    return required;
}

// The typed view of a callable: whether it takes the event first, and its value parameters.
template<typename F, bool Known = CallableTraits<std::decay_t<F>>::known>
struct TypedSignature
{
    static constexpr bool typed = false;
    static constexpr std::size_t count = std::size_t(-1); // unknown: a generic callable
};
template<typename F>
struct TypedSignature<F, true>
{
    using Traits = CallableTraits<std::decay_t<F>>;
    using AllParams = typename Traits::Params;
    using Result = typename Traits::Result;
    static constexpr std::size_t allCount = std::tuple_size_v<AllParams>;
    static constexpr bool takesEvent = [] {
        if constexpr (allCount > 0)
            return isEventType<std::tuple_element_t<0, AllParams>>;
        else
            return false;
    }();
    template<std::size_t... I>
    static auto valueParams(std::index_sequence<I...>) -> std::tuple<
            std::decay_t<std::tuple_element_t<I + (takesEvent ? 1 : 0), AllParams>>...>;
    using Params =
            decltype(valueParams(std::make_index_sequence<allCount - (takesEvent ? 1 : 0)>{}));
    static constexpr std::size_t count = std::tuple_size_v<Params>;
    // (event, args), (event), (args) and () are the untyped forms.
    static constexpr bool untypedForm =
            count == 0 || std::is_same_v<Params, std::tuple<QVariantList>>;
    static constexpr bool typed = !untypedForm;

    static constexpr std::size_t required =
            requiredCount<Params>(std::make_index_sequence<count>{});
};

template<typename F, bool Known = CallableTraits<std::decay_t<F>>::known>
constexpr bool returnsValue = false;
template<typename F>
constexpr bool returnsValue<F, true> = !std::is_void_v<typename TypedSignature<F>::Result>;

// Called by callTyped(): callables of real parameter types, and listeners that take nothing
// (or only the event) but return a value, which answers a sendSync.
template<typename F, typename Event>
constexpr bool isTypedCallable = TypedSignature<F>::typed
        || (std::is_same_v<Event, IpcMainEvent> && TypedSignature<F>::count == 0
            && returnsValue<F>);

// What a channel takes and gives, in TypeScript, for IpcMain::typeScriptDeclarations().
struct ChannelSignature
{
    bool typed = false;
    bool takesEvent = false;
    QStringList args; // TypeScript types
    int required = 0;
    QString result; // TypeScript type; "void" for none
    QList<const QMetaObject *> gadgets;
};

template<typename T>
QString resultTypeScript(TypeScriptContext *context)
{
    if constexpr (std::is_void_v<T>) {
        Q_UNUSED(context);
        return QStringLiteral("void");
    } else if constexpr (IsFuture<T>::value) {
        return resultTypeScript<typename IsFuture<T>::Value>(context);
    } else {
        return TypedValue<std::decay_t<T>>::typeScript(context);
    }
}

template<typename Params, std::size_t... I>
QStringList typeScriptOfParams(TypeScriptContext *context, std::index_sequence<I...>)
{
    Q_UNUSED(context);
    // A braced list runs its elements in order: gadgets are listed as they are met.
    return QStringList{TypedValue<std::tuple_element_t<I, Params>>::typeScript(context)...};
}

template<typename F>
ChannelSignature channelSignatureOf()
{
    ChannelSignature signature;
    // A callable that takes nothing (or only the event) declares no arguments and its result;
    // it is still called as the untyped forms are, whatever the page sends.
    if constexpr (TypedSignature<F>::typed || TypedSignature<F>::count == 0) {
        using S = TypedSignature<F>;
        TypeScriptContext context;
        signature.typed = true;
        signature.takesEvent = S::takesEvent;
        signature.required = int(S::required);
        signature.args = typeScriptOfParams<typename S::Params>(
                &context, std::make_index_sequence<S::count>{});
        signature.result = resultTypeScript<typename S::Result>(&context);
        signature.gadgets = context.gadgets;
    }
    return signature;
}

// The signature of a message the main side sends to pages (IpcMain::declarePageEvent()).
template<typename... Args>
ChannelSignature pageEventSignatureOf()
{
    using Params = std::tuple<std::decay_t<Args>...>;
    TypeScriptContext context;
    ChannelSignature signature;
    signature.typed = true;
    signature.args = typeScriptOfParams<Params>(&context, std::index_sequence_for<Args...>{});
    signature.required = int(requiredCount<Params>(std::index_sequence_for<Args...>{}));
    signature.result = QStringLiteral("void");
    signature.gadgets = context.gadgets;
    return signature;
}

WEBIPC_CORE_EXPORT QString wrongArgumentCount(qsizetype given, std::size_t required,
                                              std::size_t maximum);
WEBIPC_CORE_EXPORT void reportDroppedMessage(const IpcMainEvent &event, const QString &error);

template<typename Params, std::size_t... I>
bool convertArguments(const QVariantList &args, Params *values, QString *error,
                      std::index_sequence<I...>)
{
    return (TypedValue<std::tuple_element_t<I, Params>>::convert(
                    args.value(qsizetype(I)), &std::get<I>(*values),
                    ArgPath{nullptr, qsizetype(I), {}}, error)
            && ...);
}

template<typename Result, typename V>
QVariant resultToJs(V &&value)
{
    return TypedValue<std::decay_t<Result>>::toJs(std::forward<V>(value));
}

// Converts a typed future's value for the page, when its type needs more than toVariant().
template<typename R>
auto typedResult(R &&result)
{
    using Decayed = std::decay_t<R>;
    if constexpr (IsFuture<Decayed>::value) {
        using T = typename IsFuture<Decayed>::Value;
        if constexpr (!std::is_void_v<T> && TypedValue<T>::needsResultConversion)
            return result.then([](const T &value) { return TypedValue<T>::toJs(value); });
        else
            return Decayed(std::forward<R>(result));
    } else {
        return resultToJs<Decayed>(std::forward<R>(result));
    }
}

/*
    Calls a typed callable: converts args to its parameter types, exactly. For an invoke
    (Event is IpcMainInvokeEvent) a mismatch throws HandlerError("TypeError", ...), which rejects
    the page's invoke; for a message (IpcMainEvent) it drops the message with a warning, and a
    value the listener returns answers a sendSync.
*/
template<typename F, typename Event>
decltype(auto) callTyped(F &f, const Event &event, const QVariantList &args)
{
    using S = TypedSignature<F>;
    using Params = typename S::Params;
    using Result = typename S::Result;
    constexpr bool isMessage = std::is_same_v<Event, IpcMainEvent>;
    if constexpr (S::takesEvent)
        static_assert(std::is_convertible_v<const Event &,
                                            std::tuple_element_t<0, typename S::AllParams>>,
                      "an invoke handler takes a const IpcMainInvokeEvent &, not an IpcMainEvent");
    static_assert(!isMessage || !IsFuture<std::decay_t<Result>>::value,
                  "a listener cannot return a QFuture: call event.setReturnValue() later instead");

    QString error;
    Params values;
    bool ok = true;
    // A callable without parameters ignores what it is sent, like the untyped forms.
    if (S::count > 0 && args.size() > qsizetype(S::count)) {
        error = wrongArgumentCount(args.size(), S::required, S::count);
        ok = false;
    } else {
        ok = convertArguments(args, &values, &error, std::make_index_sequence<S::count>{});
    }
    auto call = [&]() -> decltype(auto) {
        return std::apply(
                [&](auto &&...v) -> decltype(auto) {
                    if constexpr (S::takesEvent)
                        return std::invoke(f, event, std::move(v)...);
                    else
                        return std::invoke(f, std::move(v)...);
                },
                values);
    };
    if constexpr (isMessage) {
        if (!ok) {
            reportDroppedMessage(event, error);
            return;
        }
        if constexpr (std::is_void_v<Result>)
            call();
        else
            event.setReturnValue(resultToJs<Result>(call()));
    } else {
        if (!ok)
            throw HandlerError(QStringLiteral("TypeError"), error);
        if constexpr (std::is_void_v<Result>)
            call();
        else
            return typedResult(call());
    }
}

} // namespace WebIpc::detail
