package io.routewise.ledger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/** Test rows and read-backs. */
final class Rows {

    private Rows() {
    }

    static LedgerRow.Builder row(String requestId) {
        return LedgerRow.builder().requestId(requestId).ts(Instant.parse("2026-11-20T10:00:00Z"))
                .provider("openai").model("gpt-4o-mini").inputTokens(100).outputTokens(20).costUsd(0.001)
                .latencyMs(350).status("200").pool("interactive").configVersion("abc123def456");
    }

    static long count(Ledger ledger, String table) {
        return longQuery(ledger, "SELECT COUNT(*) FROM " + table);
    }

    static long longQuery(Ledger ledger, String sql) {
        try (Connection c = ledger.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String textQuery(Ledger ledger, String sql) {
        try (Connection c = ledger.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
