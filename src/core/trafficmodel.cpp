// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// IpcTrafficModel: the hub's records as rows, newest last, filtered by channel and page.
#include "observerhub_p.h"

#include <WebIpc/inspectormodels.h>

#include <QtCore/QTimer>

#include <algorithm>
#include <deque>
#include <set>

namespace WebIpc {

class IpcTrafficModelPrivate final : public IpcSink
{
public:
    explicit IpcTrafficModelPrivate(IpcTrafficModel *q) : q(q)
    {
        flushTimer.setSingleShot(true);
        flushTimer.setInterval(50);
        QObject::connect(&flushTimer, &QTimer::timeout, q, [this]() { publish(); });
        ObserverHub::instance()->addSink(this);
    }
    ~IpcTrafficModelPrivate() override { ObserverHub::instance()->removeSink(this); }

    void record(const IpcRecord &r) override
    {
        if (paused || r.state == IpcRecord::State::Pending)
            return; // an invoke shows once, with its answer
        all.push_back(r);
        while (all.size() > size_t(capacity))
            all.pop_front();
        if (pagesSeen.insert(r.pageId).second)
            pagesChanged = true;
        if (accepts(r))
            incoming.push_back(r);
        if (!flushTimer.isActive())
            flushTimer.start();
    }

    bool accepts(const IpcRecord &r) const
    {
        return (pageFilter == 0 || r.pageId == pageFilter)
                && (channelFilter.isEmpty()
                    || r.channel.contains(channelFilter, Qt::CaseInsensitive));
    }

    // New rows go to the views in one insertion; the oldest beyond capacity leave.
    void publish()
    {
        if (!incoming.empty()) {
            const int first = int(rows.size());
            q->beginInsertRows(QModelIndex(), first, first + int(incoming.size()) - 1);
            for (IpcRecord &r : incoming)
                rows.push_back(std::move(r));
            incoming.clear();
            q->endInsertRows();
            const int excess = int(rows.size()) - capacity;
            if (excess > 0) {
                q->beginRemoveRows(QModelIndex(), 0, excess - 1);
                rows.erase(rows.begin(), rows.begin() + excess);
                q->endRemoveRows();
            }
            Q_EMIT q->countChanged();
        }
        if (pagesChanged) {
            pagesChanged = false;
            Q_EMIT q->pagesChanged();
        }
    }

    void refilter()
    {
        q->beginResetModel();
        rows.clear();
        incoming.clear();
        for (const IpcRecord &r : all) {
            if (accepts(r))
                rows.push_back(r);
        }
        q->endResetModel();
        Q_EMIT q->countChanged();
    }

    IpcTrafficModel *q;
    std::deque<IpcRecord> all; // recorded, whatever the filters
    std::deque<IpcRecord> rows; // shown
    std::deque<IpcRecord> incoming; // shown at the next publish()
    std::set<int> pagesSeen;
    bool pagesChanged = false;
    QString channelFilter;
    int pageFilter = 0;
    int capacity = 1000;
    bool paused = false;
    QTimer flushTimer;
};

IpcTrafficModel::IpcTrafficModel(QObject *parent)
    : QAbstractTableModel(parent), d(new IpcTrafficModelPrivate(this))
{ }

IpcTrafficModel::~IpcTrafficModel() = default;

int IpcTrafficModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(d->rows.size());
}

int IpcTrafficModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant IpcTrafficModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(d->rows.size()))
        return QVariant();
    const IpcRecord &r = d->rows[size_t(index.row())];
    const double duration = r.toMain ? double(r.latency()) / 1e6 : 0.0;
    // No tool tips: Qt shows a tool tip that looks like markup as rich text, and the text is
    // the page's. The inspector's details show a message whole, as plain text.
    int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        break;
    case TimeRole:
        return double(r.started) / 1e6;
    case PageRole:
        return r.pageId;
    case FrameRole:
        return r.frameId;
    case DirectionRole:
        column = DirectionColumn;
        break;
    case KindRole:
        return IpcRecord::kindName(r.kind);
    case ChannelRole:
        return r.channel;
    case ArgumentsRole:
        return r.args;
    case ResultRole:
        column = ResultColumn;
        break;
    case DurationRole:
        return duration;
    case OkRole:
        return r.ok;
    default:
        return QVariant();
    }
    switch (column) {
    case TimeColumn:
        return QString::number(double(r.started) / 1e9, 'f', 3);
    case PageColumn:
        return r.frameId == 0 ? QString::number(r.pageId)
                              : QStringLiteral("%1 / frame %2").arg(r.pageId).arg(r.frameId);
    case DirectionColumn:
        return r.toMain ? QStringLiteral("page \u2192 main") : QStringLiteral("main \u2192 page");
    case KindColumn:
        return IpcRecord::kindName(r.kind);
    case ChannelColumn:
        return r.channel;
    case ArgumentsColumn:
        return r.args;
    case ResultColumn:
        if (r.state == IpcRecord::State::Refused)
            return QString(QStringLiteral("refused: ") + r.result);
        if (!r.ok)
            return QString(QStringLiteral("error: ") + r.result);
        return r.result;
    case DurationColumn:
        return r.toMain ? QString(QString::number(duration, 'f', 3) + QStringLiteral(" ms"))
                        : QString();
    default:
        return QVariant();
    }
}

QVariant IpcTrafficModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const names[] = {"Time (s)", "Page",      "Direction", "Kind",
                                        "Channel",  "Arguments", "Result",    "Took"};
    return section >= 0 && section < ColumnCount ? QVariant(QString::fromLatin1(names[section]))
                                                 : QVariant();
}

QHash<int, QByteArray> IpcTrafficModel::roleNames() const
{
    return {{TimeRole, "time"},           {PageRole, "page"},
            {FrameRole, "frame"},         {DirectionRole, "direction"},
            {KindRole, "kind"},           {ChannelRole, "channel"},
            {ArgumentsRole, "arguments"}, {ResultRole, "result"},
            {DurationRole, "duration"},   {OkRole, "ok"}};
}

QString IpcTrafficModel::channelFilter() const { return d->channelFilter; }

void IpcTrafficModel::setChannelFilter(const QString &filter)
{
    if (d->channelFilter == filter)
        return;
    d->channelFilter = filter;
    d->refilter();
    Q_EMIT channelFilterChanged();
}

int IpcTrafficModel::pageFilter() const { return d->pageFilter; }

void IpcTrafficModel::setPageFilter(int pageId)
{
    if (d->pageFilter == pageId)
        return;
    d->pageFilter = pageId;
    d->refilter();
    Q_EMIT pageFilterChanged();
}

int IpcTrafficModel::capacity() const { return d->capacity; }

void IpcTrafficModel::setCapacity(int rows)
{
    rows = std::max(1, rows);
    if (d->capacity == rows)
        return;
    d->capacity = rows;
    while (d->all.size() > size_t(rows))
        d->all.pop_front();
    d->refilter();
    Q_EMIT capacityChanged();
}

bool IpcTrafficModel::isPaused() const { return d->paused; }

void IpcTrafficModel::setPaused(bool paused)
{
    if (d->paused == paused)
        return;
    d->paused = paused;
    Q_EMIT pausedChanged();
}

int IpcTrafficModel::count() const { return int(d->rows.size()); }

void IpcTrafficModel::clear()
{
    d->all.clear();
    d->refilter();
}

QList<int> IpcTrafficModel::pages() const
{
    return QList<int>(d->pagesSeen.begin(), d->pagesSeen.end());
}

} // namespace WebIpc
