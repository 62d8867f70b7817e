package io.routewise.simulator;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Requests that are never answered (simulated timeouts). They hold no thread: each is an
 * asynchronous request whose future completes only when it is released, which happens after
 * {@link #HOLD} (longer than any sensible client timeout) or when the simulator stops, whichever
 * is first. Releasing runs the request's release action (which closes its connection).
 */
final class HeldRequests {

    /** How long a timed-out request is held before its connection is closed anyway. */
    static final Duration HOLD = Duration.ofMinutes(10);

    private final Set<Hold> holds = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor scheduler;

    HeldRequests() {
        scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "simulator-held-requests");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
    }

    /**
     * Holds a request.
     *
     * @param onRelease what to do when it is let go (e.g. reset its connection)
     * @return the future to hand to the HTTP framework; it completes after {@code onRelease}
     */
    CompletableFuture<Void> hold(Runnable onRelease) {
        Hold hold = new Hold(onRelease);
        holds.add(hold);
        hold.timer = scheduler.schedule(hold::release, HOLD.toMillis(), TimeUnit.MILLISECONDS);
        return hold.future;
    }

    int size() {
        return holds.size();
    }

    /** Lets every held request go and stops the timer thread. */
    void releaseAll() {
        for (Hold hold : holds) {
            hold.release();
        }
        scheduler.shutdownNow();
    }

    private final class Hold {
        final Runnable onRelease;
        final CompletableFuture<Void> future = new CompletableFuture<>();
        volatile ScheduledFuture<?> timer;

        Hold(Runnable onRelease) {
            this.onRelease = onRelease;
        }

        void release() {
            if (!holds.remove(this)) {
                return; // already released
            }
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            try {
                onRelease.run();
            } finally {
                future.complete(null);
            }
        }
    }
}
