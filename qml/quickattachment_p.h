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

// The QML host of an Attachment: a WebEngineView. Not API.

#include <webengine/attachment_p.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtWebEngineCore/QWebEngineLoadingInfo>

#include <deque>

QT_BEGIN_NAMESPACE
class QQmlWebChannel;
// QtWebEngineQuick's request type has no public header: WebIpc only passes its pointer on and
// reads it through its properties (see QuickViewHost::onJavaScriptDialogRequested()).
class QQuickWebEngineJavaScriptDialogRequest;
QT_END_NAMESPACE
Q_DECLARE_OPAQUE_POINTER(QQuickWebEngineJavaScriptDialogRequest *)

namespace WebIpc {

// Does what the attachment needs through the view's public QML API only (Qt 6.4's
// QQuickWebEngineView has no public C++ header): the webChannel and webChannelWorld
// properties, userScripts' invokable insert(), the profile's URL scheme handlers, its signals
// and runJavaScript().
class QuickViewHost : public QObject, public AttachmentHost
{
    Q_OBJECT
public:
    explicit QuickViewHost(QObject *view);
    ~QuickViewHost() override;

    // True if \a view looks like a QML WebEngineView (has the properties we need).
    static bool isWebEngineView(const QObject *view);
    // True if \a view has a webChannel the application set (WebIpc needs its own).
    static bool hasOwnWebChannel(QObject *view);

    QObject *object() const override { return m_view; }
    QUrl url() const override;
    bool answersPrompts() const override { return m_answersPrompts; }
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

    // runJavaScript()'s answers, in the order the calls were made.
    Q_INVOKABLE void javaScriptResult(const QVariant &result);

private Q_SLOTS:
    void onLoadingChanged(const QWebEngineLoadingInfo &info);
    void onUrlChanged();
    void onRenderProcessTerminated();
    void onProfileChanged();
    void onJavaScriptDialogRequested(QQuickWebEngineJavaScriptDialogRequest *request);

private:
    bool connectSignal(const char *signal, const char *slot);
    void hookPrompts();

    QPointer<QObject> m_view;
    QPointer<Attachment> m_attachment;
    QQmlWebChannel *m_channel = nullptr;
    bool m_answersPrompts = false;
    bool m_warnedAboutHandlers = false;
    std::deque<std::function<void(const QVariant &)>> m_results;
};

} // namespace WebIpc
