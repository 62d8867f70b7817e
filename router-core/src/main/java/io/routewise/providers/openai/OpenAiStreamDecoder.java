package io.routewise.providers.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.chat.StreamEvent;
import io.routewise.chat.Usage;
import io.routewise.json.Json;
import io.routewise.providers.ProviderException;
import io.routewise.providers.SseFrame;
import io.routewise.providers.StreamDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an OpenAI {@code chat.completion.chunk} stream into canonical events. Only choice 0 is
 * read. Usage is reported once, after {@link StreamEvent.Finish}: servers that send usage before or
 * with the finish chunk (some OpenAI-compatible ones do) have it held back until the finish, and
 * a usage that arrives without any finish is released at {@code [DONE]}.
 */
final class OpenAiStreamDecoder implements StreamDecoder {

    private boolean done;
    private boolean finished;
    private boolean usageSent;
    private boolean sawToolCalls;
    private Usage heldUsage;

    @Override
    public List<StreamEvent> decode(SseFrame frame) throws ProviderException {
        String data = frame.data();
        if (done || data == null || data.isEmpty()) {
            return List.of();
        }
        if (data.equals("[DONE]")) {
            done = true;
            if (heldUsage != null && !usageSent) {
                usageSent = true;
                return List.of(new StreamEvent.UsageReport(heldUsage));
            }
            return List.of();
        }
        JsonNode chunk;
        try {
            chunk = Json.MAPPER.readTree(data);
        } catch (JsonProcessingException e) {
            throw new ProviderException(ProviderException.Kind.BAD_RESPONSE, 0, null,
                    "Unreadable OpenAI stream chunk: " + e.getOriginalMessage(), null);
        }
        if (chunk == null || !chunk.isObject()) {
            throw new ProviderException(ProviderException.Kind.BAD_RESPONSE, "Unreadable OpenAI stream chunk: not a JSON object.");
        }
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            throw new ProviderException(ProviderException.Kind.STREAM_INTERRUPTED,
                    "The provider ended the stream with an error: " + OpenAiProviderCodec.errorMessage(error));
        }
        List<StreamEvent> events = new ArrayList<>(2);
        JsonNode choices = chunk.get("choices");
        if (choices != null && choices.isArray()) {
            for (JsonNode choice : choices) {
                if (choice.path("index").asInt(0) == 0) {
                    readChoice(choice, events);
                }
            }
        }
        Usage usage = OpenAiProviderCodec.usage(chunk.get("usage"));
        if (usage != null) {
            if (finished && !usageSent) {
                usageSent = true;
                events.add(new StreamEvent.UsageReport(usage));
            } else if (!finished) {
                heldUsage = usage;
            }
        }
        return events;
    }

    private void readChoice(JsonNode choice, List<StreamEvent> events) {
        JsonNode delta = choice.get("delta");
        if (delta != null && delta.isObject()) {
            JsonNode content = delta.get("content");
            if (content != null && content.isTextual() && !content.textValue().isEmpty()) {
                events.add(new StreamEvent.TextDelta(content.textValue()));
            }
            JsonNode calls = delta.get("tool_calls");
            if (calls != null && calls.isArray()) {
                for (JsonNode call : calls) {
                    String id = textOrNull(call.get("id"));
                    JsonNode fn = call.path("function");
                    String name = textOrNull(fn.get("name"));
                    String args = textOrNull(fn.get("arguments"));
                    if (id != null || name != null || (args != null && !args.isEmpty())) {
                        sawToolCalls = true;
                        events.add(new StreamEvent.ToolCallDelta(call.path("index").asInt(0), id, name,
                                args == null ? "" : args));
                    }
                }
            }
        }
        JsonNode reason = choice.get("finish_reason");
        if (reason != null && reason.isTextual() && !finished) {
            finished = true;
            events.add(new StreamEvent.Finish(OpenAiProviderCodec.finishReason(reason, sawToolCalls)));
        }
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    @Override
    public boolean done() {
        return done;
    }
}
