// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <WebIpc/invokeresolver.h>
#include <WebIpc/ipcchannel.h>
#include <WebIpc/ipcmainevent.h>
#include <WebIpc/webipcglobal.h>

#include <QtCore/QObject>
#include <QtCore/QStringList>

#include <chrono>
#include <memory>
#include <type_traits>

namespace WebIpc {

class IpcMainPrivate;
class WebContents;

/*!
    Electron's \c ipcMain for Qt: receives the messages that pages send with \c ipcRenderer.

    \code
    WebIpc::IpcMain ipcMain;
    ipcMain.handle("add", [](double a, double b) { return a + b; });
    ipcMain.on("asynchronous-message", this, [](const WebIpc::IpcMainEvent &event,
                                               const QString &text) {
        event.reply("asynchronous-reply", "pong");
    });
    ipcMain.on("legacy", this, [](const WebIpc::IpcMainEvent &event, const QVariantList &args) {
        event.reply("legacy-reply", args.size());
    });
    \endcode

    \section1 Typed handlers and listeners
    A callable whose parameters have real types (optionally after the event) gets the page's
    arguments converted to them, exactly: a string is never a number. The types: \c bool, the
    integer types (an integral number in range, a \c BigInt for 64-bit ones), \c double and
    \c float, QString, QByteArray (a \c Uint8Array), QDateTime (a \c Date), QJsonValue,
    QJsonObject and QJsonArray, QVariant (anything), \c QList<T>, \c QMap<QString, T> and
    \c QHash<QString, T> (a plain object), \c std::optional<T> (missing, \c undefined or
    \c null), WebIpc's value types, and registered \c Q_GADGET types (their writable
    properties are the fields). Results are the same types, or a \c QFuture of them. A mismatch,
    a missing or an extra argument rejects an invoke with
    <tt>Error invoking remote method 'add': TypeError: argument 2 must be a number, got
    string</tt>, and drops a message with a warning in \c webipc.main. A typed listener that
    returns a value answers \c sendSync with it. The untyped forms take <tt>(event, args)</tt>,
    <tt>(event)</tt>, <tt>(args)</tt> or nothing. typeScriptDeclarations() describes the
    channels in TypeScript.

    \section1 Listeners
    on() and once() connect a callable to the channel's IpcChannel::message() signal and return
    the connection; removeListener() disconnects it. A callable takes <tt>(event, args)</tt>, or
    fewer of them, like any Qt slot. Listeners run in registration order, in the thread of their
    context object (without one, in the thread of the IpcMain). An exception thrown by a listener
    connected with on() or once(), a member function or any other callable, is logged in
    \c webipc.main and does not stop the other listeners. The message() signal of IpcMain itself
    sees every message on every channel, before the channel's listeners.

    As in Electron (a Node EventEmitter), a message goes to the listeners of on() and once() as
    they were when it arrived: a listener removed during that message's listeners, by whatever
    means, still runs for it unless its context object is gone, and a listener added meanwhile
    waits for the next message. Two differences remain, both Qt's: a plain connection made to
    IpcChannel::message() without on() is skipped once disconnected, and a listener whose context
    lives in another thread is queued by Qt as it is reached.

    \section1 Handlers
    handle() registers the one handler that answers \c ipcRenderer.invoke() on a channel. It may
    return nothing, any value a QVariant can hold, or a \c QFuture<T>: the page's Promise settles
    when the future finishes. A thrown \c std::exception, a failed future or a canceled future
    rejects the Promise with Electron's message
    <tt>Error invoking remote method '\<channel\>': \<error\></tt>; it never resolves to null.

    A call the page gives up on (an \c AbortSignal, a timeout, its document going away) cancels
    the handler's QFuture (\c QPromise::isCanceled() turns true) and the event
    (IpcMainInvokeEvent::isCanceled(), onCanceled()).

    IpcMain is not thread-safe: use it from the thread it lives in.
*/
class WEBIPC_CORE_EXPORT IpcMain : public QObject
{
    Q_OBJECT
public:
    //! Constructs an IpcMain without channels or pages, a child of \a parent. Destroying it
    //! detaches its pages and destroys their WebContents.
    explicit IpcMain(QObject *parent = nullptr);
    ~IpcMain() override;

    //! The channel named \a name, created on first use and owned by this IpcMain.
    IpcChannel *channel(const QString &name);

