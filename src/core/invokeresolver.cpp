// Copyright (C) 2026 The WebIpc authors.
// SPDX-License-Identifier: MIT
//
// What handlers' answers become: QFuture<QVariant>, the one type of a pending result (see
// invokeresolver.h). A ready value costs one finished future; a QFuture<T> that is not finished
// yet is followed by a relay that converts its results as they come and passes cancellation and
// suspension back to it.
#include "logging_p.h"

#include <WebIpc/invokeresolver.h>

#include <QtCore/QFutureInterface>
#include <QtCore/QFutureWatcher>
#include <QtCore/QList>
#include <QtCore/QMutex>

#include <atomic>

namespace WebIpc::detail {

namespace {

class FutureRelay;

// The relays alive: their output and the handler's future it follows (see controlOf()).
struct RelayEntry
{
    QFutureInterfaceBase output;
    QFuture<void> control;
    FutureRelay *relay;
};
QMutex relayMutex;
QList<RelayEntry> &relays()
{
    static QList<RelayEntry> entries;
    return entries;
}

// Follows one unfinished QFuture<T> (as QFuture<void>) into a QFuture<QVariant>.
class FutureRelay : public QObject
{
public:
    FutureRelay(const QFuture<void> &control, std::function<QVariantList()> takeResults)
        : m_control(control), m_takeResults(std::move(takeResults))
    {
        m_output.reportStarted();
        connect(&m_source, &QFutureWatcherBase::resultsReadyAt, this, [this]() { forward(); });
        connect(&m_source, &QFutureWatcherBase::finished, this, [this]() { finish(); });
        // What the caller does to the QFuture<QVariant> reaches the handler's future.
        connect(&m_watch, &QFutureWatcherBase::canceled, this, [this]() { abandon(); });
        connect(&m_watch, &QFutureWatcherBase::suspending, this, [this]() { m_control.suspend(); });
        connect(&m_watch, &QFutureWatcherBase::resumed, this, [this]() { m_control.resume(); });
        m_watch.setFuture(m_output.future());
        m_source.setFuture(m_control);
        QMutexLocker locker(&relayMutex);
        relays().append({m_output, m_control, this});
    }
    ~FutureRelay() override
    {
        QMutexLocker locker(&relayMutex);
        relays().removeIf([this](const RelayEntry &entry) { return entry.output == m_output; });
    }

    QFuture<QVariant> future() { return m_output.future(); }
    void setPendingLimit(int limit) { m_pendingLimit.store(limit, std::memory_order_relaxed); }

private:
    // Passes on what the handler reported so far (and removes it from the handler's future), in
    // one batch: one resultsReadyAt for the consumer, however many results came.
    bool forward()
    {
        if (!m_takeResults || m_done)
            return !m_done;
        QVariantList results;
        try {
            results = m_takeResults();
        } catch (...) {
            // A result that cannot be converted fails the call.
            fail(std::current_exception());
            return false;
        }
        if (results.isEmpty())
            return true;
        holdBackIfFull(results.size());
        m_output.reportResults(results);
        return true;
    }

    // A producer faster than this thread would otherwise fill the memory before the consumer's
    // own suspend() could run: its results-ready notifications queue up ahead of the consumer's.
    // So the relay suspends it here, before the consumer hears of this batch; the consumer
    // resumes it once it has room (see WebContentsPrivate::sendChunks).
    void holdBackIfFull(qsizetype arriving)
    {
        const int limit = m_pendingLimit.load(std::memory_order_relaxed);
        if (limit <= 0 || m_control.isFinished() || m_control.isSuspending()
            || m_control.isSuspended())
            return;
        if (m_output.resultCount() + arriving >= limit)
            m_control.suspend();
    }

    void finish()
    {
        if (m_done || !forward())
            return;
        try {
            m_control.waitForFinished(); // rethrows the exception it finished with
        } catch (...) {
            fail(std::current_exception());
            return;
        }
        m_done = true;
        if (m_control.isCanceled())
            m_output.reportCanceled();
        else if (!m_takeResults)
            m_output.reportResult(QVariant()); // a QFuture<void>: one undefined result
        m_output.reportFinished();
        deleteLater();
    }

    void fail(std::exception_ptr error)
    {
        m_done = true;
        m_output.reportException(error);
        m_output.reportFinished();
        deleteLater();
    }

    // The caller cancelled: the handler is told, and whatever it reports later is dropped.
    void abandon()
    {
        if (m_done)
            return;
        m_done = true;
        m_control.cancel();
        m_output.reportFinished();
        deleteLater();
    }

    QFuture<void> m_control;
    std::function<QVariantList()> m_takeResults;
    QFutureInterface<QVariant> m_output;
    // Children, so that they move with the relay to its context's thread.
    QFutureWatcher<void> m_source{this};
    QFutureWatcher<QVariant> m_watch{this};
    bool m_done = false;
    std::atomic<int> m_pendingLimit{0}; // 0: no limit (a plain invoke reads one result)
};

} // namespace

QFuture<QVariant> readyFuture(const QVariant &value)
{
    QFutureInterface<QVariant> ready(QFutureInterfaceBase::Started);
    ready.reportResult(value);
    ready.reportFinished();
    return ready.future();
}

QFuture<QVariant> failedFuture(std::exception_ptr error)
{
    QFutureInterface<QVariant> failed(QFutureInterfaceBase::Started);
    failed.reportException(error);
    failed.reportFinished();
    return failed.future();
}

QFuture<QVariant> adoptFuture(const QFuture<void> &control,
                              std::function<QVariantList()> takeResults, QObject *context)
{
    if (control.isFinished()) {
        // Finished already: answered at once, without a relay.
        QFuture<void> finished = control;
        try {
            finished.waitForFinished();
        } catch (...) {
            return failedFuture(std::current_exception());
        }
        QFutureInterface<QVariant> ready(QFutureInterfaceBase::Started);
        if (finished.isCanceled()) {
            ready.reportCanceled();
        } else if (!takeResults) {
            ready.reportResult(QVariant());
        } else {
            try {
                const QVariantList results = takeResults();
                for (const QVariant &result : results)
                    ready.reportResult(result);
            } catch (...) {
                return failedFuture(std::current_exception());
            }
        }
        ready.reportFinished();
        return ready.future();
    }
    auto *relay = new FutureRelay(control, std::move(takeResults));
    if (context && context->thread() != relay->thread())
        relay->moveToThread(context->thread());
    return relay->future();
}

QFuture<void> controlOf(const QFuture<QVariant> &future)
{
    const QFutureInterfaceBase output = QFutureInterfaceBase::get(future);
    QMutexLocker locker(&relayMutex);
    for (const RelayEntry &entry : std::as_const(relays())) {
        if (entry.output == output)
            return entry.control;
    }
    return QFuture<void>(future);
}

void limitPendingResults(const QFuture<QVariant> &future, int limit)
{
    const QFutureInterfaceBase output = QFutureInterfaceBase::get(future);
    QMutexLocker locker(&relayMutex);
    for (const RelayEntry &entry : std::as_const(relays())) {
        if (entry.output == output)
            entry.relay->setPendingLimit(limit);
    }
}

QString errorStringFor(const std::exception &error)
{
    return QLatin1String("Error: ") + QString::fromUtf8(error.what());
}

QString unknownErrorString()
{
    return QStringLiteral("Error: the handler threw an exception that is not a std::exception");
}

void reportListenerException(const QString &channel, const QString &error)
{
    qCWarning(lcMain).noquote() << "Error occurred in listener for" << channel << ':' << error;
}

} // namespace WebIpc::detail
