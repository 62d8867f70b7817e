package io.routewise.providers.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routewise.chat.FinishReason;
import io.routewise.chat.StreamEvent;
import io.routewise.chat.Usage;
import io.routewise.providers.ProviderException;
import io.routewise.providers.SseFrame;
import io.routewise.providers.StreamDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Messages API event stream (client side): {@code message_start}, per content block
 * {@code content_block_start}/{@code _delta}/{@code _stop}, {@code message_delta} (stop reason,
 * final usage), {@code message_stop}. Usage and the stop reason accumulate and are emitted as
 * {@link StreamEvent.Finish} then {@link StreamEvent.UsageReport} at {@code message_stop}.
 *
 * <p>Tool calls are numbered 0, 1, ... in the order their blocks start, independently of
 * Anthropic's block index (which also counts text and thinking blocks).
 */
final class AnthropicStreamDecoder implements StreamDecoder {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Anthropic block index → canonical tool-call index, for tool_use blocks only. */
    private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
    private int inputTokens;
    private int cacheReadTokens;
    private int cacheCreationTokens;
    private int outputTokens;
    private String stopReason;
    private boolean done;

    @Override
    public List<StreamEvent> decode(SseFrame frame) throws ProviderException {
        if (done) {
            return List.of();
        }
        JsonNode data;
        try {
            data = MAPPER.readTree(frame.data());
        } catch (JsonProcessingException e) {
            throw new ProviderException(ProviderException.Kind.BAD_RESPONSE, 0, null,
                    "Unreadable Anthropic stream event '" + frame.event() + "': " + e.getOriginalMessage(), e);
        }
        if (data == null || !data.isObject()) {
            throw new ProviderException(ProviderException.Kind.BAD_RESPONSE,
                    "Anthropic stream event '" + frame.event() + "' is not a JSON object.");
        }
        // The payload's own type is authoritative; the event name is its copy.
        String type = data.path("type").asText(frame.event() == null ? "" : frame.event());
        List<StreamEvent> out = new ArrayList<>(2);
        switch (type) {
            case "message_start" -> readUsage(data.path("message").path("usage"));
            case "content_block_start" -> blockStart(data, out);
            case "content_block_delta" -> blockDelta(data, out);
            case "message_delta" -> {
                String reason = data.path("delta").path("stop_reason").asText(null);
                if (reason != null) {
                    stopReason = reason;
                }
                readUsage(data.path("usage"));
            }
            case "message_stop" -> {
                done = true;
                FinishReason finish = AnthropicResponses.finishReason(stopReason);
                out.add(new StreamEvent.Finish(finish));
                out.add(new StreamEvent.UsageReport(new Usage(
                        inputTokens + cacheReadTokens + cacheCreationTokens, outputTokens, cacheReadTokens)));
            }
            case "error" -> {
                JsonNode error = data.path("error");
                throw new ProviderException(ProviderException.Kind.STREAM_INTERRUPTED,
                        "Anthropic stream failed: " + error.path("type").asText("error") + ": "
                                + error.path("message").asText("(no message)"));
            }
            default -> {
                // content_block_stop and ping carry nothing; unknown events are skipped, as
                // Anthropic's versioning policy asks of clients.
            }
        }
        return out;
    }

    private void blockStart(JsonNode data, List<StreamEvent> out) throws ProviderException {
        JsonNode block = data.path("content_block");
        String blockType = block.path("type").asText();
        if ("text".equals(blockType)) {
            String text = block.path("text").asText("");
            if (!text.isEmpty()) {
                out.add(new StreamEvent.TextDelta(text));
            }
        } else if ("tool_use".equals(blockType)) {
            int toolIndex = toolIndexByBlock.size();
            toolIndexByBlock.put(blockIndex(data), toolIndex);
            JsonNode input = block.path("input");
            // The input normally arrives as input_json_delta fragments and starts as {}.
            String initial = input.isObject() && !input.isEmpty() ? input.toString() : "";
            out.add(new StreamEvent.ToolCallDelta(toolIndex, block.path("id").asText(), block.path("name").asText(),
                    initial));
        }
    }

    private void blockDelta(JsonNode data, List<StreamEvent> out) throws ProviderException {
        JsonNode delta = data.path("delta");
        switch (delta.path("type").asText()) {
            case "text_delta" -> {
                String text = delta.path("text").asText("");
                if (!text.isEmpty()) {
                    out.add(new StreamEvent.TextDelta(text));
                }
            }
            case "input_json_delta" -> {
                int blockIndex = blockIndex(data);
                Integer toolIndex = toolIndexByBlock.get(blockIndex);
                if (toolIndex == null) {
                    throw new ProviderException(ProviderException.Kind.BAD_RESPONSE,
                            "Anthropic stream sent tool input for block " + blockIndex + ", which is not a tool_use block.");
                }
                String fragment = delta.path("partial_json").asText("");
                if (!fragment.isEmpty()) {
                    out.add(new StreamEvent.ToolCallDelta(toolIndex, null, null, fragment));
                }
            }
            default -> {
                // thinking_delta, signature_delta, citations_delta: nothing canonical to carry.
            }
        }
    }

    private static int blockIndex(JsonNode data) throws ProviderException {
        JsonNode index = data.get("index");
        if (index == null || !index.canConvertToInt()) {
            throw new ProviderException(ProviderException.Kind.BAD_RESPONSE,
                    "Anthropic stream event '" + data.path("type").asText() + "' has no block index.");
        }
        return index.intValue();
    }

    /** message_start carries the first counts and message_delta the final ones; later values win. */
    private void readUsage(JsonNode usage) {
        if (!usage.isObject()) {
            return;
        }
        inputTokens = count(usage, "input_tokens", inputTokens);
        cacheReadTokens = count(usage, "cache_read_input_tokens", cacheReadTokens);
        cacheCreationTokens = count(usage, "cache_creation_input_tokens", cacheCreationTokens);
        outputTokens = count(usage, "output_tokens", outputTokens);
    }

    /** A reported count, or the one known so far when the field is absent or null. */
    private static int count(JsonNode usage, String field, int known) {
        JsonNode node = usage.get(field);
        return node != null && node.canConvertToInt() ? node.intValue() : known;
    }

    @Override
    public boolean done() {
        return done;
    }
}
