package io.routewise.providers.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.StreamEvent;
import io.routewise.json.Json;
import io.routewise.providers.SseFrame;
import io.routewise.providers.StreamEncoder;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes canonical stream events as OpenAI {@code chat.completion.chunk} frames: a first chunk
 * with the assistant role, one chunk per delta, a finish chunk with an empty delta, then (when the
 * client asked for {@code stream_options.include_usage}) a usage chunk with no choices, and
 * {@code [DONE]}. With include_usage every other chunk carries {@code "usage": null}, as OpenAI's does.
 */
final class OpenAiStreamEncoder implements StreamEncoder {

    private static final List<SseFrame> DONE = List.of(SseFrame.data("[DONE]"));

    private final String id;
    private final String model;
    private final long created;
    private final boolean includeUsage;

    OpenAiStreamEncoder(String id, String model, long created, boolean includeUsage) {
        this.id = id;
        this.model = model;
        this.created = created;
        this.includeUsage = includeUsage;
    }

    @Override
    public List<SseFrame> start() {
        ObjectNode delta = Json.object();
        delta.put("role", "assistant");
        delta.put("content", "");
        return frame(chunk(delta, null));
    }

    @Override
    public List<SseFrame> encode(StreamEvent event) {
        if (event instanceof StreamEvent.TextDelta text) {
            ObjectNode delta = Json.object();
            delta.put("content", text.text());
            return frame(chunk(delta, null));
        }
        if (event instanceof StreamEvent.ToolCallDelta call) {
            ObjectNode delta = Json.object();
            ObjectNode c = delta.putArray("tool_calls").addObject();
            c.put("index", call.index());
            if (call.id() != null) {
                c.put("id", call.id());
                c.put("type", "function");
            }
            ObjectNode fn = c.putObject("function");
            if (call.name() != null) {
                fn.put("name", call.name());
            }
            fn.put("arguments", call.argumentsFragment() == null ? "" : call.argumentsFragment());
            return frame(chunk(delta, null));
        }
        if (event instanceof StreamEvent.Finish finish) {
            return frame(chunk(Json.object(), finish.reason().wireName()));
        }
        if (event instanceof StreamEvent.UsageReport report) {
            if (!includeUsage) {
                return List.of();
            }
            ObjectNode chunk = header();
            chunk.putArray("choices");
            chunk.set("usage", OpenAiApiCodec.encodeUsage(report.usage()));
            return frame(chunk);
        }
        throw new IllegalArgumentException("unknown stream event " + event);
    }

    @Override
    public List<SseFrame> end() {
        return DONE;
    }

    private ObjectNode header() {
        ObjectNode chunk = Json.object();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        return chunk;
    }

    /** A chunk with choice 0, and {@code usage: null} when a usage chunk will follow. */
    private ObjectNode chunk(ObjectNode delta, String finishReason) {
        ObjectNode chunk = header();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    private static List<SseFrame> frame(ObjectNode chunk) {
        try {
            return List.of(SseFrame.data(Json.MAPPER.writeValueAsString(chunk)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
