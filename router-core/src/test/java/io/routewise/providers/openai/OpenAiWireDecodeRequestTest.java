package io.routewise.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ContentPart;
import io.routewise.chat.InvalidRequestException;
import io.routewise.chat.Message;
import io.routewise.chat.ResponseFormat;
import io.routewise.chat.Role;
import io.routewise.chat.RoutingOptions;
import io.routewise.chat.ToolCall;
import io.routewise.chat.ToolChoice;
import io.routewise.json.Json;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpenAiWireDecodeRequestTest {

    private static final OpenAiProviderCodec CLIENT = OpenAiProviderCodec.INSTANCE;
    private static final OpenAiApiCodec SERVER = OpenAiApiCodec.INSTANCE;
    private static final String USER = "{'role':'user','content':'hi'}";

    /** Single quotes in test JSON become double quotes, to keep the cases readable. */
    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static ChatRequest decode(String body) {
        return SERVER.decodeRequest(json(body), null);
    }

    /** A request with one user message plus these top-level fields. */
    static String withFields(String fields) {
        return "{'model':'auto','messages':[" + USER + "]" + (fields.isEmpty() ? "" : "," + fields) + "}";
    }

    static String withMessages(String messages) {
        return "{'model':'auto','messages':[" + messages + "]}";
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("[1,2]", null, "invalid_type"),
                Arguments.of("{'messages':[" + USER + "]}", "model", "missing_required_parameter"),
                Arguments.of("{'model':7,'messages':[" + USER + "]}", "model", "invalid_type"),
                Arguments.of("{'model':'','messages':[" + USER + "]}", "model", "invalid_value"),
                Arguments.of("{'model':'auto'}", "messages", "missing_required_parameter"),
                Arguments.of("{'model':'auto','messages':'hi'}", "messages", "invalid_type"),
                Arguments.of("{'model':'auto','messages':[]}", "messages", "empty_array"),
                Arguments.of(withMessages(USER + ",'oops'"), "messages[1]", "invalid_type"),
                Arguments.of(withMessages("{'content':'hi'}"), "messages[0].role", "missing_required_parameter"),
                Arguments.of(withMessages("{'role':3,'content':'hi'}"), "messages[0].role", "invalid_type"),
                Arguments.of(withMessages(USER + ",{'role':'user'}," + "{'role':'robot','content':'x'}"),
                        "messages[1].content", "missing_required_parameter"),
                Arguments.of(withMessages(USER + "," + USER + ",{'role':'robot','content':'x'}"),
                        "messages[2].role", "invalid_value"),
                Arguments.of(withMessages("{'role':'user','content':null}"), "messages[0].content", "invalid_type"),
                Arguments.of(withMessages("{'role':'user','content':5}"), "messages[0].content", "invalid_type"),
                Arguments.of(withMessages("{'role':'user','content':[]}"), "messages[0].content", "empty_array"),
                Arguments.of(withMessages("{'role':'user','content':['x']}"), "messages[0].content[0]", "invalid_type"),
                Arguments.of(withMessages("{'role':'user','content':[{'text':'x'}]}"),
                        "messages[0].content[0].type", "missing_required_parameter"),
                Arguments.of(withMessages("{'role':'user','content':[{'type':'audio'}]}"),
                        "messages[0].content[0].type", "invalid_value"),
                Arguments.of(withMessages("{'role':'user','content':[{'type':'text','text':1}]}"),
                        "messages[0].content[0].text", "invalid_type"),
                Arguments.of(withMessages("{'role':'user','content':[{'type':'text','text':'a'},{'type':'image_url'}]}"),
                        "messages[0].content[1].image_url", "missing_required_parameter"),
                Arguments.of(withMessages("{'role':'user','content':[{'type':'image_url','image_url':'https://x'}]}"),
                        "messages[0].content[0].image_url", "invalid_type"),
                Arguments.of(withMessages("{'role':'user','content':[{'type':'image_url','image_url':{}}]}"),
                        "messages[0].content[0].image_url.url", "missing_required_parameter"),
                Arguments.of(withMessages("{'role':'user','content':[{'type':'image_url','image_url':{'url':'ftp://x'}}]}"),
                        "messages[0].content[0].image_url.url", "invalid_value"),
                Arguments.of(withMessages("{'role':'user','content':[{'type':'image_url','image_url':{'url':'https://x/a.png','detail':'max'}}]}"),
                        "messages[0].content[0].image_url.detail", "invalid_value"),
                Arguments.of(withMessages("{'role':'system','content':[{'type':'image_url','image_url':{'url':'https://x/a.png'}}]}"),
                        "messages[0].content[0].type", "invalid_value"),
                Arguments.of(withMessages("{'role':'user','content':'x','name':5}"), "messages[0].name", "invalid_type"),
                Arguments.of(withMessages(USER + ",{'role':'assistant'}"), "messages[1].content", "missing_required_parameter"),
                Arguments.of(withMessages("{'role':'user','content':'x','tool_calls':[]}"),
                        "messages[0].tool_calls", "invalid_value"),
                Arguments.of(withMessages(USER + ",{'role':'assistant','content':null,'tool_calls':{}}"),
                        "messages[1].tool_calls", "invalid_type"),
                Arguments.of(withMessages(USER + ",{'role':'assistant','content':null,'tool_calls':[{'type':'function','function':{'name':'f','arguments':'{}'}}]}"),
                        "messages[1].tool_calls[0].id", "missing_required_parameter"),
                Arguments.of(withMessages(USER + ",{'role':'assistant','content':null,'tool_calls':[{'id':'c','type':'function','function':{'name':'f','arguments':{}}}]}"),
                        "messages[1].tool_calls[0].function.arguments", "invalid_type"),
                Arguments.of(withMessages(USER + ",{'role':'tool','content':'42'}"),
                        "messages[1].tool_call_id", "missing_required_parameter"),
                Arguments.of(withFields("'tools':{}"), "tools", "invalid_type"),
                Arguments.of(withFields("'tools':[{'type':'retrieval'}]"), "tools[0].type", "invalid_value"),
                Arguments.of(withFields("'tools':[{'type':'function'}]"), "tools[0].function", "missing_required_parameter"),
                Arguments.of(withFields("'tools':[{'type':'function','function':{}}]"),
                        "tools[0].function.name", "missing_required_parameter"),
                Arguments.of(withFields("'tools':[{'type':'function','function':{'name':'has space'}}]"),
                        "tools[0].function.name", "invalid_value"),
                Arguments.of(withFields("'tools':[{'type':'function','function':{'name':'f','parameters':'x'}}]"),
                        "tools[0].function.parameters", "invalid_type"),
                Arguments.of(withFields("'tools':[{'type':'function','function':{'name':'f','strict':'yes'}}]"),
                        "tools[0].function.strict", "invalid_type"),
                Arguments.of(withFields("'tools':[{'type':'function','function':{'name':'f','description':1}}]"),
                        "tools[0].function.description", "invalid_type"),
                Arguments.of(withFields("'tool_choice':'sometimes'"), "tool_choice", "invalid_value"),
                Arguments.of(withFields("'tool_choice':'required'"), "tool_choice", "invalid_value"),
                Arguments.of(withFields("'tool_choice':3"), "tool_choice", "invalid_type"),
                Arguments.of(withFields("'tools':[{'type':'function','function':{'name':'f'}}],'tool_choice':{'type':'function','function':{'name':'g'}}"),
                        "tool_choice.function.name", "invalid_value"),
                Arguments.of(withFields("'tools':[{'type':'function','function':{'name':'f'}}],'tool_choice':{'type':'function'}"),
                        "tool_choice.function", "missing_required_parameter"),
                Arguments.of(withFields("'response_format':'json'"), "response_format", "invalid_type"),
                Arguments.of(withFields("'response_format':{}"), "response_format.type", "missing_required_parameter"),
                Arguments.of(withFields("'response_format':{'type':'yaml'}"), "response_format.type", "invalid_value"),
                Arguments.of(withFields("'response_format':{'type':'json_schema'}"),
                        "response_format.json_schema", "missing_required_parameter"),
                Arguments.of(withFields("'response_format':{'type':'json_schema','json_schema':{'schema':{}}}"),
                        "response_format.json_schema.name", "missing_required_parameter"),
                Arguments.of(withFields("'response_format':{'type':'json_schema','json_schema':{'name':'n','schema':[]}}"),
                        "response_format.json_schema.schema", "invalid_type"),
                Arguments.of(withFields("'response_format':{'type':'json_schema','json_schema':{'name':'n','strict':1}}"),
                        "response_format.json_schema.strict", "invalid_type"),
                Arguments.of(withFields("'temperature':'hot'"), "temperature", "invalid_type"),
                Arguments.of(withFields("'temperature':2.5"), "temperature", "invalid_value"),
                Arguments.of(withFields("'temperature':-0.1"), "temperature", "invalid_value"),
                Arguments.of(withFields("'top_p':1.5"), "top_p", "invalid_value"),
                Arguments.of(withFields("'max_tokens':0"), "max_tokens", "invalid_value"),
                Arguments.of(withFields("'max_tokens':10.5"), "max_tokens", "invalid_type"),
                Arguments.of(withFields("'max_tokens':'10'"), "max_tokens", "invalid_type"),
                Arguments.of(withFields("'max_completion_tokens':-3"), "max_completion_tokens", "invalid_value"),
                Arguments.of(withFields("'max_tokens':99999999999"), "max_tokens", "invalid_value"),
                Arguments.of(withFields("'stop':5"), "stop", "invalid_type"),
                Arguments.of(withFields("'stop':['a','b','c','d','e']"), "stop", "invalid_value"),
                Arguments.of(withFields("'stop':['a',1]"), "stop[1]", "invalid_type"),
                Arguments.of(withFields("'seed':1.5"), "seed", "invalid_type"),
                Arguments.of(withFields("'user':42"), "user", "invalid_type"),
                Arguments.of(withFields("'stream':'yes'"), "stream", "invalid_type"),
                Arguments.of(withFields("'stream':true,'stream_options':true"), "stream_options", "invalid_type"),
                Arguments.of(withFields("'stream_options':{'include_usage':true}"), "stream_options", "invalid_value"),
                Arguments.of(withFields("'stream':true,'stream_options':{'include_usage':'yes'}"),
                        "stream_options.include_usage", "invalid_type"),
                Arguments.of(withFields("'routewise':1"), "routewise", "invalid_type"),
                Arguments.of(withFields("'routewise':{'quality_target':1.2}"), "routewise.quality_target", "invalid_value"),
                Arguments.of(withFields("'routewise':{'max_cost_usd':-1}"), "routewise.max_cost_usd", "invalid_value"),
                Arguments.of(withFields("'routewise':{'latency_budget_ms':0}"), "routewise.latency_budget_ms", "invalid_value"),
                Arguments.of(withFields("'routewise':{'latency_budget_ms':1.5}"), "routewise.latency_budget_ms", "invalid_type"),
                Arguments.of(withFields("'routewise':{'pool':'realtime'}"), "routewise.pool", "invalid_value"),
                Arguments.of(withFields("'routewise':{'budget':1}"), "routewise.budget", "invalid_value"));
    }

    @ParameterizedTest(name = "{1} <- {0}")
    @MethodSource("badRequests")
    void rejectsBadInputNamingTheParam(String body, String param, String code) {
        assertThatThrownBy(() -> decode(body))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.param()).isEqualTo(param);
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isNotBlank();
                });
    }

    @Test
    void readsEveryInterpretedField() {
        ChatRequest r = decode("{'model':'auto','messages':["
                + "{'role':'developer','content':'be brief'},"
                + "{'role':'user','name':'ann','content':[{'type':'text','text':'what is this?'},"
                + "  {'type':'image_url','image_url':{'url':'data:image/png;base64,AAAA','detail':'low'}}]}],"
                + "'tools':[{'type':'function','function':{'name':'lookup','description':'find','parameters':{'type':'object'},'strict':true}}],"
                + "'tool_choice':{'type':'function','function':{'name':'lookup'}},"
                + "'response_format':{'type':'json_schema','json_schema':{'name':'answer','schema':{'type':'object'},'strict':true}},"
                + "'temperature':0.3,'top_p':0.9,'max_tokens':100,'stop':'END','seed':7,'user':'u1',"
                + "'stream':true,'stream_options':{'include_usage':true},"
                + "'routewise':{'quality_target':0.8,'max_cost_usd':0.01,'latency_budget_ms':2000,'pool':'batch'}}");

        assertThat(r.model()).isEqualTo("auto");
        assertThat(r.messages()).hasSize(2);
        assertThat(r.messages().get(0).role()).isEqualTo(Role.DEVELOPER);
        Message user = r.messages().get(1);
        assertThat(user.name()).isEqualTo("ann");
        assertThat(user.content()).containsExactly(new ContentPart.Text("what is this?"),
                new ContentPart.Image("data:image/png;base64,AAAA", "low"));
        assertThat(r.tools()).hasSize(1);
        assertThat(r.tools().get(0).name()).isEqualTo("lookup");
        assertThat(r.tools().get(0).description()).isEqualTo("find");
        assertThat(r.tools().get(0).parameters()).isEqualTo(json("{'type':'object'}"));
        assertThat(r.tools().get(0).strict()).isTrue();
        assertThat(r.toolChoice()).isEqualTo(ToolChoice.function("lookup"));
        assertThat(r.responseFormat()).isEqualTo(new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "answer",
                json("{'type':'object'}"), true));
        assertThat(r.temperature()).isEqualTo(0.3);
        assertThat(r.topP()).isEqualTo(0.9);
        assertThat(r.maxTokens()).isEqualTo(100);
        assertThat(r.stop()).containsExactly("END");
        assertThat(r.seed()).isEqualTo(7L);
        assertThat(r.user()).isEqualTo("u1");
        assertThat(r.stream()).isTrue();
        assertThat(r.includeUsage()).isTrue();
        assertThat(r.routing()).isEqualTo(new RoutingOptions(0.8, 0.01, 2000L, "batch"));
        assertThat(r.extra()).isEmpty();
    }

    @Test
    void keepsUninterpretedOpenAiFieldsInExtra() {
        ChatRequest r = decode(withFields("'presence_penalty':0.5,'frequency_penalty':0.1,'logit_bias':{'50256':-100},"
                + "'n':1,'logprobs':true,'metadata':{'k':'v'},'parallel_tool_calls':false,'reasoning_effort':'low'"));
        assertThat(r.extra()).containsOnlyKeys("presence_penalty", "frequency_penalty", "logit_bias", "n", "logprobs",
                "metadata", "parallel_tool_calls", "reasoning_effort");
        assertThat(r.extra().get("logit_bias")).isEqualTo(json("{'50256':-100}"));
        assertThat(r.extra().get("reasoning_effort").textValue()).isEqualTo("low");
    }

    @Test
    void readsMultiTurnToolConversation() {
        ChatRequest r = decode(withMessages(USER
                + ",{'role':'assistant','content':null,'tool_calls':[{'id':'call_1','type':'function','function':{'name':'weather','arguments':'{\\'city\\':\\'Oslo\\'}'}}]}"
                + ",{'role':'tool','tool_call_id':'call_1','content':'rain'}"));
        Message assistant = r.messages().get(1);
        assertThat(assistant.content()).isEmpty();
        assertThat(assistant.toolCalls()).containsExactly(new ToolCall("call_1", "weather", "{\"city\":\"Oslo\"}"));
        Message tool = r.messages().get(2);
        assertThat(tool.role()).isEqualTo(Role.TOOL);
        assertThat(tool.toolCallId()).isEqualTo("call_1");
        assertThat(tool.text()).isEqualTo("rain");
    }

    @Test
    void prefersMaxCompletionTokensAndTreatsNullAsAbsent() {
        ChatRequest r = decode(withFields("'max_tokens':50,'max_completion_tokens':20,'temperature':null,'stop':null"));
        assertThat(r.maxTokens()).isEqualTo(20);
        assertThat(r.temperature()).isNull();
        assertThat(r.stop()).isEmpty();
        assertThat(decode(withFields("'max_completion_tokens':30")).maxTokens()).isEqualTo(30);
    }

    @Test
    void acceptsStopArrayToolChoiceStringsAndJsonObjectMode() {
        ChatRequest r = decode(withFields("'stop':['a','b'],'tool_choice':'none','response_format':{'type':'json_object'}"));
        assertThat(r.stop()).containsExactly("a", "b");
        assertThat(r.toolChoice()).isEqualTo(ToolChoice.NONE);
        assertThat(r.responseFormat()).isEqualTo(ResponseFormat.JSON_OBJECT);
        assertThat(decode(withFields("'response_format':{'type':'text'}")).responseFormat()).isEqualTo(ResponseFormat.TEXT);
    }

    @Test
    void takesModelFromPathWhenBodyHasNone() {
        ChatRequest r = SERVER.decodeRequest(json("{'messages':[" + USER + "]}"), "gpt-4o-mini");
        assertThat(r.model()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void encodesInvalidRequestAsOpenAiErrorWithParam() {
        InvalidRequestException e = InvalidRequestException.badField("temperature", "too hot");
        assertThat(SERVER.encodeError(e)).isEqualTo(json(
                "{'error':{'message':'too hot','type':'invalid_request_error','param':'temperature','code':'invalid_value'}}"));
        assertThat(SERVER.encodeError(500, "server_error", "boom")).isEqualTo(json(
                "{'error':{'message':'boom','type':'server_error','param':null,'code':null}}"));
    }

    @Test
    void readsAssistantRefusalAndStringListsAsText() {
        ChatRequest r = decode(withMessages(USER + ",{'role':'assistant','content':null,'refusal':'I cannot'},"
                + "{'role':'user','content':[{'type':'text','text':'a'},{'type':'text','text':'b'}]}"));
        assertThat(r.messages().get(1).text()).isEqualTo("I cannot");
        assertThat(r.messages().get(2).content()).hasSize(2);
        assertThat(r.messages().get(2).text()).isEqualTo("ab");
        assertThat(List.of(r.messages().get(0).role())).containsExactly(Role.USER);
    }
}
