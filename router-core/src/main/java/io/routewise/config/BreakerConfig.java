package io.routewise.config;

/**
 * When a deployment's circuit breaker opens and how it recovers. Given under {@code routing.breaker}
 * for every deployment, and optionally under {@code providers[].breaker} to override single keys
 * for that provider's deployments. Keys left out are null here until {@link #over} fills them.
 *
 * @param consecutiveFailures open after this many failures in a row
 * @param failureRate         or when the share of failed calls in the window exceeds this (0–1)...
 * @param windowS             ...over a sliding window of this many seconds...
 * @param minCalls            ...once the window holds at least this many calls
 * @param openS               how long the breaker stays open before it lets probe calls through
 * @param halfOpenCalls       how many probe calls it lets through; it closes when they succeed
 */
public record BreakerConfig(Integer consecutiveFailures, Double failureRate, Integer windowS, Integer minCalls,
                            Integer openS, Integer halfOpenCalls) {

    /** The defaults: 5 in a row, or over 5 % of at least 20 calls in 5 minutes; open 30 s; 3 probes. */
    public static final BreakerConfig DEFAULT = new BreakerConfig(5, 0.05, 300, 20, 30, 3);

    /** This config with every key it leaves out taken from {@code base}. */
    public BreakerConfig over(BreakerConfig base) {
        return new BreakerConfig(
                consecutiveFailures != null ? consecutiveFailures : base.consecutiveFailures,
                failureRate != null ? failureRate : base.failureRate,
                windowS != null ? windowS : base.windowS,
                minCalls != null ? minCalls : base.minCalls,
                openS != null ? openS : base.openS,
                halfOpenCalls != null ? halfOpenCalls : base.halfOpenCalls);
    }
}
