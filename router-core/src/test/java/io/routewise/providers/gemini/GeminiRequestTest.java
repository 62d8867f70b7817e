package io.routewise.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ContentPart;
import io.routewise.chat.InvalidRequestException;
import io.routewise.chat.Message;
import io.routewise.chat.ResponseFormat;
import io.routewise.chat.Role;
import io.routewise.chat.ToolCall;
import io.routewise.chat.ToolChoice;
import io.routewise.chat.ToolDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Client-side request encoding, checked against Gemini's field names, and its server-side inverse. */
class GeminiRequestTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final GeminiProviderCodec client = new GeminiProviderCodec();
    private final GeminiApiCodec server = new GeminiApiCodec();

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    private static ChatRequest request(List<Message> messages, List<ToolDefinition> tools, ToolChoice choice,
                                       ResponseFormat format) {
        return new ChatRequest("gemini-2.0-flash", messages, tools, choice, format, 0.3, 0.9, 256,
                List.of("END"), 7L, null, false, false, null, null);
    }

    private ChatRequest roundTrip(ChatRequest request) {
        return server.decodeRequest(client.encodeRequest(request, "gemini-2.0-flash"), "gemini-2.0-flash");
    }

    @Test
    void buildsGenerateContentAndStreamPathsAndApiKeyHeader() {
        assertThat(client.requestPath("gemini-2.0-flash", false))
                .isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent");
        assertThat(client.requestPath("models/gemini-2.0-flash", true))
                .isEqualTo("/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse");
        assertThat(client.authHeaders("k-123")).containsExactly(java.util.Map.entry("x-goog-api-key", "k-123"));
    }

    @Test
    void encodesPlainTextWithGenerationConfigAndRoundTrips() throws Exception {
        ChatRequest original = request(List.of(Message.text(Role.USER, "Hello")), null, null, null);
        ObjectNode body = client.encodeRequest(original, "gemini-2.0-flash");

        assertThat(body).isEqualTo(json("""
                {"contents":[{"role":"user","parts":[{"text":"Hello"}]}],
                 "generationConfig":{"temperature":0.3,"topP":0.9,"maxOutputTokens":256,
                                     "stopSequences":["END"],"seed":7}}"""));
        ChatRequest back = server.decodeRequest(body, "models/gemini-2.0-flash");
        assertThat(back.model()).isEqualTo("gemini-2.0-flash");
        assertThat(back.messages()).isEqualTo(original.messages());
        assertThat(back.temperature()).isEqualTo(0.3);
        assertThat(back.topP()).isEqualTo(0.9);
        assertThat(back.maxTokens()).isEqualTo(256);
        assertThat(back.stop()).containsExactly("END");
        assertThat(back.seed()).isEqualTo(7L);
        assertThat(back.stream()).isFalse();
    }

    @Test
    void movesSystemAndDeveloperMessagesToSystemInstruction() throws Exception {
        ChatRequest original = ChatRequest.of("m", List.of(
                Message.text(Role.SYSTEM, "Be brief."),
                Message.text(Role.DEVELOPER, "Answer in French."),
                Message.text(Role.USER, "Hi")));
        ObjectNode body = client.encodeRequest(original, "m");

        assertThat(body.get("systemInstruction")).isEqualTo(json("""
                {"parts":[{"text":"Be brief."},{"text":"Answer in French."}]}"""));
        assertThat(body.get("contents")).hasSize(1);
        assertThat(roundTrip(original).messages()).containsExactly(
                Message.text(Role.SYSTEM, "Be brief."), Message.text(Role.SYSTEM, "Answer in French."),
                Message.text(Role.USER, "Hi"));
    }

    @Test
    void acceptsSnakeCaseSystemInstructionFromGoogleExamples() throws Exception {
        ChatRequest decoded = server.decodeRequest(json("""
                {"system_instruction":{"parts":[{"text":"Be kind."}]},
                 "contents":[{"parts":[{"text":"Hi"}]}],
                 "generation_config":{"max_output_tokens":12}}"""), "m");
        assertThat(decoded.messages()).containsExactly(Message.text(Role.SYSTEM, "Be kind."),
                Message.text(Role.USER, "Hi"));
        assertThat(decoded.maxTokens()).isEqualTo(12);
    }

    @Test
    void sendsDataUrlImagesInlineAndRemoteImagesAsFileDataWithGuessedMimeType() throws Exception {
        Message user = new Message(Role.USER, List.of(
                new ContentPart.Text("Compare"),
                ContentPart.Image.inline("image/png", "iVBORw0KGgo="),
                new ContentPart.Image("https://example.com/cat.webp?size=large", null),
                new ContentPart.Image("https://example.com/photo", null)), null, null, null);
        ChatRequest original = ChatRequest.of("m", List.of(user));
        ObjectNode body = client.encodeRequest(original, "m");

        assertThat(body.at("/contents/0/parts")).isEqualTo(json("""
                [{"text":"Compare"},
                 {"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}},
                 {"fileData":{"mimeType":"image/webp","fileUri":"https://example.com/cat.webp?size=large"}},
                 {"fileData":{"mimeType":"image/jpeg","fileUri":"https://example.com/photo"}}]"""));
        assertThat(roundTrip(original).messages().get(0).content()).containsExactly(
                new ContentPart.Text("Compare"),
                ContentPart.Image.inline("image/png", "iVBORw0KGgo="),
                new ContentPart.Image("https://example.com/cat.webp?size=large", null),
                new ContentPart.Image("https://example.com/photo", null));
    }

    @Test
    void rejectsDataUrlThatIsNotBase64() {
        Message user = new Message(Role.USER, List.of(new ContentPart.Image("data:image/png,raw", null)),
                null, null, null);
        assertThatThrownBy(() -> client.encodeRequest(ChatRequest.of("m", List.of(user)), "m"))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.param()).isEqualTo("messages[0].content[0].image_url"));
    }

    @Test
    void encodesToolsWithSanitisedSchemasAndToolChoiceModes() throws Exception {
        ToolDefinition weather = new ToolDefinition("get_weather", "Weather for a city", json("""
                {"type":"object","$schema":"http://json-schema.org/draft-07/schema#","additionalProperties":false,
                 "properties":{"city":{"type":"string","description":"City name"},
                               "unit":{"type":["string","null"],"enum":["c","f"]}},
                 "required":["city"],"strict":true}"""), true);
        ToolDefinition now = new ToolDefinition("now", "Current time", json("""
                {"type":"object","properties":{}}"""), null);
        ChatRequest original = request(List.of(Message.text(Role.USER, "Weather?")), List.of(weather, now),
                ToolChoice.function("get_weather"), null);
        ObjectNode body = client.encodeRequest(original, "m");

        assertThat(body.get("tools")).isEqualTo(json("""
                [{"functionDeclarations":[
                   {"name":"get_weather","description":"Weather for a city",
                    "parameters":{"type":"OBJECT",
                       "properties":{"city":{"type":"STRING","description":"City name"},
                                     "unit":{"nullable":true,"type":"STRING","enum":["c","f"]}},
                       "required":["city"]}},
                   {"name":"now","description":"Current time"}]}]"""));
        assertThat(body.get("toolConfig")).isEqualTo(json("""
                {"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["get_weather"]}}"""));

        ChatRequest back = roundTrip(original);
        assertThat(back.toolChoice()).isEqualTo(ToolChoice.function("get_weather"));
        assertThat(back.tools()).hasSize(2);
        assertThat(back.tools().get(0).parameters()).isEqualTo(json("""
                {"type":"object",
                 "properties":{"city":{"type":"string","description":"City name"},
                               "unit":{"type":["string","null"],"enum":["c","f"]}},
                 "required":["city"]}"""));
        assertThat(back.tools().get(1).parameters()).isNull();
    }

    @Test
    void mapsEachToolChoiceToFunctionCallingMode() {
        ToolDefinition tool = new ToolDefinition("f", "d", null, null);
        for (var c : List.of(
                new Object[] {ToolChoice.AUTO, "AUTO"}, new Object[] {ToolChoice.NONE, "NONE"},
                new Object[] {ToolChoice.REQUIRED, "ANY"})) {
            ChatRequest r = request(List.of(Message.text(Role.USER, "x")), List.of(tool), (ToolChoice) c[0], null);
            ObjectNode body = client.encodeRequest(r, "m");
            assertThat(body.at("/toolConfig/functionCallingConfig/mode").asText()).isEqualTo(c[1]);
            assertThat(roundTrip(r).toolChoice()).isEqualTo(c[0]);
        }
    }

    @Test
    void sendsFunctionCallsAndResponsesWithNamesRecoveredFromCallIds() throws Exception {
        ChatRequest original = ChatRequest.of("m", List.of(
                Message.text(Role.USER, "Weather in Paris and the time?"),
                new Message(Role.ASSISTANT, List.of(new ContentPart.Text("Checking.")), null, List.of(
                        new ToolCall("call_abc", "get_weather", "{\"city\":\"Paris\"}"),
                        new ToolCall("call_def", "now", "")), null),
                Message.toolResult("call_abc", "{\"temp_c\":21}"),
                Message.toolResult("call_def", "12:00"),
                Message.text(Role.USER, "Thanks! And tomorrow?")));
        ObjectNode body = client.encodeRequest(original, "m");

        assertThat(body.get("contents")).isEqualTo(json("""
                [{"role":"user","parts":[{"text":"Weather in Paris and the time?"}]},
                 {"role":"model","parts":[{"text":"Checking."},
                    {"functionCall":{"name":"get_weather","args":{"city":"Paris"}},
                     "thoughtSignature":"skip_thought_signature_validator"},
                    {"functionCall":{"name":"now","args":{}},
                     "thoughtSignature":"skip_thought_signature_validator"}]},
                 {"role":"user","parts":[
                    {"functionResponse":{"name":"get_weather","response":{"temp_c":21}}},
                    {"functionResponse":{"name":"now","response":{"result":"12:00"}}},
                    {"text":"Thanks! And tomorrow?"}]}]"""));

        List<Message> back = roundTrip(original).messages();
        assertThat(back).hasSize(5);
        List<ToolCall> calls = back.get(1).toolCalls();
        assertThat(calls).extracting(ToolCall::id).containsExactly("call_0_get_weather", "call_1_now");
        assertThat(calls).extracting(ToolCall::name).containsExactly("get_weather", "now");
        assertThat(calls.get(0).arguments()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(back.get(1).text()).isEqualTo("Checking.");
        assertThat(back.get(2)).isEqualTo(Message.toolResult("call_0_get_weather", "{\"temp_c\":21}"));
        assertThat(back.get(3)).isEqualTo(Message.toolResult("call_1_now", "12:00"));
        assertThat(back.get(4)).isEqualTo(Message.text(Role.USER, "Thanks! And tomorrow?"));
    }

    @Test
    void roundTripsSynthesisedCallIdsUnchanged() {
        ChatRequest original = ChatRequest.of("m", List.of(
                Message.text(Role.USER, "Weather?"),
                Message.assistantToolCalls(List.of(new ToolCall("call_0_get_weather", "get_weather", "{}"))),
                Message.toolResult("call_0_get_weather", "sunny"),
                Message.text(Role.ASSISTANT, "Sunny."),
                Message.text(Role.USER, "And Rome?"),
                Message.assistantToolCalls(List.of(new ToolCall("call_1_get_weather", "get_weather",
                        "{\"city\":\"Rome\"}"))),
                Message.toolResult("call_1_get_weather", "rain")));
        assertThat(roundTrip(original).messages()).isEqualTo(original.messages());
    }

    @Test
    void matchesParallelResultsForTheSameFunctionToTheirCallsInOrder() throws Exception {
        ChatRequest decoded = server.decodeRequest(json("""
                {"contents":[{"role":"user","parts":[{"text":"Paris and Rome?"}]},
                  {"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}}},
                                           {"functionCall":{"name":"get_weather","args":{"city":"Rome"}}}]},
                  {"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"t":21}}},
                                          {"functionResponse":{"name":"get_weather","response":{"t":25}}}]}]}"""),
                "m");
        assertThat(decoded.messages()).hasSize(4);
        assertThat(decoded.messages().get(2)).isEqualTo(Message.toolResult("call_0_get_weather", "{\"t\":21}"));
        assertThat(decoded.messages().get(3)).isEqualTo(Message.toolResult("call_1_get_weather", "{\"t\":25}"));
    }

    @Test
    void mergesConsecutiveSameRoleTurns() throws Exception {
        ChatRequest original = ChatRequest.of("m", List.of(
                Message.text(Role.USER, "one"), Message.text(Role.USER, "two"),
                Message.text(Role.ASSISTANT, "three"), Message.text(Role.ASSISTANT, ""),
                Message.text(Role.ASSISTANT, "four")));
        assertThat(client.encodeRequest(original, "m").get("contents")).isEqualTo(json("""
                [{"role":"user","parts":[{"text":"one"},{"text":"two"}]},
                 {"role":"model","parts":[{"text":"three"},{"text":"four"}]}]"""));
    }

    @Test
    void rejectsToolResultWhoseCallIdNoAssistantMade() {
        ChatRequest bad = ChatRequest.of("m", List.of(Message.text(Role.USER, "x"), Message.toolResult("nope", "1")));
        assertThatThrownBy(() -> client.encodeRequest(bad, "m"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.param()).isEqualTo("messages[1].tool_call_id");
                    assertThat(e.getMessage()).contains("nope");
                });
    }

    @Test
    void rejectsToolCallArgumentsThatAreNotAnObject() {
        ChatRequest bad = ChatRequest.of("m", List.of(Message.text(Role.USER, "x"),
                Message.assistantToolCalls(List.of(new ToolCall("c", "f", "[1,2]")))));
        assertThatThrownBy(() -> client.encodeRequest(bad, "m"))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.param()).isEqualTo("messages[1].tool_calls[0].function.arguments"));
    }

    @Test
    void jsonObjectModeSetsResponseMimeType() throws Exception {
        ChatRequest original = request(List.of(Message.text(Role.USER, "json please")), null, null,
                ResponseFormat.JSON_OBJECT);
        ObjectNode body = client.encodeRequest(original, "m");
        assertThat(body.at("/generationConfig/responseMimeType").asText()).isEqualTo("application/json");
        assertThat(body.at("/generationConfig").has("responseSchema")).isFalse();
        assertThat(roundTrip(original).responseFormat()).isEqualTo(ResponseFormat.JSON_OBJECT);
    }

    @Test
    void jsonSchemaModeSendsSanitisedResponseSchema() throws Exception {
        JsonNode schema = json("""
                {"type":"object","additionalProperties":false,
                 "properties":{"names":{"type":"array","items":{"type":"string","format":"email"},"minItems":1}},
                 "required":["names"]}""");
        ChatRequest original = request(List.of(Message.text(Role.USER, "names")), null, null,
                new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "people", schema, true));
        ObjectNode body = client.encodeRequest(original, "m");

        assertThat(body.at("/generationConfig/responseMimeType").asText()).isEqualTo("application/json");
        assertThat(body.at("/generationConfig/responseSchema")).isEqualTo(json("""
                {"type":"OBJECT",
                 "properties":{"names":{"type":"ARRAY","items":{"type":"STRING"},"minItems":1}},
                 "required":["names"]}"""));
        ResponseFormat back = roundTrip(original).responseFormat();
        assertThat(back.type()).isEqualTo(ResponseFormat.Type.JSON_SCHEMA);
        assertThat(back.schema()).isEqualTo(json("""
                {"type":"object",
                 "properties":{"names":{"type":"array","items":{"type":"string"},"minItems":1}},
                 "required":["names"]}"""));
    }

    @Test
    void decodeRequestRequiresContents() throws Exception {
        assertThatThrownBy(() -> server.decodeRequest(json("{\"generationConfig\":{}}"), "m"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.param()).isEqualTo("contents");
                    assertThat(e.getMessage()).contains("contents");
                });
        assertThatThrownBy(() -> server.decodeRequest(json("{\"contents\":\"hi\"}"), "m"))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.param()).isEqualTo("contents"));
        assertThatThrownBy(() -> server.decodeRequest(json("{\"contents\":[]}"), "m"))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.param()).isEqualTo("contents"));
    }

    @Test
    void decodeRequestNamesTheFaultyField() throws Exception {
        assertParam("{\"contents\":[{\"role\":\"assistant\",\"parts\":[{\"text\":\"x\"}]}]}", "contents[0].role");
        assertParam("{\"contents\":[{\"role\":\"user\"}]}", "contents[0].parts");
        assertParam("{\"contents\":[{\"parts\":[{\"inlineData\":{\"data\":\"AA==\"}}]}]}",
                "contents[0].parts[0].inlineData.mimeType");
        assertParam("{\"contents\":[{\"parts\":[{\"executableCode\":{}}]}]}", "contents[0].parts[0]");
        assertParam("{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"generationConfig\":{\"temperature\":\"hot\"}}",
                "generationConfig.temperature");
        assertParam("{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"generationConfig\":{\"candidateCount\":2}}",
                "generationConfig.candidateCount");
        assertParam("{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"tools\":[{\"googleSearch\":{}}]}", "tools[0]");
        assertParam("{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],"
                + "\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"SOMETIMES\"}}}",
                "toolConfig.functionCallingConfig.mode");
        // A result for a function the model never called in the previous turn.
        assertParam("""
                {"contents":[{"role":"user","parts":[{"text":"x"}]},
                  {"role":"model","parts":[{"functionCall":{"name":"a","args":{}}}]},
                  {"role":"user","parts":[{"functionResponse":{"name":"b","response":{}}}]}]}""",
                "contents[2].parts[0].functionResponse.name");
    }

    @Test
    void decodeRequestNeedsAModel() throws Exception {
        assertThatThrownBy(() -> server.decodeRequest(json("{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}]}"), null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.param()).isEqualTo("model"));
    }

    @Test
    void decodeRequestReadsLegacyFunctionRoleAndSkipsReplayedThoughts() throws Exception {
        ChatRequest decoded = server.decodeRequest(json("""
                {"contents":[{"role":"user","parts":[{"text":"x"}]},
                  {"role":"model","parts":[{"text":"hmm","thought":true},{"functionCall":{"name":"f"}}]},
                  {"role":"function","parts":[{"functionResponse":{"name":"f","response":{"ok":true}}}]}]}"""),
                "m");
        assertThat(decoded.messages().get(1)).isEqualTo(
                Message.assistantToolCalls(List.of(new ToolCall("call_0_f", "f", "{}"))));
        assertThat(decoded.messages().get(2)).isEqualTo(Message.toolResult("call_0_f", "{\"ok\":true}"));
    }

    private void assertParam(String body, String param) throws Exception {
        JsonNode json = json(body);
        assertThatThrownBy(() -> server.decodeRequest(json, "m"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.param()).isEqualTo(param));
    }
}
