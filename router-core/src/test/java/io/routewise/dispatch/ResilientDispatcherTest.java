package io.routewise.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.chat.FinishReason;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.chat.RoutingOptions;
import io.routewise.chat.StreamEvent;
import io.routewise.config.BreakerConfig;
import io.routewise.config.HealthCheckConfig;
import io.routewise.config.ModelConfig;
import io.routewise.config.ProviderConfig;
import io.routewise.config.ProviderKind;
import io.routewise.config.RetryConfig;
import io.routewise.config.RoutewiseConfig;
import io.routewise.config.RoutingConfig;
import io.routewise.providers.ProviderAdapter;
import io.routewise.providers.ProviderException;
import io.routewise.providers.ProviderRegistry;
import io.routewise.resilience.Admission;
import io.routewise.resilience.BreakerState;
import io.routewise.resilience.Deployment;
import io.routewise.resilience.Resilience;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The dispatcher with retries, breakers, provider limits, latency budgets and the hot-standby tier. */
class ResilientDispatcherTest {

    /** What one scripted call does: answer, or throw. */
    private interface Step {
        void run() throws ProviderException;
    }

    /** A provider whose calls follow a script per model; an empty script answers. */
    private static final class ScriptedAdapter implements ProviderAdapter {
        final Map<String, Deque<Step>> scripts = new HashMap<>();
        final Map<String, AtomicInteger> calls = new HashMap<>();

        ScriptedAdapter script(String model, Step... steps) {
            scripts.computeIfAbsent(model, m -> new ArrayDeque<>()).addAll(List.of(steps));
            return this;
        }

        int calls(String model) {
            AtomicInteger n = calls.get(model);
            return n == null ? 0 : n.get();
        }

        private synchronized void step(ModelConfig model) throws ProviderException {
            calls.computeIfAbsent(model.id(), m -> new AtomicInteger()).incrementAndGet();
            Deque<Step> s = scripts.get(model.id());
            if (s != null && !s.isEmpty()) {
                s.poll().run();
            }
        }

        @Override
        public ChatResponse complete(ChatRequest request, ModelConfig model) throws ProviderException {
            step(model);
            return answer(model);
        }

        @Override
        public void stream(ChatRequest request, ModelConfig model, Consumer<StreamEvent> sink) throws ProviderException {
            step(model);
            sink.accept(new StreamEvent.TextDelta("hi from " + model.id()));
            sink.accept(new StreamEvent.Finish(FinishReason.STOP));
        }
    }

    private static ChatResponse answer(ModelConfig model) {
        return new ChatResponse("id", model.id(), 0, Message.text(Role.ASSISTANT, "hi from " + model.id()),
                FinishReason.STOP, null);
    }

    private static Step fail(ProviderException.Kind kind, int status, Duration retryAfter) {
        return () -> {
            throw new ProviderException(kind, status, retryAfter, "scripted " + kind, null);
        };
    }

    private static final Step SERVER_ERROR = fail(ProviderException.Kind.SERVER_ERROR, 500, null);

    private static ProviderConfig provider(String name, Integer maxConcurrency, int maxAttempts, Integer totalTimeoutMs) {
        return new ProviderConfig(name, ProviderKind.OPENAI, "http://127.0.0.1:1", null, null, null, null, null,
                maxConcurrency, null, null, new RetryConfig(maxAttempts, 1, 2), null, null, totalTimeoutMs,
                new BreakerConfig(2, null, null, null, 30, null));
    }

    private static ModelConfig model(String id, String provider) {
        return new ModelConfig(id, provider, null, 1.0, 1.0, null, 100_000, 4_000, null, 1, null, true, null, null);
    }

    private static final ChatRequest REQUEST = ChatRequest.of("x", List.of(Message.text(Role.USER, "hello")));

    private final ScriptedAdapter adapter = new ScriptedAdapter();
    private final ModelConfig a = model("a", "p1");
    private final ModelConfig b = model("b", "p2");
    private final ModelConfig c = model("c", "p3");
    private final ModelConfig standby = model("standby", "p3");
    private Resilience resilience;

    private Dispatcher dispatcher(List<ProviderConfig> providerConfigs) {
        return dispatcher(providerConfigs, Clock.systemUTC());
    }

    private Dispatcher dispatcher(List<ProviderConfig> providerConfigs, Clock clock) {
        RoutingConfig routing = new RoutingConfig(null, List.of("standby"), null, null,
                new HealthCheckConfig(false, null, null, null, null, null), null, null);
        RoutewiseConfig config = new RoutewiseConfig(null, providerConfigs, List.of(a, b, c, standby), routing, null,
                null, null, "test");
        resilience = Resilience.create(config, d -> { }, clock, new Random(7));
        Map<String, ProviderRegistry.Provider> registry = new HashMap<>();
        for (ProviderConfig p : providerConfigs) {
            registry.put(p.name(), new ProviderRegistry.Provider(p, adapter));
        }
        return new Dispatcher(new ProviderRegistry(registry), resilience);
    }

    private Dispatcher dispatcher() {
        return dispatcher(List.of(provider("p1", null, 3, null), provider("p2", null, 1, null),
                provider("p3", null, 1, null)));
    }

