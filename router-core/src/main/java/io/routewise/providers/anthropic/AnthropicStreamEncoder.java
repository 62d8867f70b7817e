package io.routewise.providers.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.FinishReason;
import io.routewise.chat.StreamEvent;
import io.routewise.chat.Usage;
import io.routewise.providers.SseFrame;
import io.routewise.providers.StreamEncoder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes canonical stream events as a Messages API event stream (server side), event names
 * included. Each run of text deltas becomes a text block and each tool call a tool_use block,
 * numbered in order of appearance (so a text answer's block is index 0 and tool calls follow).
 *
 * <p>Anthropic reports the stop reason and the final usage together in one {@code message_delta},
 * while the canonical stream sends {@link StreamEvent.Finish} first and the optional
 * {@link StreamEvent.UsageReport} after it; the finish is therefore held until the usage report
 * or {@link #end()}, whichever comes first.
 */
final class AnthropicStreamEncoder implements StreamEncoder {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String messageId;
    private final String model;

    private int nextBlockIndex;
    /** The open block's index, or -1 when none is open. */
    private int openBlock = -1;
    /** The open block's canonical tool-call index, or -1 when it is a text block (or none is open). */
    private int openToolCall = -1;
    private final Set<Integer> closedToolCalls = new HashSet<>();
    private FinishReason finish;
    private boolean messageDeltaSent;

    AnthropicStreamEncoder(String responseId, String model) {
        this.messageId = AnthropicResponses.messageId(responseId);
        this.model = model;
    }

    @Override
    public List<SseFrame> start() {
        ObjectNode message = MAPPER.createObjectNode();
        message.put("id", messageId).put("type", "message").put("role", "assistant").put("model", model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        // Counts are not known until the canonical stream's end; the final ones go in message_delta.
        message.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
        ObjectNode start = event("message_start");
        start.set("message", message);
        return List.of(frame(start), frame(event("ping")));
    }

    @Override
    public List<SseFrame> encode(StreamEvent event) {
        List<SseFrame> frames = new ArrayList<>(3);
        if (event instanceof StreamEvent.TextDelta text) {
            if (openBlock < 0 || openToolCall >= 0) {
                closeBlock(frames);
                ObjectNode block = MAPPER.createObjectNode().put("type", "text").put("text", "");
                openBlock(frames, block);
            }
            ObjectNode delta = blockEvent("content_block_delta");
            delta.putObject("delta").put("type", "text_delta").put("text", text.text());
            frames.add(frame(delta));
        } else if (event instanceof StreamEvent.ToolCallDelta call) {
            if (openToolCall != call.index()) {
                if (closedToolCalls.contains(call.index())) {
                    throw new IllegalStateException("Tool call " + call.index()
                            + " continued after another block started; Anthropic streams cannot interleave blocks.");
                }
                closeBlock(frames);
                ObjectNode block = MAPPER.createObjectNode().put("type", "tool_use")
                        .put("id", call.id()).put("name", call.name());
                block.putObject("input");
                openBlock(frames, block);
                openToolCall = call.index();
            }
            String fragment = call.argumentsFragment();
            if (fragment != null && !fragment.isEmpty()) {
                ObjectNode delta = blockEvent("content_block_delta");
                delta.putObject("delta").put("type", "input_json_delta").put("partial_json", fragment);
                frames.add(frame(delta));
            }
        } else if (event instanceof StreamEvent.Finish f) {
            closeBlock(frames);
            finish = f.reason();
        } else if (event instanceof StreamEvent.UsageReport report) {
            closeBlock(frames);
            if (!messageDeltaSent) {
                frames.add(messageDelta(report.usage()));
            }
        }
        return frames;
    }

    /** Anthropic's {@code error} event. */
    @Override
    public List<SseFrame> fail(ObjectNode errorBody) {
        return List.of(new SseFrame("error", errorBody.toString()));
    }

    @Override
    public List<SseFrame> end() {
        List<SseFrame> frames = new ArrayList<>(3);
        closeBlock(frames);
        if (!messageDeltaSent) {
            frames.add(messageDelta(null));
        }
        frames.add(frame(event("message_stop")));
        return frames;
    }

    private void openBlock(List<SseFrame> frames, ObjectNode block) {
        openBlock = nextBlockIndex++;
        ObjectNode start = blockEvent("content_block_start");
        start.set("content_block", block);
        frames.add(frame(start));
    }

    private void closeBlock(List<SseFrame> frames) {
        if (openBlock < 0) {
            return;
        }
        frames.add(frame(blockEvent("content_block_stop")));
        if (openToolCall >= 0) {
            closedToolCalls.add(openToolCall);
        }
        openBlock = -1;
        openToolCall = -1;
    }

    /** The stop reason with the final counts; without a usage report only the output count (0) is known. */
    private SseFrame messageDelta(Usage usage) {
        messageDeltaSent = true;
        ObjectNode delta = event("message_delta");
        delta.putObject("delta").put("stop_reason", AnthropicResponses.stopReason(finish)).putNull("stop_sequence");
        delta.set("usage", usage == null
                ? MAPPER.createObjectNode().put("output_tokens", 0)
                : AnthropicResponses.encodeUsage(usage));
        return frame(delta);
    }

    private ObjectNode blockEvent(String type) {
        return event(type).put("index", openBlock);
    }

    private static ObjectNode event(String type) {
        return MAPPER.createObjectNode().put("type", type);
    }

    private static SseFrame frame(ObjectNode payload) {
        return new SseFrame(payload.get("type").asText(), payload.toString());
    }
}
