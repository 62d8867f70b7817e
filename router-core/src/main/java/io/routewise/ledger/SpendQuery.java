package io.routewise.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Spend and request counts from the ledger, grouped by provider, model or API key (for {@code GET /v1/spend}). */
public final class SpendQuery {

    /** What rows are grouped by; {@code KEY} groups by the caller's key id. */
    public enum GroupBy {
        PROVIDER("provider"), MODEL("model"), KEY("api_key_id");

        private final String column;

        GroupBy(String column) {
            this.column = column;
        }

        /** The ledger column grouped on. */
        String column() {
            return column;
        }

        /** {@code provider}, {@code model} or {@code key}, as the API spells it. */
        public static GroupBy parse(String text) {
            for (GroupBy g : values()) {
                if (g.name().toLowerCase(Locale.ROOT).equals(text)) {
                    return g;
                }
            }
            throw new IllegalArgumentException("group_by must be provider, model or key (got '" + text + "')");
        }
    }

    /**
     * One group.
     *
     * @param group         the provider, model or key id (null for calls without a key)
     * @param requests      distinct client requests
     * @param attempts      upstream attempts (fallbacks and retries count separately)
     * @param costUsd       total cost
     * @param estimatedRows attempts whose cost was estimated (no usage reported)
     */
    public record SpendRow(String group, long requests, long attempts, double costUsd, long inputTokens,
                           long outputTokens, long estimatedRows) {
    }

    private final Ledger ledger;

    public SpendQuery(Ledger ledger) {
        this.ledger = ledger;
    }

    /**
     * Spend between {@code since} (inclusive) and {@code until} (exclusive); either may be null for no bound.
     * Most expensive group first.
     */
    public List<SpendRow> spend(GroupBy groupBy, Instant since, Instant until) {
        return spend(groupBy, since, until, null);
    }

    /** {@link #spend(GroupBy, Instant, Instant)} of one caller only ({@code apiKeyId}), or of all when null. */
    public List<SpendRow> spend(GroupBy groupBy, Instant since, Instant until, String apiKeyId) {
        String sql = "SELECT " + groupBy.column + ", COUNT(DISTINCT request_id), COUNT(*), SUM(cost_usd), "
                + "SUM(input_tokens), SUM(output_tokens), SUM(CASE WHEN cost_estimated THEN 1 ELSE 0 END) "
                + "FROM ledger_rows WHERE ts >= ? AND ts < ?" + (apiKeyId == null ? "" : " AND api_key_id = ?")
                + " GROUP BY " + groupBy.column
                + " ORDER BY SUM(cost_usd) DESC, " + groupBy.column;
        try (Connection c = ledger.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, since == null ? Long.MIN_VALUE : since.toEpochMilli());
            ps.setLong(2, until == null ? Long.MAX_VALUE : until.toEpochMilli());
            if (apiKeyId != null) {
                ps.setString(3, apiKeyId);
            }
            List<SpendRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SpendRow(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new LedgerException("cannot query spend: " + e.getMessage(), e);
        }
    }
}
