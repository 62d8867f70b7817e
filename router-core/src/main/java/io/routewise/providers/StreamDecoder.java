package io.routewise.providers;

import io.routewise.chat.StreamEvent;
import java.util.List;

/**
 * Turns one wire format's SSE frames into canonical stream events (client side: an adapter
 * reading a provider's stream). Stateful: one instance per response.
 */
public interface StreamDecoder {

    /**
     * The events one frame carries, in order.
     *
     * @throws ProviderException when the frame is an error event or cannot be parsed
     */
    List<StreamEvent> decode(SseFrame frame) throws ProviderException;

    /** True once the format's end-of-stream marker arrived; a stream that ends before it was cut off. */
    boolean done();
}
