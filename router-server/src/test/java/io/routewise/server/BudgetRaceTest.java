package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.config.ConfigLoader;
import io.routewise.config.LedgerConfig;
import io.routewise.config.RoutewiseConfig;
import io.routewise.ledger.Ledger;
import io.routewise.ledger.SpendQuery;
import io.routewise.testing.RequiresPostgres;
import io.routewise.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Two router processes sharing one PostgreSQL ledger race 500 concurrent requests against a small
 * daily USD cap on one provider. The recorded spend may pass the cap by at most one request's
 * estimated cost.
 */
@RequiresPostgres
class BudgetRaceTest {

    static final double CAP_USD = 0.25;
    static final int MAX_TOKENS = 100;
    static final String CONFIG = """
            server: {port: 8080}
            providers:
              - {name: capped, kind: simulator, timeout_ms: 5000}
            models:
              - {id: priced, provider: capped, input_usd_per_1m: 10, output_usd_per_1m: 30, context_window: 32000,
                 max_output_tokens: 1024, capabilities: [streaming], tier: 2}
            budgets:
              - {scope: provider, name: capped, period: day, usd: %s}
            logging: {log_prompts: false}
            """;

    @Test
    void twoRoutersOnOneDatabaseOverspendACapByAtMostOneRequestsEstimate() throws Exception {
        try (TestPostgres.Schema schema = TestPostgres.newSchema()) {
            RoutewiseConfig config = ConfigLoader.parse(String.format(Locale.ROOT, CONFIG, CAP_USD), "budget-race.yaml");
            config = config.withLedger(config.ledger().withUrl(schema.url()));
            double estimate = io.routewise.ledger.CostCalculator.estimateUsd(config.models().get(0),
                    new io.routewise.chat.ChatRequest("priced", List.of(io.routewise.chat.Message.text(
                            io.routewise.chat.Role.USER, "Race for the budget, request 000")), null, null, null, null,
                            null, MAX_TOKENS, null, null, null, false, false, null, null));
            int ok = 0;
            int budget429 = 0;
            int other = 0;
            // One after the other: on a fresh machine the first start fills the native-library and
            // model caches, which two starting processes would race to write.
            Process a = RouterProcesses.start(BudgetRaceChild.class, schema.url());
            Process b = null;
            try {
                int portA = RouterProcesses.port(a);
                b = RouterProcesses.start(BudgetRaceChild.class, schema.url());
                BudgetTraffic.Counts counts = BudgetTraffic.send(List.of("http://127.0.0.1:" + portA,
                        "http://127.0.0.1:" + RouterProcesses.port(b)), 1, 500, i -> String.format(Locale.ROOT,
                        "{\"model\":\"priced\",\"max_tokens\":%d,\"messages\":[{\"role\":\"user\",\"content\":"
                                + "\"Race for the budget, request %03d\"}]}", MAX_TOKENS, i));
                ok = counts.ok();
                budget429 = counts.refused();
                other = counts.other().size();
                // SIGTERM: each router's shutdown hook drains its ledger writer before the process exits.
                BudgetTraffic.stopGracefully(a, b);
            } finally {
                BudgetTraffic.kill(a, b);
            }
            double spent;
            long requests;
            try (Ledger ledger = Ledger.open(new LedgerConfig(schema.url()))) {
                SpendQuery.SpendRow row = BudgetTraffic.providerSpend(ledger);
                spent = row.costUsd();
                requests = row.requests();
            }
            String summary = String.format(Locale.ROOT,
                    "budget race: 2 router processes, one PostgreSQL ledger, 500 concurrent requests, cap $%.4f on provider "
                            + "'capped': %d answered, %d refused (budget_exceeded), %d other; recorded spend $%.6f over "
                            + "%d requests = %.2f %% of the cap, overspend $%.6f (bound: one request's estimate $%.6f)",
                    CAP_USD, ok, budget429, other, spent, requests, 100 * spent / CAP_USD,
                    Math.max(0, spent - CAP_USD), estimate);
            System.out.println(summary);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "budget-race-summary.txt"), summary + "\n");

            assertThat(ok + budget429 + other).isEqualTo(500);
            assertThat(budget429).as(summary).isPositive();
            assertThat(requests).isEqualTo(ok);
            assertThat(spent).as(summary).isLessThanOrEqualTo(CAP_USD + estimate);
        }
    }
}
