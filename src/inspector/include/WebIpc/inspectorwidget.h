// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <WebIpc/webipcglobal.h>

#include <QtWidgets/QWidget>

#include <memory>

#if defined(WEBIPC_INSPECTOR_LIBRARY)
#define WEBIPC_INSPECTOR_EXPORT Q_DECL_EXPORT
#elif defined(WEBIPC_STATIC)
#define WEBIPC_INSPECTOR_EXPORT
#else
#define WEBIPC_INSPECTOR_EXPORT Q_DECL_IMPORT
#endif

namespace WebIpc {

class IpcCountersModel;
class IpcTrafficModel;
class InspectorWidgetPrivate;

/*!
    The IPC inspector for Widgets applications: the live traffic of every attached page
    (IpcTrafficModel: time, page, direction, kind, channel, arguments, result, how long main
    took), filterable by channel and page, with the selected message's arguments and result in
    full below, and the counters per page and channel (IpcCountersModel) with their totals.

    One line opens it in a window of its own, which deletes itself when closed:

    \code
    WebIpc::InspectorWidget::open();
    \endcode

    Link \c WebIpc::Inspector. It records from its creation on; while no inspector, model,
    Tracing or \c webipc.traffic log watches, WebIpc pays one pointer test per message.
*/
class WEBIPC_INSPECTOR_EXPORT InspectorWidget : public QWidget
{
    Q_OBJECT
public:
    //! An inspector, recording from now on, as a child of \a parent.
    explicit InspectorWidget(QWidget *parent = nullptr);
    ~InspectorWidget() override;

    //! Opens an inspector in a window of its own (deleted when closed) and returns it.
    static InspectorWidget *open();

    //! The traffic the inspector shows; a child of the inspector.
    IpcTrafficModel *trafficModel() const;
    //! The counters the inspector shows; a child of the inspector.
    IpcCountersModel *countersModel() const;

    //! The channel filter (a part of the channel's name, any case).
    void setChannelFilter(const QString &filter);
    //! Only page \a pageId (a WebContents::id()); 0 for all pages.
    void setPageFilter(int pageId);

private:
    std::unique_ptr<InspectorWidgetPrivate> d;
};

} // namespace WebIpc
