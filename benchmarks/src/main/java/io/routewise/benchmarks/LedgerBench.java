package io.routewise.benchmarks;

import io.routewise.config.BudgetConfig;
import io.routewise.config.LedgerConfig;
import io.routewise.ledger.AsyncLedgerWriter;
import io.routewise.ledger.BudgetExceededException;
import io.routewise.ledger.BudgetStore;
import io.routewise.ledger.BudgetTarget;
import io.routewise.ledger.Ledger;
import io.routewise.ledger.LedgerRow;
import io.routewise.ledger.Reservation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ledger figures for docs/ledger.md (scripts/bench-ledger): the cost of {@code submit} on the request
 * path, batch-insert throughput, rows waiting at a steady rate (what a hard kill loses), and budget
 * reserve+reconcile throughput. Arguments: JDBC URLs to measure (default: a SQLite file in a temp folder).
 */
public final class LedgerBench {

    private LedgerBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> urls = new ArrayList<>(Arrays.asList(args));
        Path tmp = null;
        if (urls.isEmpty()) {
            tmp = Files.createTempDirectory("ledger-bench");
            urls.add("jdbc:sqlite:" + tmp.resolve("bench.db"));
        }
        for (String url : urls) {
            try (Ledger ledger = Ledger.open(new LedgerConfig(url))) {
                System.out.println("== " + ledger.dialect());
                insertThroughput(ledger);
                steadyState(ledger, 2_000);
                steadyState(ledger, 10_000);
                budgets(ledger);
            }
        }
        if (tmp != null) {
            try (var files = Files.walk(tmp)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static LedgerRow row(long i) {
        return LedgerRow.builder().requestId("bench-" + i).ts(Instant.now()).apiKeyId("key_bench").provider("sim")
                .model("sim-small").inputTokens(120).outputTokens(80).costUsd(0.00012).latencyMs(420).ttftMs(90L)
                .status("200").decisionId("d-" + i).classes("{\"top\":\"code\",\"probabilities\":{\"code\":0.8}}")
                .configVersion("abcdef123456").modelVersion("m1").pool("interactive").build();
    }

    private static void insertThroughput(Ledger ledger) {
        int batches = 40;
        long start = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            List<LedgerRow> rows = new ArrayList<>(500);
            for (int i = 0; i < 500; i++) {
                rows.add(row((long) b * 500 + i));
            }
            ledger.insert(rows);
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "batch insert: %d rows in batches of 500: %.0f rows/s (%.1f ms per batch)%n",
                batches * 500, batches * 500 / s, s * 1000 / batches);
    }

    /** Submits at {@code rate} rows/s for 3 s with the default settings; samples the rows not yet durable. */
    private static void steadyState(Ledger ledger, int rate) throws InterruptedException {
        AsyncLedgerWriter w = AsyncLedgerWriter.start(ledger);
        long[] submitNanos = new long[rate * 3];
        long maxPending = 0;
        long sumPending = 0;
        int samples = 0;
        long start = System.nanoTime();
        for (int i = 0; i < submitNanos.length; i++) {
            long due = start + (long) (i * 1e9 / rate);
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            LedgerRow r = row(i);
            long t0 = System.nanoTime();
            w.submit(r);
            submitNanos[i] = System.nanoTime() - t0;
            if (i % 100 == 0) {
                long pending = (i + 1) - w.writtenRows() - w.droppedRows();
                maxPending = Math.max(maxPending, pending);
                sumPending += pending;
                samples++;
            }
        }
        w.close();
        Arrays.sort(submitNanos);
        System.out.printf(Locale.ROOT, "steady %d rows/s for 3 s: submit p50 %.1f µs, p99 %.1f µs, max %.1f µs; "
                        + "rows not yet written: mean %d, max %d (≈ %.0f ms of traffic); dropped %d%n",
                rate, submitNanos[submitNanos.length / 2] / 1e3, submitNanos[submitNanos.length * 99 / 100] / 1e3,
                submitNanos[submitNanos.length - 1] / 1e3, sumPending / samples, maxPending,
                maxPending * 1000.0 / rate, w.droppedRows());
    }

    private static void budgets(Ledger ledger) throws Exception {
        BudgetConfig cap = new BudgetConfig("model", "sim-small", "day", 1_000_000.0);
        BudgetStore store = new BudgetStore(ledger, List.of(cap), Duration.ofMinutes(10), Clock.systemUTC());
        int threads = 4;
        int each = 500;
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    try {
                        Reservation r = store.reserve(new BudgetTarget("sim", "sim-small", null), 0.001);
                        store.reconcile(r, 0.0008);
                        done.incrementAndGet();
                    } catch (BudgetExceededException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "budgets: %d reserve+reconcile pairs from %d threads: %.0f pairs/s "
                + "(%.2f ms each)%n", done.get(), threads, done.get() / s, s * 1000 * threads / done.get());
    }
}
