// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QString>
#include <QtCore/QVariant>

#include <type_traits>
#include <utility>

namespace WebIpc::detail {

// Turns one C++ argument of send()/reply() into a QVariant. String literals become QString
// (QVariant::fromValue would keep them as a pointer), a QVariant is taken as it is.
template<typename T>
QVariant toVariant(T &&value)
{
    using Decayed = std::decay_t<T>;
    if constexpr (std::is_same_v<Decayed, QVariant>)
        return std::forward<T>(value);
    else if constexpr (std::is_same_v<Decayed, const char *> || std::is_same_v<Decayed, char *>)
        return QVariant(QString::fromUtf8(value));
    else
        return QVariant::fromValue(Decayed(std::forward<T>(value)));
}

template<typename... Args>
QVariantList toVariantList(Args &&...args)
{
    return QVariantList{toVariant(std::forward<Args>(args))...};
}

} // namespace WebIpc::detail
