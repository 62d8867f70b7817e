package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.config.ConfigLoader;
import io.routewise.ledger.BudgetStore;
import io.routewise.ledger.BudgetTarget;
import io.routewise.ledger.Reservation;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code model: "auto"} when budgets at their cap exclude every model that could serve: 429, not 400. */
class AutoBudgetTest extends RouterTestBase {

    static final String CONFIG = """
            server: {port: 8080}
            providers:
              - {name: capped, kind: simulator, timeout_ms: 5000}
            models:
              - {id: priced, provider: capped, input_usd_per_1m: 10, output_usd_per_1m: 30, context_window: 32000,
                 max_output_tokens: 1024, capabilities: [streaming], tier: 2}
            budgets:
              - {scope: provider, name: capped, period: day, usd: 1.00}
            logging: {log_prompts: false}
            """;

    @BeforeAll
    static void startRouter() {
        router = RouterLauncher.start(TestLedgers.isolated(ConfigLoader.parse(CONFIG, "auto-budget.yaml")),
                new RouterLauncher.Options("127.0.0.1", 0, true), TestRoutingModel.classifier());
    }

    @Test
    void everyCandidateAtItsCapIsA429NamingTheBudget() {
        assertThat(post("/v1/chat/completions", chat("auto", "Before the money runs out")).statusCode()).isEqualTo(200);

        // Spend the rest of the day's budget.
        BudgetStore budgets = router.ledger().budgets();
        Reservation r = budgets.reserve(new BudgetTarget("capped", "priced", null), 0);
        budgets.reconcile(r, 2.0);

        HttpResponse<String> refused = post("/v1/chat/completions", chat("auto", "After the money ran out"));
        assertThat(refused.statusCode()).isEqualTo(429);
        JsonNode err = json(refused).get("error");
        assertThat(err.get("code").asText()).isEqualTo("budget_exceeded");
        assertThat(err.get("message").asText()).contains("budget provider 'capped'").contains("at the cap");

        // The cause is typed all the way out: in the decision, on the skipped attempt, and in the metrics.
        JsonNode decision = json(post("/v1/route", chat("auto", "Where would this go?")));
        assertThat(decision.get("model").isNull()).isTrue();
        assertThat(decision.get("set_aside").get(0).get("model").asText()).isEqualTo("priced");
        assertThat(decision.get("set_aside").get(0).get("cause").asText()).isEqualTo("budget_hard");
        assertThat(post("/v1/chat/completions", chat("priced", "By name, still over budget")).statusCode()).isEqualTo(429);
        String metrics = get("/metrics").body();
        assertThat(metrics).contains("routewise_decision_set_aside_total{cause=\"budget_hard\",model=\"priced\"}")
                .contains("routewise_skips_total{cause=\"budget_hard\",model=\"priced\",provider=\"capped\"}");
    }
}
