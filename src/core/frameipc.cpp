// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// frame.ipc: a frame's own listeners and handlers, the first of Electron's three tiers (frame,
// page, IpcMain). The main frame's lives with the page; a subframe's with its document (WebIpc
// renews a subframe's id with each document, see DocumentTable::renewFrame()).
#include "webcontents_p.h"

#include "ipcmain_p.h"

namespace WebIpc {

IpcMain *WebContents::frameIpc(int frameId)
{
    Q_D(WebContents);
    d->frameTier(-1); // forgets the frames that are gone
    FrameState *frame = d->documents.frame(frameId);
    if (!frame || (frameId != 0 && frame->document.id.isEmpty()))
        return nullptr;
    std::unique_ptr<IpcMain> &ipc = d->frameIpcs[frameId];
    if (!ipc)
        ipc = std::make_unique<IpcMain>();
    return ipc.get();
}

QList<FrameInfo> WebContents::frames() const
{
    Q_D(const WebContents);
    QList<FrameInfo> frames{d->documents.mainFrame().info};
    for (const auto &entry : d->documents.subframes()) {
        if (!entry.second.document.id.isEmpty())
            frames.append(entry.second.info);
    }
    return frames;
}

IpcMainPrivate *WebContentsPrivate::frameTier(int frameId)
{
    IpcMainPrivate *found = nullptr;
    for (auto it = frameIpcs.begin(); it != frameIpcs.end();) {
        const FrameState *frame = documents.frame(it->first);
        if (it->first != 0 && (!frame || frame->document.id.isEmpty())) {
            it = frameIpcs.erase(it); // the subframe (its document) is gone, its ipc with it
            continue;
        }
        if (it->first == frameId)
            found = IpcMainPrivate::get(it->second.get());
        ++it;
    }
    return found;
}

} // namespace WebIpc
