// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <WebIpc/webipcglobal.h>

#include <QtWebEngineCore/QWebEnginePage>

#include <memory>

namespace WebIpc {

class WebEnginePagePrivate;

/*!
    A QWebEnginePage whose \c ipcRenderer.sendSync() goes over \c window.prompt(), answered in
    C++: about eight times faster than the synchronous XMLHttpRequest that a plain
    QWebEnginePage uses (see docs/performance.md, scenario 5).

    Use it like a QWebEnginePage, then attach() it:
    \code
    auto *page = new WebIpc::WebEnginePage(profile, view);
    view->setPage(page);
    WebIpc::attach(&ipcMain, page);
    \endcode

    Trade-offs:
    \list
    \li QWebEnginePage::javaScriptPrompt() must return the answer, so while a sendSync waits
        for its listener (or for messages the document sent before it), the application runs
        in a nested event loop inside javaScriptPrompt(). A \c sendSync listener, and code
        that runs in that loop (the listener of a deferred reply, timers, user input), must
        not \c delete this page while it waits: Qt WebEngine would answer a dialog of a freed
        page when javaScriptPrompt() returns. Use deleteLater(). Pages that cannot accept this
        keep the XHR: use a plain QWebEnginePage.
    \li A subclass that overrides javaScriptPrompt() must call this class's implementation
        first for prompts it does not recognise (or call answerJavaScriptPrompt() itself).
    \li Prompts that are not WebIpc's (the page's own \c prompt() calls) go to
        QWebEnginePage::javaScriptPrompt() unchanged. WebIpc's prompts never show a dialog:
        each is answered, or refused (then \c prompt() returns null) at once.
    \li In a sandboxed iframe without \c allow-modals, \c prompt() is ignored by the browser:
        there, and in a page attached without this class, sendSync keeps the XHR.
    \endlist
*/
class WEBIPC_WEBENGINE_EXPORT WebEnginePage : public QWebEnginePage
{
    Q_OBJECT
public:
    //! A page of the default profile.
    explicit WebEnginePage(QObject *parent = nullptr);
    //! A page of \a profile.
    explicit WebEnginePage(QWebEngineProfile *profile, QObject *parent = nullptr);
    ~WebEnginePage() override;

protected:
    //! Answers WebIpc's prompts; passes any other to QWebEnginePage::javaScriptPrompt().
    bool javaScriptPrompt(const QUrl &securityOrigin, const QString &msg,
                          const QString &defaultValue, QString *result) override;

private:
    Q_DISABLE_COPY(WebEnginePage)
    std::unique_ptr<WebEnginePagePrivate> d;
};

/*!
    The one call for an application's own QWebEnginePage::javaScriptPrompt() override: makes
    sendSync go over \c prompt() for a page that is not a WebEnginePage. Call it first, and
    attach the page with AttachOptions::answersPrompts set:
    \code
    bool MyPage::javaScriptPrompt(const QUrl &origin, const QString &msg,
                                  const QString &defaultValue, QString *result)
    {
        bool accepted = false;
        if (WebIpc::answerJavaScriptPrompt(origin, msg, defaultValue, result, &accepted))
            return accepted;
        return askTheUser(msg, defaultValue, result); // the application's own prompts
    }
    \endcode
    Returns true if the prompt was WebIpc's: then \a accepted says what javaScriptPrompt()
    must return, and \a result holds the answer. Returns false, and changes nothing, for any
    other prompt. The arguments are javaScriptPrompt()'s; the trade-offs are WebEnginePage's
    (the answer may wait in a nested event loop).
*/
WEBIPC_WEBENGINE_EXPORT bool answerJavaScriptPrompt(const QUrl &securityOrigin, const QString &msg,
                                                    const QString &defaultValue, QString *result,
                                                    bool *accepted);

} // namespace WebIpc
