package io.routewise.dispatch;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.config.ModelConfig;
import io.routewise.providers.ProviderException;
import io.routewise.providers.ProviderRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends a request to the first model of a chain that answers. A model that fails before any byte
 * reached the client hands over to the next one; a client error (4xx from the provider) stops the
 * chain, since every model would reject the same request.
 */
public final class Dispatcher {

    private final ProviderRegistry providers;

    public Dispatcher(ProviderRegistry providers) {
        this.providers = providers;
    }

    public Completion complete(ChatRequest request, List<ModelConfig> chain) throws DispatchException {
        List<Attempt> attempts = new ArrayList<>(chain.size());
        long upstream = 0;
        for (ModelConfig model : chain) {
            ProviderRegistry.Provider provider = providers.get(model.provider());
            long start = System.nanoTime();
            try {
                ChatResponse response = provider.adapter().complete(request, model);
                long took = System.nanoTime() - start;
                attempts.add(new Attempt(model.id(), model.provider(), took, null));
                return new Completion(response, model, attempts, upstream + took);
            } catch (ProviderException e) {
                long took = System.nanoTime() - start;
                upstream += took;
                attempts.add(new Attempt(model.id(), model.provider(), took, e));
                if (!e.retryable()) {
                    break;
                }
            }
        }
        throw new DispatchException(attempts, false);
    }

    /**
     * Streams the first model of the chain that starts answering into {@code observer}.
     *
     * @return every attempt made, the successful one last
     * @throws DispatchException when no model started, or the chosen one failed mid-stream
     */
    public List<Attempt> stream(ChatRequest request, List<ModelConfig> chain, StreamObserver observer)
            throws DispatchException {
        List<Attempt> attempts = new ArrayList<>(chain.size());
        long upstreamBefore = 0;
        for (ModelConfig model : chain) {
            ProviderRegistry.Provider provider = providers.get(model.provider());
            long start = System.nanoTime();
            FirstEventGate gate = new FirstEventGate(model, List.copyOf(attempts), upstreamBefore, start, observer);
            try {
                provider.adapter().stream(request, model, gate);
                attempts.add(new Attempt(model.id(), model.provider(), System.nanoTime() - start, null));
                return attempts;
            } catch (ProviderException e) {
                long took = System.nanoTime() - start;
                attempts.add(new Attempt(model.id(), model.provider(), took, e));
                if (gate.started) {
                    throw new DispatchException(attempts, true);
                }
                upstreamBefore += took;
                if (!e.retryable()) {
                    break;
                }
            }
        }
        throw new DispatchException(attempts, false);
    }

    /** Calls {@link StreamObserver#begin} before the first event of an attempt, then forwards. */
    private static final class FirstEventGate implements java.util.function.Consumer<io.routewise.chat.StreamEvent> {
        private final ModelConfig model;
        private final List<Attempt> failedBefore;
        private final long upstreamBefore;
        private final long attemptStart;
        private final StreamObserver observer;
        private boolean started;

        FirstEventGate(ModelConfig model, List<Attempt> failedBefore, long upstreamBefore, long attemptStart, StreamObserver observer) {
            this.model = model;
            this.failedBefore = failedBefore;
            this.upstreamBefore = upstreamBefore;
            this.attemptStart = attemptStart;
            this.observer = observer;
        }

        @Override
        public void accept(io.routewise.chat.StreamEvent event) {
            if (!started) {
                started = true;
                observer.begin(model, failedBefore, upstreamBefore + (System.nanoTime() - attemptStart));
            }
            observer.onEvent(event);
        }
    }
}
