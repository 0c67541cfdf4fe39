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

// The documents and frames of one page, as WebIpc knows them: the only state machine of the
// protocol. A document exists from its bridge's hello, which names its id, its key (the
// credential of its sync requests) and its security origin; a frame is the main frame, or a
// subframe named by the browser (the window its messages came from, as numbered by the top
// frame's bridge). Not API.

#include <WebIpc/frameinfo.h>

#include <QtCore/QByteArray>
#include <QtCore/QHash>
#include <QtCore/QSet>
#include <QtCore/QString>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

namespace WebIpc {

namespace detail {
class InvokeCallState;
class RemoteCallState;
} // namespace detail
class DocumentPorts;

// One document of a frame: what its messages are checked against.
struct DocumentState
{
    QString id; // empty: the frame has no document WebIpc knows
    QByteArray key;
    double lastSeq = 0;
    // Its bridge receives what main sends: the main frame's after QWebChannel started, a
    // subframe's once the top frame's bridge can reach its window.
    bool listening = false;
    // Its invokes in flight, by the page's invoke id; cancelled when the document goes away.
    std::unordered_map<double, std::shared_ptr<detail::InvokeCallState>> calls;
    // Its MessagePort ends (messageport_p.h), closed when it ends; made on first use.
    std::shared_ptr<DocumentPorts> ports;

    // The invokes still waiting for their handlers.
    int pendingCalls() const { return int(calls.size()); }
    // Main's WebContents::invoke() calls to it, by call id; they fail when it goes away.
    std::unordered_map<double, std::shared_ptr<detail::RemoteCallState>> remoteCalls;
    // The channels its ipcRenderers handle (how many of them handle each).
    QHash<QString, int> pageHandlers;
};

struct FrameState
{
    int frameId = 0; // 0: the main frame
    int route = 0; // the top frame bridge's number for the frame's window; 0: not known yet
    FrameInfo info;
    DocumentState document;
};

class DocumentTable
{
public:
    // Called for a document that begins or ends (to register or unregister its key).
    using KeyHook = std::function<void(const QByteArray &key, bool live)>;
    explicit DocumentTable(KeyHook keyHook);
    ~DocumentTable();

    FrameState &mainFrame() { return m_main; }
    const FrameState &mainFrame() const { return m_main; }
    FrameState *frame(int frameId);
    FrameState *frameWithDocument(const QString &documentId);
    FrameState *frameWithKey(const QByteArray &key);
    // The subframe whose window the top bridge numbers \a route; a new one if \a create.
    FrameState *frameForRoute(int route, bool create);
    // A subframe known only by its document so far (its first contact was a sync request).
    FrameState *addUnroutedFrame();
    void setRoute(FrameState &frame, int route);
    // The window of \a frame has a new document: it ends the frame's, and the window becomes a
    // new frame with a new id, so that nothing addressed to the old one (sendToFrame) can reach
    // the new document (like a new RenderFrameHost in Electron).
    FrameState *renewFrame(FrameState &frame);
    // Ends the subframe's document and forgets the frame.
    void removeFrame(FrameState &frame);
    const std::map<int, FrameState> &subframes() const { return m_subframes; }

    // Whether \a documentId was ever used in this page: a document id is never accepted twice,
    // so a frame cannot claim another frame's document, live or ended.
    bool isKnownDocument(const QString &documentId) const;
    static bool isWellFormedId(const QString &documentId);

    // Ends the frame's document (if any) and begins \a documentId in it.
    void beginDocument(FrameState &frame, const QString &documentId, const QByteArray &key,
                       const QString &origin, const QUrl &url, qint64 processId);
    // Ends the frame's document: its calls in flight are cancelled, its key is void.
    void endDocument(FrameState &frame);
    // Ends every subframe's document and forgets the subframes (a new top document).
    void clearSubframes();

    QObject *owner = nullptr; // the WebContents: its frames' FrameInfo::ipc()

private:
    void remember(const QString &documentId);

    KeyHook m_keyHook;
    FrameState m_main;
    std::map<int, FrameState> m_subframes; // by frame id, numbered here
    QHash<int, int> m_frameByRoute; // the top bridge's numbers -> frame ids
    int m_nextFrameId = 1;
    QSet<QString> m_knownDocuments;
    std::deque<QString> m_knownOrder; // oldest first, to bound the memory
};

} // namespace WebIpc
