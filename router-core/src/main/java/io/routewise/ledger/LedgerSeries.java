package io.routewise.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger over time, for the dashboard: spend per time bucket and group, each model's cost per
 * successful request, and the rows of {@code auto} requests (what the router chose, what it cost).
 * The same SQL runs on SQLite and PostgreSQL ({@code ts} is epoch milliseconds in both).
 */
public final class LedgerSeries {

    /**
     * Spend in one time bucket for one group.
     *
     * @param bucketStart the bucket's start
     * @param group       the provider, model or key id (null: calls without a key)
     * @param costUsd     cost of every attempt in the bucket
     * @param requests    distinct client requests
     */
    public record Point(Instant bucketStart, String group, double costUsd, long requests) {
    }

    /**
     * A model's cost per successful request.
     *
     * @param model     the model
     * @param costUsd   cost of every attempt on it (failed ones that were billed included)
     * @param attempts  attempts on it
     * @param successes attempts on it that answered
     */
    public record ModelCost(String model, double costUsd, long attempts, long successes) {
        /** Cost per successful request, or null when none succeeded. */
        public Double perSuccess() {
            return successes == 0 ? null : costUsd / successes;
        }
    }

    /**
     * One attempt of an {@code auto} request.
     *
     * @param at        when it was recorded
     * @param requestId the request
     * @param model     the model called
     * @param ok        whether it answered
     * @param classes   the classifier's view as JSON ({@code {"top": ..., "probabilities": {...}}}), or null
     */
    public record AutoRow(Instant at, String requestId, String model, boolean ok, long inputTokens, long outputTokens,
                          double costUsd, String classes) {
    }

    private final Ledger ledger;

    public LedgerSeries(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Spend per bucket of {@code bucketMillis} and per group, oldest bucket first, in {@code [since, until)}. */
    public List<Point> spend(SpendQuery.GroupBy groupBy, long bucketMillis, Instant since, Instant until) {
        if (bucketMillis < 1) {
            throw new IllegalArgumentException("bucket must be at least 1 ms");
        }
        String column = groupBy.column();
        // GROUP BY by position: PostgreSQL does not see two bound parameters as the same expression.
        String sql = "SELECT (ts / ?) * ? AS bucket, " + column + ", SUM(cost_usd), COUNT(DISTINCT request_id) "
                + "FROM ledger_rows WHERE ts >= ? AND ts < ? GROUP BY 1, 2 ORDER BY 1, 2";
        List<Point> out = new ArrayList<>();
        try (Connection c = ledger.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, bucketMillis);
            ps.setLong(2, bucketMillis);
            bindRange(ps, 3, since, until);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Point(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getDouble(3), rs.getLong(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new LedgerException("cannot query spend over time: " + e.getMessage(), e);
        }
    }

    /** Per model, its cost and how many of its attempts answered, in {@code [since, until)}; most expensive first. */
    public List<ModelCost> costPerSuccess(Instant since, Instant until) {
        String sql = "SELECT model, SUM(cost_usd), COUNT(*), SUM(CASE WHEN error IS NULL AND status LIKE '2%' THEN 1 ELSE 0 END) "
                + "FROM ledger_rows WHERE ts >= ? AND ts < ? GROUP BY model ORDER BY SUM(cost_usd) DESC, model";
        List<ModelCost> out = new ArrayList<>();
        try (Connection c = ledger.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bindRange(ps, 1, since, until);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ModelCost(rs.getString(1), rs.getDouble(2), rs.getLong(3), rs.getLong(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new LedgerException("cannot query cost per success: " + e.getMessage(), e);
        }
    }

    /** The attempts of requests the router routed ({@code decision_id} set), oldest first, at most {@code limit}. */
    public List<AutoRow> autoRows(Instant since, Instant until, int limit) {
        String sql = "SELECT ts, request_id, model, CASE WHEN error IS NULL AND status LIKE '2%' THEN 1 ELSE 0 END, "
                + "input_tokens, output_tokens, cost_usd, classes FROM ledger_rows "
                + "WHERE decision_id IS NOT NULL AND ts >= ? AND ts < ? ORDER BY ts DESC, id DESC LIMIT ?";
        List<AutoRow> out = new ArrayList<>();
        try (Connection c = ledger.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bindRange(ps, 1, since, until);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AutoRow(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3),
                            rs.getInt(4) == 1, rs.getLong(5), rs.getLong(6), rs.getDouble(7), rs.getString(8)));
                }
            }
            java.util.Collections.reverse(out);
            return out;
        } catch (SQLException e) {
            throw new LedgerException("cannot query routed requests: " + e.getMessage(), e);
        }
    }

    private static void bindRange(PreparedStatement ps, int from, Instant since, Instant until) throws SQLException {
        ps.setLong(from, since == null ? Long.MIN_VALUE : since.toEpochMilli());
        ps.setLong(from + 1, until == null ? Long.MAX_VALUE : until.toEpochMilli());
    }
}
