package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.json.Json;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same OpenAI-shaped requests through each adapter (OpenAI, Anthropic and Gemini wire
 * formats, each answered by the simulator speaking that format) come back as equivalent OpenAI
 * answers: tools, tool results, JSON mode, images, usage and finish reasons, streamed or not.
 */
class TranslationRoundTripTest extends RouterTestBase {

    private static final String WEATHER_TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"description\":\"Current weather in a city\",\"parameters\":{\"type\":\"object\",\"properties\":"
            + "{\"city\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\"}},\"required\":[\"city\",\"days\"]}}}";
    private static final String PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    @ParameterizedTest
    @ValueSource(strings = {"oai-small", "ant-small", "gem-small"})
    void plainAnswerCarriesUsageAndStop(String model) {
        HttpResponse<String> r = post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"What is a router?\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo(model);
        assertThat(body.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(body.at("/choices/0/message/content").asText()).isNotBlank();
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/usage/prompt_tokens").asInt()).isPositive();
        assertThat(body.at("/usage/completion_tokens").asInt()).isPositive();
        assertThat(body.at("/usage/total_tokens").asInt())
                .isEqualTo(body.at("/usage/prompt_tokens").asInt() + body.at("/usage/completion_tokens").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"oai-small", "ant-small", "gem-small"})
    void toolCallRoundTrip(String model) throws Exception {
        HttpResponse<String> first = post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Weather in Paris for 2 days?\"}],\"tools\":[" + WEATHER_TOOL + "]}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode choice = json(first).at("/choices/0");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode call = choice.at("/message/tool_calls/0");
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
        JsonNode args = Json.MAPPER.readTree(call.at("/function/arguments").asText());
        assertThat(args.path("city").isTextual()).isTrue();
        assertThat(args.path("days").isIntegralNumber()).isTrue();
        String callId = call.path("id").asText();
        assertThat(callId).isNotBlank();

        String second = "{\"model\":\"" + model + "\",\"tools\":[" + WEATHER_TOOL + "],\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Weather in Paris for 2 days?\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[" + call + "]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"" + callId + "\",\"content\":\"{\\\"forecast\\\":\\\"sunny\\\"}\"}]}";
        HttpResponse<String> answer = post("/v1/chat/completions", second);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(json(answer).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(json(answer).at("/choices/0/message/content").asText()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"oai-small", "ant-small", "gem-small"})
    void jsonModeAnswersAJsonObject(String model) throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"List two colours as JSON.\"}],\"response_format\":{\"type\":\"json_object\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode content = Json.MAPPER.readTree(json(r).at("/choices/0/message/content").asText());
        assertThat(content.isObject()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"oai-small", "ant-small", "gem-small"})
    void jsonSchemaAnswerHasTheRequiredFields(String model) throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Describe a cat.\"}],\"response_format\":{\"type\":\"json_schema\","
                + "\"json_schema\":{\"name\":\"animal\",\"schema\":{\"type\":\"object\",\"properties\":{"
                + "\"name\":{\"type\":\"string\"},\"legs\":{\"type\":\"integer\"}},\"required\":[\"name\",\"legs\"]}}}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode content = Json.MAPPER.readTree(json(r).at("/choices/0/message/content").asText());
        assertThat(content.path("name").isTextual()).isTrue();
        assertThat(content.path("legs").isIntegralNumber()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"oai-small", "ant-small", "gem-small"})
    void imagesAreCarriedThrough(String model) {
        HttpResponse<String> r = post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"What is in this picture?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64," + PIXEL + "\"}}]}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).at("/choices/0/message/content").asText()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"oai-small", "ant-small", "gem-small"})
    void streamDeliversChunksThenUsageThenDone(String model) throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", streamingChat(model, "Tell me about routers."));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> chunks = new ArrayList<>();
        List<String> lines = r.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertThat(lines).last().isEqualTo("[DONE]");
        for (String l : lines.subList(0, lines.size() - 1)) {
            chunks.add(Json.MAPPER.readTree(l));
        }
        StringBuilder text = new StringBuilder();
        String finish = null;
        for (JsonNode c : chunks) {
            assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
            if (c.path("choices").size() > 0) {
                text.append(c.at("/choices/0/delta/content").asText(""));
                if (!c.at("/choices/0/finish_reason").isNull() && !c.at("/choices/0/finish_reason").isMissingNode()) {
                    finish = c.at("/choices/0/finish_reason").asText();
                }
            }
        }
        assertThat(text.toString()).isNotBlank();
        assertThat(finish).isEqualTo("stop");
        JsonNode last = chunks.get(chunks.size() - 1);
        assertThat(last.path("choices").size()).isZero();
        assertThat(last.at("/usage/completion_tokens").asInt()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"oai-small", "ant-small", "gem-small"})
    void maxTokensCapEndsWithLength(String model) {
        HttpResponse<String> r = post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"max_tokens\":3,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Write a long essay about the sea.\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(json(r).at("/usage/completion_tokens").asInt()).isLessThanOrEqualTo(3);
    }
}
