package io.routewise.simulator;

import io.routewise.chat.ChatRequest;
import io.routewise.config.SimulationProfile;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulator's engine, without HTTP: for each request it decides the outcome (answer, error,
 * timeout, reset, cut stream), the pacing and the answer itself. Each simulated model follows a
 * {@link SimulationProfile}: the configured one for its name, else {@link SimulationProfile#DEFAULT},
 * with the name's {@link ModelSteering markers} applied; a profile set at runtime replaces both.
 * Thread-safe.
 *
 * <p>Outcome draws come from the seed and a per-request sequence number, so a single-threaded
 * run is reproducible; answers come from the seed and the request content alone.
 */
public final class Simulator {

    /** Beyond this many distinct model names, resolved behaviours are not cached (bounded memory). */
    private static final int MAX_CACHED_MODELS = 10_000;

    private final Map<String, SimulationProfile> configured;
    private final Map<String, SimulationProfile> overrides = new ConcurrentHashMap<>();
    private final Map<String, SimulatedModel> resolved = new ConcurrentHashMap<>();
    private final long seed;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong responseIds = new AtomicLong();
    private final ReferenceAnswers references = new ReferenceAnswers();
    private final AnswerGenerator answers = new AnswerGenerator(references);
    private final SimulatorStats stats = new SimulatorStats();
    private volatile long startMillis;
    private volatile String runNonce = "";

    /**
     * @param profiles behaviour by upstream model name (what requests put in {@code model})
     * @param seed     makes answers and outcome draws reproducible
     * @param clock    the time source for scheduled outages
     */
    public Simulator(Map<String, SimulationProfile> profiles, long seed, Clock clock) {
        this.configured = Map.copyOf(profiles);
        this.seed = seed;
        this.clock = clock;
        this.startMillis = clock.millis();
    }

    public Simulator(Map<String, SimulationProfile> profiles, long seed) {
        this(profiles, seed, Clock.systemUTC());
    }

    /** Decides what happens to this request (its model is {@code request.model()}) and counts it. */
    public RequestPlan plan(ChatRequest request) {
        SimulatedModel model = model(request.model());
        SimulationProfile p = model.profile();
        SplittableRandom random = new SplittableRandom(StableHash.mix(seed ^ (sequence.incrementAndGet() * 0x9e3779b97f4a7c15L)));
        Outcome outcome = FaultPlanner.decide(model, random.nextDouble(), clock.millis() - startMillis, request.stream());
        SimulatedAnswer answer = null;
        Pacing pacing = Pacing.NONE;
        double cutAt = 0;
        if (outcome.kind() == Outcome.Kind.ANSWER || outcome.kind() == Outcome.Kind.STREAM_CUT) {
            answer = answers.answer(request, model.name(), p.quality(), seed, runNonce);
            pacing = Pacing.of(p.ttftMs(), p.tokensPerS(), p.jitter(), random.nextDouble(), random.nextDouble());
            cutAt = 0.2 + 0.6 * random.nextDouble();
        }
        stats.record(model.name(), outcome, outcome.kind() == Outcome.Kind.ANSWER ? answer.correct() : null);
        return new RequestPlan(model.name(), outcome, pacing, answer, cutAt);
    }

    /** The behaviour a request for {@code name} gets now. */
    public SimulatedModel model(String name) {
        String key = name == null ? "" : name;
        SimulationProfile override = overrides.get(key);
        if (override != null) {
            return new SimulatedModel(key, override, null);
        }
        SimulatedModel model = resolved.get(key);
        if (model == null) {
            model = ModelSteering.resolve(key, configured.getOrDefault(key, SimulationProfile.DEFAULT));
            if (resolved.size() < MAX_CACHED_MODELS) {
                resolved.put(key, model);
            }
        }
        return model;
    }

    /** Replaces a model's behaviour (markers in its name no longer apply) until {@link #resetProfile}. */
    public void setProfile(String model, SimulationProfile profile) {
        overrides.put(model, profile);
    }

    /** Returns a model to its configured behaviour. */
    public void resetProfile(String model) {
        overrides.remove(model);
    }

    /**
     * Sets the run nonce that enters the correctness draw, so two evaluation runs over the same
     * prompts can differ (same nonce, same answers).
     */
    public void setRunNonce(String nonce) {
        this.runNonce = nonce == null ? "" : nonce;
    }

    public String runNonce() {
        return runNonce;
    }

    /** Restarts the clock that scheduled outages count from. */
    public void restartClock() {
        startMillis = clock.millis();
    }

    public ReferenceAnswers references() {
        return references;
    }

    public SimulatorStats stats() {
        return stats;
    }

    /** The configured and runtime-set model names, sorted. */
    public Set<String> modelNames() {
        Set<String> names = new TreeSet<>(configured.keySet());
        names.addAll(overrides.keySet());
        return names;
    }

    public long seed() {
        return seed;
    }

    /** Unix seconds now, for response timestamps. */
    long nowSeconds() {
        return clock.millis() / 1000;
    }

    /** A response id unique within this simulator. */
    String nextResponseId() {
        return StableHash.hex(StableHash.mix(seed + responseIds.incrementAndGet()), 24);
    }
}
