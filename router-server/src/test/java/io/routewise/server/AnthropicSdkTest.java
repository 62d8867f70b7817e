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

    @Test
    void toolUseComesBackAsToolUseBlocksThroughAutoAndAGeminiModel() {
        com.anthropic.models.messages.Tool weather = com.anthropic.models.messages.Tool.builder().name("weather")
                .inputSchema(com.anthropic.models.messages.Tool.InputSchema.builder()
                        .properties(com.anthropic.models.messages.Tool.InputSchema.Properties.builder()
                                .putAdditionalProperty("city", com.anthropic.core.JsonValue.from(java.util.Map.of("type", "string")))
                                .build())
                        .addRequired("city").build())
                .build();
        for (String model : List.of("gem-small", "auto")) {
            Message m = client.messages().create(MessageCreateParams.builder().model(model).maxTokens(256)
                    .addUserMessage("What is the weather in Paris?").addTool(weather).build());
            assertThat(m.content()).anySatisfy(b -> assertThat(b.toolUse()).hasValueSatisfying(t -> {
                assertThat(t.name()).isEqualTo("weather");
                assertThat(t.id()).isNotBlank();
            }));
            assertThat(m.stopReason().map(Object::toString)).hasValue("tool_use");
        }
    }

    @Test
    void malformedBlocksAndAMissingMaxTokensAreAnthropic400s() {
        HttpResponse<String> noMax = post("/v1/messages",
                "{\"model\": \"oai-small\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
        assertThat(noMax.statusCode()).isEqualTo(400);
        assertThat(json(noMax).get("error").get("message").asText()).contains("max_tokens");
        HttpResponse<String> badBlock = post("/v1/messages", "{\"model\": \"oai-small\", \"max_tokens\": 10, \"messages\": "
                + "[{\"role\": \"user\", \"content\": [{\"type\": \"hologram\"}]}]}");
        assertThat(badBlock.statusCode()).isEqualTo(400);
        assertThat(json(badBlock).get("type").asText()).isEqualTo("error");
    }

    @Test
    void theSameRoutingResilienceAndHeadersAsChatCompletions() {
        // Fallbacks before the first byte, named in the headers.
        HttpResponse<String> fellBack = post("/v1/messages", "{\"model\": \"always-500\", \"max_tokens\": 64, "
                + "\"messages\": [{\"role\": \"user\", \"content\": \"hello\"}]}");
        assertThat(fellBack.statusCode()).as(fellBack.body()).isEqualTo(200);
        assertThat(fellBack.headers().firstValue("x-routewise-fallbacks")).hasValue("always-500");
        assertThat(json(fellBack).get("type").asText()).isEqualTo("message");
        // After the first byte: Anthropic's error event, no clean end.
        HttpResponse<String> cut = post("/v1/messages", "{\"model\": \"cuts-streams\", \"max_tokens\": 64, \"stream\": true, "
                + "\"messages\": [{\"role\": \"user\", \"content\": \"Tell me a long story.\"}]}");
        assertThat(cut.body()).contains("event: message_start").contains("event: error").doesNotContain("event: message_stop");
        // The decision does not depend on the API the request came in through.
        String prompt = "What is the capital of France?";
        HttpResponse<String> viaChat = post("/v1/chat/completions", chat("auto", prompt));
        HttpResponse<String> viaMessages = post("/v1/messages", "{\"model\": \"auto\", \"max_tokens\": 300, "
                + "\"messages\": [{\"role\": \"user\", \"content\": \"" + prompt + "\"}]}");
        assertThat(viaMessages.headers().firstValue("x-routewise-model"))
                .isEqualTo(viaChat.headers().firstValue("x-routewise-model"));
    }

    /**
     * Claude Code and the SDKs count a request's tokens before sending it: {@code /v1/messages/count_tokens} answers
     * with the router's own estimate, for {@code auto} and any catalog model alike, without calling a provider.
     */
    @Test
    void countTokensAnswersTheRoutersEstimateWithoutCallingAProvider() {
        long before = spendRows();
        String sentence = "The quick brown fox jumps over the lazy dog. ";
        com.anthropic.models.messages.MessageTokensCount shortOne = client.messages().countTokens(
                com.anthropic.models.messages.MessageCountTokensParams.builder().model("auto").system("You are terse.")
                        .addUserMessage(sentence).build());
        com.anthropic.models.messages.MessageTokensCount longOne = client.messages().countTokens(
                com.anthropic.models.messages.MessageCountTokensParams.builder().model("ant-small").system("You are terse.")
                        .addUserMessage(sentence.repeat(40)).build());
        assertThat(shortOne.inputTokens()).isBetween(10L, 30L);
        assertThat(longOne.inputTokens()).isBetween(400L, 500L);
        assertThat(spendRows()).as("nothing called, nothing recorded").isEqualTo(before);

        assertThatThrownBy(() -> client.messages().countTokens(com.anthropic.models.messages.MessageCountTokensParams
                .builder().model("no-such-model").addUserMessage("hi").build())).isInstanceOf(NotFoundException.class);
        HttpResponse<String> empty = post("/v1/messages/count_tokens", "{\"model\": \"auto\", \"messages\": []}");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(json(empty).get("type").asText()).isEqualTo("error");
        assertThat(json(empty).get("error").get("type").asText()).isEqualTo("invalid_request_error");
        HttpResponse<String> notJson = post("/v1/messages/count_tokens", "{\"model\": ");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).get("type").asText()).isEqualTo("error");
    }

    /** Calls the simulator has answered so far, over every model. */
    private static long spendRows() {
        return router.simulator().orElseThrow().stats().snapshot().values().stream().mapToLong(s -> s.requests()).sum();
    }
}