    /*!
        Calls \a listener for every message on \a channel, in the thread of \a context, until
        the returned connection is disconnected or \a context is destroyed. \a listener is a
        callable or a member function of \a context.
    */
    template<typename Functor>
    QMetaObject::Connection on(const QString &channel, const QObject *context, Functor &&listener)
    {
        return addListener(channel, context,
                           wrapListener(channel, context, std::forward<Functor>(listener)), false,
                           detail::channelSignatureOf<Functor>());
    }

    /*!
        Calls \a listener for every message on \a channel until the returned connection is
        disconnected, in the thread of this IpcMain: like Electron's \c ipcMain.on(), and like
        the functor overload of QObject::connect() without a context object.
    */
    template<typename Functor>
    QMetaObject::Connection on(const QString &channel, Functor &&listener)
    {
        return addListener(channel, nullptr,
                           detail::makeListener(channel, std::forward<Functor>(listener)), false,
                           detail::channelSignatureOf<Functor>());
    }

    //! Like on(), but the listener is removed before its first call.
    template<typename Functor>
    QMetaObject::Connection once(const QString &channel, const QObject *context, Functor &&listener)
    {
        return addListener(channel, context,
                           wrapListener(channel, context, std::forward<Functor>(listener)), true,
                           detail::channelSignatureOf<Functor>());
    }

    //! Like on() without a context, but the listener is removed before its first call.
    template<typename Functor>
    QMetaObject::Connection once(const QString &channel, Functor &&listener)
    {
        return addListener(channel, nullptr,
                           detail::makeListener(channel, std::forward<Functor>(listener)), true,
                           detail::channelSignatureOf<Functor>());
    }

    //! Removes the listener that on() or once() returned \a connection for.
    bool removeListener(const QString &channel, const QMetaObject::Connection &connection);
    //! Removes every listener of \a channel that runs in \a context.
    bool removeListener(const QString &channel, const QObject *context);
    //! Removes every listener of \a channel.
    void removeAllListeners(const QString &channel);
    //! Removes every listener of every channel (handlers stay).
    void removeAllListeners();

    //! The channels that have listeners, in the order they were first used.
    QStringList eventNames() const;
    //! How many listeners \a channel has: connections to its IpcChannel::message(), by on(),
    //! once() or otherwise; 0 for a channel never used.
    int listenerCount(const QString &channel) const;

    /*!
        Registers \a handler as the answer to \c ipcRenderer.invoke(channel, ...). Returns false,
        and logs Electron's <tt>Attempted to register a second handler for '\<channel\>'</tt>, when
        the channel already has a handler.
    */
    template<typename Handler>
    bool handle(const QString &channel, Handler &&handler)
    {
        return addHandler(channel, detail::makeInvokeHandler(std::forward<Handler>(handler), this),
                          nullptr, false, detail::channelSignatureOf<Handler>());
    }

    //! Like handle(); the handler is removed when \a context is destroyed, and a member
    //! function of \a context may be given.
    template<typename Handler>
    bool handle(const QString &channel, const QObject *context, Handler &&handler)
    {
        return addHandler(channel, wrapForContext(context, std::forward<Handler>(handler)), context,
                          false, detail::channelSignatureOf<Handler>());
    }

    //! Like handle(), but the handler answers one call: it is removed before it runs.
    template<typename Handler>
    bool handleOnce(const QString &channel, Handler &&handler)
    {
        return addHandler(channel, detail::makeInvokeHandler(std::forward<Handler>(handler), this),
                          nullptr, true, detail::channelSignatureOf<Handler>());
    }

    //! Like handle() with \a context, but the handler answers one call: it is removed before
    //! it runs.
    template<typename Handler>
    bool handleOnce(const QString &channel, const QObject *context, Handler &&handler)
    {
        return addHandler(channel, wrapForContext(context, std::forward<Handler>(handler)), context,
                          true, detail::channelSignatureOf<Handler>());
    }

    /*!
        Declares that the main side sends \a channel to pages (WebContents::send(),
        IpcMainEvent::reply()) with arguments of types \a Args, for typeScriptDeclarations():
        the page's <tt>ipcRenderer.on(channel, ...)</tt> listener is then typed.
        \code
        ipcMain.declarePageEvent<QString, int>("status");   // contents->send("status", "ready", 42)
        \endcode
    */
    template<typename... Args>
    void declarePageEvent(const QString &channel)
    {
        addPageEvent(channel, detail::pageEventSignatureOf<Args...>());
    }

