// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <WebIpc/webengine.h>

#include <WebIpc/webcontents.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtWebEngineCore/QWebEngineLoadingInfo>

QT_BEGIN_NAMESPACE
class QQmlWebChannel;
QT_END_NAMESPACE

namespace WebIpc {

class WebContentsPrivate;

// Binds one WebContents to one QML WebEngineView, the way PageAttachment does for a
// QWebEnginePage, through the view's public QML API only (Qt 6.4's QQuickWebEngineView has no
// public C++ header): the webChannel and webChannelWorld properties, userScripts' invokable
// insert(), the profile's URL scheme handlers, loadingChanged and runJavaScript(). A child of
// the WebContents; when it goes, it takes the scripts and the channel off the view.
class QuickViewAttachment : public QObject
{
    Q_OBJECT
public:
    QuickViewAttachment(WebContents *contents, QObject *view, const AttachOptions &options);
    ~QuickViewAttachment() override;

    // True if \a view looks like a QML WebEngineView (has the properties we need).
    static bool isWebEngineView(const QObject *view);
    // True if \a view has a webChannel the application set (WebIpc needs its own).
    static bool hasOwnWebChannel(QObject *view);

    Q_INVOKABLE void documentProbed(const QVariant &documentId);

private Q_SLOTS:
    void onLoadingChanged(const QWebEngineLoadingInfo &info);
    void onUrlChanged();
    void onRenderProcessTerminated();
    void installSchemeHandler();

private:
    void install();
    void uninstall();
    void connectSignal(const char *signal, const char *slot);
    bool invokeOnScripts(const char *method, const QVariant &script);

    WebContentsPrivate *m_contents;
    QPointer<QObject> m_view;
    QQmlWebChannel *m_channel = nullptr;
    AttachOptions m_options;
};

} // namespace WebIpc
