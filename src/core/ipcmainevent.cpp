// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "ipceventstate_p.h"
#include "webcontents_p.h"

#include <QtCore/QMetaObject>
#include <QtCore/QThread>

namespace WebIpc {

SyncCall::SyncCall(QObject *context, Answer answer)
    : m_context(context), m_answer(std::move(answer))
{ }

bool SyncCall::answer(const QVariant &value) { return finish(true, value); }

bool SyncCall::answerNeverSent() { return finish(false, QVariant()); }

bool SyncCall::finish(bool delivered, const QVariant &value)
{
    if (m_answered.exchange(true))
        return false; // the first answer wins (Electron B31)
    QObject *context = m_context.data();
    if (!context)
        return true;
    if (context->thread() == QThread::currentThread()) {
        m_answer(delivered, value);
    } else {
        QMetaObject::invokeMethod(
                context, [answer = m_answer, delivered, value]() { answer(delivered, value); },
                Qt::QueuedConnection);
    }
    return true;
}

IpcEventState::~IpcEventState()
{
    // Nobody kept the event and nobody answered: like Electron when its event is collected.
    if (sync)
        sync->answerNeverSent();
}

IpcMainInvokeEvent::IpcMainInvokeEvent() = default;
IpcMainInvokeEvent::IpcMainInvokeEvent(std::shared_ptr<IpcEventState> state)
    : m_state(std::move(state))
{ }
IpcMainInvokeEvent::IpcMainInvokeEvent(const IpcMainInvokeEvent &other) = default;
IpcMainInvokeEvent &IpcMainInvokeEvent::operator=(const IpcMainInvokeEvent &other) = default;
IpcMainInvokeEvent::~IpcMainInvokeEvent() = default;

bool IpcMainInvokeEvent::isValid() const { return m_state != nullptr; }

WebContents *IpcMainInvokeEvent::sender() const
{
    return m_state ? m_state->sender.data() : nullptr;
}

FrameInfo IpcMainInvokeEvent::senderFrame() const { return m_state ? m_state->frame : FrameInfo(); }

int IpcMainInvokeEvent::frameId() const { return m_state ? m_state->frame.frameId() : -1; }

qint64 IpcMainInvokeEvent::processId() const { return m_state ? m_state->frame.processId() : 0; }

QString IpcMainInvokeEvent::channel() const { return m_state ? m_state->channel : QString(); }

IpcMainEvent::IpcMainEvent() = default;
IpcMainEvent::IpcMainEvent(std::shared_ptr<IpcEventState> state)
    : IpcMainInvokeEvent(std::move(state))
{ }

bool IpcMainEvent::isSync() const { return m_state && m_state->sync; }

QList<MessagePortMain *> IpcMainEvent::ports() const
{
    QList<MessagePortMain *> ports;
    if (m_state) {
        for (const QPointer<MessagePortMain> &port : m_state->ports) {
            if (port)
                ports.append(port.data());
        }
    }
    return ports;
}

void IpcMainEvent::setReturnValue(const QVariant &value) const
{
    if (m_state && m_state->sync)
        m_state->sync->answer(value);
}

void IpcMainEvent::replyArgs(const QString &channel, const QVariantList &args) const
{
    if (!m_state)
        return;
    WebContents *contents = m_state->sender.data();
    if (!contents)
        return; // the page is gone: dropped, as Electron drops a reply to a disposed frame
    // To the frame that sent the message (B43), not just the main frame.
    // And only to the document that sent it: never to one that replaced it.
    const int frameId = m_state->frame.frameId() > 0 ? m_state->frame.frameId() : 0;
    const QString documentId = m_state->documentId;
    const auto reply = [contents, frameId, documentId, channel, args]() {
        WebContentsPrivate::get(contents)->sendToDocument(frameId, documentId, channel, args);
    };
    if (contents->thread() == QThread::currentThread())
        reply();
    else
        QMetaObject::invokeMethod(contents, reply, Qt::QueuedConnection);
}

// Moves do not allocate or throw; Qt's containers may move it with memcpy (Q_DECLARE_SHARED).
static_assert(
        std::is_nothrow_move_constructible_v<
                IpcMainInvokeEvent> && std::is_nothrow_move_assignable_v<IpcMainInvokeEvent> && std::is_nothrow_swappable_v<IpcMainInvokeEvent> && QTypeInfo<IpcMainInvokeEvent>::isRelocatable
        && std::is_nothrow_move_constructible_v<
                IpcMainEvent> && std::is_nothrow_move_assignable_v<IpcMainEvent> && std::is_nothrow_swappable_v<IpcMainEvent> && QTypeInfo<IpcMainEvent>::isRelocatable);

} // namespace WebIpc
