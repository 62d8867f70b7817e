package io.routewise.providers;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.chat.StreamEvent;
import io.routewise.config.ModelConfig;
import java.util.function.Consumer;

/** Calls one provider. Thread-safe; one instance per configured provider. */
public interface ProviderAdapter {

    /** One non-streamed answer from {@code model}. */
    ChatResponse complete(ChatRequest request, ModelConfig model) throws ProviderException;

    /**
     * Streams an answer from {@code model} into {@code sink}, returning when the stream has ended
     * cleanly. A failure is thrown, whether before or after the first event reached the sink; the
     * caller knows which by whether the sink was called.
     */
    void stream(ChatRequest request, ModelConfig model, Consumer<StreamEvent> sink) throws ProviderException;
}
