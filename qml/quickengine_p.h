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
#include <WebIpc/messageport.h>
#include <WebIpc/webcontents.h>

#include <QtCore/QFuture>
#include <QtCore/QFutureWatcher>
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
    // The one JavaScript port object of \a port in this engine (quickports.cpp).
    QJSValue port(MessagePortMain *port);
    QJSValue portList(const QList<MessagePortMain *> &ports);

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
    // webContents.postMessage: the error text, or an empty string (quickports.cpp).
    Q_INVOKABLE QString postMessage(QObject *contents, const QString &channel,
                                    const QJSValue &message, const QJSValue &transfer);
    Q_INVOKABLE bool isQObject(const QJSValue &value) const { return value.isQObject(); }

    // Values cross between C++ and QML through WebIpc's one codec, as between C++ and pages:
    // C++ encodes (Codec::encode), and codec.js decodes in this engine; QML values are encoded
    // by codec.js (helpers.js) and decoded by the C++ codec. So QML sees exactly what a page
    // sees (Map, TypedArray, RegExp, Error, cycles, ...), with a BigInt as helpers.js's
    // BigIntValue (Qt 6.4's engine has no BigInt), and gets the same clone errors.
    QJSValue toJs(const QVariant &value);
    QJSValue listToJs(const QVariantList &list);
    static bool fromWire(const QJSValue &wire, QVariant *out, QString *error);
    static bool fromWireArgs(const QJSValue &wire, QVariantList *out, QString *error);
    // For codec.js's hostValue hook: a Qt value (a QObject, a point, a color, a url) converted
    // by the C++ codec, as { value }; throws the codec's error when it cannot be converted.
    Q_INVOKABLE QJSValue hostValue(const QJSValue &value, const QString &path);

private:
    explicit QuickEngine(QJSEngine *engine);
    QJSValue helper(const char *name) const;
    QJSValue frameObject(const IpcMainInvokeEvent &event);

    QJSEngine *m_engine;
    QJSValue m_helpers;
    QHash<WebContents *, QJSValue> m_contents;
    QHash<MessagePortMain *, QJSValue> m_ports;
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
//
// A handler that returns an iterator (a generator) streams: helpers.js adds each value it
// yields as one result, pulling the next only while the call is not held (the page's credit
// window, through QFuture::suspend()), and ends the call when the iterator is done.
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

    // Streaming: one more result; the end; whether to stop pulling for now.
    Q_INVOKABLE bool add(const QJSValue &value);
    Q_INVOKABLE void end();
    Q_INVOKABLE bool held() const;
    Q_INVOKABLE bool canceled() const;
    // Emits pull() on a later turn of the event loop: a long iterator yields the QML thread.
    Q_INVOKABLE void pullLater();

Q_SIGNALS:
    void pull(); // the call may take more results (resumed, or pullLater())
    void stopped(); // the caller cancelled: the iterator is closed

private:
    QPromise<QVariant> m_promise;
    QFutureWatcher<QVariant> m_watcher;
    bool m_settled = false;
};

} // namespace WebIpc
