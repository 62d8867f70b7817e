package io.routewise.resilience;

import io.routewise.config.ProviderConfig;
import io.routewise.config.RateLimitBackoffConfig;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Per-provider admission: at most {@code max_concurrency} requests in flight, {@code requests_per_minute}
 * and {@code tokens_per_minute} as token buckets (refilled continuously, holding a minute's worth). Never
 * blocks: a saturated provider answers with the reason, and the router tries an equivalent candidate
 * elsewhere instead of queueing.
 *
 * <p>A 429 lowers the provider's admitted request rate, AIMD style: multiplied by the decrease factor
 * (at most once per hold period, as many in-flight requests fail together) and the request bucket
 * emptied; then the rate climbs back linearly to its ceiling. A provider without a configured rate gets
 * one from its first 429: the rate observed over the minute before, lifted again once recovered.
 */
public final class ProviderLimits {

    private volatile Map<String, Limits> configured;
    private final RateLimitBackoffConfig backoff;
    private final Clock clock;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    /**
     * A provider's configured limits, each null for none.
     *
     * @param maxConcurrency    most requests in flight
     * @param requestsPerMinute most requests started per minute
     * @param tokensPerMinute   most tokens (estimated at admission) per minute
     */
    public record Limits(Integer maxConcurrency, Integer requestsPerMinute, Integer tokensPerMinute) {
        public static final Limits NONE = new Limits(null, null, null);

        public static Limits of(ProviderConfig p) {
            return new Limits(p.maxConcurrency(), p.requestsPerMinute(), p.tokensPerMinute());
        }
    }

    public ProviderLimits(Map<String, Limits> configured, RateLimitBackoffConfig backoff, Clock clock) {
        this.configured = Map.copyOf(configured);
        this.backoff = backoff;
        this.clock = clock;
    }

    public static ProviderLimits of(List<ProviderConfig> providers, RateLimitBackoffConfig backoff, Clock clock) {
        return new ProviderLimits(limitsOf(providers), backoff, clock);
    }

    /**
     * Admits one request to {@code provider} if every limit has room, taking one request and
     * {@code estimatedTokens} from its buckets and a concurrency slot; release the permit when the call ends.
     */
    public Admission tryAdmit(String provider, int estimatedTokens) {
        return state(provider).tryAdmit(clock.millis(), estimatedTokens, true);
    }

    /**
     * New limits (a config reload): a provider whose limits changed starts over with the new ones
     * (permits taken under the old ones still give back to the old counters); the others keep their
     * in-flight count, buckets and learned rate.
     */
    public synchronized void reconfigure(Map<String, Limits> limits) {
        Map<String, Limits> next = Map.copyOf(limits);
        for (String provider : new java.util.HashSet<>(states.keySet())) {
            if (!java.util.Objects.equals(configured.get(provider), next.get(provider))) {
                states.remove(provider);
            }
        }
        configured = next;
    }

    /** The limits of {@code providers} as configured. */
    public static Map<String, Limits> limitsOf(List<ProviderConfig> providers) {
        Map<String, Limits> limits = new HashMap<>();
        for (ProviderConfig p : providers) {
            limits.put(p.name(), Limits.of(p));
        }
        return limits;
    }

    /** Why {@code provider} would refuse such a request now, or null; takes nothing. */
    public String saturation(String provider, int estimatedTokens) {
        return state(provider).tryAdmit(clock.millis(), estimatedTokens, false).refusal();
    }

    /** The provider answered 429: lower its admitted request rate (see the class comment). */
    public void onRateLimited(String provider) {
        state(provider).onRateLimited(clock.millis());
    }

    public ProviderLoad load(String provider) {
        return state(provider).load(clock.millis());
    }

    private State state(String provider) {
        return states.computeIfAbsent(provider, p -> new State(p, configured.getOrDefault(p, Limits.NONE)));
    }

    /** Taken from {@link #tryAdmit}; gives back the concurrency slot and corrects the token estimate. */
    public final class Permit implements AutoCloseable {
        private final State state;
        private final int estimatedTokens;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(State state, int estimatedTokens) {
            this.state = state;
            this.estimatedTokens = estimatedTokens;
        }

        /** Ends the call; {@code actualTokens} (from the usage report) replaces the estimate in the token bucket. */
        public void release(int actualTokens) {
            if (released.compareAndSet(false, true)) {
                state.release(clock.millis(), estimatedTokens - actualTokens);
            }
        }

        /** Ends the call keeping the estimate (no usage known). */
        @Override
        public void close() {
            release(estimatedTokens);
        }
    }

    /** One provider's counters and buckets, guarded by its own lock. */
    private final class State {
        private static final double UNLIMITED = Double.POSITIVE_INFINITY;

        private final String name;
        private final Limits limits;
        private int inFlight;
        /** The admitted request rate per minute, and the rate it recovers to. */
        private double rpm;
        private double ceiling;
        private double requestBucket;
        private double tokenBucket;
        private long refilledAt;
        private long lastDecreaseAt = Long.MIN_VALUE;
        private long refusals;
        private long decreases;
        /** Requests started per second over the last minute, to learn a rate for providers without one. */
        private final long[] secondOf = new long[60];
        private final int[] startsIn = new int[60];

        State(String name, Limits limits) {
            this.name = name;
            this.limits = limits;
            this.rpm = limits.requestsPerMinute() == null ? UNLIMITED : limits.requestsPerMinute();
            this.ceiling = rpm;
            this.requestBucket = limits.requestsPerMinute() == null ? 0 : limits.requestsPerMinute();
            this.tokenBucket = limits.tokensPerMinute() == null ? 0 : limits.tokensPerMinute();
            this.refilledAt = clock.millis();
        }

        synchronized Admission tryAdmit(long now, int tokens, boolean take) {
            refresh(now);
            String refusal = refusal(tokens);
            if (refusal != null) {
                if (take) {
                    refusals++;
                }
                return new Admission(null, refusal);
            }
            if (!take) {
                return new Admission(null, null);
            }
            inFlight++;
            if (rpm != UNLIMITED) {
                requestBucket -= 1;
            }
            if (limits.tokensPerMinute() != null) {
                tokenBucket -= tokens;
            }
            countStart(now);
            return new Admission(new Permit(this, tokens), null);
        }

        private String refusal(int tokens) {
            if (limits.maxConcurrency() != null && inFlight >= limits.maxConcurrency()) {
                return name + " at max in-flight " + limits.maxConcurrency();
            }
            if (rpm != UNLIMITED && requestBucket < 1) {
                if (rpm >= ceiling && limits.requestsPerMinute() != null) {
                    return name + " at its request rate (" + limits.requestsPerMinute() + "/min)";
                }
                return name + " at its request rate (" + Math.round(rpm) + "/min admitted after a 429"
                        + (limits.requestsPerMinute() != null ? "; configured " + limits.requestsPerMinute() + "/min)" : ")");
            }
            Integer tpm = limits.tokensPerMinute();
            // A request larger than the whole bucket waits for a full bucket rather than never running.
            if (tpm != null && tokenBucket < Math.min(tokens, tpm)) {
                return name + " at its token rate (" + tpm + " tokens/min)";
            }
            return null;
        }

        synchronized void release(long now, int unusedTokens) {
            inFlight--;
            if (limits.tokensPerMinute() != null) {
                refresh(now);
                tokenBucket = Math.min(limits.tokensPerMinute(), tokenBucket + unusedTokens);
            }
        }

        synchronized void onRateLimited(long now) {
            refresh(now);
            if (lastDecreaseAt != Long.MIN_VALUE && now - lastDecreaseAt < backoff.holdS() * 1000L) {
                return;
            }
            double base = rpm != UNLIMITED ? rpm : Math.max(1, observedPerMinute(now));
            if (ceiling == UNLIMITED) {
                ceiling = base;
            }
            rpm = Math.max(1, base * backoff.decreaseFactor());
            requestBucket = 0;
            lastDecreaseAt = now;
            decreases++;
        }

        synchronized ProviderLoad load(long now) {
            refresh(now);
            return new ProviderLoad(inFlight, limits.maxConcurrency(), rpm, rpm < ceiling, refusals, decreases);
        }

        /** Refills the buckets for the time passed and lets a lowered rate climb back. */
        private void refresh(long now) {
            long elapsed = Math.max(0, now - refilledAt);
            refilledAt = now;
            if (elapsed == 0) {
                return;
            }
            double minutes = elapsed / 60_000.0;
            if (rpm != UNLIMITED) {
                requestBucket = Math.min(rpm, requestBucket + rpm * minutes);
                if (rpm < ceiling) {
                    rpm = Math.min(ceiling, rpm + ceiling * backoff.recoveryPerMinute() * minutes);
                    if (rpm >= ceiling && limits.requestsPerMinute() == null) {
                        // Back at the rate it was taking before the 429: lift the learned limit.
                        rpm = UNLIMITED;
                        ceiling = UNLIMITED;
                    }
                }
            }
            if (limits.tokensPerMinute() != null) {
                tokenBucket = Math.min(limits.tokensPerMinute(), tokenBucket + limits.tokensPerMinute() * minutes);
            }
        }

        private void countStart(long now) {
            long second = now / 1000;
            int slot = (int) (second % 60);
            if (secondOf[slot] != second) {
                secondOf[slot] = second;
                startsIn[slot] = 0;
            }
            startsIn[slot]++;
        }

        private int observedPerMinute(long now) {
            long second = now / 1000;
            int sum = 0;
            for (int i = 0; i < 60; i++) {
                if (second - secondOf[i] < 60) {
                    sum += startsIn[i];
                }
            }
            return sum;
        }
    }
}
