package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.ledger.ApiKeyIds;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the router writes to the ledger per upstream attempt, read back from its SQLite file. */
class LedgerRowsTest extends RouterTestBase {

    @Test
    void aStreamIsOneRowWithKeyIdTimeToFirstTokenAndCostButNoPromptWhenLoggingIsOff() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", streamingChat("oai-small", "Stream me a ledger row"),
                "Authorization", "Bearer sk-rows-test");
        assertThat(r.statusCode()).isEqualTo(200);
        List<Map<String, Object>> rows = rows(r.headers().firstValue("x-request-id").orElseThrow(), 1);
        Map<String, Object> row = rows.get(0);
        assertThat(row.get("api_key_id")).isEqualTo(ApiKeyIds.of("sk-rows-test"));
        assertThat(row.values()).doesNotContain("sk-rows-test");
        assertThat(row.get("provider")).isEqualTo("oai");
        assertThat(row.get("model")).isEqualTo("oai-small");
        assertThat(row.get("status")).isEqualTo("200");
        assertThat(((Number) row.get("stream")).intValue()).isEqualTo(1);
        assertThat(row.get("ttft_ms")).isNotNull();
        assertThat(((Number) row.get("cost_usd")).doubleValue()).isPositive();
        assertThat(((Number) row.get("output_tokens")).intValue()).isPositive();
        assertThat(row.get("messages")).isNull();
        assertThat(row.get("config_version")).isEqualTo(router.config().version());
    }

    @Test
    void failedAttemptsAreUnbilledRowsAndTheFallbackCarriesItsIndex() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", chat("always-500", "Fall back and record it"));
        assertThat(r.statusCode()).isEqualTo(200);
        String id = r.headers().firstValue("x-request-id").orElseThrow();
        List<Map<String, Object>> rows = rowsUntilSuccess(id);
        List<Map<String, Object>> failed = rows.stream().filter(x -> x.get("model").equals("always-500")).toList();
        assertThat(failed).isNotEmpty().allSatisfy(x -> {
            assertThat(x.get("status")).isNotEqualTo("200");
            assertThat(((Number) x.get("cost_usd")).doubleValue()).isZero();
            assertThat(((Number) x.get("fallback_index")).intValue()).isZero();
            assertThat(x.get("error")).isNotNull();
        });
        Map<String, Object> served = rows.get(rows.size() - 1);
        assertThat(served.get("status")).isEqualTo("200");
        assertThat(((Number) served.get("fallback_index")).intValue()).isPositive();
        assertThat(served.get("api_key_id")).isNull();
    }

    @Test
    void anAutoRequestRecordsItsDecision() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", chat("auto", "Route me and record why"));
        assertThat(r.statusCode()).isEqualTo(200);
        String id = r.headers().firstValue("x-request-id").orElseThrow();
        Map<String, Object> row = rows(id, 1).get(0);
        assertThat(row.get("decision_id")).isEqualTo(id);
        assertThat((String) row.get("classes")).contains("probabilities");
        assertThat(row.get("model_version")).isNotNull();
    }

    private static List<Map<String, Object>> rowsUntilSuccess(String requestId) throws Exception {
        for (int i = 0; i < 100; i++) {
            List<Map<String, Object>> rows = query(requestId);
            if (rows.stream().anyMatch(x -> "200".equals(x.get("status")))) {
                return rows;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no successful row for " + requestId);
    }

    private static List<Map<String, Object>> rows(String requestId, int atLeast) throws Exception {
        for (int i = 0; i < 100; i++) {
            List<Map<String, Object>> rows = query(requestId);
            if (rows.size() >= atLeast) {
                return rows;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fewer than " + atLeast + " ledger rows for " + requestId);
    }

    private static List<Map<String, Object>> query(String requestId) throws SQLException {
        try (Connection c = DriverManager.getConnection(router.config().ledger().url());
             PreparedStatement s = c.prepareStatement("SELECT * FROM ledger_rows WHERE request_id = ? ORDER BY id")) {
            s.setString(1, requestId);
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                    }
                    out.add(row);
                }
            }
            return out;
        }
    }
}
