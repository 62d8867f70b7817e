package io.routewise.providers.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.chat.FinishReason;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.chat.StreamEvent;
import io.routewise.chat.ToolCall;
import io.routewise.chat.Usage;
import io.routewise.json.Json;
import io.routewise.providers.SseFrame;
import io.routewise.providers.StreamEncoder;
import io.routewise.providers.openai.ResponsesApiCodec;
import io.routewise.testing.OpenApiSchemas;
import io.routewise.testing.RequiresSharedSpecs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Responses codec against OpenAI's published schema: requests it reads, responses and events it writes. */
@RequiresSharedSpecs
class ResponsesConformanceTest {

    private static final OpenApiSchemas SPEC = OpenApiSchemas.of(ProviderContract.OPENAI.spec);

    @Test
    void aTextAnswerAndAToolCallAnswerConformToResponse() throws Exception {
        ChatResponse text = new ChatResponse("chatcmpl-1", "gpt-4.1-mini", 1_700_000_000L, Message.text(Role.ASSISTANT, "Seven."),
                FinishReason.STOP, new Usage(12, 3, 0));
        SPEC.assertConforms("Response", ResponsesApiCodec.INSTANCE.encodeResponse(text));
        ChatResponse tool = new ChatResponse("chatcmpl-2", "gpt-4.1-mini", 1_700_000_000L,
                Message.assistantToolCalls(List.of(new ToolCall("call_1", "weather", "{\"city\":\"Paris\"}"))),
                FinishReason.TOOL_CALLS, new Usage(20, 8, 0));
        JsonNode body = ResponsesApiCodec.INSTANCE.encodeResponse(tool);
        SPEC.assertConforms("Response", body);
        assertThat(body.at("/output/0/type").asText()).isEqualTo("function_call");
    }

    @Test
    void everyStreamEventConformsToResponseStreamEvent() throws Exception {
        StreamEncoder encoder = ResponsesApiCodec.INSTANCE.newStreamEncoder("rw-7", "gpt-4.1-mini", 1_700_000_000L, true);
        List<SseFrame> frames = new ArrayList<>(encoder.start());
        frames.addAll(encoder.encode(new StreamEvent.TextDelta("Hel")));
        frames.addAll(encoder.encode(new StreamEvent.TextDelta("lo")));
        frames.addAll(encoder.encode(new StreamEvent.ToolCallDelta(0, "call_9", "lookup", "{\"q\":")));
        frames.addAll(encoder.encode(new StreamEvent.ToolCallDelta(0, null, null, "1}")));
        frames.addAll(encoder.encode(new StreamEvent.Finish(FinishReason.STOP)));
        frames.addAll(encoder.encode(new StreamEvent.UsageReport(new Usage(5, 2, 0))));
        frames.addAll(encoder.end());
        int sequence = 0;
        for (SseFrame f : frames) {
            JsonNode event = Json.MAPPER.readTree(f.data());
            assertThat(event.get("type").asText()).isEqualTo(f.event());
            assertThat(event.get("sequence_number").asInt()).isEqualTo(sequence++);
            SPEC.assertConforms("ResponseStreamEvent", event);
        }
        assertThat(frames.get(frames.size() - 1).event()).isEqualTo("response.completed");
    }

    @Test
    void theRequestsTheSdksSendAreRead() throws Exception {
        JsonNode body = Json.MAPPER.readTree("""
                {"model": "gpt-4.1-mini", "instructions": "Be brief.", "input": [
                   {"role": "user", "content": "Weather in Paris?"}],
                 "tools": [{"type": "function", "name": "weather", "parameters": {"type": "object"}, "strict": true}],
                 "tool_choice": "required", "text": {"format": {"type": "json_schema", "name": "w",
                   "schema": {"type": "object"}}}, "max_output_tokens": 100, "temperature": 0.2, "stream": true}""");
        SPEC.assertConforms("CreateResponse", body);
        ChatRequest r = ResponsesApiCodec.INSTANCE.decodeRequest(body, null);
        assertThat(r.messages()).hasSize(2);
        assertThat(r.messages().get(0).role()).isEqualTo(Role.SYSTEM);
        assertThat(r.tools()).hasSize(1);
        assertThat(r.maxTokens()).isEqualTo(100);
        assertThat(r.stream()).isTrue();
        assertThat(r.responseFormat().type()).isEqualTo(io.routewise.chat.ResponseFormat.Type.JSON_SCHEMA);
    }
}