    /*!
        TypeScript declarations of every channel registered on this IpcMain: for each, which
        primitive reaches it (\c invoke for handle(), \c send and \c sendSync for on() and
        once(), the page's \c on() for declarePageEvent()), its argument types and its result.
        Channels whose callables take real parameter types are typed; the others take
        <tt>any[]</tt>. Registered \c Q_GADGET types become interfaces. With these
        declarations and the \c webipc-electron-types package, TypeScript checks
        <tt>ipcRenderer.invoke('add', 1, 2)</tt> as a <tt>Promise<number></tt> and refuses a
        misspelt channel or a wrong argument. The text is stable: channels and interfaces are
        sorted, so it can be committed and checked for drift (webipc_generate_typescript()).
    */
    QString typeScriptDeclarations() const;
    //! The declarations of the channels of several IpcMains, such as the application's and a
    //! page's WebContents::ipc(); a channel in more than one is declared once, from the first.
    static QString typeScriptDeclarations(const QList<const IpcMain *> &ipcMains);

    /*!
        What webipc_generate_typescript() runs the application for. When the environment
        variable \c WEBIPC_TYPESCRIPT_OUTPUT names a file, writes typeScriptDeclarations() to
        it (only if it changed); when \c WEBIPC_TYPESCRIPT_CHECK names one, compares it with
        typeScriptDeclarations() and fails if it is out of date. Either way returns true and
        sets \a exitCode, which main() should return; without them returns false. Call it in
        main() after the registrations, before any window is shown:
        \code
        int exitCode = 0;
        if (ipcMain.handleTypeScriptRequest(&exitCode))
            return exitCode;
        \endcode
    */
    bool handleTypeScriptRequest(int *exitCode) const;

    //! Removes the handler of \a channel, if it has one.
    void removeHandler(const QString &channel);
    //! True if \a channel has a handler on this IpcMain.
    bool hasHandler(const QString &channel) const;

    //! The pages attached to this IpcMain.
    QList<WebContents *> webContents() const;

    /*!
        How long a page's \c sendSync waits for a listener to set a return value before it gets
        <tt>{ error: 'reply was never sent' }</tt>. The default is 30 seconds; the page is
        blocked meanwhile, so keep it short.
    */
    std::chrono::milliseconds syncReplyTimeout() const;
    //! Sets syncReplyTimeout() to \a timeout, for the \c sendSync messages that arrive after.
    void setSyncReplyTimeout(std::chrono::milliseconds timeout);

    /*!
        The largest message a page may send, in bytes of its encoded form; larger messages are
        refused with an error on both sides. The default is 256 MiB.
    */
    qsizetype maximumMessageSize() const;
    //! Sets maximumMessageSize() to \a bytes. Set it before attaching pages: a page's scripts
    //! take the limit when the page is attached.
    void setMaximumMessageSize(qsizetype bytes);

    //! Which origins may use IPC at all. A message from any other origin is refused: the page
    //! gets a console error (and its \c invoke rejects, its \c sendSync throws), and
    //! \c webipc.protocol logs a warning.
    //!
    //! An origin is the browser's serialized security origin of the sending document, as
    //! FrameInfo::origin() spells it: \c "https://example.com", \c "http://127.0.0.1:8765",
    //! \c "file://", \c "qrc:", \c "app:" for a scheme registered with
    //! QWebEngineUrlScheme::Syntax::Path (\c "app://host" with Syntax::Host), or \c "null"
    //! for an opaque origin (\c data: documents, sandboxed frames). \c blob: and
    //! \c about:srcdoc documents have their creator's origin.
    //!
    //! Patterns:
    //! \list
    //! \li \c "local" (the default): the application's own content, an allow-list —
    //!     \c qrc:, \c file:, the schemes the application registers with
    //!     QWebEngineUrlScheme::registerScheme(), and those named with addLocalScheme().
    //!     Never an opaque origin (\c "null"), never a network scheme (http, https, ws, wss,
    //!     ftp), never WebIpc's own schemes.
    //! \li An origin such as \c "https://example.com" or \c "http://localhost:5173". Scheme
    //!     and host are compared case-insensitively. A missing port is the scheme's default
    //!     one (\c "https://example.com:443" is the same pattern); another port must be
    //!     written out, or \c ":*" for any port (\c "http://localhost:*").
    //!     \c "app:" and \c "app://" are the same pattern (so are \c "qrc:" and
    //!     \c "qrc://", \c "file:" and \c "file://").
    //! \li \c "https://*.example.com": the subdomains of example.com, not example.com itself;
    //!     the host must end with \c ".example.com". Ports as above.
    //! \li \c "*": every origin, opaque ones included.
    //! \endlist
    //! Any other pattern, \c "null" included, matches nothing: opaque origins cannot be told
    //! apart, so only \c "*" lets them in.
    void setAllowedOrigins(const QStringList &patterns);
    //! The patterns of setAllowedOrigins(); just \c "local" by default.
    QStringList allowedOrigins() const;
    //! Gives \a channel origin patterns of its own, which decide for it instead of
    //! allowedOrigins(): to open one channel to a remote origin, or to close it to some local
    //! content. An empty list removes the channel's own rule.
    void setChannelAllowedOrigins(const QString &channel, const QStringList &patterns);
    //! The patterns setChannelAllowedOrigins() gave \a channel; empty when it has none, and
    //! allowedOrigins() decide for it.
    QStringList channelAllowedOrigins(const QString &channel) const;
    //! Whether a page of \a origin (as FrameInfo::origin() spells it) may use \a channel,
    //! by the patterns of setChannelAllowedOrigins() or else setAllowedOrigins().
    bool isOriginAllowed(const QString &origin, const QString &channel) const;

