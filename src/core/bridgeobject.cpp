// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "bridgeobject_p.h"
#include "webcontents_p.h"

namespace WebIpc {

BridgeObject::BridgeObject(WebContentsPrivate *contents, QObject *parent)
    : QObject(parent), m_contents(contents)
{ }

void BridgeObject::post(const QString &documentId, const QJsonArray &messages)
{
    m_contents->receivePosted(documentId, messages);
}

void BridgeObject::setPosted(const QJsonArray &posted)
{
    m_contents->receivePostedProperty(posted);
}

void BridgeObject::postFromFrame(int route, const QString &origin, const QString &url,
                                 const QString &documentId, const QString &key,
                                 const QJsonArray &messages)
{
    m_contents->receiveFromFrame(route, origin, url, documentId, key, messages);
}

} // namespace WebIpc
