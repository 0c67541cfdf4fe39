// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QObject>
#include <QtCore/QTextStream>

namespace Example {

// Lets QML print to stdout (console.log goes to stderr, with the rest of Qt's logging).
class Terminal : public QObject
{
    Q_OBJECT
public:
    Q_INVOKABLE void print(const QString &line) { QTextStream(stdout) << line << Qt::endl; }
};

} // namespace Example