    /*!
        Counts \a scheme (such as \c "app") as the application's own for the \c "local"
        origin pattern, in every IpcMain of the process: for a scheme whose pages the
        application serves without registering it with QWebEngineUrlScheme. Registered schemes
        are local already when WebIpc's WebEngine library is used. Thread-safe.

        Returns false, and logs a warning, for a name that is not a URL scheme and for schemes
        that cannot be local: http, https, ws, wss, ftp, blob, about, data, javascript,
        filesystem, and WebIpc's own.
    */
    static bool addLocalScheme(const QString &scheme);

    /*!
        How many \c invoke calls of one document may wait for their handlers at once; more are
        rejected at once with an error. The default is 10000.
    */
    int maximumPendingInvokes() const;
    //! Sets maximumPendingInvokes() to \a count.
    void setMaximumPendingInvokes(int count);

    /*!
        How long an \c invoke on \a channel may wait for its handler. Past it, the page's
        Promise rejects with Electron's message and an Error whose \c name is
        \c "TimeoutError", the handler's QFuture is canceled, IpcMainInvokeEvent::isCanceled()
        turns true, and a later answer is dropped. Zero (the default, as in Electron) is no
        limit; setting zero removes the channel's timeout. Pages may set their own per call
        (\c ipcRenderer.invokeWithOptions).
    */
    std::chrono::milliseconds invokeTimeout(const QString &channel) const;
    //! Sets the invokeTimeout() of \a channel to \a timeout, for the calls that arrive after.
    void setInvokeTimeout(const QString &channel, std::chrono::milliseconds timeout);

Q_SIGNALS:
    //! Every \c send and \c sendSync message, on every channel, before the channel's listeners.
    void message(const QString &channel, const WebIpc::IpcMainEvent &event,
                 const QVariantList &args);
    //! A page was attached.
    void webContentsCreated(WebIpc::WebContents *contents);

private:
    template<typename Functor>
    static detail::ListenerFunction wrapListener(const QString &channel, const QObject *context,
                                                 Functor &&listener)
    {
        if constexpr (std::is_member_function_pointer_v<std::decay_t<Functor>>)
            return context ? detail::makeListener(channel, detail::bindMember(context, listener))
                           : detail::ListenerFunction(); // refused by addListener()
        else
            return detail::makeListener(channel, std::forward<Functor>(listener));
    }

    QMetaObject::Connection addListener(const QString &channel, const QObject *context,
                                        detail::ListenerFunction listener, bool once,
                                        const detail::ChannelSignature &signature);

    template<typename Handler>
    detail::InvokeHandler wrapForContext(const QObject *context, Handler &&handler)
    {
        if constexpr (std::is_member_function_pointer_v<std::decay_t<Handler>>) {
            if (!context)
                return {}; // refused by addHandler()
            return detail::makeInvokeHandler(detail::bindMember(context, handler), this);
        } else {
            return detail::makeInvokeHandler(std::forward<Handler>(handler), this);
        }
    }

    bool addHandler(const QString &channel, detail::InvokeHandler handler, const QObject *context,
                    bool once, const detail::ChannelSignature &signature);
    void addPageEvent(const QString &channel, const detail::ChannelSignature &signature);

    std::unique_ptr<IpcMainPrivate> d_ptr;
    Q_DECLARE_PRIVATE(IpcMain)
    Q_DISABLE_COPY_MOVE(IpcMain)
    friend class WebContents;
    friend class WebContentsPrivate;
};

} // namespace WebIpc
