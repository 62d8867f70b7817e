package io.routewise.providers;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A response body watched by a timer thread: when no bytes arrive for {@code idle}, or when a
 * {@code deadline} passes, whichever comes first, it runs the expiry action (which aborts the
 * exchange) so that a reader stuck on a slow upstream is unblocked. After a read fails or ends,
 * {@link #expired()} says whether the timer caused it.
 */
final class WatchedInputStream extends FilterInputStream {

    /** No limit. */
    static final long NONE = Long.MAX_VALUE;

    private static final ScheduledExecutorService TIMER = timer();

    private volatile long lastActivity;
    private volatile long idleNanos;
    private final long deadline;
    private volatile boolean expired;
    private volatile boolean stopped;
    private final Runnable onExpire;
    private ScheduledFuture<?> check;

    /**
     * @param idleNanos     the longest silence allowed between reads, or {@link #NONE}
     * @param deadlineNanos the {@link System#nanoTime()} by which reading must be over, or {@link #NONE}
     */
    WatchedInputStream(InputStream in, long idleNanos, long deadlineNanos, Runnable onExpire) {
        super(in);
        this.onExpire = onExpire;
        this.lastActivity = System.nanoTime();
        this.idleNanos = idleNanos;
        this.deadline = deadlineNanos;
        schedule(System.nanoTime());
    }

    /** Runs {@code action} once after {@code nanos} on the shared timer thread (it must be quick). */
    static ScheduledFuture<?> after(long nanos, Runnable action) {
        return TIMER.schedule(action, nanos, TimeUnit.NANOSECONDS);
    }

    /** Tightens the idle limit from now on (e.g. to drain a finished stream quickly). */
    void limitIdle(long nanos) {
        if (nanos < idleNanos) {
            idleNanos = nanos;
            lastActivity = System.nanoTime();
            schedule(lastActivity);
        }
    }

    boolean expired() {
        return expired;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            lastActivity = System.nanoTime();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            lastActivity = System.nanoTime();
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        stopped = true;
        cancelCheck();
        super.close();
    }

    private synchronized void schedule(long now) {
        if (stopped) {
            return;
        }
        long due = expiry();
        if (due == NONE) {
            return;
        }
        if (check != null) {
            check.cancel(false);
        }
        check = TIMER.schedule(this::check, Math.max(0, due - now), TimeUnit.NANOSECONDS);
    }

    private long expiry() {
        long idle = idleNanos;
        long byIdle = idle == NONE ? NONE : lastActivity + idle;
        return Math.min(byIdle, deadline);
    }

    private void check() {
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        if (now - expiry() >= 0) {
            expired = true;
            stopped = true;
            // The reader sees its read fail and reports the timeout via expired().
            onExpire.run();
        } else {
            schedule(now);
        }
    }

    private synchronized void cancelCheck() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "routewise-read-timeout");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
