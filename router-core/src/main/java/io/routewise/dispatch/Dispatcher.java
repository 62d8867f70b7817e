package io.routewise.dispatch;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.chat.StreamEvent;
import io.routewise.chat.ToolCall;
import io.routewise.chat.Usage;
import io.routewise.ledger.AttemptLedger;
import io.routewise.ledger.BudgetExceededException;
import io.routewise.config.ModelConfig;
import io.routewise.providers.ProviderException;
import io.routewise.providers.ProviderRegistry;
import io.routewise.resilience.Admission;
import io.routewise.resilience.Deadline;
import io.routewise.resilience.Deadlines;
import io.routewise.resilience.Deployment;
import io.routewise.resilience.ProviderLimits;
import io.routewise.resilience.RequestNeeds;
import io.routewise.resilience.Resilience;
import io.routewise.resilience.RetryDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sends a request to the first model of a chain that answers. A model that fails before any byte
 * reached the client hands over to the next one; a client error (4xx from the provider) stops the
 * chain, since every model would reject the same request.
 *
 * <p>With {@link Resilience} (the server's dispatcher), per request: a deadline from the first model's
 * provider; per model: skipped with its reason when its circuit is open, or (models after the first) when
 * it is unhealthy, too slow for the request's latency budget (hot-standby models have no budget),
 * its provider saturated or it is being re-admitted and this request is not in its share; per attempt:
 * a provider permit (refused: the next model, never a queue), a breaker permission, the call under the
 * provider's attempt and first-token timeouts, the outcome reported to the breaker, the latency tracker
 * and, on a 429, the provider limits; then a retry of the same model after a jittered backoff (never
 * past the deadline, never after the first byte, never for a rejected request) or the next model. When
 * every model was passed over without a call, the first whose circuit and provider admit it is called
 * anyway: a health or latency verdict is not worth failing a request for.
 */
public final class Dispatcher {

    private final ProviderRegistry providers;
    private final Resilience resilience;

    /** A dispatcher without retries, breakers, limits or health: each model once, in order. */
    public Dispatcher(ProviderRegistry providers) {
        this(providers, null);
    }

    /** @param resilience the router's resilience parts, or null for none */
    public Dispatcher(ProviderRegistry providers, Resilience resilience) {
        this.providers = providers;
        this.resilience = resilience;
    }

    /** The resilience parts, or null. */
    public Resilience resilience() {
        return resilience;
    }

    public Completion complete(ChatRequest request, List<ModelConfig> chain) throws DispatchException {
        return complete(request, chain, null);
    }

    /**
     * Like {@link #complete(ChatRequest, List)}, with every attempt admitted against the budgets and
     * recorded in the cost ledger through {@code accounting} (null: no bookkeeping).
     */
    public Completion complete(ChatRequest request, List<ModelConfig> chain, AttemptAccounting accounting)
            throws DispatchException {
        Call<ChatResponse> call = new Call<>() {
            @Override
            public ChatResponse attempt(ModelConfig model, ProviderRegistry.Provider provider, Duration attemptTimeout,
                                        Duration firstTokenTimeout, Deployment deployment, List<Attempt> before,
                                        long upstreamBefore) throws ProviderException {
                return attemptTimeout == null ? provider.adapter().complete(request, model)
                        : provider.adapter().complete(request, model, attemptTimeout);
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
        Result<ChatResponse> r = run(request, chain, call, accounting);
        return new Completion(r.value, r.model, r.attempts, r.upstreamNanos);
    }

    /**
     * Streams the first model of the chain that starts answering into {@code observer}.
     *
     * @return every attempt made, the successful one last
     * @throws DispatchException when no model started, or the chosen one failed mid-stream
     */
    public List<Attempt> stream(ChatRequest request, List<ModelConfig> chain, StreamObserver observer)
            throws DispatchException {
        return stream(request, chain, observer, null);
    }

    /** Like {@link #stream(ChatRequest, List, StreamObserver)}, with ledger bookkeeping (see {@link AttemptAccounting}). */
    public List<Attempt> stream(ChatRequest request, List<ModelConfig> chain, StreamObserver observer,
                                AttemptAccounting accounting) throws DispatchException {
        Call<Boolean> call = new Call<>() {
            private FirstEventGate gate;

            @Override
            public Boolean attempt(ModelConfig model, ProviderRegistry.Provider provider, Duration attemptTimeout,
                                   Duration firstTokenTimeout, Deployment deployment, List<Attempt> before,
                                   long upstreamBefore) throws ProviderException {
                gate = new FirstEventGate(model, deployment, List.copyOf(before), upstreamBefore, System.nanoTime(),
                        observer);
                if (firstTokenTimeout == null) {
                    provider.adapter().stream(request, model, gate);
                } else {
                    provider.adapter().stream(request, model, gate, firstTokenTimeout, null);
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
        return run(request, chain, call, accounting).attempts;
    }

    /** One upstream call of either kind. */
    private interface Call<T> {
        T attempt(ModelConfig model, ProviderRegistry.Provider provider, Duration attemptTimeout,
                  Duration firstTokenTimeout, Deployment deployment, List<Attempt> before, long upstreamBefore)
                throws ProviderException;

        /** Whether the last attempt's answer had begun reaching the client. */
        boolean started();

        /** The last attempt's time to first event, or 0. */
        long firstTokenNanos();

        /** The tokens the successful call used, when its usage is known. */
        Integer tokensUsed(T result);

        /** The usage the provider reported for the last attempt ({@code result} null when it failed), or null. */
        Usage usage(T result);

        /** Characters of answer (text and tool arguments) the last attempt produced, or null when unknown. */
        Long outputChars(T result);
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

    private record Result<T>(T value, ModelConfig model, List<Attempt> attempts, long upstreamNanos) {
    }

    private <T> Result<T> run(ChatRequest request, List<ModelConfig> chain, Call<T> call, AttemptAccounting accounting)
            throws DispatchException {
        List<Attempt> attempts = new ArrayList<>(chain.size() + 2);
        long[] upstream = {0};
        Deadline deadline = null;
        RequestNeeds needs = resilience == null ? null : resilience.needs(request);
        // Pass 1 respects every exclusion; pass 2 runs only when pass 1 called nobody, and then
        // respects only circuits and provider limits.
        for (int pass = 1; pass <= 2; pass++) {
            boolean called = false;
            for (int i = 0; i < chain.size(); i++) {
                ModelConfig model = chain.get(i);
                Deployment deployment = Deployment.of(model);
                if (resilience != null) {
                    if (deadline == null) {
                        deadline = resilience.deadlines(model.provider()).start(System::nanoTime);
                    }
                    if (deadline.expired()) {
                        attempts.add(Attempt.skipped(model.id(), model.provider(), ProviderException.Kind.TIMEOUT,
                                "the request's deadline of " + deadline.total().toMillis() + " ms passed"));
                        throw new DispatchException(attempts, false);
                    }
                    String why = pass == 1 ? exclusion(i, model, deployment, needs)
                            : resilience.breakers().exclusionReason(deployment);
                    if (why != null) {
                        attempts.add(Attempt.skipped(model.id(), model.provider(), skipKind(model, needs), why));
                        continue;
                    }
                }
                Outcome<T> outcome = tryModel(request, i, model, deployment, deadline, needs, call, attempts, upstream,
                        accounting);
                called |= outcome.called;
                if (outcome.done) {
                    return new Result<>(outcome.value, model, attempts, upstream[0]);
                }
            }
            if (called || resilience == null || attempts.isEmpty()) {
                break;
            }
        }
        if (attempts.isEmpty()) {
            throw new IllegalArgumentException("a dispatch needs at least one model");
        }
        throw new DispatchException(attempts, false);
    }

    private record Outcome<T>(boolean done, boolean called, T value) {
    }

    /** The attempts at one model: the first call and its retries. */
    private <T> Outcome<T> tryModel(ChatRequest request, int index, ModelConfig model, Deployment deployment,
                                    Deadline deadline, RequestNeeds needs, Call<T> call, List<Attempt> attempts,
                                    long[] upstream, AttemptAccounting accounting) throws DispatchException {
        ProviderRegistry.Provider provider = providers.get(model.provider());
        ProviderLimits.Permit permit = null;
        if (resilience != null) {
            // One permit per model, held across its retries: a retry after a 429's Retry-After is not
            // refused by the rate the 429 itself just lowered.
            Admission admission = resilience.limits().tryAdmit(model.provider(), needs.estimatedTokens());
            if (!admission.admitted()) {
                // Spread, don't queue: the next model takes the request.
                attempts.add(Attempt.skipped(model.id(), model.provider(), ProviderException.Kind.RATE_LIMITED,
                        admission.refusal()));
                return new Outcome<>(false, false, null);
            }
            permit = admission.permit();
        }
        Integer tokens = null;
        boolean called = false;
        try {
            for (int n = 1; ; n++) {
                Duration attemptTimeout = null;
                Duration firstTokenTimeout = null;
                AttemptLedger.Admission admission = null;
                if (accounting != null) {
                    try {
                        admission = accounting.admit(model, request);
                    } catch (BudgetExceededException e) {
                        // Over budget is not a failure of the model: the next candidate takes the request.
                        attempts.add(Attempt.skipped(model.id(), model.provider(), ProviderException.Kind.RATE_LIMITED,
                                AttemptAccounting.BUDGET_SKIP + e.getMessage()));
                        return new Outcome<>(false, called, null);
                    }
                }
                if (resilience != null) {
                    if (!resilience.breakers().tryAcquirePermission(deployment)) {
                        if (admission != null) {
                            accounting.cancel(admission);
                        }
                        String why = resilience.breakers().exclusionReason(deployment);
                        attempts.add(Attempt.skipped(model.id(), model.provider(), ProviderException.Kind.SERVER_ERROR,
                                why != null ? why : "circuit half-open and its probe calls are taken"));
                        return new Outcome<>(false, called, null);
                    }
                    Deadlines limits = resilience.deadlines(model.provider());
                    attemptTimeout = limits.attemptTimeout(deadline);
                    firstTokenTimeout = limits.firstTokenTimeout(deadline);
                }
                called = true;
                // Whether this attempt still holds a breaker permission it has not reported on.
                boolean permitHeld = resilience != null;
                long start = System.nanoTime();
                // What the ledger row says about this attempt; set on every way out of the try.
                long took = -1;
                String status = null;
                String error = null;
                boolean billed = false;
                T value = null;
                try {
                    value = call.attempt(model, provider, attemptTimeout, firstTokenTimeout, deployment, attempts,
                            upstream[0]);
                    took = System.nanoTime() - start;
                    status = "200";
                    billed = true;
                    upstream[0] += took;
                    attempts.add(new Attempt(model.id(), model.provider(), took, null, null, call.firstTokenNanos()));
                    tokens = call.tokensUsed(value);
                    if (resilience != null) {
                        permitHeld = false;
                        resilience.breakers().recordSuccess(deployment, Duration.ofNanos(took));
                        resilience.latency().recordTotal(deployment, Duration.ofNanos(took));
                    }
                    return new Outcome<>(true, true, value);
                } catch (ProviderException e) {
                    took = System.nanoTime() - start;
                    status = e.upstreamStatus() > 0 ? Integer.toString(e.upstreamStatus()) : e.kind().name();
                    error = e.getMessage();
                    billed = billable(e, call.started());
                    upstream[0] += took;
                    attempts.add(new Attempt(model.id(), model.provider(), took, e, null, call.firstTokenNanos()));
                    if (resilience != null) {
                        permitHeld = false;
                        resilience.breakers().recordFailure(deployment, e.kind(), Duration.ofNanos(took));
                        if (e.kind() == ProviderException.Kind.RATE_LIMITED) {
                            resilience.limits().onRateLimited(model.provider());
                        }
                    }
                    if (call.started()) {
                        throw new DispatchException(attempts, true);
                    }
                    if (!e.retryable()) {
                        // Every model would reject the same request.
                        throw new DispatchException(attempts, false);
                    }
                    if (resilience == null) {
                        return new Outcome<>(false, true, null);
                    }
                    RetryDecision next = resilience.retryPolicy(model.provider()).next(e, n, false, deadline);
                    if (!next.retry()) {
                        return new Outcome<>(false, true, null);
                    }
                    if (admission != null) {
                        // Settled now, so the backoff below is not counted in its latency.
                        settle(accounting, admission, index, took, call, value, status, error, billed);
                        admission = null;
                    }
                    upstream[0] += sleep(next.delay(), attempts);
                } finally {
                    if (permitHeld) {
                        // Ended by something that is not the provider's answer (the request refused on the
                        // way out, the client gone mid-stream, an internal error): the probe slot goes back.
                        resilience.breakers().releasePermission(deployment);
                    }
                    if (admission != null) {
                        if (status == null) {
                            status = "ABORTED";
                            error = "the attempt ended without an answer (client gone or internal error)";
                            billed = call.started();
                        }
                        settle(accounting, admission, index, took >= 0 ? took : System.nanoTime() - start, call, value,
                                status, error, billed);
                    }
                }
            }
        } finally {
            if (permit != null) {
                if (tokens != null) {
                    permit.release(tokens);
                } else {
                    permit.close();
                }
            }
        }
    }

    private static <T> void settle(AttemptAccounting accounting, AttemptLedger.Admission admission, int index, long took,
                                   Call<T> call, T value, String status, String error, boolean billed) {
        accounting.settle(admission, index, took, call.firstTokenNanos(), status, error, call.usage(value),
                call.outputChars(value), billed);
    }

    /**
     * Whether a failed attempt may have cost money: something was produced (the stream had started),
     * or the provider may have done the work (timeout, cut or unreadable answer). Refusals (connection,
     * 429, 5xx, rejected request) cost nothing.
     */
    private static boolean billable(ProviderException e, boolean started) {
        return started || e.kind() == ProviderException.Kind.TIMEOUT
                || e.kind() == ProviderException.Kind.STREAM_INTERRUPTED
                || e.kind() == ProviderException.Kind.BAD_RESPONSE;
    }

    /** Why a chain member is passed over before any call, or null when it may be called. */
    private String exclusion(int index, ModelConfig model, Deployment deployment, RequestNeeds needs) {
        if (index == 0) {
            // The first choice (the decision's, or the model the client named) is tried unless its circuit is open.
            return resilience.breakers().exclusionReason(deployment);
        }
        RequestNeeds asked = resilience.isHotStandby(model.id()) ? new RequestNeeds(null, needs.estimatedTokens()) : needs;
        return resilience.candidates().exclusionReason(deployment, asked);
    }

    /** The failure a skip stands for, should it be the last word: saturation is a rate limit, the rest unavailability. */
    private ProviderException.Kind skipKind(ModelConfig model, RequestNeeds needs) {
        return resilience.limits().saturation(model.provider(), needs.estimatedTokens()) != null
                ? ProviderException.Kind.RATE_LIMITED : ProviderException.Kind.SERVER_ERROR;
    }

    /** Waits before a retry; returns the nanoseconds waited. */
    private static long sleep(Duration delay, List<Attempt> attempts) throws DispatchException {
        long start = System.nanoTime();
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DispatchException(attempts, false);
        }
        return System.nanoTime() - start;
    }

    /**
     * Calls {@link StreamObserver#begin} before the first event of an attempt, then forwards; records the
     * time to first token and the usage reported.
     */
    private final class FirstEventGate implements Consumer<StreamEvent> {
        private final ModelConfig model;
        private final Deployment deployment;
        private final List<Attempt> failedBefore;
        private final long upstreamBefore;
        private final long attemptStart;
        private final StreamObserver observer;
        private boolean started;
        private long firstTokenNanos;
        private Integer tokens;
        private Usage usage;
        private long chars;

        FirstEventGate(ModelConfig model, Deployment deployment, List<Attempt> failedBefore, long upstreamBefore,
                       long attemptStart, StreamObserver observer) {
            this.model = model;
            this.deployment = deployment;
            this.failedBefore = failedBefore;
            this.upstreamBefore = upstreamBefore;
            this.attemptStart = attemptStart;
            this.observer = observer;
        }

        @Override
        public void accept(StreamEvent event) {
            if (!started) {
                started = true;
                long ttft = System.nanoTime() - attemptStart;
                firstTokenNanos = ttft;
                if (resilience != null) {
                    resilience.latency().recordFirstToken(deployment, Duration.ofNanos(ttft));
                }
                observer.begin(model, failedBefore, upstreamBefore + ttft);
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
