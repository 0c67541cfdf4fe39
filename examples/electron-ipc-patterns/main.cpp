// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// Electron's three IPC patterns (docs/tutorial/ipc.md, docs/fiddles/ipc/pattern-1..3) on
// WebIpc: each pattern's index.html, renderer.js and preload.js are Electron's files,
// unchanged; this file is their main.js in C++.
//
//   electron-ipc-patterns 1 [--title TEXT]   renderer to main (ipcRenderer.send)
//   electron-ipc-patterns 2 [--file PATH]    renderer to main and back (invoke, a file dialog)
//   electron-ipc-patterns 3 [--clicks +,-]   main to renderer (webContents.send, a menu)
//
// With a display it opens a window and waits for you. Without one (./run.sh demo) it plays the
// user's part itself: it types the title and clicks the button (1), picks --file instead of
// showing a dialog, which needs a display (2), or triggers the menu's actions (3); it prints
// what happened and quits. --inspect opens the IPC inspector beside it (and does not quit).

#include <WebIpc/InspectorWidget>
#include <WebIpc/IpcMain>
#include <WebIpc/WebEngine>

#include <QtCore/QCommandLineParser>
#include <QtCore/QTextStream>
#include <QtCore/QTimer>
#include <QtWebEngineCore/QWebEnginePage>
#include <QtWebEngineWidgets/QWebEngineView>
#include <QtWidgets/QApplication>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QMainWindow>
#include <QtWidgets/QMenuBar>

#include <functional>
#include <memory>

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

// The page's console, on stdout.
class ConsolePage : public QWebEnginePage
{
public:
    using QWebEnginePage::QWebEnginePage;

protected:
    void javaScriptConsoleMessage(JavaScriptConsoleMessageLevel, const QString &message, int,
                                  const QString &) override
    {
        out() << "[page console] " << message << Qt::endl;
    }
};

bool runsUnattended()
{
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    const bool display =
            qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
    return platform == "offscreen" || platform == "minimal" || (!display && platform.isEmpty());
}

// What the user does, in headless runs: page code run in the page's main world, as clicks.
void userDoes(QWebEnginePage *page, const QString &script) { page->runJavaScript(script); }

} // namespace

