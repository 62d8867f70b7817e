package io.routewise.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GeminiSimulationTest {

    private SimulatorServer server;
    private Http http;

    @BeforeEach
    void start() {
        server = new SimulatorServer(Map.of(), 11).start("127.0.0.1", 0);
        http = new Http(server.baseUrl());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String contents(String question) {
        return """
                {"contents": [{"role": "user", "parts": [{"text": "%s"}]}]}""".formatted(question);
    }

    private static String text(JsonNode response) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : response.at("/candidates/0/content/parts")) {
            sb.append(part.path("text").asText(""));
        }
        return sb.toString();
    }

    @Test
    void takesTheModelFromThePathAndAnswers() throws Exception {
        HttpResponse<String> r = http.post("/v1beta/models/gemini-2.0-flash:generateContent",
                contents("Explain the theory of plate tectonics"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Http.json(r.body());
        assertThat(text(body)).contains("plate");
        assertThat(body.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
        assertThat(body.at("/usageMetadata/promptTokenCount").asInt()).isEqualTo(10);
        assertThat(body.get("modelVersion").asText()).isEqualTo("gemini-2.0-flash");
        assertThat(server.stats().of("gemini-2.0-flash").answered()).isEqualTo(1);
    }

    @Test
    void streamsServerSentEventsWithTheSameText() throws Exception {
        String plain = text(Http.json(http.post("/v1beta/models/gemini-2.0-flash:generateContent",
                contents("How do rainbows form")).body()));
        Http.StreamRead s = http.stream("/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse",
                contents("How do rainbows form"));
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.error()).isNull();
        StringBuilder streamed = new StringBuilder();
        String finish = null;
        for (String d : s.data()) {
            JsonNode chunk = Http.json(d);
            streamed.append(text(chunk));
            if (chunk.at("/candidates/0/finishReason").isTextual()) {
                finish = chunk.at("/candidates/0/finishReason").asText();
            }
        }
        assertThat(streamed.toString()).isEqualTo(plain);
        assertThat(finish).isEqualTo("STOP");
    }

    @Test
    void rateLimitIsResourceExhaustedWithRetryAfter() throws Exception {
        HttpResponse<String> r = http.post("/v1beta/models/gemini-sim-rate-limited:generateContent", contents("hi"));
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("retry-after")).hasValue("1");
        assertThat(Http.json(r.body()).at("/error/status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
    }

    @Test
    void cutStreamHasNoFinishReason() throws Exception {
        Http.StreamRead s = http.stream("/v1beta/models/gemini-sim-stream-cut:streamGenerateContent?alt=sse",
                contents("Write a paragraph about mountains"));
        assertThat(s.data()).isNotEmpty().noneMatch(d -> d.contains("finishReason"));
    }

    @Test
    void unknownMethodIs404() throws Exception {
        HttpResponse<String> r = http.post("/v1beta/models/gemini-2.0-flash:countTokens", contents("hi"));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(Http.json(r.body()).at("/error/message").asText()).contains("countTokens");
    }
}
