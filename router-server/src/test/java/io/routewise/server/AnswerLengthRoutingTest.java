package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.config.ConfigLoader;
import io.routewise.config.ModelConfig;
import io.routewise.config.RoutewiseConfig;
import io.routewise.json.Json;
import io.routewise.ledger.Ledger;
import io.routewise.ledger.LedgerRow;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server prices each catalog model at its own mean answer length from the ledger: when the model "hi"
 * goes to turns out, in the ledger, to answer at great length, the decision moves to a model that costs less
 * per call, priced at the configured length while it has no history of its own.
 */
class AnswerLengthRoutingTest {

    private static final String HI = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void aModelWhoseAnswersRunLongInTheLedgerLosesTheRequestsItWouldWinAtListPrice() throws Exception {
        RoutewiseConfig config = TestLedgers.isolated(ConfigLoader.loadDefault());
        String chosen;
        try (RunningRouter router = start(config)) {
            chosen = route(router).path("model").asText();
        }
        ModelConfig verbose = config.model(chosen).orElseThrow();
        try (Ledger ledger = Ledger.open(config.ledger())) {
            List<LedgerRow> rows = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                rows.add(LedgerRow.builder().requestId("past-" + i).ts(Instant.now()).provider(verbose.provider())
                        .model(chosen).inputTokens(10).outputTokens(50_000).costUsd(0.01).latencyMs(900).status("200")
                        .pool("interactive").configVersion("test").build());
            }
            ledger.insert(rows);
        }
        try (RunningRouter router = start(config)) {
            // the history is read on a background thread as the router starts
            JsonNode d = route(router);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (d.path("model").asText().equals(chosen) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                d = route(router);
            }
            String now = d.path("model").asText();
            assertThat(now).as(d.toString()).isNotEqualTo(chosen);
            // the new choice has no history, so it is priced at the configured length (300 tokens) ...
            ModelConfig other = config.model(now).orElseThrow();
            int output = config.routing().expectedOutputTokens();
            assertThat(d.path("expected_cost_usd").asDouble()).isBetween(output * other.outputUsdPer1m() / 1e6,
                    (output * other.outputUsdPer1m() + 100 * other.inputUsdPer1m()) / 1e6);
            // ... and the verbose model, where it is a fallback, at its own 50,000 tokens
            for (JsonNode f : d.path("fallbacks")) {
                if (f.path("model").asText().equals(chosen)) {
                    assertThat(f.path("expected_cost_usd").asDouble()).isGreaterThanOrEqualTo(50_000 * verbose.outputUsdPer1m() / 1e6);
                }
            }
        }
    }

    private static RunningRouter start(RoutewiseConfig config) {
        return RouterLauncher.start(config, new RouterLauncher.Options("127.0.0.1", 0, true, ShippedModelTest.SHIPPED));
    }

    private static JsonNode route(RunningRouter router) throws IOException {
        HttpResponse<String> r = RouterTestBase.send(HttpRequest.newBuilder(URI.create(router.baseUrl() + "/v1/route"))
                .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(HI)).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }
}
