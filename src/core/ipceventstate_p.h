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

#include <WebIpc/frameinfo.h>
#include <WebIpc/ipcmainevent.h>
#include <WebIpc/messageport.h>
#include <WebIpc/webcontents.h>

#include <QtCore/QList>
#include <QtCore/QMutex>
#include <QtCore/QPointer>
#include <QtCore/QVariant>

#include <atomic>
#include <functional>
#include <memory>

namespace WebIpc {

// The answer a blocked sendSync is waiting for. Answered at most once, from any thread: the
// answer function runs in the thread of its WebContents.
class SyncCall
{
public:
    using Answer = std::function<void(bool delivered, const QVariant &value)>;
    SyncCall(QObject *context, Answer answer);

    // Returns false if the call was already answered.
    bool answer(const QVariant &value);
    bool answerNeverSent();
    bool isAnswered() const { return m_answered.load(); }

private:
    bool finish(bool delivered, const QVariant &value);
    QPointer<QObject> m_context;
    Answer m_answer;
    std::atomic<bool> m_answered{false};
};

// What all copies of one IpcMainEvent / IpcMainInvokeEvent share.
class IpcEventState
{
public:
    ~IpcEventState();

    QPointer<WebContents> sender;
    FrameInfo frame;
    QString channel;
    QString documentId;
    std::shared_ptr<SyncCall> sync; // null unless the message came from sendSync
    QList<QPointer<MessagePortMain>> ports; // the ports of a postMessage

    // An invoke's cancellation (IpcMainInvokeEvent::isCanceled(), onCanceled()).
    std::atomic<bool> canceled{false};
    QMutex cancelMutex;
    QList<std::pair<QPointer<const QObject>, std::function<void()>>> cancelCallbacks;
    // Marks the call canceled and runs the callbacks, each in its context's thread.
    void markCanceled();

    static IpcMainEvent makeMessageEvent(std::shared_ptr<IpcEventState> state)
    {
        return IpcMainEvent(std::move(state));
    }
    static IpcMainInvokeEvent makeInvokeEvent(std::shared_ptr<IpcEventState> state)
    {
        return IpcMainInvokeEvent(std::move(state));
    }
};

} // namespace WebIpc
