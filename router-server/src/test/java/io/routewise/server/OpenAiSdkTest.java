package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import io.routewise.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, pointed at the router by its base URL, works unchanged. */
class OpenAiSdkTest extends RouterTestBase {

    private static OpenAIClient client;

    @BeforeAll
    static void connectSdk() {
        client = OpenAIOkHttpClient.builder()
                .baseUrl(router.baseUrl() + "/v1")
                .apiKey("sk-test-not-a-real-key")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    @AfterAll
    static void closeSdk() {
        client.close();
    }

    @Test
    void plainCompletion() {
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("oai-small")
                .addSystemMessage("You are terse.")
                .addUserMessage("Name a prime number.")
                .build());
        assertThat(completion.model()).isEqualTo("oai-small");
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(c -> assertThat(c).isNotBlank());
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isPositive());
    }

    @Test
    void streamedCompletionThroughAnthropicWireFormat() {
        StringBuilder text = new StringBuilder();
        AtomicReference<Long> usage = new AtomicReference<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder()
                        .model("ant-small")
                        .addUserMessage("Tell me about rivers.")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                        .build())) {
            stream.stream().forEach(chunk -> {
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
                chunk.usage().ifPresent(u -> usage.set(u.completionTokens()));
            });
        }
        assertThat(text.toString()).isNotBlank();
        assertThat(usage.get()).isNotNull().isPositive();
    }

    @Test
    void toolCallRoundTripThroughGeminiWireFormat() {
        ChatCompletionFunctionTool tool = ChatCompletionFunctionTool.builder()
                .function(FunctionDefinition.builder()
                        .name("get_weather")
                        .description("Current weather for a city")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                                .build())
                        .build())
                .build();
        ChatCompletionCreateParams ask = ChatCompletionCreateParams.builder()
                .model("gem-small")
                .addUserMessage("What's the weather in Oslo?")
                .addTool(tool)
                .build();
        ChatCompletion first = client.chat().completions().create(ask);
        ChatCompletion.Choice choice = first.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");

        ChatCompletion second = client.chat().completions().create(ask.toBuilder()
                .addMessage(choice.message())
                .addMessage(ChatCompletionToolMessageParam.builder()
                        .toolCallId(call.id())
                        .content("{\"temperature_c\": 4, \"sky\": \"overcast\"}")
                        .build())
                .build());
        assertThat(second.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(second.choices().get(0).message().content()).hasValueSatisfying(c -> assertThat(c).isNotBlank());
    }

    @Test
    void jsonModeAnswersParseAsJson() throws Exception {
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("oai-small")
                .addUserMessage("Give me a JSON object describing a book.")
                .responseFormat(ResponseFormatJsonObject.builder().build())
                .build());
        JsonNode content = Json.MAPPER.readTree(completion.choices().get(0).message().content().orElseThrow());
        assertThat(content.isObject()).isTrue();
    }

    @Test
    void aModelIsRetrievedByItsId() {
        com.openai.models.models.Model m = client.models().retrieve("oai-small");
        assertThat(m.id()).isEqualTo("oai-small");
        assertThat(m.ownedBy()).isEqualTo("oai");
        org.junit.jupiter.api.Assertions.assertThrows(com.openai.errors.NotFoundException.class,
                () -> client.models().retrieve("no-such-model"));
    }
}