int main(int argc, char *argv[])
{
    const bool headless = runsUnattended();
    if (headless && !qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    app.setApplicationName(QStringLiteral("electron-ipc-patterns"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Electron's IPC patterns on WebIpc"));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("pattern"), QStringLiteral("1, 2 or 3"));
    parser.addOption({QStringLiteral("title"),
                      QStringLiteral("Pattern 1, headless: the title to type."),
                      QStringLiteral("text"), QStringLiteral("Hello from WebIpc")});
    parser.addOption({QStringLiteral("file"),
                      QStringLiteral("Pattern 2: the file the dialog picks (no dialog is shown)."),
                      QStringLiteral("path")});
    parser.addOption({QStringLiteral("clicks"),
                      QStringLiteral("Pattern 3, headless: menu items to trigger, + or -, "
                                     "comma-separated."),
                      QStringLiteral("list"), QStringLiteral("+,+,-")});
    parser.addOption(
            {QStringLiteral("quit"), QStringLiteral("Quit when done, even with a display.")});
    parser.addOption({QStringLiteral("inspect"), QStringLiteral("Open the IPC inspector.")});
    parser.process(app);
    const QString pattern = parser.positionalArguments().value(0, QStringLiteral("1"));
    if (pattern != QLatin1String("1") && pattern != QLatin1String("2")
        && pattern != QLatin1String("3")) {
        out() << "unknown pattern '" << pattern << "': choose 1, 2 or 3" << Qt::endl;
        return 2;
    }
    const bool inspect = parser.isSet(QStringLiteral("inspect"));
    if (inspect)
        WebIpc::InspectorWidget::open();
    const bool quitWhenDone = (headless && !inspect) || parser.isSet(QStringLiteral("quit"));
    auto done = [&app, quitWhenDone]() {
        if (quitWhenDone)
            QTimer::singleShot(0, &app, &QApplication::quit);
    };

    WebIpc::IpcMain ipcMain;
    QMainWindow window; // Electron's BrowserWindow
    auto *view = new QWebEngineView(&window);
    auto *page = new ConsolePage(view);
    view->setPage(page);
    window.setCentralWidget(view);

    // new BrowserWindow({ webPreferences: { preload: path.join(__dirname, 'preload.js') } })
    WebIpc::AttachOptions options;
    options.preload = QStringLiteral(":/electron-ipc-patterns/pattern-%1/preload.js").arg(pattern);
    WebIpc::WebContents *contents = WebIpc::attach(&ipcMain, view, options);

    std::function<void()> playUser; // headless: what the user would do once the page is up
    if (pattern == QLatin1String("1")) {
        // ipcMain.on('set-title', handleSetTitle)
        ipcMain.on(QStringLiteral("set-title"), &window,
                   [&window, done](const WebIpc::IpcMainEvent &, const QVariantList &args) {
                       const QString title = args.value(0).toString();
                       window.setWindowTitle(title); // win.setTitle(title)
                       out() << "[main] set-title: window title is now \"" << window.windowTitle()
                             << "\"" << Qt::endl;
                       done();
                   });
        const QString title = parser.value(QStringLiteral("title"));
        playUser = [page, title]() {
            out() << "[user] types \"" << title << "\" and clicks Set" << Qt::endl;
            userDoes(page,
                     QStringLiteral("document.getElementById('title').value = %1;"
                                    "document.getElementById('btn').click();")
                             .arg(QStringLiteral("decodeURIComponent('%1')")
                                          .arg(QString::fromLatin1(
                                                  QUrl::toPercentEncoding(title)))));
        };
    } else if (pattern == QLatin1String("2")) {
        // ipcMain.handle('dialog:openFile', handleFileOpen)
        const QString chosen = parser.value(QStringLiteral("file"));
        ipcMain.handle(QStringLiteral("dialog:openFile"), &window, [&window, chosen, headless]() {
            QString path = chosen;
            if (path.isEmpty() && headless) {
                path = QCoreApplication::applicationFilePath();
                out() << "[main] no display for a file dialog: picking " << path
                      << " (choose with --file)" << Qt::endl;
            } else if (path.isEmpty()) {
                path = QFileDialog::getOpenFileName(&window); // dialog.showOpenDialog()
            }
            out() << "[main] dialog:openFile: "
                  << (path.isEmpty() ? QStringLiteral("canceled") : path) << Qt::endl;
            // if (!canceled) return filePaths[0]; otherwise undefined
            return path.isEmpty() ? QVariant() : QVariant(path);
        });
        playUser = [page, done]() {
            out() << "[user] clicks Open a File" << Qt::endl;
            userDoes(page, QStringLiteral("document.getElementById('btn').click();"));
            // The page shows the path once the invoke settles: read it as the user would.
            auto *poll = new QTimer(page);
            QObject::connect(poll, &QTimer::timeout, page, [page, poll, done]() {
                page->runJavaScript(QStringLiteral("document.getElementById('filePath').innerText"),
                                    [poll, done](const QVariant &text) {
                                        if (text.toString().isEmpty() || !poll->isActive())
                                            return;
                                        poll->stop();
                                        out() << "[page] File path: " << text.toString()
                                              << Qt::endl;
                                        done();
                                    });
            });
            poll->start(20);
        };
    } else {
        // Menu.buildFromTemplate([{ label: app.name, submenu: [Increment, Decrement] }])
        QMenu *menu = window.menuBar()->addMenu(app.applicationName());
        QAction *increment = menu->addAction(QStringLiteral("Increment"));
        QAction *decrement = menu->addAction(QStringLiteral("Decrement"));
        QObject::connect(increment, &QAction::triggered, contents, [contents]() {
            out() << "[main] menu: Increment" << Qt::endl;
            contents->send(QStringLiteral("update-counter"), 1);
        });
        QObject::connect(decrement, &QAction::triggered, contents, [contents]() {
            out() << "[main] menu: Decrement" << Qt::endl;
            contents->send(QStringLiteral("update-counter"), -1);
        });
        const QStringList clicks =
                parser.value(QStringLiteral("clicks")).split(QLatin1Char(','), Qt::SkipEmptyParts);
        auto received = std::make_shared<int>(0);
        // ipcMain.on('counter-value', (_event, value) => { console.log(value) })
        ipcMain.on(
                QStringLiteral("counter-value"), &window,
                [received, clicks, done](const WebIpc::IpcMainEvent &, const QVariantList &args) {
                    out() << "[main] counter-value: " << args.value(0).toInt() << Qt::endl;
                    if (++*received == clicks.size())
                        done();
                });
        playUser = [clicks, increment, decrement]() {
            for (const QString &click : clicks)
                (click.trimmed() == QLatin1String("-") ? decrement : increment)->trigger();
        };
    }

    if (headless || parser.isSet(QStringLiteral("quit"))) {
        // Play the user once the page has loaded and its preload and IPC are up.
        auto played = std::make_shared<bool>(false);
        auto loaded = std::make_shared<bool>(false);
        auto maybePlay = [contents, playUser, played, loaded]() {
            if (*loaded && contents->isReady() && !*played) {
                *played = true;
                playUser();
            }
        };
        QObject::connect(page, &QWebEnginePage::loadFinished, &window,
                         [loaded, maybePlay](bool ok) {
                             *loaded = ok;
                             maybePlay();
                         });
        QObject::connect(contents, &WebIpc::WebContents::readyChanged, &window, maybePlay);
        QTimer::singleShot(30000, &app, [&app]() {
            out() << "[main] timed out" << Qt::endl;
            app.exit(1);
        });
    }

    out() << "[main] pattern " << pattern << ": loading pattern-" << pattern << "/index.html"
          << Qt::endl;
    // mainWindow.loadFile('index.html')
    view->load(
            QUrl(QStringLiteral("qrc:/electron-ipc-patterns/pattern-%1/index.html").arg(pattern)));
    window.resize(640, 360);
    window.show();
    const int status = app.exec();
    delete page; // pages go before the application's profile
    return status;
}
