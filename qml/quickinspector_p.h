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

// The inspector's models in QML: IpcTrafficModel and IpcCountersModel (WebIpc::Core's), which
// IpcInspector.qml shows.

#include <WebIpc/inspectormodels.h>

#include <QtQml/qqml.h>

namespace WebIpc {

struct QuickIpcTrafficModel
{
    Q_GADGET
    QML_FOREIGN(WebIpc::IpcTrafficModel)
    QML_NAMED_ELEMENT(IpcTrafficModel)
};

struct QuickIpcCountersModel
{
    Q_GADGET
    QML_FOREIGN(WebIpc::IpcCountersModel)
    QML_NAMED_ELEMENT(IpcCountersModel)
};

} // namespace WebIpc
