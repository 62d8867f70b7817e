package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.json.Json;
import io.routewise.testing.OpenApiSchemas;
import io.routewise.testing.OpenApiSchemas.Spec;
import io.routewise.testing.RequiresSharedSpecs;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * What the router returns to its clients, validated against the official OpenAI OpenAPI
 * description: answers, every stream chunk, model lists and error bodies, whichever wire format
 * the upstream spoke.
 */
@RequiresSharedSpecs
class ClientConformanceTest extends RouterTestBase {

    private static final String TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"parameters\":"
            + "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}},\"required\":[\"q\"]}}}";

    private static OpenApiSchemas openai() {
        return OpenApiSchemas.of(Spec.OPENAI);
    }

    @ParameterizedTest
    @ValueSource(strings = {"oai-small", "ant-small", "gem-small"})
    void answersConform(String model) {
        for (String body : List.of(chat(model, "Hello there"),
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"find cats\"}],\"tools\":[" + TOOL + "]}",
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"json\"}],"
                        + "\"response_format\":{\"type\":\"json_object\"}}")) {
            HttpResponse<String> r = post("/v1/chat/completions", body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            openai().assertConforms("CreateChatCompletionResponse", json(r));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"oai-small", "ant-small", "gem-small"})
    void everyStreamChunkConforms(String model) throws Exception {
        for (String body : List.of(streamingChat(model, "Tell me a story"),
                "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"find cats\"}],"
                        + "\"tools\":[" + TOOL + "]}")) {
            HttpResponse<String> r = post("/v1/chat/completions", body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            List<String> data = r.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
            assertThat(data).hasSizeGreaterThan(2).last().isEqualTo("[DONE]");
            for (String chunk : data.subList(0, data.size() - 1)) {
                openai().assertConforms("CreateChatCompletionStreamResponse", Json.MAPPER.readTree(chunk));
            }
        }
    }

    @Test
    void modelListConforms() {
        openai().assertConforms("ListModelsResponse", json(get("/v1/models")));
    }

    @Test
    void errorBodiesConform() {
        for (HttpResponse<String> r : List.of(
                post("/v1/chat/completions", "{not json"),
                post("/v1/chat/completions", chat("no-such-model", "hi")),
                post("/v1/chat/completions", chat("always-500-alone", "hi")),
                get("/v1/nowhere"))) {
            assertThat(r.statusCode()).isGreaterThanOrEqualTo(400);
            JsonNode body = json(r);
            openai().assertConforms("ErrorResponse", body);
        }
    }
}
