package io.routewise.providers.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.FinishReason;
import io.routewise.chat.StreamEvent;
import io.routewise.chat.Usage;
import io.routewise.json.Json;
import io.routewise.providers.SseFrame;
import io.routewise.providers.StreamEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A canonical stream as the Responses API's events: {@code response.created}, {@code response.in_progress},
 * then per output item {@code response.output_item.added}, its text ({@code response.content_part.added},
 * {@code response.output_text.delta} ... {@code .done}, {@code response.content_part.done}) or its
 * function call arguments ({@code response.function_call_arguments.delta} ... {@code .done}),
 * {@code response.output_item.done}, and last {@code response.completed} with the whole response and its
 * usage. Every event carries its {@code type} and a growing {@code sequence_number}.
 */
final class ResponsesStreamEncoder implements StreamEncoder {

    private final String id;
    private final String model;
    private final long created;
    private int sequence;
    private int nextOutputIndex;
    private int messageIndex = -1;
    private final StringBuilder text = new StringBuilder();
    /** Tool calls by their canonical index: output index, item id, call id, name, arguments so far. */
    private final Map<Integer, Call> calls = new LinkedHashMap<>();
    private FinishReason finish;
    private Usage usage;

    private static final class Call {
        final int outputIndex;
        final String itemId;
        String callId;
        String name;
        final StringBuilder arguments = new StringBuilder();

        Call(int outputIndex, String itemId) {
            this.outputIndex = outputIndex;
            this.itemId = itemId;
        }
    }

    ResponsesStreamEncoder(String id, String model, long created) {
        this.id = id;
        this.model = model;
        this.created = created;
    }

    private String messageId() {
        return "msg_" + id.substring("resp_".length());
    }

    @Override
    public List<SseFrame> start() {
        ObjectNode inProgress = ResponsesApiCodec.response(id, model, created, "in_progress", Json.MAPPER.createArrayNode(),
                null, null);
        return List.of(frame("response.created", "response", inProgress),
                frame("response.in_progress", "response", inProgress.deepCopy()));
    }

    @Override
    public List<SseFrame> encode(StreamEvent event) {
        List<SseFrame> out = new ArrayList<>(3);
        if (event instanceof StreamEvent.TextDelta t && t.text() != null && !t.text().isEmpty()) {
            if (messageIndex < 0) {
                messageIndex = nextOutputIndex++;
                out.add(frame(event("response.output_item.added").put("output_index", messageIndex),
                        "item", ResponsesApiCodec.messageItem(messageId(), null, "in_progress")));
                ObjectNode added = event("response.content_part.added").put("item_id", messageId())
                        .put("output_index", messageIndex).put("content_index", 0);
                out.add(frame(added, "part", ResponsesApiCodec.outputText("")));
            }
            text.append(t.text());
            out.add(frame(event("response.output_text.delta").put("item_id", messageId()).put("output_index", messageIndex)
                    .put("content_index", 0).put("delta", t.text()), "logprobs", Json.MAPPER.createArrayNode()));
        } else if (event instanceof StreamEvent.ToolCallDelta d) {
            Call call = calls.get(d.index());
            if (call == null) {
                call = new Call(nextOutputIndex++, "fc_" + id.substring("resp_".length()) + "_" + d.index());
                call.callId = d.id();
                call.name = d.name();
                calls.put(d.index(), call);
                out.add(frame(event("response.output_item.added").put("output_index", call.outputIndex), "item",
                        ResponsesApiCodec.functionCallItem(call.itemId, call.callId, call.name, "", "in_progress")));
            }
            if (d.argumentsFragment() != null && !d.argumentsFragment().isEmpty()) {
                call.arguments.append(d.argumentsFragment());
                out.add(frame(event("response.function_call_arguments.delta").put("item_id", call.itemId)
                        .put("output_index", call.outputIndex).put("delta", d.argumentsFragment())));
            }
        } else if (event instanceof StreamEvent.Finish f) {
            finish = f.reason();
        } else if (event instanceof StreamEvent.UsageReport u) {
            usage = u.usage();
        }
        return out;
    }

    @Override
    public List<SseFrame> end() {
        List<SseFrame> out = new ArrayList<>();
        ArrayNode output = Json.MAPPER.createArrayNode();
        if (messageIndex < 0 && calls.isEmpty()) {
            // Nothing was said: still one (empty) message, as the non-streamed answer has.
            messageIndex = nextOutputIndex++;
            out.add(frame(event("response.output_item.added").put("output_index", messageIndex),
                    "item", ResponsesApiCodec.messageItem(messageId(), null, "in_progress")));
            out.add(frame(event("response.content_part.added").put("item_id", messageId()).put("output_index", messageIndex)
                    .put("content_index", 0), "part", ResponsesApiCodec.outputText("")));
        }
        List<ObjectNode> items = new ArrayList<>();
        if (messageIndex >= 0) {
            String all = text.toString();
            out.add(frame(event("response.output_text.done").put("item_id", messageId()).put("output_index", messageIndex)
                    .put("content_index", 0).put("text", all), "logprobs", Json.MAPPER.createArrayNode()));
            out.add(frame(event("response.content_part.done").put("item_id", messageId()).put("output_index", messageIndex)
                    .put("content_index", 0), "part", ResponsesApiCodec.outputText(all)));
            ObjectNode item = ResponsesApiCodec.messageItem(messageId(), all, "completed");
            out.add(frame(event("response.output_item.done").put("output_index", messageIndex), "item", item));
            items.add(item);
        }
        for (Call call : calls.values()) {
            out.add(frame(event("response.function_call_arguments.done").put("item_id", call.itemId).put("name", call.name)
                    .put("output_index", call.outputIndex).put("arguments", call.arguments.toString())));
            ObjectNode item = ResponsesApiCodec.functionCallItem(call.itemId, call.callId, call.name,
                    call.arguments.toString(), "completed");
            out.add(frame(event("response.output_item.done").put("output_index", call.outputIndex), "item", item));
            items.add(item);
        }
        items.forEach(output::add);
        ObjectNode completed = ResponsesApiCodec.response(id, model, created, "completed", output, usage, finish);
        out.add(frame("response.completed", "response", completed));
        return out;
    }

    /** Responses streams report a failure as an {@code error} event. */
    @Override
    public List<SseFrame> fail(ObjectNode errorBody) {
        ObjectNode error = event("error");
        error.setAll((ObjectNode) errorBody.path("error"));
        return List.of(new SseFrame("error", error.toString()));
    }

    private ObjectNode event(String type) {
        ObjectNode e = Json.object();
        e.put("type", type);
        e.put("sequence_number", sequence++);
        return e;
    }

    private SseFrame frame(ObjectNode event) {
        return new SseFrame(event.get("type").asText(), event.toString());
    }

    private SseFrame frame(ObjectNode event, String field, com.fasterxml.jackson.databind.JsonNode value) {
        event.set(field, value);
        return frame(event);
    }

    private SseFrame frame(String type, String field, ObjectNode value) {
        return frame(event(type), field, value);
    }
}
