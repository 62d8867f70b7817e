package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.NotFoundException;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official Anthropic Java SDK, pointed at the router ({@code ANTHROPIC_BASE_URL}), works unchanged
 * through {@code POST /v1/messages}: any catalog model answers it (an OpenAI or Gemini one translated
 * both ways), {@code auto} routes it, and errors come back in Anthropic's shape.
 */
class AnthropicSdkTest extends RouterTestBase {

    private static AnthropicClient client;

    @BeforeAll
    static void connectSdk() {
        client = AnthropicOkHttpClient.builder().baseUrl(router.baseUrl()).apiKey("sk-ant-test-not-a-real-key")
                .maxRetries(0).timeout(Duration.ofSeconds(20)).build();
    }

    @AfterAll
    static void closeSdk() {
        client.close();
    }

    private static MessageCreateParams ask(String model, String text) {
        return MessageCreateParams.builder().model(model).maxTokens(256).system("You are terse.").addUserMessage(text).build();
    }

    private static String text(Message m) {
        StringBuilder sb = new StringBuilder();
        for (ContentBlock b : m.content()) {
            b.text().ifPresent(t -> sb.append(t.text()));
        }
        return sb.toString();
    }

    @Test
    void anOpenAiAGeminiAndAnAnthropicModelAllAnswerAMessagesCall() {
        for (String model : List.of("oai-small", "gem-small", "ant-small")) {
            Message m = client.messages().create(ask(model, "Name a prime number."));
            assertThat(m.model().asString()).isEqualTo(model);
            assertThat(text(m)).isNotBlank();
            assertThat(m.usage().outputTokens()).isPositive();
            assertThat(m.stopReason()).isPresent();
        }
    }

    @Test
    void autoIsRoutedAndTheAnswerNamesTheModelThatServedIt() {
        Message m = client.messages().create(ask("auto", "What is the capital of France?"));
        assertThat(m.model().asString()).isNotEqualTo("auto");
        assertThat(text(m)).isNotBlank();
    }

    @Test
    void aStreamIsAnthropicsEventSequence() {
        List<String> types = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(ask("oai-small", "Count to five."))) {
            stream.stream().forEach(e -> {
                e.messageStart().ifPresent(x -> types.add("message_start"));
                e.contentBlockStart().ifPresent(x -> types.add("content_block_start"));
                e.contentBlockDelta().ifPresent(d -> d.delta().text().ifPresent(t -> text.append(t.text())));
                e.contentBlockStop().ifPresent(x -> types.add("content_block_stop"));
                e.messageDelta().ifPresent(x -> types.add("message_delta"));
                e.messageStop().ifPresent(x -> types.add("message_stop"));
            });
        }
        assertThat(types).startsWith("message_start", "content_block_start").endsWith("message_delta", "message_stop");
        assertThat(text.toString()).isNotBlank();
    }

    @Test
    void errorsComeBackInAnthropicsShape() throws Exception {
        assertThatThrownBy(() -> client.messages().create(ask("no-such-model", "hi"))).isInstanceOf(NotFoundException.class);
        HttpResponse<String> bad = post("/v1/messages", "{\"model\": \"oai-small\", \"max_tokens\": 10, \"messages\": 7}");
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode body = json(bad);
        assertThat(body.get("type").asText()).isEqualTo("error");
        assertThat(body.get("error").get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.get("error").get("message").asText()).contains("messages");
        // Other routes keep OpenAI's shape.
        assertThat(json(post("/v1/chat/completions", "{\"model\": \"oai-small\", \"messages\": 7}")).get("error").has("code"))
                .isTrue();
    }

    @Test
    void aModelCanBeLookedUpAsTheOpenAiSdksDo() {
        JsonNode m = json(get("/v1/models/oai-small"));
        assertThat(m.get("id").asText()).isEqualTo("oai-small");
        assertThat(m.get("object").asText()).isEqualTo("model");
        assertThat(m.get("owned_by").asText()).isEqualTo("oai");
        assertThat(get("/v1/models/switched-off").statusCode()).isEqualTo(404);
        assertThat(json(get("/v1/models/nope")).get("error").get("code").asText()).isEqualTo("model_not_found");
        assertThat(json(get("/v1/models/auto")).get("id").asText()).isEqualTo("auto");
    }
}
