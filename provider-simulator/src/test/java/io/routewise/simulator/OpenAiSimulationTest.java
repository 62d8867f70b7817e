package io.routewise.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.config.SimulationProfile;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiSimulationTest {

    private SimulatorServer server;
    private Http http;

    @BeforeEach
    void start() {
        SimulationProfile fast = new SimulationProfile(0.9, 0, 0.0, null, null, null, null, null, null, 2, null);
        server = new SimulatorServer(Map.of("gpt-4o-mini", fast), 42).start("127.0.0.1", 0);
        http = new Http(server.baseUrl());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private static String chat(String model, String question, boolean stream) {
        return """
                {"model": "%s", "stream": %s, %s
                 "messages": [{"role": "user", "content": "%s"}]}"""
                .formatted(model, stream, stream ? "\"stream_options\": {\"include_usage\": true}," : "", question);
    }

    @Test
    void answersAChatCompletionWithUsage() throws Exception {
        HttpResponse<String> r = http.post("/v1/chat/completions", chat("gpt-4o-mini", "Explain binary search trees", false));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Http.json(r.body());
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.at("/choices/0/message/content").asText()).contains("binary");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(7); // 27 chars / 4, rounded up
        assertThat(body.at("/usage/completion_tokens").asInt()).isBetween(20, 120);
    }

    @Test
    void streamsTheSameAnswerAsChunksEndingWithDone() throws Exception {
        String plain = Http.json(http.post("/v1/chat/completions", chat("gpt-4o-mini", "Why is the sky blue", false))
                .body()).at("/choices/0/message/content").asText();

        Http.StreamRead s = http.stream("/v1/chat/completions", chat("gpt-4o-mini", "Why is the sky blue", true));
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.contentType()).startsWith("text/event-stream");
        assertThat(s.error()).isNull();
        assertThat(s.data()).last().isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        String finish = null;
        JsonNode usage = null;
        for (String d : s.data().subList(0, s.data().size() - 1)) {
            JsonNode chunk = Http.json(d);
            if (chunk.get("choices").isEmpty()) {
                usage = chunk.get("usage");
                continue;
            }
            text.append(chunk.at("/choices/0/delta/content").asText(""));
            if (chunk.at("/choices/0/finish_reason").isTextual()) {
                finish = chunk.at("/choices/0/finish_reason").asText();
            }
        }
        assertThat(text.toString()).isEqualTo(plain);
        assertThat(finish).isEqualTo("stop");
        assertThat(usage).isNotNull();
        assertThat(usage.get("completion_tokens").asInt()).isPositive();
    }

    @Test
    void acceptsBodiesLargerThanJavalinsDefaultLimit() throws Exception {
        String longPrompt = "lorem ipsum ".repeat(200_000); // 2.4 MB
        HttpResponse<String> r = http.post("/v1/chat/completions", chat("gpt-4o-mini", longPrompt, false));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.json(r.body()).at("/usage/prompt_tokens").asInt()).isEqualTo(600_000);

        StringBuilder refs = new StringBuilder("[");
        for (int i = 0; i < 20_000; i++) {
            refs.append(i == 0 ? "" : ",").append("{\"prompt\": \"question number ").append(i)
                    .append(" with some padding text to make it longer\", \"reference\": \"").append(i).append("\"}");
        }
        String body = refs.append(']').toString();
        assertThat(body.length()).isGreaterThan(1_500_000);
        HttpResponse<String> added = http.post("/_sim/references", body);
        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(Http.json(added.body()).get("added").asInt()).isEqualTo(20_000);
    }

    @Test
    void rateLimitedModelAnswers429WithRetryAfter() throws Exception {
        HttpResponse<String> r = http.post("/v1/chat/completions", chat("gpt-sim-rate-limited", "hi", false));
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("retry-after")).hasValue("1");
        assertThat(Http.json(r.body()).at("/error/message").asText()).contains("rate limit");
    }

    @Test
    void errorModelAnswers500WithAnOpenAiErrorBody() throws Exception {
        HttpResponse<String> r = http.post("/v1/chat/completions", chat("sim-error-500", "hi", false));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(Http.json(r.body()).at("/error/type").asText()).isEqualTo("server_error");
    }

    @Test
    void resetModelDropsTheConnectionWithoutAStatus() {
        assertThatThrownBy(() -> http.post("/v1/chat/completions", chat("sim-reset", "hi", false)))
                .isInstanceOf(IOException.class);
        assertThat(server.stats().of("sim-reset").resets()).isEqualTo(1);
    }

    @Test
    void cutStreamSendsSomeChunksThenEndsWithoutDone() throws Exception {
        Http.StreamRead s = http.stream("/v1/chat/completions",
                chat("sim-stream-cut", "Tell me a long story about dragons", true));
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.data()).isNotEmpty().doesNotContain("[DONE]");
        assertThat(s.data().stream().anyMatch(d -> d.contains("\"content\":\"") && !d.contains("\"content\":\"\"")))
                .as("some answer text arrived before the cut").isTrue();
        assertThat(s.data()).noneMatch(d -> d.contains("\"finish_reason\":\"stop\""));
        assertThat(server.stats().of("sim-stream-cut").streamCuts()).isEqualTo(1);
    }

    @Test
    void timeoutModelNeverAnswersAndIsReleasedOnStop() throws Exception {
        long start = System.nanoTime();
        assertThatThrownBy(() -> http.post("/v1/chat/completions", chat("sim-timeout", "hi", false),
                Duration.ofMillis(300))).isInstanceOf(HttpTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(server.stats().of("sim-timeout").timeouts()).isEqualTo(1);
        server.stop();
        assertThat(server.isRunning()).isFalse();
    }

    @Test
    void waitsTheProfilesTimeToFirstToken() throws Exception {
        server.setProfile("slowish", new SimulationProfile(null, 250, null, null, null, null, null, null, null, null,
                null));
        long start = System.nanoTime();
        assertThat(http.post("/v1/chat/completions", chat("slowish", "hi", false)).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(240));
    }

    @Test
    void pacesStreamedTokensAtTheProfilesSpeed() throws Exception {
        // ~100 tokens max at 400 tokens/s: at least ~50 ms for the 20-token minimum answer
        server.setProfile("paced", new SimulationProfile(null, 0, 400.0, null, null, null, null, null, null, null,
                null));
        long start = System.nanoTime();
        Http.StreamRead s = http.stream("/v1/chat/completions", chat("paced", "Describe the water cycle", true));
        long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(s.data()).last().isEqualTo("[DONE]");
        long textChunks = s.data().stream().filter(d -> d.contains("\"content\":\"") && !d.contains("\"content\":\"\""))
                .count();
        assertThat(textChunks).as("about one chunk per word").isGreaterThan(10);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(40);
    }

    @Test
    void rejectsAnInvalidRequestWithTheFormatsError() throws Exception {
        HttpResponse<String> r = http.post("/v1/chat/completions", "{\"model\": \"gpt-4o-mini\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Http.json(r.body()).at("/error/message").asText()).contains("messages");
        HttpResponse<String> notJson = http.post("/v1/chat/completions", "{nope");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(Http.json(notJson.body()).at("/error/message").asText()).contains("not valid JSON");
    }

    @Test
    void listsModelsAndReportsHealth() throws Exception {
        JsonNode models = Http.json(http.get("/v1/models").body());
        assertThat(models.get("object").asText()).isEqualTo("list");
        assertThat(models.at("/data/0/id").asText()).isEqualTo("gpt-4o-mini");
        assertThat(http.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void controlApiReplacesAndResetsAModelsBehaviour() throws Exception {
        HttpResponse<String> put = http.put("/_sim/models/gpt-4o-mini", "{\"error_rate\": 1.0, \"retry_after_s\": 9}");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(Http.json(put.body()).at("/profile/error_rate").asDouble()).isEqualTo(1.0);
        assertThat(http.post("/v1/chat/completions", chat("gpt-4o-mini", "hi", false)).statusCode()).isEqualTo(500);

        assertThat(http.delete("/_sim/models/gpt-4o-mini").statusCode()).isEqualTo(200);
        assertThat(http.post("/v1/chat/completions", chat("gpt-4o-mini", "hi", false)).statusCode()).isEqualTo(200);

        JsonNode stats = Http.json(http.get("/_sim/stats").body()).at("/models/gpt-4o-mini");
        assertThat(stats.get("requests").asLong()).isEqualTo(2);
        assertThat(stats.get("errors").asLong()).isEqualTo(1);
        assertThat(stats.get("answered").asLong()).isEqualTo(1);
    }

    @Test
    void controlApiRejectsAProfileWithATypoOrABadRate() throws Exception {
        HttpResponse<String> typo = http.put("/_sim/models/m", "{\"eror_rate\": 1.0}");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(typo.body()).contains("eror_rate");
        HttpResponse<String> bad = http.put("/_sim/models/m", "{\"error_rate\": 1.5, \"outages\": [{\"failure\": \"boom\"}]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("error_rate must be between 0 and 1").contains("outages[0].failure");
    }

    @Test
    void controlApiTeachesReferenceAnswersAndSetsTheRunNonce() throws Exception {
        HttpResponse<String> added = http.post("/_sim/references",
                "[{\"prompt\": \"What is 6 times 7?\", \"reference\": \"42\"}, {\"prompt\": \"open question\"}]");
        assertThat(Http.json(added.body()).get("added").asInt()).isEqualTo(1);
        http.put("/_sim/models/oracle", "{\"quality\": 1.0}");
        String answer = Http.json(http.post("/v1/chat/completions", chat("oracle", "What is 6 times 7?", false)).body())
                .at("/choices/0/message/content").asText();
        assertThat(answer).contains("42");
        assertThat(http.put("/_sim/nonce", "{\"nonce\": \"run-7\"}").statusCode()).isEqualTo(200);
        assertThat(server.simulator().runNonce()).isEqualTo("run-7");
        assertThat(server.stats().of("oracle").correct()).isEqualTo(1);
    }

    @Test
    void controlApiAcceptsVerbatimReferences() throws Exception {
        HttpResponse<String> added = http.post("/_sim/references",
                "{\"prompt\": \"Write a haiku about frost\", \"reference\": \"white frost\\nsilent field\\ncold dawn\", \"verbatim\": true}");
        assertThat(added.statusCode()).isEqualTo(200);
        http.put("/_sim/models/poet", "{\"quality\": 1.0}");
        String answer = Http.json(http.post("/v1/chat/completions", chat("poet", "Write a haiku about frost", false)).body())
                .at("/choices/0/message/content").asText();
        assertThat(answer).isEqualTo("white frost\nsilent field\ncold dawn");
        HttpResponse<String> bad = http.post("/_sim/references", "{\"prompt\": \"p\", \"reference\": \"r\", \"verbatim\": \"yes\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("'verbatim' must be true or false");
    }

    @Test
    void modelNamesWithSlashesWorkInTheControlApi() throws Exception {
        assertThat(http.put("/_sim/models/meta-llama/Llama-3-8b", "{\"rate_limit_rate\": 1.0}").statusCode())
                .isEqualTo(200);
        assertThat(http.post("/v1/chat/completions", chat("meta-llama/Llama-3-8b", "hi", false)).statusCode())
                .isEqualTo(429);
    }
}
