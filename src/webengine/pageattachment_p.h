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

// The Widgets host of an Attachment: a QWebEnginePage. Not API.

#include "attachment_p.h"

#include <QtCore/QPointer>
#include <QtWebEngineCore/QWebEnginePage>

QT_BEGIN_NAMESPACE
class QWebChannel;
QT_END_NAMESPACE

namespace WebIpc {

class PageHost : public AttachmentHost
{
public:
    PageHost(QWebEnginePage *page, bool answersPrompts)
        : m_page(page), m_answersPrompts(answersPrompts)
    { }
    ~PageHost() override;

    QObject *object() const override { return m_page; }
    QWebEnginePage *page() const override { return m_page; }
    QUrl url() const override;
    bool answersPrompts() const override;
    qint64 renderProcessPid() const override;
    bool isLoading() const override;
    void connectLifecycle(Attachment *attachment) override;
    void installSchemeHandler() override;
    void publish(QObject *bridge, quint32 worldId) override;
    void unpublish(quint32 worldId) override;
    void insertScript(const QWebEngineScript &script) override;
    void reload() override;
    void removeScripts(const QString &name) override;
    void runJavaScript(const QString &source, quint32 worldId,
                       std::function<void(const QVariant &)> done) override;

private:
    // Cleared when the page starts to go: the attachment goes with it, after it.
    QPointer<QWebEnginePage> m_page;
    QWebChannel *m_channel = nullptr;
    bool m_answersPrompts = false;
};

} // namespace WebIpc
