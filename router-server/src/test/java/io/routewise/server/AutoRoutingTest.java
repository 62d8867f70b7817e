package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.classifier.ModelDirectoryException;
import io.routewise.json.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code model: "auto"} and {@code POST /v1/route} on the test catalog and the test routing model
 * ({@link TestRoutingModel}): plain prompts are easy, fenced code is hard.
 */
class AutoRoutingTest extends RouterTestBase {

    private static final String CODE = "Why does this fail?\\n```java\\nint x = \\\"a\\\";\\nreturn x;\\n```";
    private static final String TOOLS = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}]";

    private static String withTools(String body) {
        return body.substring(0, body.length() - 1) + TOOLS + "}";
    }

    @Test
    void autoIsRoutedToACatalogModelAndAnsweredThroughTheSimulator() {
        HttpResponse<String> r = post("/v1/chat/completions", chat("auto", "What is the capital of France?"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String model = r.headers().firstValue("x-routewise-model").orElseThrow();
        assertThat(router.config().model(model)).isPresent();
        assertThat(model).isEqualTo("gem-small");
        assertThat(r.headers().firstValue("x-routewise-provider")).contains("gem");
        JsonNode body = json(r);
        assertThat(body.path("model").asText()).isEqualTo("gem-small");
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).isNotBlank();
    }

    @Test
    void autoStreamsToo() {
        HttpResponse<String> r = post("/v1/chat/completions", streamingChat("auto", "Say hello."));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-routewise-model")).contains("gem-small");
        assertThat(r.body()).contains("data: [DONE]");
    }

    @Test
    void hardPromptIsRoutedToTheStrongerModel() {
        HttpResponse<String> r = post("/v1/chat/completions", chat("auto", CODE));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-routewise-model")).contains("ant-small");
    }

    @Test
    void routeReturnsTheDecisionWithReasonsAndCallsNoProvider() {
        HttpResponse<String> r = post("/v1/route", chat("auto", CODE), "x-request-id", "route-1");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode d = json(r);
        assertThat(d.path("request_id").asText()).isEqualTo("route-1");
        assertThat(d.path("model").asText()).isEqualTo("ant-small");
        assertThat(d.path("provider").asText()).isEqualTo("ant");
        assertThat(d.path("expected_quality").asDouble()).isGreaterThan(0.7);
        assertThat(d.path("expected_cost_usd").asDouble()).isPositive();
        assertThat(d.path("task").asText()).isEqualTo("code");
        assertThat(d.path("class_probabilities").path("hard.code").asDouble()).isGreaterThan(0.9);
        assertThat(d.path("fallbacks").isArray()).isTrue();
        assertThat(d.path("reasons").get(0).asText()).contains("ant-small").contains("reaches the target 0.700");
        assertThat(d.path("config_version").asText()).isEqualTo(router.config().version());
        assertThat(d.path("model_version").asText()).isEqualTo(TestRoutingModel.classifier().version());
        // No provider was called: the simulator saw nothing for this request id.
        assertThat(r.headers().firstValue("x-routewise-model")).isEmpty();
    }

    @Test
    void routeAcceptsABodyWithoutAModel() {
        HttpResponse<String> r = post("/v1/route", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("model").asText()).isEqualTo("gem-small");
    }

    @Test
    void routeRejectsAMalformedBodyAsOpenAiDoes() {
        HttpResponse<String> r = post("/v1/route", "{\"messages\": 3}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").path("param").asText()).isEqualTo("messages");
    }

    @Test
    void qualityTargetHeaderMovesTheDecisionAndTheBodyWinsOverTheHeader() {
        String easy = chat("auto", "What is the capital of France?");
        assertThat(json(post("/v1/route", easy)).path("model").asText()).isEqualTo("gem-small");
        JsonNode header = json(post("/v1/route", easy, "x-routewise-quality-target", "0.9"));
        assertThat(header.path("model").asText()).isEqualTo("ant-small");
        assertThat(header.path("quality_target").asDouble()).isEqualTo(0.9);
        String bodyKnob = easy.substring(0, easy.length() - 1) + ",\"routewise\":{\"quality_target\":0.5}}";
        JsonNode both = json(post("/v1/route", bodyKnob, "x-routewise-quality-target", "0.9"));
        assertThat(both.path("model").asText()).isEqualTo("text-only");
        assertThat(both.path("quality_target").asDouble()).isEqualTo(0.5);

        HttpResponse<String> served = post("/v1/chat/completions", bodyKnob, "x-routewise-quality-target", "0.9");
        assertThat(served.headers().firstValue("x-routewise-model")).contains("text-only");
    }

    @Test
    void aToolsRequestNeverRoutesToAModelWithoutTools() {
        for (String target : List.of("0", "0.5", "0.7", "0.9", "1")) {
            for (String prompt : List.of("What is the weather in Paris?", CODE)) {
                JsonNode d = json(post("/v1/route", withTools(chat("auto", prompt)), "x-routewise-quality-target", target));
                assertThat(d.path("model").asText()).isIn("gem-small", "oai-small", "ant-small", "always-500");
                for (JsonNode f : d.path("fallbacks")) {
                    assertThat(f.path("model").asText()).isIn("gem-small", "oai-small", "ant-small", "always-500");
                }
                assertThat(d.path("reasons").toString()).contains("text-only excluded: lacks tools");
            }
        }
        HttpResponse<String> r = post("/v1/chat/completions", withTools(chat("auto", "What is the weather in Paris?")),
                "x-routewise-quality-target", "0.5");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-routewise-model").orElseThrow()).isNotEqualTo("text-only");
    }

    @Test
    void theRequestLogLineCarriesTheDecision() {
        Logger logger = (Logger) LoggerFactory.getLogger("routewise.request");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            post("/v1/chat/completions", chat("auto", CODE), "x-request-id", "logged-auto");
            String line = lines.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(l -> l.contains("\"logged-auto\"")).findFirst().orElseThrow();
            JsonNode entry = Json.MAPPER.readTree(line);
            assertThat(entry.path("requested_model").asText()).isEqualTo("auto");
            assertThat(entry.path("model").asText()).isEqualTo("ant-small");
            JsonNode decision = entry.path("decision");
            assertThat(decision.path("model").asText()).isEqualTo("ant-small");
            assertThat(decision.path("expected_quality").asDouble()).isGreaterThan(0.7);
            assertThat(decision.path("expected_cost_usd").asDouble()).isPositive();
            assertThat(decision.path("top_class").asText()).isEqualTo("hard.code");
            assertThat(decision.path("model_version").asText()).isEqualTo(TestRoutingModel.classifier().version());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } finally {
            logger.detachAppender(lines);
        }
    }

    @Test
    void decisionsAreTimedInTheMetrics() {
        post("/v1/route", chat("auto", "hi"));
        String metrics = get("/metrics").body();
        assertThat(metrics).containsPattern("(?m)^routewise_decision_duration_seconds_count [1-9]");
    }

    @Test
    void aMissingModelDirectoryStopsTheStartWithAClearError() {
        Path missing = Path.of("target", "no-such-model");
        assertThatThrownBy(() -> RouterLauncher.start(testConfig(), new RouterLauncher.Options("127.0.0.1", 0, false, missing)))
                .isInstanceOf(ModelDirectoryException.class).hasMessage(missing + ": model directory not found");
    }

    @Test
    void aRouterLoadsItsModelDirectoryAndIsReady() {
        try (RunningRouter own = RouterLauncher.start(testConfig(),
                new RouterLauncher.Options("127.0.0.1", 0, false, TestRoutingModel.DIR))) {
            HttpResponse<String> ready = send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(own.baseUrl() + "/ready")).GET().build());
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(json(ready).path("model_version").asText()).isEqualTo(TestRoutingModel.classifier().version());
        }
    }
}
