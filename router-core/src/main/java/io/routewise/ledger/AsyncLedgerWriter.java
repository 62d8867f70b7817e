package io.routewise.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes ledger rows off the request path: {@link #submit} never blocks (a full queue drops the row
 * and counts it), and one writer thread writes batches of up to {@code batchSize} rows, at the latest
 * {@code flushInterval} after the first row of a batch arrived. {@link #close} drains the queue.
 *
 * <p>What a hard kill loses: the rows still queued plus the batch being written, i.e. at most
 * {@code queueCapacity + batchSize} rows, and in time about one flush interval of traffic (a row
 * waits at most that long before its batch is written, unless the database is slower than the
 * traffic and the queue backs up).
 */
public final class AsyncLedgerWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncLedgerWriter.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final BlockingQueue<LedgerRow> queue;
    private final Consumer<List<LedgerRow>> sink;
    private final int batchSize;
    private final long flushIntervalNanos;
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;
    /** The batch being collected and written (guarded by itself; read by {@link #isPending}). */
    private final List<LedgerRow> collecting = new ArrayList<>();

    /** A writer into {@code ledger} with the queue settings of its config. */
    public static AsyncLedgerWriter start(Ledger ledger) {
        var c = ledger.config();
        return new AsyncLedgerWriter(ledger::insert, c.queueCapacity(), c.batchSize(),
                Duration.ofMillis(c.flushIntervalMs()));
    }

    /**
     * A writer into any sink (tests and benchmarks).
     *
     * @param sink writes one batch; an exception fails that batch (its rows are counted in {@link #failedRows()})
     */
    public AsyncLedgerWriter(Consumer<List<LedgerRow>> sink, int queueCapacity, int batchSize,
                             Duration flushInterval) {
        if (queueCapacity <= 0 || batchSize <= 0 || flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("queueCapacity, batchSize and flushInterval must be > 0");
        }
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.sink = sink;
        this.batchSize = batchSize;
        this.flushIntervalNanos = flushInterval.toNanos();
        this.thread = new Thread(this::run, "routewise-ledger-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Queues a row for writing; returns at once. False when the row was dropped (queue full, or the
     * writer is closing).
     */
    public boolean submit(LedgerRow row) {
        submitted.incrementAndGet();
        if (closing || !queue.offer(row)) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Rows refused because the queue was full or the writer closed (the metric {@code ledger_dropped_rows}). */
    public long droppedRows() {
        return dropped.get();
    }

    /** Rows lost because the database refused their batch. */
    public long failedRows() {
        return failed.get();
    }

    /** Rows written to the database. */
    public long writtenRows() {
        return written.get();
    }

    /** Rows waiting in the queue now. */
    public int queuedRows() {
        return queue.size();
    }

    private void run() {
        while (true) {
            try {
                // Waits are sliced so that close() is noticed within POLL_SLICE, whatever the interval.
                if (!pollInto(POLL_SLICE_NANOS)) {
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                long deadline = System.nanoTime() + flushIntervalNanos;
                while (drainInto() < batchSize) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || closing) {
                        break;
                    }
                    pollInto(Math.min(left, POLL_SLICE_NANOS));
                }
                writeCollected();
            } catch (InterruptedException e) {
                // close() timed out: write what is in hand and stop.
                writeCollected();
                return;
            }
        }
    }

    /**
     * Waits for one row and moves it into the batch being collected. Under the batch's lock, so that
     * {@link #isPending} never sees a row between the queue and the batch (it waits at most one slice).
     */
    private boolean pollInto(long nanos) throws InterruptedException {
        synchronized (collecting) {
            LedgerRow row = queue.poll(nanos, TimeUnit.NANOSECONDS);
            if (row != null) {
                collecting.add(row);
            }
            return row != null;
        }
    }

    /** Moves whatever is queued, up to a full batch, into the batch being collected; returns its size. */
    private int drainInto() {
        synchronized (collecting) {
            queue.drainTo(collecting, batchSize - collecting.size());
            return collecting.size();
        }
    }

    private void writeCollected() {
        List<LedgerRow> batch;
        synchronized (collecting) {
            batch = List.copyOf(collecting);
        }
        try {
            write(batch);
        } finally {
            synchronized (collecting) {
                collecting.clear();
            }
        }
    }

    private void write(List<LedgerRow> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            sink.accept(batch);
            written.addAndGet(batch.size());
        } catch (RuntimeException e) {
            failed.addAndGet(batch.size());
            LOG.error("ledger: lost a batch of {} rows: {}", batch.size(), e.getMessage(), e);
        }
    }

    /**
     * True while a row of this request is queued or being written (a linear scan of the queue: for
     * rare callers such as feedback, not the request path).
     */
    public boolean isPending(String requestId) {
        // Queue first, then the batch: a row moves queue -> batch -> database and is in the next place
        // before it leaves the previous one, so checking in this order (then the database) cannot miss it.
        for (LedgerRow r : queue) {
            if (r.requestId().equals(requestId)) {
                return true;
            }
        }
        synchronized (collecting) {
            for (LedgerRow r : collecting) {
                if (r.requestId().equals(requestId)) {
                    return true;
                }
            }
        }
        return false;
    }


    /** Stops accepting rows, writes everything queued, and waits (up to 30 s) for the writer to finish. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(1000);
                LOG.error("ledger: writer did not drain within {} s; {} rows left unwritten",
                        CLOSE_TIMEOUT.toSeconds(), queue.size());
                return;
            }
            // A submit that raced with close() may have queued a row after the writer's last look.
            List<LedgerRow> rest = new ArrayList<>();
            queue.drainTo(rest);
            write(rest);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
