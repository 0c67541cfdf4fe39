// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  -------------
//
// This file is not part of the WebIpc API. It is an implementation detail of WebIpc's
// libraries and tests, and may change or disappear from one version to the next without
// notice. It is never installed.
//
#pragma once

// WebIpc's per-engine glue between C++ events and QML: builds the JavaScript event and
// webContents objects (helpers.js) and calls listeners and handlers. Not API.

#include <WebIpc/invokeresolver.h>
#include <WebIpc/ipcmainevent.h>
#include <WebIpc/webcontents.h>

#include <QtCore/QFuture>
#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QPromise>
#include <QtQml/QJSValue>

#include <memory>

QT_BEGIN_NAMESPACE
class QJSEngine;
QT_END_NAMESPACE

namespace WebIpc {

class QuickEngine : public QObject
{
    Q_OBJECT
public:
    // The helper of \a engine, created on first use and owned by it.
    static QuickEngine *of(QJSEngine *engine);

    QJSEngine *engine() const { return m_engine; }

    // The one JavaScript webContents object of \a contents in this engine (null for nullptr).
    QJSValue contents(WebContents *contents);
    QJSValue event(const IpcMainEvent &event);
    QJSValue invokeEvent(const IpcMainInvokeEvent &event);

    // Calls a QML listener; an exception it throws is logged like a C++ listener's.
    void callListener(const QJSValue &listener, const IpcMainEvent &event,
                      const QVariantList &args);
    // Calls a QML handler; the future finishes when its value (or Promise) settles.
    QFuture<QVariant> callHandler(const QJSValue &handler, const IpcMainInvokeEvent &event,
                                  const QVariantList &args);

    // A function for runJavaScript() that calls target->method(result).
    QJSValue callback(QObject *target, const char *method);

    Q_INVOKABLE void send(QObject *contents, const QString &channel, const QJSValue &args);
    // webContents.invoke(): settles through \a resolve or \a reject (a Promise's functions).
    Q_INVOKABLE void invoke(QObject *contents, const QString &channel, const QJSValue &args,
                            const QJSValue &resolve, const QJSValue &reject);
    Q_INVOKABLE void warn(const QString &message);
    Q_INVOKABLE bool isQObject(const QJSValue &value) const { return value.isQObject(); }

    // A value from C++ (the codec) for QML: WebIpc's value types (JsMap, TypedArray, RegExp,
    // JsError, ...) become the JavaScript values they stand for. BigInt and CyclicReference,
    // which QML cannot express, stay opaque and go back to C++ unchanged.
    QJSValue toJs(const QVariant &value);
    QJSValue listToJs(const QVariantList &list);
    // A value converted by helpers.js (QJSValue::toVariant() of it) with its marked objects
    // turned into WebIpc's value types.
    static QVariant fromHost(const QVariant &value);

private:
    explicit QuickEngine(QJSEngine *engine);
    QJSValue helper(const char *name) const;
    QJSValue frameObject(const IpcMainInvokeEvent &event);
    QJSValue make(const char *kind, const QJSValueList &args, const QVariant &fallback);

    QJSEngine *m_engine;
    QJSValue m_helpers;
    QHash<WebContents *, QJSValue> m_contents;
};

// What a JavaScript event of a send/sendSync message holds on to: the C++ event, so that
// returnValue may be set later. Owned by the JavaScript event (garbage-collected with it).
class QuickEventHandle : public QObject
{
    Q_OBJECT
public:
    explicit QuickEventHandle(const IpcMainEvent &event);

    Q_INVOKABLE void reply(const QString &channel, const QJSValue &args);
    Q_INVOKABLE void setReturnValue(const QJSValue &value);

private:
    IpcMainEvent m_event;
};

// Settles one invoke from JavaScript. If it is collected unsettled (a Promise that never
// settles), the page's invoke is rejected.
class QuickSettler : public QObject
{
    Q_OBJECT
public:
    QuickSettler();
    ~QuickSettler() override;

    QFuture<QVariant> future() { return m_promise.future(); }

    Q_INVOKABLE void resolve(const QJSValue &value);
    // \a details: what the page's Error gains (name, code, data, ...), converted by helpers.js.
    Q_INVOKABLE void reject(const QString &error, const QJSValue &details = QJSValue());

private:
    QPromise<QVariant> m_promise;
    bool m_settled = false;
};

} // namespace WebIpc
