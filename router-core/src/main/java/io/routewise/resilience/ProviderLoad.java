package io.routewise.resilience;

/**
 * A provider's admission state, for metrics and the status page.
 *
 * @param inFlight          requests admitted and not yet released
 * @param maxInFlight       the concurrency limit, or null for none
 * @param admittedRpm       the request rate admitted now (after 429 back-off), or infinity for no limit
 * @param throttled         true while a 429 back-off holds the rate below its ceiling
 * @param refusals          requests refused since start (any limit)
 * @param rateLimitBackoffs times a 429 lowered the admitted rate
 */
public record ProviderLoad(int inFlight, Integer maxInFlight, double admittedRpm, boolean throttled, long refusals,
                           long rateLimitBackoffs) {
}
