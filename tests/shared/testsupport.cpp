// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "testsupport.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QEventLoop>
#include <QtCore/QFile>
#include <QtCore/QPointer>
#include <QtCore/QTimer>
#include <QtTest/QSignalSpy>

#include <unistd.h>

namespace WebIpcTest {

void initMain()
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (geteuid() == 0)
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    if (qEnvironmentVariableIsEmpty("QTWEBENGINE_CHROMIUM_FLAGS"))
        qputenv("QTWEBENGINE_CHROMIUM_FLAGS",
                "--disable-background-timer-throttling --disable-renderer-backgrounding");
    static QTemporaryDir runtime;
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime.path()));
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
}

void ConsolePage::javaScriptConsoleMessage(JavaScriptConsoleMessageLevel level,
                                           const QString &message, int, const QString &)
{
    messages.append(message);
    if (level == ErrorMessageLevel)
        errors.append(message);
}

PageFolder::PageFolder() = default;

QUrl PageFolder::write(const QString &name, const QString &script, const QString &head)
{
    const QString html = QStringLiteral("<!doctype html><html><head><meta charset=\"utf-8\">%1"
                                        "</head><body><script>%2</script></body></html>")
                                 .arg(head, script);
    const QString filePath = QDir(m_dir.path()).filePath(name);
    QFile file(filePath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return QUrl();
    file.write(html.toUtf8());
    return QUrl::fromLocalFile(filePath);
}

QVariant evaluateInWorld(QWebEnginePage *page, const QString &script, quint32 worldId)
{
    QEventLoop loop;
    QVariant result;
    bool done = false;
    QPointer<QEventLoop> guard(&loop);
    page->runJavaScript(script, worldId, [&result, &done, guard](const QVariant &value) {
        result = value;
        done = true;
        if (guard)
            guard->quit();
    });
    if (!done) {
        QTimer::singleShot(10000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return result;
}

QVariant evaluate(QWebEnginePage *page, const QString &script)
{
    return evaluateInWorld(page, script, 0);
}

Settled awaitPromise(QWebEnginePage *page, const QString &expression, int timeoutMs)
{
    static int counter = 0;
    const QString key = QString::number(++counter);
    evaluate(page,
             QStringLiteral(
                     "window.__settled = window.__settled || {};"
                     "Promise.resolve().then(() => (%1)).then("
                     "  v => { window.__settled['%2'] = { fulfilled: true, value: v }; },"
                     "  e => { window.__settled['%2'] = { fulfilled: false,"
                     "                                    value: String(e && e.message) }; });"
                     "0")
                     .arg(expression, key));
    Settled result;
    const QString probe = QStringLiteral("window.__settled && window.__settled['%1']").arg(key);
    QVariantMap outcome;
    result.done = waitFor(
            [&]() {
                outcome = evaluate(page, probe).toMap();
                return !outcome.isEmpty();
            },
            timeoutMs);
    result.fulfilled = outcome.value(QStringLiteral("fulfilled")).toBool();
    result.value = outcome.value(QStringLiteral("value"));
    return result;
}

bool loadAndWait(QWebEnginePage *page, WebIpc::WebContents *contents, const QUrl &url,
                 int timeoutMs)
{
    QSignalSpy loaded(page, &QWebEnginePage::loadFinished);
    page->load(url);
    if (!loaded.wait(timeoutMs))
        return false;
    if (!loaded.first().first().toBool())
        return false;
    return waitFor([contents]() { return contents->isReady(); }, timeoutMs);
}

} // namespace WebIpcTest
