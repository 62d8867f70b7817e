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

    /**
     * As {@link #complete(ChatRequest, ModelConfig)}, taking at most {@code attemptTimeout} for the whole
     * call (the dispatcher passes the provider's attempt timeout capped by the request's deadline).
     * The default ignores the limit; adapters that can enforce it override this.
     */
    default ChatResponse complete(ChatRequest request, ModelConfig model, java.time.Duration attemptTimeout)
            throws ProviderException {
        return complete(request, model);
    }

    /**
     * As {@link #stream(ChatRequest, ModelConfig, Consumer)}, failing with a timeout when no event arrived
     * within {@code firstTokenTimeout}, or the stream then stays silent for {@code idleTimeout}. The
     * default ignores both limits; adapters that can enforce them override this.
     */
    default void stream(ChatRequest request, ModelConfig model, Consumer<StreamEvent> sink,
                        java.time.Duration firstTokenTimeout, java.time.Duration idleTimeout) throws ProviderException {
        stream(request, model, sink);
    }

    /**
     * One health probe of {@code model}: the smallest real completion (one short user turn, one token of
     * output), sent exactly as any call to it. Adapters with a cheaper liveness check may override this.
     *
     * @throws ProviderException classified as for any call, when the model does not answer
     */
    default ChatResponse probe(ModelConfig model) throws ProviderException {
        return complete(Probes.REQUEST.withModel(model.id()), model);
    }

    /** The probe's request, built once. */
    final class Probes {
        static final ChatRequest REQUEST = ChatRequest.builder(null,
                java.util.List.of(io.routewise.chat.Message.text(io.routewise.chat.Role.USER, "ping"))).maxTokens(1).build();

        private Probes() {
        }
    }
}
