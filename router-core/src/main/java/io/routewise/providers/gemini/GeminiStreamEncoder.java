package io.routewise.providers.gemini;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.routewise.chat.FinishReason;
import io.routewise.chat.StreamEvent;
import io.routewise.chat.ToolCall;
import io.routewise.chat.Usage;
import io.routewise.providers.SseFrame;
import io.routewise.providers.StreamEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@code streamGenerateContent?alt=sse}: unnamed data frames, each a whole
 * {@code GenerateContentResponse}. Text goes out one chunk per delta. Gemini sends function
 * calls whole, so call deltas are gathered and sent together once the calls are complete (when
 * anything else follows). The finish reason waits for the usage so that both ride on the last
 * chunk, as Gemini's do.
 */
final class GeminiStreamEncoder implements StreamEncoder {

    /** A call being gathered from its deltas. */
    private static final class PendingCall {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }

    private final String responseId;
    private final String model;
    private final Map<Integer, PendingCall> pendingCalls = new TreeMap<>();
    private FinishReason finish;
    private boolean closed;

    GeminiStreamEncoder(String responseId, String model) {
        this.responseId = responseId;
        this.model = model;
    }

    @Override
    public List<SseFrame> start() {
        return List.of();
    }

    @Override
    public List<SseFrame> encode(StreamEvent event) {
        if (closed) {
            throw new IllegalStateException("the Gemini stream already sent its last chunk; got " + event);
        }
        List<SseFrame> frames = new ArrayList<>();
        if (event instanceof StreamEvent.TextDelta delta) {
            requireNotFinished(event);
            flushCalls(frames);
            if (!delta.text().isEmpty()) {
                ArrayNode parts = GeminiJson.MAPPER.createArrayNode();
                parts.addObject().put("text", delta.text());
                frames.add(frame(parts, null, null));
            }
        } else if (event instanceof StreamEvent.ToolCallDelta delta) {
            requireNotFinished(event);
            PendingCall call = pendingCalls.computeIfAbsent(delta.index(), i -> new PendingCall());
            if (delta.id() != null) {
                call.id = delta.id();
            }
            if (delta.name() != null) {
                call.name = delta.name();
            }
            if (delta.argumentsFragment() != null) {
                call.arguments.append(delta.argumentsFragment());
            }
        } else if (event instanceof StreamEvent.Finish f) {
            requireNotFinished(event);
            finish = f.reason(); // sent with the usage, or by end()
        } else if (event instanceof StreamEvent.UsageReport report) {
            if (finish == null) {
                throw new IllegalStateException("usage must follow the finish event");
            }
            frames.add(lastFrame(report.usage()));
        }
        return frames;
    }

    @Override
    public List<SseFrame> end() {
        if (closed) {
            return List.of();
        }
        if (finish == null) {
            finish = FinishReason.STOP; // a stream that ends cleanly without saying why simply stopped
        }
        return List.of(lastFrame(null));
    }

    private void requireNotFinished(StreamEvent event) {
        if (finish != null) {
            throw new IllegalStateException("stream events must not follow the finish event; got " + event);
        }
    }

    /** Calls still being gathered are complete once another kind of event arrives. */
    private void flushCalls(List<SseFrame> frames) {
        if (!pendingCalls.isEmpty()) {
            frames.add(frame(takeCallParts(), null, null));
        }
    }

    private ArrayNode takeCallParts() {
        List<ToolCall> calls = new ArrayList<>();
        for (PendingCall c : pendingCalls.values()) {
            calls.add(new ToolCall(c.id, c.name, c.arguments.toString()));
        }
        pendingCalls.clear();
        ArrayNode parts = GeminiJson.MAPPER.createArrayNode();
        GeminiResponses.addCallParts(calls, parts);
        return parts;
    }

    /** The closing chunk: any calls still gathered, the finish reason and the usage. */
    private SseFrame lastFrame(Usage usage) {
        closed = true;
        return frame(takeCallParts(), finish, usage);
    }

    private SseFrame frame(ArrayNode parts, FinishReason reason, Usage usage) {
        return SseFrame.data(GeminiJson.write(GeminiResponses.chunk(parts, reason, usage, model, responseId)));
    }
}
