package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/responses}, the stateless part, with the official OpenAI Java SDK's {@code responses()}. */
class ResponsesApiTest extends RouterTestBase {

    private static OpenAIClient client;

    @BeforeAll
    static void connectSdk() {
        client = OpenAIOkHttpClient.builder().baseUrl(router.baseUrl() + "/v1").apiKey("sk-test-not-a-real-key")
                .maxRetries(0).timeout(Duration.ofSeconds(20)).build();
    }

    @AfterAll
    static void closeSdk() {
        client.close();
    }

    private static String text(Response r) {
        StringBuilder sb = new StringBuilder();
        for (ResponseOutputItem item : r.output()) {
            item.message().ifPresent(m -> m.content().forEach(c -> c.outputText().ifPresent(t -> sb.append(t.text()))));
        }
        return sb.toString();
    }

    @Test
    void anyCatalogModelAnswersAResponsesCallAndAutoRoutesIt() {
        for (String model : List.of("oai-small", "ant-small", "gem-small", "auto")) {
            Response r = client.responses().create(ResponseCreateParams.builder().model(model).instructions("You are terse.")
                    .input("Name a prime number.").maxOutputTokens(256L).build());
            assertThat(r.id()).startsWith("resp_");
            assertThat(text(r)).isNotBlank();
            assertThat(r.usage()).hasValueSatisfying(u -> assertThat(u.outputTokens()).isPositive());
            if (!model.equals("auto")) {
                assertThat(r.model().asString()).isEqualTo(model);
            }
        }
    }

    @Test
    void aStreamIsTheResponsesEventSequence() {
        List<String> kinds = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ResponseCreateParams.builder()
                .model("oai-small").input("Count to five.").build())) {
            stream.stream().forEach(e -> {
                e.created().ifPresent(x -> kinds.add("created"));
                e.outputTextDelta().ifPresent(d -> text.append(d.delta()));
                e.completed().ifPresent(c -> {
                    kinds.add("completed");
                    assertThat(c.response().usage()).isPresent();
                });
            });
        }
        assertThat(kinds).containsExactly("created", "completed");
        assertThat(text.toString()).isNotBlank();
    }

    @Test
    void statefulFieldsAreRefusedNamingTheField() throws Exception {
        assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("oai-small")
                .input("hi").previousResponseId("resp_123").build())).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("previous_response_id");
        HttpResponse<String> stored = post("/v1/responses", "{\"model\":\"oai-small\",\"input\":\"hi\",\"store\":true}");
        assertThat(stored.statusCode()).isEqualTo(400);
        JsonNode error = json(stored).get("error");
        assertThat(error.get("param").asText()).isEqualTo("store");
        HttpResponse<String> items = post("/v1/responses", """
                {"model":"oai-small","input":[{"role":"user","content":[{"type":"input_text","text":"What is 2+2?"}]},
                 {"type":"function_call","call_id":"c1","name":"calc","arguments":"{\\"x\\":2}"},
                 {"type":"function_call_output","call_id":"c1","output":"4"}],
                 "tools":[{"type":"function","name":"calc","parameters":{"type":"object"}}]}""");
        assertThat(items.statusCode()).as(items.body()).isEqualTo(200);
        assertThat(json(items).get("object").asText()).isEqualTo("response");
        assertThat(post("/v1/responses", "{\"model\":\"oai-small\",\"input\":[{\"type\":\"file_search_call\"}]}").body())
                .contains("input[0].type");
    }

    @Test
    void aFunctionCallComesBackAsAFunctionCallItemThroughAutoAndAnAnthropicModel() {
        com.openai.models.responses.FunctionTool weather = com.openai.models.responses.FunctionTool.builder().name("weather")
                .parameters(com.openai.models.responses.FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", com.openai.core.JsonValue.from("object"))
                        .putAdditionalProperty("properties", com.openai.core.JsonValue.from(
                                java.util.Map.of("city", java.util.Map.of("type", "string")))).build())
                .strict(false).build();
        for (String model : List.of("ant-small", "auto")) {
            Response r = client.responses().create(ResponseCreateParams.builder().model(model)
                    .input("What is the weather in Paris?").addTool(weather).build());
            assertThat(r.output()).anySatisfy(item -> assertThat(item.functionCall()).hasValueSatisfying(call -> {
                assertThat(call.name()).isEqualTo("weather");
                assertThat(call.callId()).isNotBlank();
            }));
        }
    }
}
