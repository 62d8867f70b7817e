package io.routewise.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ChatResponse;
import io.routewise.chat.ContentPart;
import io.routewise.chat.FinishReason;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.chat.ToolCall;
import io.routewise.chat.Usage;
import io.routewise.providers.ProviderException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnthropicWireResponseTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final AnthropicProviderCodec client = new AnthropicProviderCodec();
    private final AnthropicApiCodec server = new AnthropicApiCodec();

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text.replace('\'', '"'));
    }

    private static String message(String content, String stopReason, String usage) {
        return "{'id':'msg_01','type':'message','role':'assistant','model':'claude-3-5-haiku-20241022',"
                + "'content':" + content + ",'stop_reason':" + stopReason + ",'stop_sequence':null,'usage':" + usage + "}";
    }

    @Test
    void decodesTextAnswerWithUsage() throws Exception {
        ChatResponse r = client.decodeResponse(json(message("[{'type':'text','text':'Hello!'}]", "'end_turn'",
                "{'input_tokens':12,'output_tokens':6}")));

        assertThat(r.id()).isEqualTo("msg_01");
        assertThat(r.model()).isEqualTo("claude-3-5-haiku-20241022");
        assertThat(r.message()).isEqualTo(Message.text(Role.ASSISTANT, "Hello!"));
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.usage()).isEqualTo(new Usage(12, 6, 0));
        assertThat(r.created()).isPositive();
    }

    @Test
    void mapsAnthropicToolUseBlocksToToolCalls() throws Exception {
        ChatResponse r = client.decodeResponse(json(message("[{'type':'thinking','thinking':'hmm','signature':'s'},"
                        + "{'type':'text','text':'Let me check.'},"
                        + "{'type':'tool_use','id':'toolu_1','name':'get_weather','input':{'city':'Paris','days':2}},"
                        + "{'type':'tool_use','id':'toolu_2','name':'get_time','input':{}}]",
                "'tool_use'", "{'input_tokens':50,'output_tokens':30}")));

        assertThat(r.message().text()).isEqualTo("Let me check.");
        assertThat(r.message().toolCalls()).containsExactly(
                new ToolCall("toolu_1", "get_weather", "{\"city\":\"Paris\",\"days\":2}"),
                new ToolCall("toolu_2", "get_time", "{}"));
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void countsCacheReadsAndWritesAsInputTokens() throws Exception {
        ChatResponse r = client.decodeResponse(json(message("[{'type':'text','text':'ok'}]", "'end_turn'",
                "{'input_tokens':10,'cache_read_input_tokens':1000,'cache_creation_input_tokens':200,'output_tokens':5}")));

        assertThat(r.usage()).isEqualTo(new Usage(1210, 5, 1000));
    }

    @Test
    void mapsEveryStopReason() throws Exception {
        Map<String, FinishReason> expected = Map.of(
                "'end_turn'", FinishReason.STOP,
                "'stop_sequence'", FinishReason.STOP,
                "'max_tokens'", FinishReason.LENGTH,
                "'tool_use'", FinishReason.TOOL_CALLS,
                "'refusal'", FinishReason.CONTENT_FILTER,
                "'pause_turn'", FinishReason.STOP,
                "null", FinishReason.STOP);
        for (Map.Entry<String, FinishReason> e : expected.entrySet()) {
            ChatResponse r = client.decodeResponse(json(message("[]", e.getKey(), "{'input_tokens':1,'output_tokens':0}")));
            assertThat(r.finishReason()).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void encodesAMessageObjectThatDecodesBackForEveryFinishReason() {
        for (FinishReason reason : FinishReason.values()) {
            ChatResponse original = new ChatResponse("msg_abc", "claude-3-5-haiku", 0,
                    new Message(Role.ASSISTANT, List.of(new ContentPart.Text("Here you go.")), null,
                            List.of(new ToolCall("toolu_7", "search", "{\"q\":\"llm routing\"}")), null),
                    reason, new Usage(1500, 40, 1024));

            ObjectNode body = server.encodeResponse(original);
            ChatResponse back;
            try {
                back = client.decodeResponse(body);
            } catch (ProviderException e) {
                throw new AssertionError(e);
            }

            assertThat(body.get("type").asText()).isEqualTo("message");
            assertThat(body.get("role").asText()).isEqualTo("assistant");
            assertThat(body.get("stop_sequence").isNull()).isTrue();
            assertThat(back.message()).isEqualTo(original.message());
            assertThat(back.id()).isEqualTo("msg_abc");
            assertThat(back.model()).isEqualTo(original.model());
            assertThat(back.finishReason()).isEqualTo(reason);
            assertThat(back.usage()).isEqualTo(original.usage());
        }
    }

    @Test
    void encodesStopReasonsAndUsageInAnthropicTerms() throws Exception {
        ChatResponse r = new ChatResponse("chatcmpl-1", "m", 0, Message.text(Role.ASSISTANT, "cut"),
                FinishReason.LENGTH, new Usage(100, 20, 60));

        ObjectNode body = server.encodeResponse(r);

        assertThat(body.get("id").asText()).isEqualTo("msg_chatcmpl-1");
        assertThat(body.get("stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(body.get("content")).isEqualTo(json("[{'type':'text','text':'cut'}]"));
        assertThat(body.get("usage")).isEqualTo(json("{'input_tokens':40,'cache_creation_input_tokens':0,"
                + "'cache_read_input_tokens':60,'output_tokens':20}"));
    }

    @Test
    void rejectsBodiesThatAreNotMessages() throws Exception {
        assertThatThrownBy(() -> client.decodeResponse(json("{'id':'x','type':'message'}")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_RESPONSE))
                .hasMessageContaining("content");
        assertThatThrownBy(() -> client.decodeResponse(json(
                "{'type':'error','error':{'type':'overloaded_error','message':'Overloaded'}}")))
                .hasMessageContaining("overloaded_error");
    }

    @Test
    void encodesErrorsWithAnthropicTypeNames() throws Exception {
        assertThat(server.encodeError(400, "invalid_request_error", "max_tokens: Field required")).isEqualTo(json(
                "{'type':'error','error':{'type':'invalid_request_error','message':'max_tokens: Field required'}}"));
        assertThat(errorType(401, "invalid_request_error")).isEqualTo("authentication_error");
        assertThat(errorType(429, "rate_limit_exceeded")).isEqualTo("rate_limit_error");
        assertThat(errorType(500, "server_error")).isEqualTo("api_error");
        assertThat(errorType(500, "overloaded_error")).isEqualTo("overloaded_error");
        assertThat(errorType(529, null)).isEqualTo("overloaded_error");
        assertThat(errorType(404, null)).isEqualTo("not_found_error");
        assertThat(errorType(422, "unprocessable")).isEqualTo("invalid_request_error");
    }

    private String errorType(int status, String type) {
        return server.encodeError(status, type, "m").get("error").get("type").asText();
    }
}
