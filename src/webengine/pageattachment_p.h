// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <WebIpc/webengine.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtWebEngineCore/QWebEnginePage>

QT_BEGIN_NAMESPACE
class QWebChannel;
QT_END_NAMESPACE

namespace WebIpc {

class WebContentsPrivate;

// Binds one WebContents to one QWebEnginePage: installs the scripts and the channel, and feeds
// the page's lifecycle (navigations, URL, render process) into the protocol. A child of the
// WebContents; when it goes, it takes the scripts and the channel off the page.
class PageAttachment : public QObject
{
    Q_OBJECT
public:
    PageAttachment(WebContents *contents, QWebEnginePage *page, const AttachOptions &options);
    ~PageAttachment() override;

    static PageAttachment *of(const WebContents *contents);

private:
    void install();
    void uninstall();
    void probeDocument(int attempt);

    WebContentsPrivate *m_contents;
    QPointer<QWebEnginePage> m_page;
    AttachOptions m_options;
    QWebChannel *m_channel = nullptr;
};

} // namespace WebIpc
