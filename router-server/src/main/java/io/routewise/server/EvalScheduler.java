package io.routewise.server;

import io.routewise.eval.EvalJob;
import io.routewise.config.EvalSchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the drift evaluation inside the server on {@code evaluation.schedule}. One thread, so this
 * process never runs two at once; across replicas sharing the ledger database the job's lease and
 * the slot's uniqueness ({@code eval_runs.slot}) let exactly one replica run each scheduled slot,
 * the others find it taken and wait for the next.
 */
final class EvalScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EvalScheduler.class);

    private final EvalSchedule schedule;
    private final EvalJob job;
    private final Clock clock;
    private final Runnable afterRun;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "routewise-eval-schedule");
        t.setDaemon(true);
        return t;
    });

    /** @param afterRun called after every attempt (e.g. to reload weights and metrics at once) */
    EvalScheduler(EvalSchedule schedule, EvalJob job, Clock clock, Runnable afterRun) {
        this.schedule = schedule;
        this.job = job;
        this.clock = clock;
        this.afterRun = afterRun;
    }

    EvalScheduler start() {
        scheduleNext();
        return this;
    }

    private void scheduleNext() {
        Instant now = clock.instant();
        Instant next = schedule.nextAfter(now);
        LOG.info("next scheduled evaluation at {} ({})", next, schedule.expression());
        thread.schedule(() -> fire(next), Math.max(0, Duration.between(now, next).toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Runs the slot that fired at {@code slotTime}, then schedules the next one. */
    void fire(Instant slotTime) {
        try {
            String slot = schedule.expression() + "@" + slotTime;
            EvalJob.Result result = job.run(new EvalJob.Request(List.of(), List.of(), null, "schedule", slot, false));
            LOG.info("scheduled evaluation finished: {}", result.summary());
        } catch (EvalJob.RefusedException e) {
            LOG.info("scheduled evaluation at {} not run: {}", slotTime, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("scheduled evaluation at {} failed: {}", slotTime, e.toString());
        } finally {
            try {
                afterRun.run();
            } finally {
                if (!thread.isShutdown()) {
                    scheduleNext();
                }
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
