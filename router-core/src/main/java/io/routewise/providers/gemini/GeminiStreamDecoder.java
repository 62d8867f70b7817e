package io.routewise.providers.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.chat.FinishReason;
import io.routewise.chat.StreamEvent;
import io.routewise.chat.ToolCall;
import io.routewise.chat.Usage;
import io.routewise.providers.ProviderException;
import io.routewise.providers.SseFrame;
import io.routewise.providers.StreamDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code streamGenerateContent?alt=sse}: every data frame is a whole
 * {@code GenerateContentResponse} chunk. Function calls arrive whole, so each becomes a single
 * {@link StreamEvent.ToolCallDelta} with id, name and all arguments. Gemini has no end marker;
 * the stream is complete once a chunk carried a finish reason. Gemini repeats usage on many
 * chunks; only the figures at (or after) the finish are reported, once.
 */
final class GeminiStreamDecoder implements StreamDecoder {

    private int nextCallIndex;
    private boolean finished;
    private boolean usageReported;

    @Override
    public List<StreamEvent> decode(SseFrame frame) throws ProviderException {
        List<StreamEvent> events = new ArrayList<>();
        if (frame.data() == null || frame.data().isBlank()) {
            return events;
        }
        JsonNode chunk;
        try {
            chunk = GeminiJson.MAPPER.readTree(frame.data());
        } catch (JsonProcessingException e) {
            throw new ProviderException(ProviderException.Kind.BAD_RESPONSE, 0, null,
                    "Gemini sent a stream chunk that is not JSON: " + e.getOriginalMessage(), e);
        }
        if (chunk == null || !chunk.isObject()) {
            throw GeminiResponses.badResponse("Gemini sent a stream chunk that is not a JSON object.");
        }
        JsonNode error = chunk.get("error");
        if (error != null && error.isObject()) {
            throw new ProviderException(ProviderException.Kind.STREAM_INTERRUPTED, GeminiJson.intOrZero(error, "code"),
                    null, "Gemini's stream ended with an error: " + GeminiResponses.describeError(error), null);
        }
        JsonNode candidates = GeminiJson.field(chunk, "candidates");
        if (candidates != null && candidates.isArray() && !candidates.isEmpty()) {
            decodeCandidate(candidates.get(0), events);
        } else if (GeminiResponses.blockReason(chunk) != null && !finished) {
            finished = true;
            events.add(new StreamEvent.Finish(FinishReason.CONTENT_FILTER));
        }
        Usage usage = GeminiResponses.decodeUsage(GeminiJson.field(chunk, "usageMetadata"));
        if (usage != null && finished && !usageReported) {
            usageReported = true;
            events.add(new StreamEvent.UsageReport(usage));
        }
        return events;
    }

    private void decodeCandidate(JsonNode candidate, List<StreamEvent> events) throws ProviderException {
        for (JsonNode part : GeminiResponses.parts(candidate)) {
            if (part.path("thought").asBoolean(false)) {
                continue;
            }
            String text = GeminiJson.text(part, "text");
            JsonNode call = GeminiJson.field(part, "functionCall");
            boolean hasContent = (text != null && !text.isEmpty()) || call != null;
            if (hasContent && finished) {
                throw GeminiResponses.badResponse("Gemini sent more of the answer after its finish reason.");
            }
            if (text != null && !text.isEmpty()) {
                events.add(new StreamEvent.TextDelta(text));
            }
            if (call != null) {
                int index = nextCallIndex++;
                ToolCall decoded = GeminiResponses.decodeCall(call, index);
                events.add(new StreamEvent.ToolCallDelta(index, decoded.id(), decoded.name(), decoded.arguments()));
            }
        }
        String reason = GeminiJson.text(candidate, "finishReason");
        if (reason != null && !reason.equals("FINISH_REASON_UNSPECIFIED") && !finished) {
            finished = true;
            events.add(new StreamEvent.Finish(GeminiResponses.finishReason(reason, nextCallIndex > 0)));
        }
    }

    @Override
    public boolean done() {
        return finished;
    }
}