    @Test
    void retriesTheSameDeploymentAfterTheProvidersRetryAfter() throws Exception {
        Dispatcher d = dispatcher();
        adapter.script("a", fail(ProviderException.Kind.RATE_LIMITED, 429, Duration.ofMillis(300)));
        long start = System.nanoTime();
        Completion done = d.complete(REQUEST, List.of(a, b));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals("a", done.model().id());
        assertEquals(2, adapter.calls("a"));
        assertEquals(0, adapter.calls("b"));
        assertEquals(1, done.retries());
        assertEquals(0, done.fallbacksTaken());
        assertTrue(tookMs >= 300, "waited " + tookMs + " ms, less than the Retry-After of 300 ms");
    }

    @Test
    void aRetryAfterPastTheDeadlineMovesToTheNextModelAtOnce() throws Exception {
        Dispatcher d = dispatcher(List.of(provider("p1", null, 3, 500), provider("p2", null, 1, null),
                provider("p3", null, 1, null)));
        adapter.script("a", fail(ProviderException.Kind.RATE_LIMITED, 429, Duration.ofSeconds(5)));
        long start = System.nanoTime();
        Completion done = d.complete(REQUEST, List.of(a, b));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals("b", done.model().id());
        assertEquals(1, adapter.calls("a"));
        assertTrue(tookMs < 1_000, "took " + tookMs + " ms: it waited for a Retry-After past the deadline");
        assertEquals(List.of("a"), Attempts.fallbackModels(done.attempts(), "b"));
    }

    @Test
    void neverRetriesOrFallsBackOnAClientError() {
        Dispatcher d = dispatcher();
        adapter.script("a", fail(ProviderException.Kind.CLIENT_ERROR, 400, null));
        DispatchException e = assertThrows(DispatchException.class, () -> d.complete(REQUEST, List.of(a, b)));
        assertEquals(1, adapter.calls("a"));
        assertEquals(0, adapter.calls("b"));
        assertEquals(400, e.lastError().upstreamStatus());
        assertEquals(BreakerState.CLOSED, resilience.breakers().state(Deployment.of(a)), "a 400 says nothing of health");
    }

    @Test
    void aSaturatedProviderIsSkippedForTheNextModelNotQueued() throws Exception {
        Dispatcher d = dispatcher(List.of(provider("p1", 1, 1, null), provider("p2", null, 1, null),
                provider("p3", null, 1, null)));
        Admission held = resilience.limits().tryAdmit("p1", 10);
        assertTrue(held.admitted());
        long start = System.nanoTime();
        Completion done = d.complete(REQUEST, List.of(a, b));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        held.permit().close();
        assertEquals("b", done.model().id());
        assertEquals(0, adapter.calls("a"));
        Attempt skipped = done.attempts().get(0);
        assertTrue(skipped.skipped());
        assertTrue(skipped.skipReason().contains("in-flight") || skipReason(skipped).contains("max"),
                skipped.skipReason());
        assertTrue(tookMs < 500, "took " + tookMs + " ms: the request waited for the saturated provider");
        assertEquals(0, resilience.limits().load("p1").inFlight());
    }

    private static String skipReason(Attempt a) {
        return a.skipReason();
    }

    @Test
    void aLatencyBudgetSkipsADeploymentTooSlowForIt() throws Exception {
        Dispatcher d = dispatcher();
        for (int i = 0; i < 50; i++) {
            resilience.latency().recordFirstToken(Deployment.of(b), Duration.ofMillis(3_000));
        }
        adapter.script("a", SERVER_ERROR, SERVER_ERROR, SERVER_ERROR);
        ChatRequest budgeted = REQUEST.withRouting(new RoutingOptions(null, null, 1_000L, null));
        Completion done = d.complete(budgeted, List.of(a, b, c));
        assertEquals("c", done.model().id());
        assertEquals(0, adapter.calls("b"));
        Attempt skippedB = done.attempts().stream().filter(x -> x.model().equals("b")).findFirst().orElseThrow();
        assertTrue(skippedB.skipped());
        assertTrue(skippedB.skipReason().contains("1000"), skippedB.skipReason());

        // Without a budget (the batch pool) the slow deployment may serve.
        adapter.script("a", SERVER_ERROR, SERVER_ERROR, SERVER_ERROR);
        Completion batch = d.complete(REQUEST.withRouting(new RoutingOptions(null, null, null, "batch")), List.of(a, b, c));
        assertEquals("b", batch.model().id());
    }

    @Test
    void theHotStandbyServesWhenEveryPrimaryFailsAndHasNoLatencyBudget() throws Exception {
        Dispatcher d = dispatcher();
        for (int i = 0; i < 50; i++) {
            resilience.latency().recordFirstToken(Deployment.of(standby), Duration.ofMillis(5_000));
        }
        adapter.script("a", SERVER_ERROR, SERVER_ERROR, SERVER_ERROR);
        adapter.script("b", SERVER_ERROR);
        ChatRequest budgeted = REQUEST.withRouting(new RoutingOptions(null, null, 1_000L, null));
        Completion done = d.complete(budgeted, io.routewise.policy.Chain.of(List.of(a, b), List.of(standby)), null);
        assertEquals("standby", done.model().id());
        // p1 allows 3 attempts, but a's circuit opened after 2 failures in a row: no third call.
        assertEquals(2, adapter.calls("a"));
        assertEquals(BreakerState.OPEN, resilience.breakers().state(Deployment.of(a)));
        assertEquals(1, adapter.calls("b"));
        assertEquals(2, done.fallbacksTaken());
        assertEquals(1, done.retries());
    }

