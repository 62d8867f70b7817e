package io.routewise.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Side-by-side figures of the requests served under each of several config versions, from the ledger:
 * requests, error rate, fallbacks, p50/p95 latency of successful calls, cost per successful request and
 * the mix of models that answered. What {@code routewise config canary status} prints.
 */
public final class ConfigComparison {

    /**
     * One config version's figures.
     *
     * @param requests          distinct requests with at least one attempt under it
     * @param succeeded         of those, requests one of whose attempts answered
     * @param fallbackShare     requests answered by a model after the first (fallback index > 0), of the succeeded
     * @param p50LatencyMs      median latency of the answering attempts
     * @param p95LatencyMs      95th percentile of the same
     * @param costPerSuccessUsd every attempt's cost over the succeeded requests
     * @param servedBy          answering attempts per model
     */
    public record Figures(String configVersion, long requests, long succeeded, double fallbackShare, Long p50LatencyMs,
                          Long p95LatencyMs, double costPerSuccessUsd, Map<String, Long> servedBy) {

        public double errorRate() {
            return requests == 0 ? 0 : 1.0 - (double) succeeded / requests;
        }
    }

    private final Ledger ledger;

    public ConfigComparison(Ledger ledger) {
        this.ledger = ledger;
    }

    /** The figures of {@code version} over the rows written since {@code since}. */
    public Figures figures(String version, Instant since) {
        Map<String, Boolean> answered = new HashMap<>();
        Map<String, Long> servedBy = new TreeMap<>();
        List<Long> latencies = new ArrayList<>();
        long fallbacks = 0;
        double cost = 0;
        try (Connection c = ledger.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT request_id, status, model, latency_ms, cost_usd, fallback_index FROM ledger_rows "
                        + "WHERE config_version = ? AND ts >= ?")) {
            s.setString(1, version);
            s.setLong(2, since.toEpochMilli());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String request = r.getString(1);
                    boolean ok = "200".equals(r.getString(2));
                    answered.merge(request, ok, Boolean::logicalOr);
                    cost += r.getDouble(5);
                    if (ok) {
                        servedBy.merge(r.getString(3), 1L, Long::sum);
                        latencies.add(r.getLong(4));
                        if (r.getInt(6) > 0) {
                            fallbacks++;
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot read the ledger for config " + version + ": " + e.getMessage(), e);
        }
        long succeeded = answered.values().stream().filter(Boolean::booleanValue).count();
        Collections.sort(latencies);
        return new Figures(version, answered.size(), succeeded, succeeded == 0 ? 0 : (double) fallbacks / succeeded,
                quantile(latencies, 0.5), quantile(latencies, 0.95), succeeded == 0 ? 0 : cost / succeeded, servedBy);
    }

    private static Long quantile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return null;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
