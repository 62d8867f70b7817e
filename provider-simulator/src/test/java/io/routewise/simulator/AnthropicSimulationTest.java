package io.routewise.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnthropicSimulationTest {

    private SimulatorServer server;
    private Http http;

    @BeforeEach
    void start() {
        server = new SimulatorServer(Map.of(), 7).start("127.0.0.1", 0);
        http = new Http(server.baseUrl());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String messages(String model, String question, boolean stream, int maxTokens) {
        return """
                {"model": "%s", "max_tokens": %d, "stream": %s,
                 "messages": [{"role": "user", "content": "%s"}]}""".formatted(model, maxTokens, stream, question);
    }

    @Test
    void answersAMessageWithUsage() throws Exception {
        HttpResponse<String> r = http.post("/v1/messages", messages("claude-3-5-haiku", "Summarise the French revolution", false, 1024));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Http.json(r.body());
        assertThat(body.get("type").asText()).isEqualTo("message");
        assertThat(body.get("model").asText()).isEqualTo("claude-3-5-haiku");
        assertThat(body.at("/content/0/type").asText()).isEqualTo("text");
        assertThat(body.at("/content/0/text").asText()).contains("French");
        assertThat(body.get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(body.at("/usage/input_tokens").asInt()).isEqualTo(8);
        assertThat(body.at("/usage/output_tokens").asInt()).isPositive();
    }

    @Test
    void capsTheAnswerAtMaxTokens() throws Exception {
        JsonNode body = Http.json(http.post("/v1/messages", messages("claude", "Tell me about owls", false, 3)).body());
        assertThat(body.get("stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void streamsEventsEndingWithMessageStop() throws Exception {
        String plain = Http.json(http.post("/v1/messages", messages("claude", "Why do cats purr", false, 500)).body())
                .at("/content/0/text").asText();
        Http.StreamRead s = http.stream("/v1/messages", messages("claude", "Why do cats purr", true, 500));
        assertThat(s.error()).isNull();
        assertThat(s.events()).startsWith("message_start").endsWith("message_stop").contains("content_block_delta");
        StringBuilder text = new StringBuilder();
        for (String d : s.data()) {
            JsonNode event = Http.json(d);
            if (event.get("type").asText().equals("content_block_delta")) {
                text.append(event.at("/delta/text").asText());
            }
        }
        assertThat(text.toString()).isEqualTo(plain);
    }

    @Test
    void rateLimitIsAnAnthropicRateLimitError() throws Exception {
        HttpResponse<String> r = http.post("/v1/messages", messages("claude-sim-rate-limited", "hi", false, 100));
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("retry-after")).hasValue("1");
        JsonNode body = Http.json(r.body());
        assertThat(body.get("type").asText()).isEqualTo("error");
        assertThat(body.at("/error/type").asText()).isEqualTo("rate_limit_error");
    }

    @Test
    void forcedOverloadIsA529OverloadedError() throws Exception {
        HttpResponse<String> r = http.post("/v1/messages", messages("claude-sim-error-529", "hi", false, 100));
        assertThat(r.statusCode()).isEqualTo(529);
        assertThat(Http.json(r.body()).at("/error/type").asText()).isEqualTo("overloaded_error");
    }

    @Test
    void resetDropsTheConnection() {
        assertThatThrownBy(() -> http.post("/v1/messages", messages("claude-sim-reset", "hi", false, 100)))
                .isInstanceOf(IOException.class);
    }

    @Test
    void cutStreamEndsWithoutMessageStop() throws Exception {
        Http.StreamRead s = http.stream("/v1/messages", messages("claude-sim-stream-cut", "Describe the ocean floor", true, 500));
        assertThat(s.events()).contains("message_start", "content_block_delta").doesNotContain("message_stop",
                "message_delta");
    }

    @Test
    void answersWithToolUseWhenToolsAreOffered() throws Exception {
        String body = """
                {"model": "claude", "max_tokens": 300,
                 "tools": [{"name": "get_stock_price", "description": "Latest price of a stock",
                            "input_schema": {"type": "object", "properties": {"ticker": {"type": "string"}},
                                             "required": ["ticker"]}}],
                 "messages": [{"role": "user", "content": "What is the stock price of ACME?"}]}""";
        JsonNode r = Http.json(http.post("/v1/messages", body).body());
        assertThat(r.get("stop_reason").asText()).isEqualTo("tool_use");
        JsonNode use = r.get("content").get(r.get("content").size() - 1);
        assertThat(use.get("type").asText()).isEqualTo("tool_use");
        assertThat(use.get("name").asText()).isEqualTo("get_stock_price");
        assertThat(use.at("/input/ticker").asText()).isEqualTo("ACME");
    }

    @Test
    void rejectsARequestWithoutMaxTokens() throws Exception {
        HttpResponse<String> r = http.post("/v1/messages",
                "{\"model\": \"claude\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Http.json(r.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(server.stats().of("claude").invalid()).isEqualTo(1);
    }
}
