// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

// Gadgets that typed handlers take and return, for tests/auto/typed.

#include <QtCore/QList>
#include <QtCore/QMetaType>
#include <QtCore/QObject>
#include <QtCore/QStringList>

struct TodoItem
{
    Q_GADGET
    Q_PROPERTY(QString title MEMBER title)
    Q_PROPERTY(int priority MEMBER priority)
    Q_PROPERTY(bool done MEMBER done)
    Q_PROPERTY(QStringList tags MEMBER tags)
    Q_PROPERTY(QString summary READ summary)
public:
    QString title;
    int priority = 0;
    bool done = false;
    QStringList tags;
    QString summary() const { return title + (done ? QStringLiteral(" (done)") : QString()); }
    friend bool operator==(const TodoItem &a, const TodoItem &b)
    {
        return a.title == b.title && a.priority == b.priority && a.done == b.done
                && a.tags == b.tags;
    }
    friend bool operator!=(const TodoItem &a, const TodoItem &b) { return !(a == b); }
};

namespace People {
struct Owner
{
    Q_GADGET
    Q_PROPERTY(QString name MEMBER name)
public:
    QString name;
    friend bool operator==(const Owner &a, const Owner &b) { return a.name == b.name; }
    friend bool operator!=(const Owner &a, const Owner &b) { return !(a == b); }
};
} // namespace People

struct TodoList
{
    Q_GADGET
    Q_PROPERTY(People::Owner owner MEMBER owner)
    Q_PROPERTY(QList<TodoItem> items MEMBER items)
public:
    People::Owner owner;
    QList<TodoItem> items;
};
