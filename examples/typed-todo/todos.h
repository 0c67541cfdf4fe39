// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QString>

namespace WebIpc {
class IpcMain;
}

// One to-do item. As a Q_GADGET it crosses IPC as an object of its properties, and the
// generated TypeScript declares it as `interface Todo`.
struct Todo
{
    Q_GADGET
    Q_PROPERTY(int id MEMBER id)
    Q_PROPERTY(QString title MEMBER title)
    Q_PROPERTY(int priority MEMBER priority)
    Q_PROPERTY(bool done MEMBER done)
public:
    int id = 0;
    QString title;
    int priority = 0;
    bool done = false;
    friend bool operator==(const Todo &a, const Todo &b)
    {
        return a.id == b.id && a.title == b.title && a.priority == b.priority && a.done == b.done;
    }
    friend bool operator!=(const Todo &a, const Todo &b) { return !(a == b); }
};

// The application's state, and its channels: every one typed.
class TodoList : public QObject
{
    Q_OBJECT
public:
    explicit TodoList(WebIpc::IpcMain *ipcMain, QObject *parent = nullptr);

    QList<Todo> items() const { return m_items; }
    Todo add(const QString &title, std::optional<int> priority);
    bool toggle(int id);

Q_SIGNALS:
    void changed();

private:
    QList<Todo> m_items;
    int m_nextId = 1;
};
