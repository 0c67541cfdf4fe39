// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "todos.h"

#include <WebIpc/HandlerError>
#include <WebIpc/IpcMain>

#include <QtCore/QJsonObject>
#include <QtCore/QTextStream>

TodoList::TodoList(WebIpc::IpcMain *ipcMain, QObject *parent) : QObject(parent)
{
    // invoke: the parameter types are checked before the handler runs, and are what the page's
    // TypeScript must pass (page/src/ipc.d.ts is generated from these lines).
    ipcMain->handle(QStringLiteral("todos:list"), this, [this]() { return m_items; });
    ipcMain->handle(QStringLiteral("todos:add"), this, &TodoList::add);
    ipcMain->handle(QStringLiteral("todos:toggle"), this, &TodoList::toggle);
    // send: a typed listener.
    ipcMain->on(QStringLiteral("todos:log"), this,
                [](const QString &level, const QJsonObject &fields) {
                    QTextStream(stdout)
                            << "[main] " << level << ' '
                            << fields.value(QStringLiteral("message")).toString() << Qt::endl;
                });
    // sendSync: a typed listener's value answers it.
    ipcMain->on(QStringLiteral("todos:count"), this, [this]() { return int(m_items.size()); });
    // main to page: declared, so that the page's ipcRenderer.on('todos:changed') is typed.
    ipcMain->declarePageEvent<QList<Todo>>(QStringLiteral("todos:changed"));
}

Todo TodoList::add(const QString &title, std::optional<int> priority)
{
    if (title.trimmed().isEmpty())
        throw WebIpc::HandlerError(QStringLiteral("RangeError"),
                                   QStringLiteral("a to-do needs a title"));
    Todo todo;
    todo.id = m_nextId++;
    todo.title = title.trimmed();
    todo.priority = priority.value_or(0);
    m_items.append(todo);
    Q_EMIT changed();
    return todo;
}

bool TodoList::toggle(int id)
{
    for (Todo &todo : m_items) {
        if (todo.id == id) {
            todo.done = !todo.done;
            Q_EMIT changed();
            return true;
        }
    }
    return false;
}
