// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#pragma once

#include <WebIpc/webipcglobal.h>

#include <QtCore/QAbstractTableModel>
#include <QtCore/QVariantMap>

#include <memory>

namespace WebIpc {

class IpcCountersModelPrivate;
class IpcTrafficModelPrivate;

/*!
    Counters of the IPC traffic of every attached page, per page and per channel: messages,
    bytes, invokes in flight, errors, and the 50th and 99th percentile of how long main took
    (from a batch's arrival to an invoke's answer, or to the end of a send's listeners). One
    row per page and channel, for a QTableView or a QML view; the totals as properties.

    Counting starts when the model is created and costs nothing before: while no model, no
    Tracing and no \c webipc.traffic log watches, WebIpc pays one pointer test per message.

    \list
    \li messages: page to main (send, sendSync, invoke) and main to page (WebContents::send(),
        \c event.reply()); an invoke counts once, with its answer;
    \li bytes: the arguments as they travel (compact JSON of WebIpc's wire encoding), plus an
        invoke's answer;
    \li errors: messages refused (origin policy, malformed arguments) and invokes that rejected;
    \li latency: the last 1024 messages of the row.
    \endlist

    The views are told of changes at most every 100 ms; counters() and the properties are
    always current. For the GUI thread.
*/
class WEBIPC_CORE_EXPORT IpcCountersModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_PROPERTY(qint64 messages READ messages NOTIFY countersChanged)
    Q_PROPERTY(qint64 bytes READ bytes NOTIFY countersChanged)
    Q_PROPERTY(int invokesInFlight READ invokesInFlight NOTIFY countersChanged)
    Q_PROPERTY(qint64 errors READ errors NOTIFY countersChanged)
    Q_PROPERTY(double latencyP50 READ latencyP50 NOTIFY countersChanged)
    Q_PROPERTY(double latencyP99 READ latencyP99 NOTIFY countersChanged)
public:
    //! The table's columns, in order; ColumnCount is their number.
    enum Column {
        PageColumn,
        ChannelColumn,
        MessagesColumn,
        BytesColumn,
        InFlightColumn,
        ErrorsColumn,
        LatencyP50Column,
        LatencyP99Column,
        ColumnCount
    };
    Q_ENUM(Column)
    //! For QML: one role per column (\c page, \c channel, \c messages, ...).
    enum Role {
        PageRole = Qt::UserRole + 1,
        ChannelRole,
        MessagesRole,
        BytesRole,
        InFlightRole,
        ErrorsRole,
        LatencyP50Role,
        LatencyP99Role
    };
    Q_ENUM(Role)

    //! Starts counting, as a child of \a parent.
    explicit IpcCountersModel(QObject *parent = nullptr);
    ~IpcCountersModel() override;

    //! Reimplemented: one row per page and channel, in the order they were first seen.
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    //! Reimplemented: ColumnCount.
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    //! Reimplemented: the cell's text for Qt::DisplayRole, its value for the Role enum.
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    //! Reimplemented: the columns' titles ("Page", "Channel", ..., "p99 ms").
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    //! Reimplemented: the Role enum's names, for QML.
    QHash<int, QByteArray> roleNames() const override;

    //! The messages of all pages and channels.
    qint64 messages() const;
    //! The bytes of all pages and channels.
    qint64 bytes() const;
    //! The invokes of all pages and channels that have not been answered yet.
    int invokesInFlight() const;
    //! The errors of all pages and channels.
    qint64 errors() const;
    //! The median latency in milliseconds, over the last 1024 messages to main; 0 without any.
    double latencyP50() const;
    //! The 99th percentile latency in milliseconds, over the last 1024 messages to main; 0
    //! without any.
    double latencyP99() const;

    /*!
        The counters of page \a pageId (WebContents::id()) on \a channel, or of the whole page
        when \a channel is empty: a map with \c messages, \c bytes, \c invokesInFlight,
        \c errors, \c latencyP50 and \c latencyP99 (milliseconds).
    */
    Q_INVOKABLE QVariantMap counters(int pageId, const QString &channel = QString()) const;
    //! Forgets everything counted so far.
    Q_INVOKABLE void reset();

Q_SIGNALS:
    //! The counters changed (at most every 100 ms), or reset() was called.
    void countersChanged();

private:
    std::unique_ptr<IpcCountersModelPrivate> d;
    friend class IpcCountersModelPrivate;
};

