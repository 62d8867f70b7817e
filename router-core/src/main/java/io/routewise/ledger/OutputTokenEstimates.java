package io.routewise.ledger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long a model's answers are, from the ledger: the 95th percentile of the output tokens of its last
 * {@value #WINDOW} successful calls, what a budget reservation assumes a call will produce instead of the
 * model's full output limit. Kept per model and re-read after {@code refresh}; a model with fewer than
 * {@value #MIN_CALLS} successful calls has no estimate (the caller falls back to the limit) and is looked at
 * again after half a second, so a new model's estimate arrives with its tenth call. Every
 * replica on a shared ledger reads the same history.
 */
public final class OutputTokenEstimates {

    /** Successful calls per model the quantile is taken over. */
    public static final int WINDOW = 500;
    /** Fewer successful calls than this and the model has no estimate. */
    public static final int MIN_CALLS = 10;
    /** The quantile reserved. */
    public static final double QUANTILE = 0.95;

    private static final Logger LOG = LoggerFactory.getLogger(OutputTokenEstimates.class);
    /** The ledger rows of calls that answered (what both answer-length readings count). */
    static final String SUCCESSFUL = "error IS NULL AND status LIKE '2%'";
    private static final String QUERY = "SELECT output_tokens FROM ledger_rows WHERE model = ? AND " + SUCCESSFUL
            + " ORDER BY id DESC LIMIT " + WINDOW;

    private final Ledger ledger;
    private final Cache<String, OptionalInt> cache;

    /** How soon a model without enough history is looked at again (its first calls are being recorded). */
    static final Duration RETRY_EMPTY = Duration.ofMillis(500);

    public OutputTokenEstimates(Ledger ledger, Duration refresh) {
        this.ledger = ledger;
        this.cache = Caffeine.newBuilder().maximumSize(10_000)
                .expireAfter(new com.github.benmanes.caffeine.cache.Expiry<String, OptionalInt>() {
                    @Override
                    public long expireAfterCreate(String model, OptionalInt value, long now) {
                        return (value.isPresent() ? refresh : RETRY_EMPTY).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String model, OptionalInt value, long now, long current) {
                        return expireAfterCreate(model, value, now);
                    }

                    @Override
                    public long expireAfterRead(String model, OptionalInt value, long now, long current) {
                        return current;
                    }
                }).build();
    }

    /**
     * The model's p95 output tokens; with too little history of its own, the p95 over every model's last
     * calls (a model new to a busy router answers like its peers more than like its output limit); empty
     * when the ledger has too little of either, or cannot be read.
     */
    public OptionalInt p95(String model) {
        OptionalInt own = cache.get(model, this::read);
        return own.isPresent() ? own : cache.get(ANY_MODEL, this::read);
    }

    /** Whether the model has enough history of its own (as of the cached read). */
    public boolean hasOwn(String model) {
        return cache.get(model, this::read).isPresent();
    }

    /** Forgets what was read for the model and for every model together: the next look reads the ledger. */
    public void forget(String model) {
        cache.invalidate(model);
        cache.invalidate(ANY_MODEL);
    }

    /** The cache key of the history of every model together: a new model's first estimate. */
    private static final String ANY_MODEL = "\u0000any";
    private static final String QUERY_ANY = "SELECT output_tokens FROM ledger_rows WHERE " + SUCCESSFUL
            + " ORDER BY id DESC LIMIT " + WINDOW;

    private OptionalInt read(String model) {
        int[] tokens = new int[WINDOW];
        int n = 0;
        boolean any = ANY_MODEL.equals(model);
        try (Connection c = ledger.connection(); PreparedStatement ps = c.prepareStatement(any ? QUERY_ANY : QUERY)) {
            if (!any) {
                ps.setString(1, model);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && n < WINDOW) {
                    tokens[n++] = rs.getInt(1);
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("budgets: cannot read output-token history of {} ({}); reserving its output limit", model,
                    e.getMessage());
            return OptionalInt.empty();
        }
        return quantile(Arrays.copyOf(tokens, n));
    }

    /** The {@link #QUANTILE} of the values (nearest rank, rounded up), or empty under {@link #MIN_CALLS}. */
    static OptionalInt quantile(int[] values) {
        if (values.length < MIN_CALLS) {
            return OptionalInt.empty();
        }
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(QUANTILE * sorted.length);
        return OptionalInt.of(Math.max(1, sorted[Math.max(0, rank - 1)]));
    }
}
