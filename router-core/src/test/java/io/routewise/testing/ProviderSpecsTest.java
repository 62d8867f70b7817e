package io.routewise.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.testing.OpenApiSchemas.Spec;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The validator against the real provider specs, with hand-written documents: proves that it
 * accepts what the providers document and rejects what they do not.
 */
@RequiresSharedSpecs
class ProviderSpecsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode json(String text) throws IOException {
        return (ObjectNode) JSON.readTree(text);
    }

    private static List<SchemaViolation> openAi(String schema, JsonNode doc) {
        return OpenApiSchemas.of(Spec.OPENAI).validate(schema, doc);
    }

    @Test
    void everyComponentSchemaOfEverySpecCompilesAndRuns() {
        for (Spec spec : Spec.values()) {
            OpenApiSchemas schemas = OpenApiSchemas.of(spec);
            assertThat(schemas.schemaNames()).as(spec.fileName()).hasSizeGreaterThan(100);
            for (String name : schemas.schemaNames()) {
                // Validating an empty object walks each schema's top level: a normalisation mistake
                // (a dangling $ref, a malformed keyword) throws here instead of passing silently.
                assertThat(schemas.validate(name, JSON.createObjectNode())).as(spec + " " + name).isNotNull();
            }
        }
    }

    @Test
    void mapsEachProvidersChatPathToItsRequestAndResponseSchemas() {
        OpenApiOperation openAi = OpenApiSchemas.of(Spec.OPENAI).operation("POST", "/chat/completions").orElseThrow();
        assertThat(openAi.requestSchema()).contains("CreateChatCompletionRequest");
        assertThat(openAi.responseSchema()).contains("CreateChatCompletionResponse");
        OpenApiOperation anthropic = OpenApiSchemas.of(Spec.ANTHROPIC).operation("POST", "/v1/messages").orElseThrow();
        assertThat(anthropic.requestSchema()).contains("CreateMessageParams");
        assertThat(anthropic.responseSchema()).contains("Message");
        OpenApiOperation gemini = OpenApiSchemas.of(Spec.GEMINI)
                .operation("POST", "/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse").orElseThrow();
        assertThat(gemini.template()).isEqualTo("/v1beta/models/{model}:streamGenerateContent");
        assertThat(gemini.requestSchema()).contains("GenerateContentRequest");
        assertThat(gemini.responseSchema()).contains("GenerateContentResponse");
        assertThat(gemini.queryParameters()).contains("alt", "key");
    }

    /**
     * The specs' own examples are a large, independent test set for the normalisation: nearly all
     * must pass (the rest are examples the spec authors got wrong, e.g. a null the schema does not
     * allow), and every chat-related one must.
     */
    @Test
    void theSpecsOwnExamplesConform() {
        for (Spec spec : new Spec[] {Spec.OPENAI, Spec.ANTHROPIC}) {
            OpenApiSchemas schemas = OpenApiSchemas.of(spec);
            int total = 0;
            List<String> failing = new java.util.ArrayList<>();
            for (var entry : schemas.allSchemaExamples().entrySet()) {
                for (JsonNode example : entry.getValue()) {
                    total++;
                    if (!schemas.validate(entry.getKey(), example).isEmpty()) {
                        failing.add(entry.getKey());
                    }
                }
            }
            assertThat(total).as(spec + " examples").isGreaterThan(10);
            assertThat(total - failing.size()).as(spec + " conforming examples of " + total + "; failing: " + failing)
                    .isGreaterThanOrEqualTo(total * 8 / 10);
            assertThat(failing).as(spec + " failing examples").noneMatch(name -> name.startsWith("CreateChatCompletion")
                    || name.equals("Message") || name.equals("CreateMessageParams"));
        }
        assertThat(OpenApiSchemas.of(Spec.OPENAI).examples("CreateChatCompletionStreamResponse")).hasSizeGreaterThan(1);
    }

    // ---- OpenAI --------------------------------------------------------------------------------

    private static final String CHAT_REQUEST = """
            {"model":"gpt-4o-mini","messages":[
              {"role":"system","content":"Be brief."},
              {"role":"user","content":[{"type":"text","text":"What is this?"},
                {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}}]},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                "function":{"name":"lookup","arguments":"{\\"q\\":\\"x\\"}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"42"}],
             "tools":[{"type":"function","function":{"name":"lookup","description":"Look up",
               "parameters":{"type":"object","properties":{"q":{"type":"string"}}}}}],
             "tool_choice":{"type":"function","function":{"name":"lookup"}},
             "temperature":0.2,"top_p":0.9,"max_completion_tokens":100,"stop":["END"],"seed":7,
             "stream":true,"stream_options":{"include_usage":true},
             "response_format":{"type":"json_schema","json_schema":{"name":"answer","strict":true,
               "schema":{"type":"object","properties":{"a":{"type":"string"}}}}}}
            """;

    @Test
    void acceptsAFullOpenAiChatRequest() throws IOException {
        assertThat(openAi("CreateChatCompletionRequest", json(CHAT_REQUEST))).isEmpty();
    }

    @Test
    void rejectsOpenAiChatRequestWithoutMessages() throws IOException {
        ObjectNode request = json(CHAT_REQUEST);
        request.remove("messages");
        assertThat(openAi("CreateChatCompletionRequest", request))
                .anySatisfy(v -> assertThat(v.message()).contains("messages"));
    }

    @Test
    void rejectsOpenAiChatRequestWithTextTemperature() throws IOException {
        ObjectNode request = json(CHAT_REQUEST);
        request.put("temperature", "hot");
        assertThat(openAi("CreateChatCompletionRequest", request))
                .anySatisfy(v -> assertThat(v.path()).isEqualTo("$.temperature"));
    }

    @Test
    void rejectsOpenAiChatRequestWithUnknownRoleOrOutOfRangeTemperature() throws IOException {
        ObjectNode badRole = json(CHAT_REQUEST);
        ((ObjectNode) badRole.get("messages").get(0)).put("role", "wizard");
        assertThat(openAi("CreateChatCompletionRequest", badRole)).isNotEmpty();
        ObjectNode hot = json(CHAT_REQUEST);
        hot.put("temperature", 3.5);
        assertThat(openAi("CreateChatCompletionRequest", hot)).isNotEmpty();
    }

    @Test
    void closedOpenAiRequestRejectsAMisspelledParameterButAcceptsEveryDeclaredOne() throws IOException {
        String closed = OpenApiSchemas.closed("CreateChatCompletionRequest");
        // The request is an allOf of shared model-response properties and chat ones: both count.
        assertThat(openAi(closed, json(CHAT_REQUEST))).isEmpty();
        ObjectNode typo = json(CHAT_REQUEST);
        typo.put("max_token", 5);
        assertThat(openAi(closed, typo)).extracting(SchemaViolation::property).containsExactly("max_token");
        assertThat(openAi("CreateChatCompletionRequest", typo)).isEmpty(); // the open schema lets it through
    }

    @Test
    void acceptsNullStopBecauseTheSpecMarksItNullable() throws IOException {
        ObjectNode request = json(CHAT_REQUEST);
        request.putNull("stop");
        assertThat(openAi("CreateChatCompletionRequest", request)).isEmpty();
    }

    private static final String CHAT_RESPONSE = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
             "choices":[{"index":0,"finish_reason":"tool_calls","logprobs":null,
               "message":{"role":"assistant","content":null,"refusal":null,
                 "tool_calls":[{"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{}"}}]}}],
             "usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}
            """;

    @Test
    void acceptsAnOpenAiChatResponseAndRejectsABadFinishReason() throws IOException {
        assertThat(openAi("CreateChatCompletionResponse", json(CHAT_RESPONSE))).isEmpty();
        ObjectNode bad = json(CHAT_RESPONSE);
        ((ObjectNode) bad.get("choices").get(0)).put("finish_reason", "tired");
        assertThat(openAi("CreateChatCompletionResponse", bad))
                .anySatisfy(v -> assertThat(v.path()).isEqualTo("$.choices[0].finish_reason"));
    }

    @Test
    void acceptsOpenAiStreamChunksIncludingTheUsageChunk() throws IOException {
        String delta = """
                {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m",
                 "choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}""";
        String usage = """
                {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],
                 "usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}""";
        assertThat(openAi("CreateChatCompletionStreamResponse", json(delta))).isEmpty();
        assertThat(openAi("CreateChatCompletionStreamResponse", json(usage))).isEmpty();
        ObjectNode wrongObject = json(delta);
        wrongObject.put("object", "chat.completion");
        assertThat(openAi("CreateChatCompletionStreamResponse", wrongObject)).isNotEmpty();
    }

    @Test
    void validatesInMillisecondsOnceLoaded() throws IOException {
        JsonNode request = json(CHAT_REQUEST);
        openAi("CreateChatCompletionRequest", request); // compile
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            openAi("CreateChatCompletionRequest", request);
        }
        long perDocMs = (System.nanoTime() - start) / 20 / 1_000_000;
        // A generous bound: a regression to re-loading the 3 MB spec per call takes seconds.
        assertThat(perDocMs).isLessThan(200);
    }

    @Test
    void assertConformsNamesSpecSchemaAndPath() throws IOException {
        ObjectNode request = json(CHAT_REQUEST);
        request.put("temperature", "hot");
        assertThatThrownBy(() -> OpenApiSchemas.assertConforms(Spec.OPENAI, "CreateChatCompletionRequest", request))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("CreateChatCompletionRequest")
                .hasMessageContaining("openai-openapi.yaml")
                .hasMessageContaining("$.temperature");
    }

    // ---- Anthropic -----------------------------------------------------------------------------

    private static List<SchemaViolation> anthropic(String schema, String doc) throws IOException {
        return OpenApiSchemas.of(Spec.ANTHROPIC).validate(schema, json(doc));
    }

    @Test
    void anthropicMessagesRequestIsCheckedIncludingUnknownFields() throws IOException {
        String ok = """
                {"model":"claude-3-5-haiku-latest","max_tokens":256,"system":"Be brief.",
                 "messages":[{"role":"user","content":[{"type":"text","text":"Hi"},
                   {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]},
                   {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"lookup","input":{"q":"x"}}]},
                   {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"42"}]}],
                 "tools":[{"name":"lookup","input_schema":{"type":"object","properties":{"q":{"type":"string"}}}}],
                 "tool_choice":{"type":"tool","name":"lookup"},"stop_sequences":["END"],"temperature":0.5}""";
        assertThat(anthropic("CreateMessageParams", ok)).isEmpty();
        assertThat(anthropic("CreateMessageParams", ok.replace("\"max_tokens\":256,", ""))).isNotEmpty();
        assertThat(anthropic("CreateMessageParams", ok.replace("\"max_tokens\"", "\"max_tokenz\""))).isNotEmpty();
        assertThat(anthropic("CreateMessageParams", ok.replace("\"role\":\"assistant\"", "\"role\":\"system\"")))
                .isNotEmpty();
    }

    @Test
    void anthropicMessageAndStreamEventsAreChecked() throws IOException {
        String message = """
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-3-5-haiku-latest",
                 "content":[{"type":"text","text":"Hi"},{"type":"tool_use","id":"toolu_1","name":"f","input":{}}],
                 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":4}}""";
        assertThat(anthropic("Message", message)).isEmpty();
        assertThat(anthropic("Message", message.replace("tool_use\",\"stop", "tired\",\"stop"))).isNotEmpty();
        assertThat(anthropic("MessageStreamEvent",
                "{\"type\":\"message_start\",\"message\":" + message + "}")).isEmpty();
        assertThat(anthropic("MessageStreamEvent",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}"))
                .isEmpty();
        assertThat(anthropic("MessageStreamEvent",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                        + "\"usage\":{\"output_tokens\":4}}")).isEmpty();
        assertThat(anthropic("MessageStreamEvent",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\"}}")).isNotEmpty();
    }

    // ---- Gemini --------------------------------------------------------------------------------

    private static List<SchemaViolation> gemini(String schema, String doc) throws IOException {
        return OpenApiSchemas.of(Spec.GEMINI).validate(schema, json(doc));
    }

    @Test
    void geminiRequestAndResponseAreChecked() throws IOException {
        String request = """
                {"contents":[{"role":"user","parts":[{"text":"Hi"},
                   {"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}}]}],
                 "systemInstruction":{"parts":[{"text":"Be brief."}]},
                 "generationConfig":{"temperature":0.5,"maxOutputTokens":100,"stopSequences":["END"],
                   "responseMimeType":"application/json"}}""";
        assertThat(gemini("GenerateContentRequest", request)).isEmpty();
        assertThat(gemini("GenerateContentRequest", request.replace("0.5", "\"warm\""))).isNotEmpty();
        // Google rejects unknown fields, so Spec.GEMINI checks objects closed: a typo is caught.
        assertThat(gemini("GenerateContentRequest", request.replace("maxOutputTokens", "maxOutputToken")))
                .extracting(SchemaViolation::property).containsExactly("maxOutputToken");
        String response = """
                {"candidates":[{"content":{"role":"model","parts":[{"text":"Hello"}]},"finishReason":"STOP",
                  "index":0}],"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":1,"totalTokenCount":4},
                 "modelVersion":"gemini-2.0-flash"}""";
        assertThat(gemini("GenerateContentResponse", response)).isEmpty();
        assertThat(gemini("GenerateContentResponse", response.replace("\"STOP\"", "\"DONE\""))).isNotEmpty();
    }
}
