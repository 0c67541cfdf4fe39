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

// The one hook the core calls to let something watch IPC traffic: webipc.traffic's log, the
// counters, the trace recorder and the inspector's traffic list (see observerhub_p.h). The
// core calls it at a few points of a message's way:
//
//   received        a batch arrived from a frame (inbox.cpp, enqueue)
//   messageStarted  one message is about to be handled (processMessage)
//   handlerStarted  the arguments are decoded, the listeners or the handler run (HandlerScope)
//   handlerFinished they returned
//   failed          the message was refused (origin, malformed arguments)
//   queued          main queued a message for a frame: webContents.send, event.reply, an
//                   invoke's reply, a console line (outbox.cpp, queueOutgoing)
//   flushed         a batch went to a frame (emitBatch, FlushScope)
//
// With nothing watching, each point costs one test of a pointer: IpcObserver::active() is
// nullptr. Everything runs in the thread of the WebContents (the GUI thread).

#include <WebIpc/webipcglobal.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonValue>
#include <QtCore/QString>
#include <QtCore/QVariantList>

namespace WebIpc {

class WebContents;

class WEBIPC_CORE_EXPORT IpcObserver
{
public:
    virtual ~IpcObserver();

    // What watches now, or nullptr.
    static IpcObserver *active() { return s_active; }

    virtual void received(int pageId, int frameId, const QJsonArray &messages) = 0;
    virtual void messageStarted(int pageId, int frameId, const QString &documentId,
                                const QJsonValue &message) = 0;
    virtual void handlerStarted(int pageId, const QVariantList &args) = 0;
    virtual void handlerFinished(int pageId) = 0;
    virtual void failed(int pageId, const QString &reason) = 0;
    virtual void queued(int pageId, int frameId, const QJsonArray &message) = 0;
    virtual void flushStarted(int pageId, int frameId, const QJsonArray &batch) = 0;
    virtual void flushFinished(int pageId) = 0;
    virtual void unheard(int pageId, int frameId, const QString &channel) = 0;

    // Not behind the pointer: a page comes and goes (the env variable WEBIPC_TRACE and the
    // webipc.traffic category are looked at when a page comes).
    static void pageCreated(WebContents *contents);
    static void pageClosed(int pageId);
    // A page's ipcRenderer got a message on a channel it has no listener for (debug log).
    static void reportUnheard(int pageId, int frameId, const QString &channel);

    // The listeners or the handler of the message being handled run for the scope's life.
    class HandlerScope
    {
    public:
        HandlerScope(int pageId, const QVariantList &args) : m_observer(active()), m_page(pageId)
        {
            if (m_observer)
                m_observer->handlerStarted(pageId, args);
        }
        ~HandlerScope()
        {
            if (m_observer)
                m_observer->handlerFinished(m_page);
        }
        Q_DISABLE_COPY_MOVE(HandlerScope)

    private:
        IpcObserver *m_observer;
        int m_page;
    };

    // A batch goes to a frame for the scope's life.
    class FlushScope
    {
    public:
        FlushScope(int pageId, int frameId, const QJsonArray &batch)
            : m_observer(active()), m_page(pageId)
        {
            if (m_observer)
                m_observer->flushStarted(pageId, frameId, batch);
        }
        ~FlushScope()
        {
            if (m_observer)
                m_observer->flushFinished(m_page);
        }
        Q_DISABLE_COPY_MOVE(FlushScope)

    private:
        IpcObserver *m_observer;
        int m_page;
    };

protected:
    // The hub (observerhub.cpp) sets itself while anything watches; it is never destroyed.
    static IpcObserver *s_active;
};

} // namespace WebIpc
