// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
#include <WebIpc/inspectorwidget.h>

#include <WebIpc/inspectormodels.h>

#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTableView>
#include <QtWidgets/QVBoxLayout>

namespace WebIpc {

class InspectorWidgetPrivate
{
public:
    IpcTrafficModel *traffic = nullptr;
    IpcCountersModel *counters = nullptr;
    QLineEdit *channelFilter = nullptr;
    QComboBox *pageFilter = nullptr;
    QTableView *trafficView = nullptr;
    QTableView *countersView = nullptr;
    QPlainTextEdit *details = nullptr;
    QLabel *totals = nullptr;

    void updatePages()
    {
        const int current = pageFilter->currentData().toInt();
        const QSignalBlocker blocker(pageFilter);
        pageFilter->clear();
        pageFilter->addItem(QStringLiteral("All pages"), 0);
        for (int id : traffic->pages())
            pageFilter->addItem(QStringLiteral("Page %1").arg(id), id);
        pageFilter->setCurrentIndex(std::max(0, pageFilter->findData(current)));
    }

    void updateTotals()
    {
        totals->setText(QStringLiteral("%1 messages, %2 bytes, %3 invokes in flight, %4 errors, "
                                       "p50 %5 ms, p99 %6 ms")
                                .arg(counters->messages())
                                .arg(counters->bytes())
                                .arg(counters->invokesInFlight())
                                .arg(counters->errors())
                                .arg(counters->latencyP50(), 0, 'f', 3)
                                .arg(counters->latencyP99(), 0, 'f', 3));
    }

    void showDetails(const QModelIndex &index)
    {
        if (!index.isValid()) {
            details->clear();
            return;
        }
        const auto value = [&](int role) { return traffic->data(index, role).toString(); };
        details->setPlainText(
                QStringLiteral("%1 %2 '%3' (page %4, frame %5)\narguments: %6\nresult: %7\ntook: "
                               "%8 ms")
                        .arg(traffic->data(traffic->index(index.row(),
                                                          IpcTrafficModel::DirectionColumn))
                                     .toString(),
                             value(IpcTrafficModel::KindRole), value(IpcTrafficModel::ChannelRole),
                             value(IpcTrafficModel::PageRole), value(IpcTrafficModel::FrameRole),
                             value(IpcTrafficModel::ArgumentsRole),
                             traffic->data(traffic->index(index.row(),
                                                          IpcTrafficModel::ResultColumn))
                                     .toString(),
                             QString::number(
                                     traffic->data(index, IpcTrafficModel::DurationRole).toDouble(),
                                     'f', 3)));
    }
};

InspectorWidget::InspectorWidget(QWidget *parent) : QWidget(parent), d(new InspectorWidgetPrivate)
{
    setWindowTitle(QStringLiteral("WebIpc inspector"));
    d->traffic = new IpcTrafficModel(this);
    d->counters = new IpcCountersModel(this);

    d->channelFilter = new QLineEdit(this);
    d->channelFilter->setPlaceholderText(QStringLiteral("Filter channels"));
    d->channelFilter->setClearButtonEnabled(true);
    d->pageFilter = new QComboBox(this);
    auto *pause = new QCheckBox(QStringLiteral("Pause"), this);
    auto *clear = new QPushButton(QStringLiteral("Clear"), this);
    auto *bar = new QHBoxLayout;
    bar->addWidget(d->channelFilter, 1);
    bar->addWidget(d->pageFilter);
    bar->addWidget(pause);
    bar->addWidget(clear);

    d->trafficView = new QTableView(this);
    d->trafficView->setObjectName(QStringLiteral("traffic"));
    d->trafficView->setModel(d->traffic);
    d->trafficView->setSelectionBehavior(QAbstractItemView::SelectRows);
    d->trafficView->setSelectionMode(QAbstractItemView::SingleSelection);
    d->trafficView->verticalHeader()->hide();
    d->trafficView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    d->trafficView->horizontalHeader()->setStretchLastSection(false);
    d->trafficView->horizontalHeader()->setSectionResizeMode(IpcTrafficModel::ArgumentsColumn,
                                                             QHeaderView::Stretch);
    d->trafficView->setWordWrap(false);
    const int widths[] = {70, 50, 100, 70, 170, 0, 140, 80};
    for (int column = 0; column < IpcTrafficModel::ColumnCount; ++column) {
        if (widths[column] > 0)
            d->trafficView->setColumnWidth(column, widths[column]);
    }

    d->details = new QPlainTextEdit(this);
    d->details->setReadOnly(true);
    d->details->setPlaceholderText(QStringLiteral("Select a message to see it whole"));

    d->countersView = new QTableView(this);
    d->countersView->setObjectName(QStringLiteral("counters"));
    d->countersView->setModel(d->counters);
    d->countersView->verticalHeader()->hide();
    d->countersView->horizontalHeader()->setSectionResizeMode(IpcCountersModel::ChannelColumn,
                                                              QHeaderView::Stretch);
    d->totals = new QLabel(this);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(d->trafficView);
    splitter->addWidget(d->details);
    splitter->addWidget(d->countersView);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    splitter->setStretchFactor(2, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);
    layout->addWidget(d->totals);

    d->updatePages();
    d->updateTotals();
    connect(d->channelFilter, &QLineEdit::textChanged, d->traffic,
            &IpcTrafficModel::setChannelFilter);
    connect(d->pageFilter, qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this]() { d->traffic->setPageFilter(d->pageFilter->currentData().toInt()); });
    connect(pause, &QCheckBox::toggled, d->traffic, &IpcTrafficModel::setPaused);
    connect(clear, &QPushButton::clicked, this, [this]() {
        d->traffic->clear();
        d->counters->reset();
    });
    connect(d->traffic, &IpcTrafficModel::pagesChanged, this, [this]() { d->updatePages(); });
    connect(d->counters, &IpcCountersModel::countersChanged, this, [this]() { d->updateTotals(); });
    connect(d->trafficView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { d->showDetails(current); });
    // Follow the newest message unless the user scrolled up.
    connect(d->traffic, &QAbstractItemModel::rowsInserted, this, [this]() {
        if (!d->trafficView->selectionModel()->hasSelection())
            d->trafficView->scrollToBottom();
    });
    resize(960, 640);
}

InspectorWidget::~InspectorWidget() = default;

InspectorWidget *InspectorWidget::open()
{
    auto *inspector = new InspectorWidget;
    inspector->setAttribute(Qt::WA_DeleteOnClose);
    inspector->show();
    return inspector;
}

IpcTrafficModel *InspectorWidget::trafficModel() const { return d->traffic; }
IpcCountersModel *InspectorWidget::countersModel() const { return d->counters; }

void InspectorWidget::setChannelFilter(const QString &filter) { d->channelFilter->setText(filter); }

void InspectorWidget::setPageFilter(int pageId)
{
    d->updatePages();
    const int index = d->pageFilter->findData(pageId);
    if (index >= 0)
        d->pageFilter->setCurrentIndex(index);
    else
        d->traffic->setPageFilter(pageId);
}

} // namespace WebIpc
