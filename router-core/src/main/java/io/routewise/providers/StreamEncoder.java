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
}
