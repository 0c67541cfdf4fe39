// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include "documenttable_p.h"

#include "invokecallstate_p.h"
#include "remotecalls_p.h"

#include <algorithm>

namespace WebIpc {

namespace {
// How many document ids a page remembers, so that none is accepted twice.
constexpr size_t KnownDocumentMemory = 4096;
// How many subframes of one page may talk to main.
constexpr size_t MaximumSubframes = 1000;
} // namespace

DocumentTable::DocumentTable(KeyHook keyHook) : m_keyHook(std::move(keyHook))
{
    m_main.info = FrameInfo(QUrl(), QStringLiteral("null"), 0, 0, true);
}

DocumentTable::~DocumentTable()
{
    clearSubframes();
    endDocument(m_main);
}

FrameState *DocumentTable::frame(int frameId)
{
    if (frameId == 0)
        return &m_main;
    const auto it = m_subframes.find(frameId);
    return it == m_subframes.end() ? nullptr : &it->second;
}

FrameState *DocumentTable::frameWithDocument(const QString &documentId)
{
    if (documentId.isEmpty())
        return nullptr;
    if (m_main.document.id == documentId)
        return &m_main;
    for (auto &entry : m_subframes) {
        if (entry.second.document.id == documentId)
            return &entry.second;
    }
    return nullptr;
}

FrameState *DocumentTable::frameWithKey(const QByteArray &key)
{
    if (key.isEmpty())
        return nullptr;
    if (m_main.document.key == key)
        return &m_main;
    for (auto &entry : m_subframes) {
        if (entry.second.document.key == key)
            return &entry.second;
    }
    return nullptr;
}

FrameState *DocumentTable::frameForRoute(int route, bool create)
{
    if (route <= 0)
        return nullptr;
    const auto known = m_frameByRoute.constFind(route);
    if (known != m_frameByRoute.constEnd())
        return frame(*known);
    if (!create)
        return nullptr;
    FrameState *added = addUnroutedFrame();
    if (added)
        setRoute(*added, route);
    return added;
}

FrameState *DocumentTable::addUnroutedFrame()
{
    if (m_subframes.size() >= MaximumSubframes)
        return nullptr;
    const int frameId = m_nextFrameId++;
    FrameState &added = m_subframes.emplace(frameId, FrameState()).first->second;
    added.frameId = frameId;
    return &added;
}

void DocumentTable::setRoute(FrameState &frame, int route)
{
    if (frame.route == route)
        return;
    if (frame.route > 0)
        m_frameByRoute.remove(frame.route);
    frame.route = route;
    m_frameByRoute.insert(route, frame.frameId);
}

void DocumentTable::removeFrame(FrameState &frame)
{
    if (frame.frameId == 0)
        return;
    endDocument(frame);
    if (frame.route > 0)
        m_frameByRoute.remove(frame.route);
    m_subframes.erase(frame.frameId); // frame is gone from here on
}

FrameState *DocumentTable::renewFrame(FrameState &frame)
{
    const int route = frame.route;
    removeFrame(frame);
    FrameState *renewed = addUnroutedFrame();
    if (renewed && route > 0)
        setRoute(*renewed, route);
    return renewed;
}

bool DocumentTable::isKnownDocument(const QString &documentId) const
{
    return m_knownDocuments.contains(documentId);
}

bool DocumentTable::isWellFormedId(const QString &documentId)
{
    return !documentId.isEmpty() && documentId.size() <= 64;
}

void DocumentTable::remember(const QString &documentId)
{
    if (m_knownDocuments.contains(documentId))
        return;
    m_knownDocuments.insert(documentId);
    m_knownOrder.push_back(documentId);
    if (m_knownOrder.size() > KnownDocumentMemory) {
        m_knownDocuments.remove(m_knownOrder.front());
        m_knownOrder.pop_front();
    }
}

void DocumentTable::beginDocument(FrameState &frame, const QString &documentId,
                                  const QByteArray &key, const QString &origin, const QUrl &url,
                                  qint64 processId)
{
    endDocument(frame);
    remember(documentId);
    frame.document.id = documentId;
    frame.document.key = key;
    frame.info = FrameInfo(url, origin, frame.frameId, processId, frame.frameId == 0);
    frame.info.setOwner(owner);
    if (!key.isEmpty())
        m_keyHook(key, true);
}

void DocumentTable::endDocument(FrameState &frame)
{
    DocumentState ended = std::move(frame.document);
    frame.document = DocumentState();
    if (!ended.key.isEmpty())
        m_keyHook(ended.key, false);
    // Its calls in flight are cancelled: a handler's QFuture is told, and what the calls hold
    // is freed now rather than when (if ever) their handlers answer.
    for (const auto &entry : ended.calls)
        entry.second->cancel();
    // Main's calls to it fail: nobody will answer them.
    for (const auto &entry : ended.remoteCalls) {
        entry.second->fail(RemoteError(
                QStringLiteral("DocumentGoneError"),
                QStringLiteral("the document went away (navigation, crash or close) before its "
                               "handler for '%1' answered")
                        .arg(entry.second->channel)));
    }
}

void DocumentTable::clearSubframes()
{
    for (auto &entry : m_subframes)
        endDocument(entry.second);
    m_subframes.clear();
    m_frameByRoute.clear();
}

} // namespace WebIpc