/*!
    The IPC traffic of every attached page as it happens, one row per message (newest last):
    its time, page and frame, direction, kind, channel, arguments and result (as they travel,
    cut to about 200 characters) and how long main took. Filter it with channelFilter (a part of
    the channel's name, any case) and pageFilter (a WebContents::id(), 0 for all pages). It keeps
    the last \c capacity messages (1000 by default).

    Recording starts when the model is created (see IpcCountersModel for the cost). New rows
    reach the views at most every 50 ms. This is what InspectorWidget and the QML
    \c IpcInspector show. For the GUI thread.
*/
class WEBIPC_CORE_EXPORT IpcTrafficModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_PROPERTY(QString channelFilter READ channelFilter WRITE setChannelFilter NOTIFY
                       channelFilterChanged)
    Q_PROPERTY(int pageFilter READ pageFilter WRITE setPageFilter NOTIFY pageFilterChanged)
    Q_PROPERTY(int capacity READ capacity WRITE setCapacity NOTIFY capacityChanged)
    Q_PROPERTY(bool paused READ isPaused WRITE setPaused NOTIFY pausedChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    //! The table's columns, in order; ColumnCount is their number.
    enum Column {
        TimeColumn,
        PageColumn,
        DirectionColumn,
        KindColumn,
        ChannelColumn,
        ArgumentsColumn,
        ResultColumn,
        DurationColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    //! For QML: \c time, \c page, \c frame, \c direction, \c kind, \c channel, \c arguments,
    //! \c result, \c duration, \c ok.
    enum Role {
        TimeRole = Qt::UserRole + 1,
        PageRole,
        FrameRole,
        DirectionRole,
        KindRole,
        ChannelRole,
        ArgumentsRole,
        ResultRole,
        DurationRole,
        OkRole
    };
    Q_ENUM(Role)

    //! Starts recording, as a child of \a parent.
    explicit IpcTrafficModel(QObject *parent = nullptr);
    ~IpcTrafficModel() override;

    //! Reimplemented: one row per message that passes the filters, newest last.
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    //! Reimplemented: ColumnCount.
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    //! Reimplemented: the cell's text for Qt::DisplayRole, its value for the Role enum.
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    //! Reimplemented: the columns' titles ("Time (s)", "Page", ..., "Took").
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    //! Reimplemented: the Role enum's names, for QML.
    QHash<int, QByteArray> roleNames() const override;

    //! The part of a channel's name a row must contain (any case); empty for all channels.
    QString channelFilter() const;
    //! Shows the recorded messages whose channel contains \a filter (any case); empty for all.
    void setChannelFilter(const QString &filter);
    //! The WebContents::id() of the page shown, or 0 for all pages.
    int pageFilter() const;
    //! Shows the recorded messages of page \a pageId (a WebContents::id()); 0 for all pages.
    void setPageFilter(int pageId);
    //! How many messages are kept, whatever the filters (1000 by default).
    int capacity() const;
    //! Keeps the last \a rows messages (at least 1), forgetting older ones now.
    void setCapacity(int rows);
    //! True while new messages are not recorded.
    bool isPaused() const;
    //! While paused, new messages are not recorded (the views stay still).
    void setPaused(bool paused);
    //! The rows shown (after the filters).
    int count() const;

    //! Forgets the messages recorded so far.
    Q_INVOKABLE void clear();
    //! The ids of the pages seen so far, for a page filter's choices.
    Q_INVOKABLE QList<int> pages() const;

Q_SIGNALS:
    //! channelFilter() changed.
    void channelFilterChanged();
    //! pageFilter() changed.
    void pageFilterChanged();
    //! capacity() changed.
    void capacityChanged();
    //! isPaused() changed.
    void pausedChanged();
    //! count() may have changed: rows came, left, or were filtered.
    void countChanged();
    //! The set of pages() changed.
    void pagesChanged();

private:
    std::unique_ptr<IpcTrafficModelPrivate> d;
    friend class IpcTrafficModelPrivate;
};

} // namespace WebIpc
