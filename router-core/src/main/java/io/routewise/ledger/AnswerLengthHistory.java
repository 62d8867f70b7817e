package io.routewise.ledger;

import io.routewise.policy.AnswerLengths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each model's mean output tokens over its last {@value #WINDOW} successful calls in the ledger, what routing
 * prices a candidate at ({@link AnswerLengths}). A model with fewer than {@value #MIN_CALLS} such calls is priced
 * at the median of the other models' means once {@value #MIN_MODELS} models have one (what an answer runs to in
 * this router's traffic, so a new model is neither starved nor favoured for want of history), else at the
 * configured length. Not at the mean over every call: one verbose model would raise it for all of them alike,
 * and keep the traffic it costs too much for.
 *
 * <p>Routing reads a snapshot (a map lookup per candidate); a background thread rebuilds it every
 * {@code refresh} from the most recent {@value #RECENT_ROWS} rows (a range on the primary key, so a large
 * ledger costs no more than a small one), and a ledger that cannot be read keeps the last snapshot.
 */
public final class AnswerLengthHistory implements AnswerLengths, AutoCloseable {

    /** Successful calls per model the mean is taken over: as many as a budget reservation's quantile reads. */
    public static final int WINDOW = OutputTokenEstimates.WINDOW;
    /** Fewer successful calls than this and a model has no mean of its own (nor a reservation estimate). */
    public static final int MIN_CALLS = OutputTokenEstimates.MIN_CALLS;
    /** Models with a mean of their own before their median stands in for the others. */
    public static final int MIN_MODELS = 3;
    /** How far back a refresh looks, in ledger rows of any model. */
    static final int RECENT_ROWS = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(AnswerLengthHistory.class);
    private static final String QUERY = "SELECT model, output_tokens FROM ledger_rows WHERE id > "
            + "(SELECT COALESCE(MAX(id), 0) FROM ledger_rows) - " + RECENT_ROWS
            + " AND " + OutputTokenEstimates.SUCCESSFUL + " AND output_tokens IS NOT NULL ORDER BY id DESC";

    /** A rebuilt view: each model's mean, and the median of those means for a model without one. */
    record Snapshot(Map<String, Integer> byModel, OptionalInt typical) {
        static final Snapshot EMPTY = new Snapshot(Map.of(), OptionalInt.empty());
    }

    private final Ledger ledger;
    private final ScheduledExecutorService refresher;
    private volatile Snapshot snapshot = Snapshot.EMPTY;

    private AnswerLengthHistory(Ledger ledger, ScheduledExecutorService refresher) {
        this.ledger = ledger;
        this.refresher = refresher;
    }

    /** A history read now and then every {@code refresh} on a daemon thread until {@link #close}. */
    public static AnswerLengthHistory start(Ledger ledger, Duration refresh) {
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "routewise-answer-lengths");
            t.setDaemon(true);
            return t;
        });
        AnswerLengthHistory history = new AnswerLengthHistory(ledger, refresher);
        refresher.scheduleWithFixedDelay(history::refresh, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
        return history;
    }

    /** A history read once, now, never refreshed by itself (tests, one-off tools). */
    static AnswerLengthHistory readOnce(Ledger ledger) {
        AnswerLengthHistory history = new AnswerLengthHistory(ledger, null);
        history.refresh();
        return history;
    }

    @Override
    public OptionalInt mean(String model) {
        Snapshot s = snapshot;
        Integer own = s.byModel().get(model);
        return own != null ? OptionalInt.of(own) : s.typical();
    }

    /** Rebuilds the snapshot from the ledger; keeps the last one when the ledger cannot be read. */
    void refresh() {
        try {
            snapshot = read();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("routing: cannot read answer lengths from the ledger ({}); keeping the last ones", e.getMessage());
        }
    }

    private Snapshot read() throws SQLException {
        Map<String, long[]> sums = new HashMap<>(); // model -> {calls, tokens}
        try (Connection c = ledger.connection(); PreparedStatement ps = c.prepareStatement(QUERY);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String model = rs.getString(1);
                int tokens = rs.getInt(2);
                if (model == null || tokens < 0) {
                    continue;
                }
                long[] sum = sums.computeIfAbsent(model, m -> new long[2]);
                if (sum[0] < WINDOW) {
                    sum[0]++;
                    sum[1] += tokens;
                }
            }
        }
        Map<String, Integer> byModel = new HashMap<>();
        sums.forEach((model, sum) -> {
            if (sum[0] >= MIN_CALLS) {
                byModel.put(model, mean(sum[0], sum[1]));
            }
        });
        return new Snapshot(Map.copyOf(byModel), median(byModel.values()));
    }

    /** The median (the lower middle value of an even count), or empty under {@link #MIN_MODELS} values. */
    static OptionalInt median(java.util.Collection<Integer> means) {
        if (means.size() < MIN_MODELS) {
            return OptionalInt.empty();
        }
        int[] sorted = means.stream().mapToInt(Integer::intValue).sorted().toArray();
        return OptionalInt.of(sorted[(sorted.length - 1) / 2]);
    }

    private static int mean(long calls, long tokens) {
        return (int) Math.max(1, Math.round((double) tokens / calls));
    }

    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }
}