    @Test
    void anOpenCircuitSendsTheFirstChoiceStraightToItsFallback() throws Exception {
        Dispatcher d = dispatcher(List.of(provider("p1", null, 1, null), provider("p2", null, 1, null),
                provider("p3", null, 1, null)));
        adapter.script("a", SERVER_ERROR, SERVER_ERROR);
        d.complete(REQUEST, List.of(a, b));
        d.complete(REQUEST, List.of(a, b));
        assertEquals(BreakerState.OPEN, resilience.breakers().state(Deployment.of(a)), "2 consecutive failures");
        Completion third = d.complete(REQUEST, List.of(a, b));
        assertEquals("b", third.model().id());
        assertEquals(2, adapter.calls("a"), "an open circuit is not called");
        assertTrue(third.attempts().get(0).skipReason().startsWith("circuit open"), third.attempts().get(0).skipReason());
    }

    @Test
    void aStreamRetriesBeforeItsFirstEventAndRecordsTimeToFirstToken() throws Exception {
        Dispatcher d = dispatcher();
        adapter.script("a", SERVER_ERROR);
        List<String> begun = new ArrayList<>();
        List<Attempt> attempts = d.stream(REQUEST, List.of(a, b), new StreamObserver() {
            @Override
            public void begin(ModelConfig model, List<Attempt> failedBefore, long upstreamNanos) {
                begun.add(model.id() + " after " + failedBefore.size());
            }

            @Override
            public void onEvent(StreamEvent event) {
            }
        });
        assertEquals(List.of("a after 1"), begun);
        assertEquals(2, attempts.size());
        assertNotNull(resilience.latency().stats(Deployment.of(a)));
        assertEquals(1, resilience.latency().stats(Deployment.of(a)).ttftSamples());
        assertFalse(attempts.get(1).skipped());
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private volatile java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** A dispatcher whose breaker for {@code a} has just opened after two server errors. */
    private Dispatcher trippedOnA(Clock clock) throws Exception {
        Dispatcher d = dispatcher(List.of(provider("p1", null, 1, null), provider("p2", null, 1, null),
                provider("p3", null, 1, null)), clock);
        adapter.script("a", SERVER_ERROR, SERVER_ERROR);
        d.complete(REQUEST, List.of(a, b));
        d.complete(REQUEST, List.of(a, b));
        return d;
    }

    /**
     * Issue 11, finding 1: attempts that end in something other than the provider's answer (a request
     * refused on the way out, a client gone mid-stream) must give their half-open probe slot back, or a
     * few of them leave the model refusing every caller.
     */
    @Test
    void attemptsEndedByALocalFailureGiveTheirHalfOpenProbeSlotBack() throws Exception {
        MovableClock clock = new MovableClock();
        Dispatcher d = trippedOnA(clock);
        assertEquals(BreakerState.OPEN, resilience.breakers().state(Deployment.of(a)));
        clock.advance(Duration.ofSeconds(31));

        Step localFailure = () -> {
            throw new IllegalStateException("the client went away");
        };
        for (int i = 0; i < 5; i++) {
            adapter.script("a", localFailure);
            assertThrows(IllegalStateException.class, () -> d.complete(REQUEST, List.of(a, b)));
        }
        assertEquals(BreakerState.HALF_OPEN, resilience.breakers().state(Deployment.of(a)));
        Completion probe = d.complete(REQUEST, List.of(a, b));
        assertEquals("a", probe.model().id(), "the probe slots came back: a is still tried");
    }

    /** Half-open ends by itself when its probes never finish (a path that still loses a permit). */
    @Test
    void aHalfOpenBreakerWhoseProbesNeverFinishOpensAgainAfterACooldown() throws Exception {
        MovableClock clock = new MovableClock();
        Dispatcher d = trippedOnA(clock);
        clock.advance(Duration.ofSeconds(31));
        Deployment dep = Deployment.of(a);
        // Take every probe slot and never report on them.
        while (resilience.breakers().tryAcquirePermission(dep)) {
            assertEquals(BreakerState.HALF_OPEN, resilience.breakers().state(dep));
        }
        assertEquals("b", d.complete(REQUEST, List.of(a, b)).model().id());
        clock.advance(Duration.ofSeconds(31));
        assertFalse(resilience.breakers().tryAcquirePermission(dep), "stuck half-open: open again");
        assertEquals(BreakerState.OPEN, resilience.breakers().state(dep));
        clock.advance(Duration.ofSeconds(31));
        assertEquals("a", d.complete(REQUEST, List.of(a, b)).model().id(), "fresh probes after the cooldown");
    }
}
