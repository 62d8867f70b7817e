package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.config.LedgerConfig;
import io.routewise.json.Json;
import io.routewise.ledger.Ledger;
import io.routewise.ledger.SpendQuery;
import io.routewise.testing.RequiresPostgres;
import io.routewise.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's scenario: two router processes on one PostgreSQL ledger, a $0.05 monthly cap on a provider
 * whose model costs $10/$30 per 1M tokens with a 4,096-token output limit, 500 requests in waves of 50
 * concurrent callers. Reserving each call's worst case refused almost everyone while most of the money was
 * left; with typical reservations (the model's p95 output from the ledger) and a short wait for calls in
 * flight, the budget is spent to the cap: at least 90 % of it, overspend at most one request's cost, every
 * refusal a 429 {@code budget_exceeded}, no 5xx. Plain, streamed, and with {@code max_tokens}; the figures go
 * to {@code target/budget-to-the-cap-summary.txt}.
 */
@RequiresPostgres
class BudgetToTheCapTest {

    static final double CAP_USD = 0.05;
    static final String CONFIG = """
            server: {port: 8080}
            providers:
              - {name: capped, kind: simulator, timeout_ms: 10000, retry: {max_attempts: 1}}
            models:
              - {id: priced, provider: capped, input_usd_per_1m: 10, output_usd_per_1m: 30, context_window: 32000,
                 max_output_tokens: 4096, capabilities: [streaming], tier: 2, simulate: {ttft_ms: 40, tokens_per_s: 2000}}
            budgets:
              - {scope: provider, name: capped, period: month, usd: %s}
            routing:
              health: {enabled: false}
            logging: {log_prompts: false}
            """;

    private static final StringBuilder SUMMARY = new StringBuilder();

    @Test
    void plainRequestsSpendTheCap() throws Exception {
        scenario("plain", false, null);
    }

    @Test
    void streamedRequestsSpendTheCap() throws Exception {
        scenario("streamed", true, null);
    }

    @Test
    void requestsWithMaxTokensSpendTheCap() throws Exception {
        scenario("max_tokens 300", false, 300);
    }

    private void scenario(String name, boolean stream, Integer maxTokens) throws Exception {
        try (TestPostgres.Schema schema = TestPostgres.newSchema()) {
            Path config = Files.createTempFile("budget-to-the-cap", ".yaml");
            Files.writeString(config, String.format(Locale.ROOT, CONFIG, CAP_USD));
            int ok = 0;
            int budget429 = 0;
            int other = 0;
            List<String> others = new ArrayList<>();
            Process a = RouterProcesses.start(BudgetCapChild.class, config.toString(), schema.url());
            Process b = null;
            JsonNode spendAfter;
            String metrics;
            try {
                int portA = RouterProcesses.port(a);
                b = RouterProcesses.start(BudgetCapChild.class, config.toString(), schema.url());
                int[] ports = {portA, RouterProcesses.port(b)};
                BudgetTraffic.Counts counts = BudgetTraffic.send(List.of("http://127.0.0.1:" + ports[0],
                        "http://127.0.0.1:" + ports[1]), 10, 50, n -> String.format(Locale.ROOT, "{\"model\":\"priced\","
                                + "%s%s\"messages\":[{\"role\":\"user\",\"content\":\"Spend the budget, request %03d\"}]}",
                        stream ? "\"stream\":true," : "", maxTokens == null ? "" : "\"max_tokens\":" + maxTokens + ",", n));
                ok = counts.ok();
                budget429 = counts.refused();
                other = counts.other().size();
                others.addAll(counts.other());
                HttpResponse<String> spend = RouterTestBase.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + ports[0] + "/v1/spend")).GET().build());
                spendAfter = Json.MAPPER.readTree(spend.body());
                metrics = RouterTestBase.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[0]
                        + "/metrics")).GET().build()).body();
                BudgetTraffic.stopGracefully(a, b);
            } finally {
                BudgetTraffic.kill(a, b);
            }
            double spent;
            long requests;
            double maxCall;
            try (Ledger ledger = Ledger.open(new LedgerConfig(schema.url()))) {
                SpendQuery.SpendRow row = BudgetTraffic.providerSpend(ledger);
                spent = row.costUsd();
                requests = row.requests();
                maxCall = BudgetTraffic.mostOneCallCost(ledger); // the most a single answered request cost
            }
            String waits = waitQuantiles(metrics);
            String line = String.format(Locale.ROOT, "%s: %d answered, %d refused (budget_exceeded), %d other; spent $%.6f "
                            + "of $%.2f = %.1f %% of the cap, overspend $%.6f (most one request cost: $%.6f); %s",
                    name, ok, budget429, other, spent, CAP_USD, 100 * spent / CAP_USD, Math.max(0, spent - CAP_USD),
                    maxCall, waits);
            System.out.println("budget to the cap: " + line);
            SUMMARY.append(line).append('\n');
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "budget-to-the-cap-summary.txt"), "Two routers, one PostgreSQL ledger, "
                    + "$0.05 monthly cap, $10/$30 per 1M tokens, 4,096-token limit, 500 requests in waves of 50:\n" + SUMMARY);

            assertThat(other).as("non-budget failures: %s", others).isZero();
            assertThat(ok + budget429).isEqualTo(500);
            assertThat(requests).isEqualTo(ok);
            assertThat(spent).as(line).isGreaterThanOrEqualTo(0.9 * CAP_USD);
            assertThat(spent).as(line).isLessThanOrEqualTo(CAP_USD + maxCall);
            JsonNode budget = spendAfter.path("budgets").get(0);
            assertThat(budget.path("name").asText()).isEqualTo("capped");
            assertThat(budget.path("cap_usd").asDouble()).isEqualTo(CAP_USD);
            assertThat(metrics).contains("routewise_budget_spent_usd{name=\"capped\"")
                    .contains("routewise_budget_wait_seconds_count{outcome=\"admitted\"");
        }
    }

    /** p50 / p99 of the admitted waits from one router's wait histogram. */
    private static String waitQuantiles(String metrics) {
        List<double[]> buckets = new ArrayList<>();
        double count = 0;
        for (String l : metrics.split("\n")) {
            if (l.startsWith("routewise_budget_wait_seconds_bucket{") && l.contains("outcome=\"admitted\"")) {
                String le = l.substring(l.indexOf("le=\"") + 4, l.indexOf('"', l.indexOf("le=\"") + 4));
                double v = Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
                buckets.add(new double[] {le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), v});
            } else if (l.startsWith("routewise_budget_wait_seconds_count{") && l.contains("outcome=\"admitted\"")) {
                count = Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
            }
        }
        return String.format(Locale.ROOT, "one router's admitted waits: %.0f, p50 <= %s s, p99 <= %s s", count,
                bound(buckets, 0.5 * count), bound(buckets, 0.99 * count));
    }

    private static String bound(List<double[]> buckets, double rank) {
        for (double[] b : buckets) {
            if (b[1] >= rank && rank > 0) {
                return String.format(Locale.ROOT, "%.3f", b[0]);
            }
        }
        return "-";
    }
}
