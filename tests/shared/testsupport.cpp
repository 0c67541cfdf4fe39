// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "testsupport.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QEventLoop>
#include <QtCore/QFile>
#include <QtCore/QPointer>
#include <QtCore/QTimer>
#include <QtTest/QSignalSpy>

#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtWebEngineCore/QWebEngineUrlRequestJob>
#include <QtWebEngineCore/QWebEngineUrlScheme>
#include <QtWebEngineCore/QWebEngineUrlSchemeHandler>

#include <QtCore/QBuffer>
#include <QtCore/QHash>

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
    // The application's own scheme, as apps serve their UI (before the application exists).
    // A suite may have registered it already (with WebIpc::registerAppScheme()).
    if (QWebEngineUrlScheme::schemeByName("app").name().isEmpty()) {
        QWebEngineUrlScheme app("app");
        app.setSyntax(QWebEngineUrlScheme::Syntax::Host);
        app.setFlags(QWebEngineUrlScheme::SecureScheme);
        QWebEngineUrlScheme::registerScheme(app);
    }
}

QString pageHtml(const QString &script, const QString &head)
{
    return QStringLiteral("<!doctype html><html><head><meta charset=\"utf-8\">%1"
                          "</head><body><script>%2</script></body></html>")
            .arg(head, script);
}

namespace {
class AppSchemeHandler : public QWebEngineUrlSchemeHandler
{
public:
    using QWebEngineUrlSchemeHandler::QWebEngineUrlSchemeHandler;
    QHash<QString, QByteArray> pages;
    void requestStarted(QWebEngineUrlRequestJob *job) override
    {
        const auto it = pages.constFind(job->requestUrl().path());
        if (it == pages.constEnd()) {
            job->fail(QWebEngineUrlRequestJob::UrlNotFound);
            return;
        }
        auto *buffer = new QBuffer(job);
        buffer->setData(*it);
        buffer->open(QIODevice::ReadOnly);
        job->reply("text/html", buffer);
    }
};
} // namespace

QUrl AppSchemePages::serve(QWebEngineProfile *profile, const QString &name, const QString &html)
{
    auto *handler = const_cast<AppSchemeHandler *>(
            static_cast<const AppSchemeHandler *>(profile->urlSchemeHandler("app")));
    if (!handler) {
        handler = new AppSchemeHandler(profile);
        profile->installUrlSchemeHandler("app", handler);
    }
    handler->pages.insert(QLatin1Char('/') + name, html.toUtf8());
    return QUrl(QStringLiteral("app://pages/") + name);
}

struct LocalHttpServer::Private
{
    QTcpServer server;
    QHash<QString, QByteArray> pages;
};

LocalHttpServer::LocalHttpServer() : d(new Private)
{
    d->server.listen(QHostAddress::LocalHost);
    QObject::connect(&d->server, &QTcpServer::newConnection, &d->server, [this]() {
        while (QTcpSocket *socket = d->server.nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket]() {
                const QByteArray request = socket->readAll();
                const QList<QByteArray> words = request.split(' ');
                const QByteArray body = words.size() > 1
                        ? d->pages.value(QString::fromLatin1(words.at(1)))
                        : QByteArray();
                const QByteArray status = body.isEmpty() ? "404 Not Found" : "200 OK";
                socket->write("HTTP/1.1 " + status
                              + "\r\nContent-Type: text/html; charset=utf-8\r\n"
                                "Content-Length: "
                              + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n"
                              + body);
                socket->disconnectFromHost();
            });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
}

LocalHttpServer::~LocalHttpServer() = default;

QUrl LocalHttpServer::serve(const QString &path, const QString &html)
{
    d->pages.insert(path, html.toUtf8());
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(d->server.serverPort()).arg(path));
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
    const QString html = pageHtml(script, head);
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
