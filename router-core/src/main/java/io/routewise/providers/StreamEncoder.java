package io.routewise.providers;

import io.routewise.chat.StreamEvent;
import java.util.List;

/**
 * Turns canonical stream events into one wire format's SSE frames (server side: the gateway and
 * the simulator). Stateful: one instance per response.
 */
public interface StreamEncoder {

    /** Frames that open the stream (e.g. Anthropic's {@code message_start}); may be empty. */
    List<SseFrame> start();

    /** Frames for one event, in order; may be empty when the format reports it later. */
    List<SseFrame> encode(StreamEvent event);

    /** Frames that close a successful stream (e.g. OpenAI's {@code [DONE]}). */
    List<SseFrame> end();

    /**
     * Frames that end a stream that failed after it began (the format's error body, as its
     * {@link ApiCodec#encodeError} writes it). OpenAI has no error event: a data frame carries the body.
     */
    default List<SseFrame> fail(com.fasterxml.jackson.databind.node.ObjectNode errorBody) {
        return List.of(SseFrame.data(errorBody.toString()));
    }
}
