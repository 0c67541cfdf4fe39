// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

// Helpers for tests that drive real, headless Qt WebEngine pages.

#include <WebIpc/IpcMain>
#include <WebIpc/WebContents>
#include <WebIpc/WebEngine>

#include <QtCore/QDir>
#include <QtCore/QStringList>
#include <QtCore/QTemporaryDir>
#include <QtCore/QVariant>
#include <QtWebEngineCore/QWebEnginePage>
#include <QtWebEngineCore/QWebEngineProfile>

#include <memory>

namespace WebIpcTest {

// Call from a test class's static initMain(): headless, no sandbox as root, no timer
// throttling, private runtime folders, shared GL contexts.
void initMain();

// A page that records its console (level and text), for tests to assert on.
class ConsolePage : public QWebEnginePage
{
    Q_OBJECT
public:
    using QWebEnginePage::QWebEnginePage;
    QStringList messages;
    QStringList errors;

protected:
    void javaScriptConsoleMessage(JavaScriptConsoleMessageLevel level, const QString &message,
                                  int line, const QString &source) override;
};

// Writes pages into a temporary folder and gives their file: URLs.
class PageFolder
{
public:
    PageFolder();
    // A page whose <body> runs \a script (may be empty).
    QUrl write(const QString &name, const QString &script, const QString &head = QString());
    QString path() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
};

// Serves fixed pages over HTTP on 127.0.0.1, for tests of http: origins.
class LocalHttpServer
{
public:
    LocalHttpServer();
    ~LocalHttpServer();
    // Serves \a html at \a path; returns the page's URL.
    QUrl serve(const QString &path, const QString &html);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

// Serves fixed pages from the application's own URL scheme "app:" (registered by initMain()).
class AppSchemePages
{
public:
    // Serves \a html at app://pages/<name> in \a profile; returns the URL.
    static QUrl serve(QWebEngineProfile *profile, const QString &name, const QString &html);
};

// A page whose <body> runs \a script.
QString pageHtml(const QString &script, const QString &head = QString());

// Runs \a script in the page's main world and returns its result (waits up to 10 s).
QVariant evaluate(QWebEnginePage *page, const QString &script);
// Runs \a script in world \a worldId and returns its result.
QVariant evaluateInWorld(QWebEnginePage *page, const QString &script, quint32 worldId);

// The outcome of a JavaScript promise: fulfilled or rejected, with the value or error message.
struct Settled
{
    bool done = false;
    bool fulfilled = false;
    QVariant value; // the value, or the rejection's message
};
// Evaluates \a expression (which may give a promise) in the page's main world and waits until
// it settles (up to \a timeoutMs).
Settled awaitPromise(QWebEnginePage *page, const QString &expression, int timeoutMs = 10000);

// Loads \a url and waits until the load finished and the page's ipcRenderer is connected.
bool loadAndWait(QWebEnginePage *page, WebIpc::WebContents *contents, const QUrl &url,
                 int timeoutMs = 20000);

// One IpcMain and one attached page, for a test. The page goes first, before the IpcMain and
// the application's profile.
struct PageFixture
{
    explicit PageFixture(const WebIpc::AttachOptions &options = {})
        : page(std::make_unique<ConsolePage>())
    {
        contents = WebIpc::attach(&ipc, page.get(), options);
    }
    bool load(const QUrl &url) { return loadAndWait(page.get(), contents, url); }
    QVariant eval(const QString &script) { return evaluate(page.get(), script); }
    Settled await(const QString &expression) { return awaitPromise(page.get(), expression); }

    WebIpc::IpcMain ipc;
    std::unique_ptr<ConsolePage> page;
    WebIpc::WebContents *contents = nullptr;
};

// Waits until \a condition() is true, spinning the event loop; false on timeout.
template<typename Condition>
bool waitFor(Condition condition, int timeoutMs = 10000);

} // namespace WebIpcTest

#include "testsupport_impl.h"
