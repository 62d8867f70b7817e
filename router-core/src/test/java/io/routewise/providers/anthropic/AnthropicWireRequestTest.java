package io.routewise.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
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
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnthropicWireRequestTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final AnthropicProviderCodec client = new AnthropicProviderCodec();
    private final AnthropicApiCodec server = new AnthropicApiCodec();

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text.replace('\'', '"'));
    }

    private static ChatRequest request(List<Message> messages, List<ToolDefinition> tools, ToolChoice choice,
                                       ResponseFormat format, Integer maxTokens) {
        return new ChatRequest("auto", messages, tools, choice, format, null, null, maxTokens, null, null, null,
                false, false, null, null);
    }

    /** Encodes for Anthropic, then reads the body back as the simulator would. */
    private ChatRequest roundTrip(ChatRequest request) {
        return server.decodeRequest(client.encodeRequest(request, "claude-3-5-haiku-latest"), null);
    }

    @Test
    void pointsAtMessagesEndpointWithKeyAndVersionHeaders() {
        assertThat(client.requestPath("claude-3-5-haiku-latest", true)).isEqualTo("/v1/messages");
        assertThat(client.authHeaders("sk-ant-test"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("x-api-key", "sk-ant-test", "anthropic-version", "2023-06-01"));
    }

    @Test
    void encodesPlainTextWithDefaultMaxTokensAndRoundTrips() throws Exception {
        ChatRequest req = ChatRequest.of("auto", List.of(Message.text(Role.USER, "Hello")));

        ObjectNode body = client.encodeRequest(req, "claude-3-5-haiku-latest");

        assertThat(body).isEqualTo(json("{'model':'claude-3-5-haiku-latest','max_tokens':4096,"
                + "'messages':[{'role':'user','content':[{'type':'text','text':'Hello'}]}]}"));
        ChatRequest back = server.decodeRequest(body, null);
        assertThat(back.model()).isEqualTo("claude-3-5-haiku-latest");
        assertThat(back.messages()).isEqualTo(req.messages());
        assertThat(back.maxTokens()).isEqualTo(4096);
        assertThat(back.stream()).isFalse();
    }

    @Test
    void movesSystemAndDeveloperMessagesToTopLevelSystem() {
        ChatRequest req = ChatRequest.of("auto", List.of(
                Message.text(Role.SYSTEM, "Be brief."),
                Message.text(Role.USER, "Hi"),
                Message.text(Role.DEVELOPER, "Answer in French.")));

        ObjectNode body = client.encodeRequest(req, "m");

        assertThat(body.get("system").asText()).isEqualTo("Be brief.\n\nAnswer in French.");
        assertThat(body.get("messages")).hasSize(1);
        ChatRequest back = server.decodeRequest(body, null);
        assertThat(back.messages()).containsExactly(
                Message.text(Role.SYSTEM, "Be brief.\n\nAnswer in French."), Message.text(Role.USER, "Hi"));
    }

    @Test
    void acceptsSystemAsTextBlocksAndContentAsString() throws Exception {
        ChatRequest req = server.decodeRequest(json("{'model':'m','max_tokens':10,"
                + "'system':[{'type':'text','text':'Be '},{'type':'text','text':'kind.'}],"
                + "'messages':[{'role':'user','content':'Hi'}]}"), null);

        assertThat(req.messages()).containsExactly(Message.text(Role.SYSTEM, "Be kind."), Message.text(Role.USER, "Hi"));
    }

    @Test
    void encodesBase64AndUrlImagesAsImageBlocks() {
        Message user = new Message(Role.USER, List.of(new ContentPart.Text("What is this?"),
                ContentPart.Image.inline("image/png", "iVBORw0KGgo="),
                new ContentPart.Image("https://example.com/cat.jpg", null)), null, null, null);
        ChatRequest req = ChatRequest.of("auto", List.of(user));

        JsonNode content = client.encodeRequest(req, "m").get("messages").get(0).get("content");

        assertThat(content.get(1).get("source")).isEqualTo(MAPPER.createObjectNode()
                .put("type", "base64").put("media_type", "image/png").put("data", "iVBORw0KGgo="));
        assertThat(content.get(2).get("source")).isEqualTo(MAPPER.createObjectNode()
                .put("type", "url").put("url", "https://example.com/cat.jpg"));
        assertThat(roundTrip(req).messages()).containsExactly(user);
    }

    @Test
    void encodesToolsAndEveryToolChoice() throws Exception {
        JsonNode schema = json("{'type':'object','properties':{'city':{'type':'string'}},'required':['city']}");
        List<ToolDefinition> tools = List.of(new ToolDefinition("get_weather", "Weather for a city", schema, null));
        List<Message> msgs = List.of(Message.text(Role.USER, "Weather in Paris?"));

        ObjectNode body = client.encodeRequest(request(msgs, tools, ToolChoice.function("get_weather"), null, 256), "m");

        assertThat(body.get("tools")).isEqualTo(json("[{'name':'get_weather','description':'Weather for a city',"
                + "'input_schema':" + schema + "}]"));
        assertThat(body.get("tool_choice")).isEqualTo(json("{'type':'tool','name':'get_weather'}"));
        assertThat(body.get("max_tokens").asInt()).isEqualTo(256);

        for (ToolChoice choice : List.of(ToolChoice.AUTO, ToolChoice.NONE, ToolChoice.REQUIRED,
                ToolChoice.function("get_weather"))) {
            ChatRequest back = roundTrip(request(msgs, tools, choice, null, 256));
            assertThat(back.toolChoice()).isEqualTo(choice);
            assertThat(back.tools()).isEqualTo(tools);
        }
        assertThat(client.encodeRequest(request(msgs, tools, ToolChoice.REQUIRED, null, 1), "m").get("tool_choice"))
                .isEqualTo(json("{'type':'any'}"));
        assertThat(client.encodeRequest(request(msgs, tools, ToolChoice.NONE, null, 1), "m").get("tool_choice"))
                .isEqualTo(json("{'type':'none'}"));
    }

    @Test
    void givesParameterlessToolsAnEmptyObjectSchema() throws Exception {
        List<ToolDefinition> tools = List.of(new ToolDefinition("now", null, null, null));
        ObjectNode body = client.encodeRequest(request(List.of(Message.text(Role.USER, "time?")), tools, null, null, 1), "m");

        assertThat(body.get("tools")).isEqualTo(json("[{'name':'now','input_schema':{'type':'object','properties':{}}}]"));
        assertThat(body.has("tool_choice")).isFalse();
    }

    @Test
    void mapsParallelToolCallsFalseToDisableParallelToolUse() {
        List<ToolDefinition> tools = List.of(new ToolDefinition("f", null, null, null));
        ChatRequest req = new ChatRequest("auto", List.of(Message.text(Role.USER, "x")), tools, ToolChoice.AUTO, null,
                null, null, null, null, null, null, false, false, null, Map.of("parallel_tool_calls", BooleanNode.FALSE));

        ObjectNode body = client.encodeRequest(req, "m");

        assertThat(body.get("tool_choice").get("disable_parallel_tool_use").asBoolean()).isTrue();
        assertThat(server.decodeRequest(body, null).extra()).containsEntry("parallel_tool_calls", BooleanNode.FALSE);
    }

    @Test
    void encodesMultiTurnToolConversationAsAlternatingTurns() throws Exception {
        List<Message> conversation = List.of(
                Message.text(Role.USER, "Weather in Paris and Rome?"),
                new Message(Role.ASSISTANT, List.of(new ContentPart.Text("Checking.")), null, List.of(
                        new ToolCall("toolu_1", "get_weather", "{\"city\":\"Paris\"}"),
                        new ToolCall("toolu_2", "get_weather", "{\"city\":\"Rome\"}")), null),
                Message.toolResult("toolu_1", "18C"),
                Message.toolResult("toolu_2", "24C"),
                Message.text(Role.ASSISTANT, "Paris 18C, Rome 24C."));

        JsonNode turns = client.encodeRequest(ChatRequest.of("auto", conversation), "m").get("messages");

        assertThat(turns).isEqualTo(json("["
                + "{'role':'user','content':[{'type':'text','text':'Weather in Paris and Rome?'}]},"
                + "{'role':'assistant','content':[{'type':'text','text':'Checking.'},"
                + "{'type':'tool_use','id':'toolu_1','name':'get_weather','input':{'city':'Paris'}},"
                + "{'type':'tool_use','id':'toolu_2','name':'get_weather','input':{'city':'Rome'}}]},"
                + "{'role':'user','content':[{'type':'tool_result','tool_use_id':'toolu_1','content':'18C'},"
                + "{'type':'tool_result','tool_use_id':'toolu_2','content':'24C'}]},"
                + "{'role':'assistant','content':[{'type':'text','text':'Paris 18C, Rome 24C.'}]}]"));
        assertThat(roundTrip(ChatRequest.of("auto", conversation)).messages()).isEqualTo(conversation);
    }

    @Test
    void mergesConsecutiveSameRoleTurnsIncludingToolResultFollowedByUserText() {
        List<Message> conversation = List.of(
                Message.text(Role.USER, "First."),
                Message.text(Role.USER, "Second."),
                Message.assistantToolCalls(List.of(new ToolCall("toolu_9", "lookup", "{}"))),
                Message.toolResult("toolu_9", "found"),
                Message.text(Role.USER, "Thanks, now summarise."));

        JsonNode turns = client.encodeRequest(ChatRequest.of("auto", conversation), "m").get("messages");

        assertThat(turns).hasSize(3);
        assertThat(turns.get(0).get("content")).hasSize(2);
        assertThat(turns.get(2).get("content").get(0).get("type").asText()).isEqualTo("tool_result");
        assertThat(turns.get(2).get("content").get(1).get("text").asText()).isEqualTo("Thanks, now summarise.");
        assertThat(roundTrip(ChatRequest.of("auto", conversation)).messages()).containsExactly(
                new Message(Role.USER, List.of(new ContentPart.Text("First."), new ContentPart.Text("Second.")),
                        null, null, null),
                conversation.get(2), conversation.get(3), conversation.get(4));
    }

    @Test
    void sendsToolResultsWithImagesAsBlockContent() {
        Message result = new Message(Role.TOOL, List.of(new ContentPart.Text("chart:"),
                ContentPart.Image.inline("image/jpeg", "/9j/4AAQ")), null, null, "toolu_3");
        List<Message> conversation = List.of(Message.text(Role.USER, "plot it"),
                Message.assistantToolCalls(List.of(new ToolCall("toolu_3", "plot", "{\"x\":[1,2]}"))), result);

        JsonNode block = client.encodeRequest(ChatRequest.of("auto", conversation), "m")
                .get("messages").get(2).get("content").get(0);

        assertThat(block.get("content").isArray()).isTrue();
        assertThat(block.get("content").get(1).get("source").get("media_type").asText()).isEqualTo("image/jpeg");
        assertThat(roundTrip(ChatRequest.of("auto", conversation)).messages()).isEqualTo(conversation);
    }

    @Test
    void rejectsToolCallArgumentsThatAreNotAJsonObject() {
        ChatRequest req = ChatRequest.of("auto", List.of(Message.text(Role.USER, "x"),
                Message.assistantToolCalls(List.of(new ToolCall("t", "f", "[1, 2")))));

        assertThatThrownBy(() -> client.encodeRequest(req, "m"))
                .isInstanceOf(InvalidRequestException.class)
                .extracting(e -> ((InvalidRequestException) e).param())
                .isEqualTo("messages[1].tool_calls[0].function.arguments");
    }

    @Test
    void asksForJsonInTheSystemPromptAndRestoresTheFormatOnDecode() throws Exception {
        List<Message> msgs = List.of(Message.text(Role.SYSTEM, "You extract data."), Message.text(Role.USER, "Bob, 42"));
        ObjectNode body = client.encodeRequest(request(msgs, null, null, ResponseFormat.JSON_OBJECT, null), "m");

        assertThat(body.get("system").asText()).startsWith("You extract data.\n\n").contains("JSON object");
        assertThat(body.has("response_format")).isFalse();
        ChatRequest back = server.decodeRequest(body, null);
        assertThat(back.responseFormat()).isEqualTo(ResponseFormat.JSON_OBJECT);
        assertThat(back.messages()).isEqualTo(msgs);

        JsonNode schema = json("{'type':'object','properties':{'name':{'type':'string'},'age':{'type':'integer'}}}");
        ResponseFormat withSchema = new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "person", schema, null);
        ObjectNode schemaBody = client.encodeRequest(request(List.of(msgs.get(1)), null, null, withSchema, null), "m");

        assertThat(schemaBody.get("system").asText()).contains("person").contains(schema.toString());
        ChatRequest schemaBack = server.decodeRequest(schemaBody, null);
        assertThat(schemaBack.responseFormat()).isEqualTo(withSchema);
        assertThat(schemaBack.messages()).containsExactly(msgs.get(1));
    }

    @Test
    void leavesASystemPromptThatMerelyMentionsJsonAlone() throws Exception {
        ChatRequest req = server.decodeRequest(json("{'model':'m','max_tokens':5,'system':'Reply in JSON please.',"
                + "'messages':[{'role':'user','content':'x'}]}"), null);

        assertThat(req.responseFormat()).isEqualTo(ResponseFormat.TEXT);
        assertThat(req.messages().get(0).text()).isEqualTo("Reply in JSON please.");
    }

    @Test
    void carriesSamplingStopUserAndStreamFields() {
        ChatRequest req = new ChatRequest("auto", List.of(Message.text(Role.USER, "x")), null, null, null, 0.2, 0.9,
                100, List.of("END", "STOP"), 7L, "user-123", true, true, null, null);

        ObjectNode body = client.encodeRequest(req, "m");

        assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.get("stop_sequences")).hasSize(2);
        assertThat(body.get("metadata").get("user_id").asText()).isEqualTo("user-123");
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.has("seed")).isFalse();
        ChatRequest back = server.decodeRequest(body, null);
        assertThat(back.temperature()).isEqualTo(0.2);
        assertThat(back.topP()).isEqualTo(0.9);
        assertThat(back.stop()).containsExactly("END", "STOP");
        assertThat(back.user()).isEqualTo("user-123");
        assertThat(back.stream()).isTrue();
        assertThat(back.includeUsage()).isTrue();
    }

    @Test
    void rejectsMissingOrMistypedMaxTokens() throws Exception {
        assertRejected("{'model':'m','messages':[{'role':'user','content':'x'}]}", "max_tokens", "missing_required_parameter");
        assertRejected("{'model':'m','max_tokens':'ten','messages':[{'role':'user','content':'x'}]}", "max_tokens", "invalid_type");
        assertRejected("{'model':'m','max_tokens':1.5,'messages':[{'role':'user','content':'x'}]}", "max_tokens", "invalid_type");
        assertRejected("{'model':'m','max_tokens':0,'messages':[{'role':'user','content':'x'}]}", "max_tokens", "invalid_value");
    }

    @Test
    void rejectsMissingMessagesModelAndMalformedTurns() throws Exception {
        assertRejected("{'model':'m','max_tokens':10}", "messages", "missing_required_parameter");
        assertRejected("{'model':'m','max_tokens':10,'messages':'hi'}", "messages", "invalid_type");
        assertRejected("{'model':'m','max_tokens':10,'messages':[]}", "messages", "invalid_value");
        assertRejected("{'max_tokens':10,'messages':[{'role':'user','content':'x'}]}", "model", "missing_required_parameter");
        assertRejected("{'model':'m','max_tokens':10,'messages':[{'role':'system','content':'x'}]}",
                "messages[0].role", "invalid_value");
        assertRejected("{'model':'m','max_tokens':10,'messages':[{'role':'user','content':[{'type':'tool_use'}]}]}",
                "messages[0].content[0].type", "invalid_value");
        assertRejected("{'model':'m','max_tokens':10,'messages':[{'role':'user','content':"
                + "[{'type':'tool_result','content':'x'}]}]}", "messages[0].content[0].tool_use_id", "missing_required_parameter");
        assertRejected("{'model':'m','max_tokens':10,'messages':[{'role':'user','content':'x'}],"
                + "'tool_choice':{'type':'sometimes'}}", "tool_choice.type", "invalid_value");
    }

    @Test
    void takesTheModelFromThePathWhenTheBodyHasNone() throws Exception {
        ChatRequest req = server.decodeRequest(json("{'max_tokens':10,'messages':[{'role':'user','content':'x'}]}"),
                "claude-sonnet-4");
        assertThat(req.model()).isEqualTo("claude-sonnet-4");
    }

    private void assertRejected(String body, String param, String code) throws Exception {
        JsonNode node = json(body);
        assertThatThrownBy(() -> server.decodeRequest(node, null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.param()).isEqualTo(param);
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.status()).isEqualTo(400);
                });
    }
}
