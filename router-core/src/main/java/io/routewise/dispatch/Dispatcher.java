package io.routewise.dispatch;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.chat.StreamEvent;
import io.routewise.chat.ToolCall;
import io.routewise.chat.Usage;
import io.routewise.providers.ProviderRegistry;
import io.routewise.config.ModelConfig;
import io.routewise.policy.Chain;
import io.routewise.providers.ProviderException;
import io.routewise.resilience.CallGate;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sends a request to the first model of a {@link Chain} that answers. A model that fails before any
 * byte reached the client hands over to the next one; a client error (4xx from the provider) stops the
 * chain, since every model would reject the same request.
 *
 * <p>The work is split in three: the {@link ChainRunner} walks the chain (screens, skips, a second
 * pass), the {@link AttemptRunner} makes the attempts at one model (permit, budget, circuit, call,
 * retries), and the {@link CallGate} answers every resilience question: the server's is its
 * {@link io.routewise.resilience.Resilience} (deadlines, breakers, health, latency budgets, provider
 * limits, retry policies); {@link CallGate#OPEN} calls each model once, in order.
 */
public final class Dispatcher {

    private final ProviderRegistry providers;
    private final CallGate gate;

    /** A dispatcher without retries, breakers, limits or health: each model once, in order. */
    public Dispatcher(ProviderRegistry providers) {
        this(providers, CallGate.OPEN);
    }

    /** @param gate the router's resilience ({@link io.routewise.resilience.Resilience}), or {@link CallGate#OPEN} */
    public Dispatcher(ProviderRegistry providers, CallGate gate) {
        this.providers = providers;
        this.gate = gate;
    }

    public Completion complete(ChatRequest request, List<ModelConfig> chain) throws DispatchException {
        return complete(request, Chain.of(chain), null);
    }

    /** As {@link #complete(ChatRequest, Chain, AttemptAccounting)}, the first model first and the rest as fallbacks. */
    public Completion complete(ChatRequest request, List<ModelConfig> chain, AttemptAccounting accounting)
            throws DispatchException {
        return complete(request, Chain.of(chain), accounting);
    }

    /**
     * Sends {@code request} down {@code chain}, every attempt admitted against the budgets and recorded
     * in the cost ledger through {@code accounting} (null: no bookkeeping).
     */
    public Completion complete(ChatRequest request, Chain chain, AttemptAccounting accounting) throws DispatchException {
        Call<ChatResponse> call = new Call<>() {
            @Override
            public ChatResponse attempt(Call.Context c) throws ProviderException {
                Duration timeout = c.timeouts().attempt();
                return timeout == null ? c.provider().adapter().complete(request, c.model())
                        : c.provider().adapter().complete(request, c.model(), timeout);
            }

            @Override
            public boolean started() {
                return false;
            }

            @Override
            public long firstTokenNanos() {
                return 0;
            }

            @Override
            public Integer tokensUsed(ChatResponse result) {
                return result.usage() == null ? null : result.usage().inputTokens() + result.usage().outputTokens();
            }

            @Override
            public Usage usage(ChatResponse result) {
                return result == null ? null : result.usage();
            }

            @Override
            public Long outputChars(ChatResponse result) {
                return result == null || result.message() == null ? null : answerChars(result);
            }
        };
        ChainRunner.Result<ChatResponse> r = run(request, chain, call, accounting);
        return new Completion(r.value(), r.model(), r.attempts(), r.upstreamNanos());
    }

    /**
     * Streams the first model of the chain that starts answering into {@code observer}.
     *
     * @return every attempt made, the successful one last
     * @throws DispatchException when no model started, or the chosen one failed mid-stream
     */
    public List<Attempt> stream(ChatRequest request, List<ModelConfig> chain, StreamObserver observer)
            throws DispatchException {
        return stream(request, Chain.of(chain), observer, null);
    }

    /** Like {@link #stream(ChatRequest, List, StreamObserver)}, with ledger bookkeeping (see {@link AttemptAccounting}). */
    public List<Attempt> stream(ChatRequest request, Chain chain, StreamObserver observer,
                                AttemptAccounting accounting) throws DispatchException {
        Call<Boolean> call = new Call<>() {
            private FirstEventGate gate;

            @Override
            public Boolean attempt(Call.Context c) throws ProviderException {
                gate = new FirstEventGate(c, System.nanoTime(), observer);
                Duration firstToken = c.timeouts().firstToken();
                if (firstToken == null) {
                    c.provider().adapter().stream(request, c.model(), gate);
                } else {
                    c.provider().adapter().stream(request, c.model(), gate, firstToken, null);
                }
                return Boolean.TRUE;
            }

            @Override
            public boolean started() {
                return gate != null && gate.started;
            }

            @Override
            public long firstTokenNanos() {
                return gate == null ? 0 : gate.firstTokenNanos;
            }

            @Override
            public Integer tokensUsed(Boolean result) {
                return gate == null ? null : gate.tokens;
            }

            @Override
            public Usage usage(Boolean result) {
                return gate == null ? null : gate.usage;
            }

            @Override
            public Long outputChars(Boolean result) {
                return gate == null ? null : gate.chars;
            }
        };
        return run(request, chain, call, accounting).attempts();
    }

    private static long answerChars(ChatResponse response) {
        long n = response.message().text() == null ? 0 : response.message().text().length();
        if (response.message().toolCalls() != null) {
            for (ToolCall t : response.message().toolCalls()) {
                n += t.arguments() == null ? 0 : t.arguments().length();
            }
        }
        return n;
    }

    private <T> ChainRunner.Result<T> run(ChatRequest request, Chain chain, Call<T> call, AttemptAccounting accounting)
            throws DispatchException {
        CallGate.RequestGate requestGate = gate.forRequest(request, chain.get(0).model().provider());
        AttemptLog log = new AttemptLog(chain.size());
        Bookkeeping books = accounting == null ? Bookkeeping.NONE : accounting;
        AttemptRunner<T> runner = new AttemptRunner<>(providers, request, call, books, requestGate, log);
        return new ChainRunner<>(requestGate, runner, log).run(chain);
    }

    /**
     * Calls {@link StreamObserver#begin} before the first event of an attempt, then forwards; records the
     * time to first token and the usage reported.
     */
    private static final class FirstEventGate implements Consumer<StreamEvent> {
        private final Call.Context context;
        private final List<Attempt> failedBefore;
        private final long attemptStart;
        private final StreamObserver observer;
        private boolean started;
        private long firstTokenNanos;
        private Integer tokens;
        private Usage usage;
        private long chars;

        FirstEventGate(Call.Context context, long attemptStart, StreamObserver observer) {
            this.context = context;
            this.failedBefore = List.copyOf(context.before());
            this.attemptStart = attemptStart;
            this.observer = observer;
        }

        @Override
        public void accept(StreamEvent event) {
            if (!started) {
                started = true;
                long ttft = System.nanoTime() - attemptStart;
                firstTokenNanos = ttft;
                context.gate().recordFirstToken(context.deployment(), Duration.ofNanos(ttft));
                observer.begin(context.model(), failedBefore, context.upstreamBefore() + ttft);
            }
            if (event instanceof StreamEvent.UsageReport u && u.usage() != null) {
                tokens = u.usage().inputTokens() + u.usage().outputTokens();
                usage = u.usage();
            } else if (event instanceof StreamEvent.TextDelta t && t.text() != null) {
                chars += t.text().length();
            } else if (event instanceof StreamEvent.ToolCallDelta d && d.argumentsFragment() != null) {
                chars += d.argumentsFragment().length();
            }
            observer.onEvent(event);
        }
    }
}
