package io.routewise.simulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Per-model request counts by outcome. Thread-safe and cheap to update on the hot path. */
public final class SimulatorStats {

    /**
     * One model's counts.
     *
     * @param answered       normal answers (streams that were cut are not counted here)
     * @param correct        answers to prompts with a reference that contained it
     * @param incorrect      answers to prompts with a reference that did not
     * @param outageFailures failures of any kind caused by a scheduled outage (also counted by kind)
     * @param errors         error statuses other than 429 (500s, outage 503s, forced statuses)
     * @param invalid        requests the wire format rejected (400)
     */
    public record ModelStats(long requests, long answered, long correct, long incorrect, long rateLimited,
                             long errors, long timeouts, long resets, long streamCuts, long outageFailures,
                             long invalid) {
    }

    private static final class Counters {
        final LongAdder requests = new LongAdder();
        final LongAdder answered = new LongAdder();
        final LongAdder correct = new LongAdder();
        final LongAdder incorrect = new LongAdder();
        final LongAdder rateLimited = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder timeouts = new LongAdder();
        final LongAdder resets = new LongAdder();
        final LongAdder streamCuts = new LongAdder();
        final LongAdder outageFailures = new LongAdder();
        final LongAdder invalid = new LongAdder();

        ModelStats snapshot() {
            return new ModelStats(requests.sum(), answered.sum(), correct.sum(), incorrect.sum(), rateLimited.sum(),
                    errors.sum(), timeouts.sum(), resets.sum(), streamCuts.sum(), outageFailures.sum(),
                    invalid.sum());
        }
    }

    private final Map<String, Counters> byModel = new ConcurrentHashMap<>();

    void record(String model, Outcome outcome, Boolean correct) {
        Counters c = counters(model);
        c.requests.increment();
        if (outcome.outage()) {
            c.outageFailures.increment();
        }
        switch (outcome.kind()) {
            case ANSWER -> c.answered.increment();
            case STREAM_CUT -> c.streamCuts.increment();
            case TIMEOUT -> c.timeouts.increment();
            case RESET -> c.resets.increment();
            case HTTP_ERROR -> (outcome.status() == 429 ? c.rateLimited : c.errors).increment();
            default -> throw new IllegalStateException("unknown outcome " + outcome.kind());
        }
        if (correct != null) {
            (correct ? c.correct : c.incorrect).increment();
        }
    }

    void recordInvalid(String model) {
        Counters c = counters(model == null ? "(unknown)" : model);
        c.requests.increment();
        c.invalid.increment();
    }

    /** A snapshot of every model's counts, sorted by model name. */
    public Map<String, ModelStats> snapshot() {
        Map<String, ModelStats> out = new TreeMap<>();
        byModel.forEach((model, counters) -> out.put(model, counters.snapshot()));
        return out;
    }

    /** One model's counts (all zero when it was never called). */
    public ModelStats of(String model) {
        Counters c = byModel.get(model);
        return c == null ? new Counters().snapshot() : c.snapshot();
    }

    public void clear() {
        byModel.clear();
    }

    private Counters counters(String model) {
        Counters c = byModel.get(model);
        return c != null ? c : byModel.computeIfAbsent(model, m -> new Counters());
    }
}
