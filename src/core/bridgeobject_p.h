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

#include <WebIpc/webipcglobal.h>

#include <QtCore/QJsonArray>
#include <QtCore/QObject>

namespace WebIpc {

class WebContentsPrivate;

// The one object a page's QWebChannel publishes. Being one per page, it is the sender's
// identity: nothing in a message can claim another page. Its slot returns nothing, because
// QWebChannel's return values are unreliable in Qt 6.4 (see DESIGN.md).
class WEBIPC_CORE_EXPORT BridgeObject : public QObject
{
    Q_OBJECT
    // What the top frame's bridge posts: [documentId, messages], as post() takes them. Written,
    // never read: QWebChannel answers every slot call (a response message each way, unused),
    // but not a property write (docs/protocol.md). The NOTIFY signal is never emitted.
    Q_PROPERTY(QJsonArray posted READ posted WRITE setPosted NOTIFY postedChanged)
public:
    explicit BridgeObject(WebContentsPrivate *contents, QObject *parent);

    QJsonArray posted() const { return {}; }
    void setPosted(const QJsonArray &posted);

public Q_SLOTS:
    void post(const QString &documentId, const QJsonArray &messages);
    // Messages of a subframe, relayed by the top frame's bridge, which got them in a
    // MessageEvent: \a route is its number for the window that posted (0: none, the frame is
    // unloading), \a origin the browser's, \a url the frame's own word, \a key its
    // document's.
    void postFromFrame(int route, const QString &origin, const QString &url,
                       const QString &documentId, const QString &key, const QJsonArray &messages);

Q_SIGNALS:
    void postedChanged();
    // Not NOTIFY signals: QWebChannel batches and coalesces those.
    void deliver(const QString &documentId, const QJsonArray &messages);
    // A batch for the top frame as JSON text: QWebChannel converts a string argument as it is,
    // where it takes an array apart value by value (see WebContentsPrivate::emitBatch()).
    void deliverJson(const QString &documentId, const QString &messages);
    void deliverToFrame(int frameId, const QString &documentId, const QJsonArray &messages);

private:
    WebContentsPrivate *m_contents;
};

} // namespace WebIpc
