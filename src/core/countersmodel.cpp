// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// IpcCountersModel: the hub's records counted per page and channel.
#include "observerhub_p.h"

#include <WebIpc/inspectormodels.h>

#include <QtCore/QTimer>

#include <algorithm>
#include <vector>

namespace WebIpc {

namespace {

constexpr size_t LatencySamples = 1024;

// The last LatencySamples latencies, in nanoseconds.
class Samples
{
public:
    void add(qint64 ns)
    {
        if (m_values.size() < LatencySamples) {
            m_values.push_back(ns);
        } else {
            m_values[m_next] = ns;
            m_next = (m_next + 1) % LatencySamples;
        }
    }
    bool isEmpty() const { return m_values.empty(); }
    // The \a percent percentile in milliseconds (nearest rank); 0 without samples.
    double percentile(int percent) const
    {
        if (m_values.empty())
            return 0;
        std::vector<qint64> sorted = m_values;
        const size_t rank =
                std::min(sorted.size() - 1, size_t((percent * sorted.size() + 99) / 100) - 1);
        std::nth_element(sorted.begin(), sorted.begin() + qsizetype(rank), sorted.end());
        return double(sorted[rank]) / 1e6;
    }
    void clear()
    {
        m_values.clear();
        m_next = 0;
    }

private:
    std::vector<qint64> m_values;
    size_t m_next = 0;
};

struct Counters
{
    qint64 messages = 0;
    qint64 bytes = 0;
    int inFlight = 0;
    qint64 errors = 0;
    Samples latency;

    void add(const IpcRecord &r)
    {
        if (r.state == IpcRecord::State::Pending) {
            ++inFlight;
            return;
        }
        if (r.wasPending && inFlight > 0)
            --inFlight;
        ++messages;
        bytes += r.bytes + r.replyBytes;
        if (!r.ok)
            ++errors;
        if (r.toMain)
            latency.add(r.latency());
    }

    QVariantMap toMap() const
    {
        return {{QStringLiteral("messages"), messages},
                {QStringLiteral("bytes"), bytes},
                {QStringLiteral("invokesInFlight"), inFlight},
                {QStringLiteral("errors"), errors},
                {QStringLiteral("latencyP50"), latency.percentile(50)},
                {QStringLiteral("latencyP99"), latency.percentile(99)}};
    }
};

struct Row
{
    int pageId = 0;
    QString channel;
    Counters counters;
};

} // namespace

class IpcCountersModelPrivate final : public IpcSink
{
public:
    explicit IpcCountersModelPrivate(IpcCountersModel *q) : q(q)
    {
        notify.setSingleShot(true);
        notify.setInterval(100);
        QObject::connect(&notify, &QTimer::timeout, q, [this]() { changed(); });
        ObserverHub::instance()->addSink(this);
    }
    ~IpcCountersModelPrivate() override { ObserverHub::instance()->removeSink(this); }

    void record(const IpcRecord &r) override
    {
        if (r.kind == IpcRecord::Kind::Unheard)
            return;
        const QString key = QString::number(r.pageId) + QLatin1Char(' ') + r.channel;
        auto it = index.find(key);
        if (it == index.end()) {
            const int row = int(rows.size());
            q->beginInsertRows(QModelIndex(), row, row);
            rows.push_back(Row{r.pageId, r.channel, {}});
            it = index.insert(key, row);
            q->endInsertRows();
        }
        rows[size_t(*it)].counters.add(r);
        total.add(r);
        Counters &page = pages[r.pageId];
        page.add(r);
        if (!notify.isActive())
            notify.start();
    }

    void changed()
    {
        if (!rows.empty())
            Q_EMIT q->dataChanged(
                    q->index(0, 0),
                    q->index(int(rows.size()) - 1, IpcCountersModel::ColumnCount - 1));
        Q_EMIT q->countersChanged();
    }

    IpcCountersModel *q;
    std::vector<Row> rows;
    QHash<QString, int> index;
    QHash<int, Counters> pages;
    Counters total;
    QTimer notify;
};

IpcCountersModel::IpcCountersModel(QObject *parent)
    : QAbstractTableModel(parent), d(new IpcCountersModelPrivate(this))
{ }

IpcCountersModel::~IpcCountersModel() = default;

int IpcCountersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(d->rows.size());
}

int IpcCountersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant IpcCountersModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(d->rows.size()))
        return QVariant();
    const Row &row = d->rows[size_t(index.row())];
    int column = index.column();
    if (role >= PageRole && role <= LatencyP99Role)
        column = role - PageRole;
    else if (role != Qt::DisplayRole)
        return role == Qt::TextAlignmentRole && index.column() >= MessagesColumn
                ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                : QVariant();
    const bool display = role == Qt::DisplayRole;
    switch (column) {
    case PageColumn:
        return row.pageId;
    case ChannelColumn:
        return row.channel;
    case MessagesColumn:
        return row.counters.messages;
    case BytesColumn:
        return row.counters.bytes;
    case InFlightColumn:
        return row.counters.inFlight;
    case ErrorsColumn:
        return row.counters.errors;
    case LatencyP50Column:
    case LatencyP99Column: {
        const double ms = row.counters.latency.percentile(column == LatencyP50Column ? 50 : 99);
        if (display && row.counters.latency.isEmpty())
            return QString(); // main to page: main's part is not timed
        return display ? QVariant(QString::number(ms, 'f', 3)) : QVariant(ms);
    }
    default:
        return QVariant();
    }
}

QVariant IpcCountersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const names[] = {"Page",      "Channel", "Messages", "Bytes",
                                        "In flight", "Errors",  "p50 ms",   "p99 ms"};
    return section >= 0 && section < ColumnCount ? QVariant(QString::fromLatin1(names[section]))
                                                 : QVariant();
}

QHash<int, QByteArray> IpcCountersModel::roleNames() const
{
    return {{PageRole, "page"},
            {ChannelRole, "channel"},
            {MessagesRole, "messages"},
            {BytesRole, "bytes"},
            {InFlightRole, "invokesInFlight"},
            {ErrorsRole, "errors"},
            {LatencyP50Role, "latencyP50"},
            {LatencyP99Role, "latencyP99"}};
}

qint64 IpcCountersModel::messages() const { return d->total.messages; }
qint64 IpcCountersModel::bytes() const { return d->total.bytes; }
int IpcCountersModel::invokesInFlight() const { return d->total.inFlight; }
qint64 IpcCountersModel::errors() const { return d->total.errors; }
double IpcCountersModel::latencyP50() const { return d->total.latency.percentile(50); }
double IpcCountersModel::latencyP99() const { return d->total.latency.percentile(99); }

QVariantMap IpcCountersModel::counters(int pageId, const QString &channel) const
{
    if (channel.isEmpty())
        return d->pages.value(pageId).toMap();
    const auto it = d->index.constFind(QString::number(pageId) + QLatin1Char(' ') + channel);
    return it == d->index.constEnd() ? Counters().toMap() : d->rows[size_t(*it)].counters.toMap();
}

void IpcCountersModel::reset()
{
    beginResetModel();
    d->rows.clear();
    d->index.clear();
    d->pages.clear();
    d->total = Counters();
    endResetModel();
    Q_EMIT countersChanged();
}

} // namespace WebIpc
