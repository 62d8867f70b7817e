package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.config.ConfigLoader;
import io.routewise.config.RoutewiseConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ledger through HTTP: spend per provider, model and key after real requests, feedback
 * validation, and a budget that refuses every candidate answering 429 {@code budget_exceeded}.
 */
class LedgerEndpointsTest extends RouterTestBase {

    /** The simulator provider {@code sim} may spend a millionth of a dollar a day: nothing fits. */
    static final String BUDGETS = "\nbudgets:\n  - {scope: provider, name: sim, period: day, usd: 0.000001}\n";

    @BeforeAll
    static void startRouter() {
        router = RouterLauncher.start(budgetConfig(), new RouterLauncher.Options("127.0.0.1", 0, false),
                TestRoutingModel.classifier());
    }

    static RoutewiseConfig budgetConfig() {
        try (InputStream in = RouterTestBase.class.getResourceAsStream("/test-routewise.yaml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8) + BUDGETS;
            return TestLedgers.isolated(ConfigLoader.parse(yaml, "test-routewise.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void spendGroupsRecordedAttemptsByProviderModelAndKeyIdNeverTheKey() throws Exception {
        String secret = "sk-test-ledger-endpoints-secret";
        for (String model : new String[] {"oai-small", "oai-small", "gem-small"}) {
            HttpResponse<String> r = post("/v1/chat/completions", chat(model, "What is a ledger?"),
                    "Authorization", "Bearer " + secret);
            assertThat(r.statusCode()).isEqualTo(200);
        }
        JsonNode byProvider = waitForRequests("provider", 3);
        Map<String, JsonNode> groups = groups(byProvider);
        assertThat(groups.get("oai").get("requests").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(groups.get("gem").get("requests").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(groups.get("oai").get("cost_usd").asDouble()).isPositive();

        Map<String, JsonNode> byModel = groups(json(get("/v1/spend?group_by=model")));
        assertThat(byModel).containsKeys("oai-small", "gem-small");

        HttpResponse<String> byKey = get("/v1/spend?group_by=key&since=2000-01-01");
        assertThat(byKey.statusCode()).isEqualTo(200);
        assertThat(byKey.body()).doesNotContain(secret);
        assertThat(groups(json(byKey)).keySet()).anyMatch(k -> k.startsWith("key_"));

        // A window in the past holds nothing.
        JsonNode past = json(get("/v1/spend?group_by=provider&until=2000-01-01T00:00:00Z"));
        assertThat(past.get("data")).isEmpty();
    }

    @Test
    void spendRejectsAnUnknownGroupingOrABadTimeNamingTheParameter() {
        HttpResponse<String> badGroup = get("/v1/spend?group_by=colour");
        assertThat(badGroup.statusCode()).isEqualTo(400);
        assertThat(json(badGroup).at("/error/param").asText()).isEqualTo("group_by");

        HttpResponse<String> badSince = get("/v1/spend?since=yesterday");
        assertThat(badSince.statusCode()).isEqualTo(400);
        assertThat(json(badSince).at("/error/param").asText()).isEqualTo("since");
        assertThat(json(badSince).at("/error/message").asText()).contains("yesterday");

        assertThat(get("/v1/spend?until=2026-13-40").statusCode()).isEqualTo(400);

        // Extreme dates parse but would overflow epoch milliseconds: a 400 naming the parameter, not a 500.
        HttpResponse<String> farFuture = get("/v1/spend?since=%2B1000000000-01-01T00:00:00Z");
        assertThat(farFuture.statusCode()).isEqualTo(400);
        assertThat(json(farFuture).at("/error/param").asText()).isEqualTo("since");
        HttpResponse<String> farPast = get("/v1/spend?until=-999999999-01-01");
        assertThat(farPast.statusCode()).isEqualTo(400);
        assertThat(json(farPast).at("/error/param").asText()).isEqualTo("until");
        assertThat(json(farPast).at("/error/message").asText()).contains("between the years 0 and 9999");
        // A huge value is not echoed whole.
        HttpResponse<String> huge = get("/v1/spend?since=" + "9".repeat(5000));
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(json(huge).at("/error/message").asText().length()).isLessThan(300);
    }

    @Test
    void feedbackIsAcceptedRightAfterTheAnswerAndValidated() {
        HttpResponse<String> answer = post("/v1/chat/completions", chat("oai-small", "Rate me"));
        String id = answer.headers().firstValue("x-request-id").orElseThrow();

        // Sent at once: the row may still be in the writer's queue, which counts as known.
        assertThat(post("/v1/feedback", "{\"request_id\":\"" + id + "\",\"score\":0.9}").statusCode()).isEqualTo(204);

        HttpResponse<String> badScore = post("/v1/feedback", "{\"request_id\":\"" + id + "\",\"score\":2}");
        assertThat(badScore.statusCode()).isEqualTo(400);
        assertThat(json(badScore).at("/error/param").asText()).isEqualTo("score");

        HttpResponse<String> noScore = post("/v1/feedback", "{\"request_id\":\"" + id + "\",\"score\":\"good\"}");
        assertThat(noScore.statusCode()).isEqualTo(400);

        HttpResponse<String> noId = post("/v1/feedback", "{\"score\":1}");
        assertThat(noId.statusCode()).isEqualTo(400);
        assertThat(json(noId).at("/error/param").asText()).isEqualTo("request_id");

        HttpResponse<String> unknown = post("/v1/feedback", "{\"request_id\":\"no-such-request\",\"score\":1}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).at("/error/code").asText()).isEqualTo("unknown_request");
    }

    @Test
    void everyCandidateOverBudgetIsA429NamingTheBudget() {
        HttpResponse<String> r = post("/v1/chat/completions", chat("text-only", "Too expensive"));
        assertThat(r.statusCode()).isEqualTo(429);
        JsonNode err = json(r).get("error");
        assertThat(err.get("code").asText()).isEqualTo("budget_exceeded");
        assertThat(err.get("message").asText()).contains("budget provider 'sim'");
    }

    @Test
    void aCandidateOverBudgetIsSkippedForTheNextOne() {
        // always-500 (provider sim, over budget) falls back to text-only (sim, over budget), then oai-small.
        HttpResponse<String> r = post("/v1/chat/completions", chat("always-500", "Skip the spent provider"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("model").asText()).isEqualTo("oai-small");
    }

    private static JsonNode waitForRequests(String groupBy, long atLeast) throws InterruptedException {
        JsonNode last = null;
        for (int i = 0; i < 100; i++) {
            last = json(get("/v1/spend?group_by=" + groupBy));
            if (last.get("total_requests").asLong() >= atLeast) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the ledger did not record " + atLeast + " requests: " + last);
    }

    private static Map<String, JsonNode> groups(JsonNode spend) {
        Map<String, JsonNode> out = new HashMap<>();
        spend.get("data").forEach(row -> out.put(row.get("group").asText(), row));
        return out;
    }
}
