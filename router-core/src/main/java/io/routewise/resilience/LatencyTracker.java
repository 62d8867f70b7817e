package io.routewise.resilience;

import io.routewise.config.LatencyConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Time to first token and whole-call latency per deployment: a moving average (EWMA) and the 95th
 * percentile over a sliding time window (the last {@value #RESERVOIR} samples younger than the window).
 * The router asks {@link #canMeet} whether a deployment's p95 time to first token fits a budget.
 *
 * <p>Record time to first token only when it is measured (streams, and health probes, whose one-token
 * answer is all first token); a non-streamed answer's latency is a whole-call sample only.
 */
public final class LatencyTracker {

    /** Samples kept per deployment and measure; enough for a stable p95, small enough to sort quickly. */
    static final int RESERVOIR = 256;
    /** A cached p95 is reused for this long, so routing does not sort samples on every request. */
    private static final long P95_REFRESH_MS = 250;

    private final LatencyConfig config;
    private final Clock clock;
    private final long refreshMs;
    private final Map<Deployment, Series> ttft = new ConcurrentHashMap<>();
    private final Map<Deployment, Series> total = new ConcurrentHashMap<>();

    public LatencyTracker(LatencyConfig config, Clock clock) {
        this(config, clock, P95_REFRESH_MS);
    }

    /** @param refreshMs how long a computed p95 is reused (0: recomputed after every sample) */
    LatencyTracker(LatencyConfig config, Clock clock, long refreshMs) {
        this.config = config;
        this.clock = clock;
        this.refreshMs = refreshMs;
    }

    public void recordFirstToken(Deployment deployment, Duration latency) {
        ttft.computeIfAbsent(deployment, d -> new Series()).add(clock.millis(), latency.toNanos() / 1e6);
    }

    public void recordTotal(Deployment deployment, Duration latency) {
        total.computeIfAbsent(deployment, d -> new Series()).add(clock.millis(), latency.toNanos() / 1e6);
    }

    public LatencyStats stats(Deployment deployment) {
        long now = clock.millis();
        Series t = ttft.get(deployment);
        Series w = total.get(deployment);
        Snapshot ts = t == null ? Snapshot.EMPTY : t.snapshot(now);
        Snapshot ws = w == null ? Snapshot.EMPTY : w.snapshot(now);
        return new LatencyStats(ts.samples, ts.ewma, ts.p95, ws.samples, ws.ewma, ws.p95);
    }

    /**
     * Whether the deployment's p95 time to first token is within {@code budgetMs}. True without a budget
     * (null), and for a deployment with fewer than {@code min_samples} recent samples: nothing is known
     * against it, and trying it is how it becomes known.
     */
    public boolean canMeet(Deployment deployment, Integer budgetMs) {
        return exclusionReason(deployment, budgetMs) == null;
    }

    /** Why the deployment cannot meet the budget ("latency p95 2400 ms over budget 2000 ms"), or null. */
    public String exclusionReason(Deployment deployment, Integer budgetMs) {
        if (budgetMs == null) {
            return null;
        }
        Series t = ttft.get(deployment);
        if (t == null) {
            return null;
        }
        Snapshot s = t.snapshot(clock.millis());
        if (s.samples < config.minSamples() || s.p95 <= budgetMs) {
            return null;
        }
        return "latency p95 " + Math.round(s.p95) + " ms over budget " + budgetMs + " ms";
    }

    private record Snapshot(int samples, double ewma, double p95) {
        static final Snapshot EMPTY = new Snapshot(0, Double.NaN, Double.NaN);
    }

    /** A ring of (time, value) samples with a moving average and a cached percentile. */
    private final class Series {
        private final long[] at = new long[RESERVOIR];
        private final double[] ms = new double[RESERVOIR];
        private int next;
        private int size;
        private double ewma = Double.NaN;
        private Snapshot cached;
        private long cachedAt;
        private boolean dirty = true;

        synchronized void add(long nowMs, double valueMs) {
            at[next] = nowMs;
            ms[next] = valueMs;
            next = (next + 1) % RESERVOIR;
            size = Math.min(size + 1, RESERVOIR);
            ewma = Double.isNaN(ewma) ? valueMs : ewma + config.ewmaAlpha() * (valueMs - ewma);
            dirty = true;
        }

        synchronized Snapshot snapshot(long nowMs) {
            boolean stale = nowMs - cachedAt >= refreshMs;
            if (cached != null && !(stale && (dirty || cached.samples > 0))) {
                return cached;
            }
            long oldest = nowMs - config.windowS() * 1000L;
            double[] recent = new double[size];
            int n = 0;
            for (int i = 0; i < size; i++) {
                if (at[i] > oldest) {
                    recent[n++] = ms[i];
                }
            }
            double p95 = Double.NaN;
            if (n > 0) {
                Arrays.sort(recent, 0, n);
                // Nearest rank: the smallest sample with at least 95 % of the samples at or below it.
                p95 = recent[(int) Math.ceil(0.95 * n) - 1];
            }
            cached = new Snapshot(n, n == 0 ? Double.NaN : ewma, p95);
            cachedAt = nowMs;
            dirty = false;
            return cached;
        }
    }
}
