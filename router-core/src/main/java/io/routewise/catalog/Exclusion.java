package io.routewise.catalog;

import java.util.Locale;

/**
 * Why one catalog model may not serve one request, or should serve it only when nothing else can:
 * the one vocabulary that capabilities, resilience, budgets, the routing policy and the dispatcher
 * share. Candidates, decisions, skipped attempts, the request log and the metrics all carry it, so
 * no layer reads another's sentence back.
 *
 * @param cause  what kind of reason it is; decides what the router does about it
 * @param detail a sentence a person can read ("circuit open until 12:00:30 (3 consecutive failures)")
 */
public record Exclusion(Cause cause, String detail) {

    /** The kinds of reasons. */
    public enum Cause {
        /** The model lacks a capability the request uses (tools, JSON output, vision, streaming). */
        MISSING_CAPABILITY,
        /** The request does not fit its context window or output limit. */
        CONTEXT,
        /** The model serves another latency pool. */
        POOL,
        /** The caller's key may not use the model. */
        NOT_ALLOWED,
        /** Its expected cost is over the request's {@code max_cost_usd}. */
        OVER_MAX_COST,
        /** Nothing prices it (no catalog price and no observed cost). */
        UNPRICED,
        /** Its circuit breaker is open (or half-open with every probe slot taken). */
        BREAKER_OPEN,
        /** It failed its health checks. */
        UNHEALTHY,
        /** It is being re-admitted after an outage, and this request fell outside its admitted share. */
        RAMPING_UP,
        /** Its observed time to first token is over the request's latency budget. */
        OVER_LATENCY_BUDGET,
        /** Its provider is at its concurrency or rate limit. */
        SATURATED,
        /** A budget it spends from is at its cap. */
        BUDGET_HARD,
        /** A budget it spends from is past its soft threshold: it serves only when no other adequate model can. */
        BUDGET_SOFT,
        /** The request's own deadline passed before the model was reached. */
        DEADLINE,
        /** An operator rule ({@code routing.rules}) sends this request to other models. */
        RULE;

        /** True for a penalty (rank it after the others) rather than an exclusion. */
        public boolean soft() {
            return this == BUDGET_SOFT;
        }

        /** True for a budget, hard or soft. */
        public boolean budget() {
            return this == BUDGET_HARD || this == BUDGET_SOFT;
        }

        /** The cause as metrics and logs name it ({@code breaker_open}). */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Exclusion {
        if (cause == null || detail == null) {
            throw new IllegalArgumentException("an exclusion needs a cause and a detail");
        }
    }

    public static Exclusion of(Cause cause, String detail) {
        return new Exclusion(cause, detail);
    }

    /** An exclusion of {@code cause} when {@code detail} is not null, else null (for components that explain in sentences). */
    public static Exclusion ifAny(Cause cause, String detail) {
        return detail == null ? null : new Exclusion(cause, detail);
    }

    public boolean soft() {
        return cause.soft();
    }

    @Override
    public String toString() {
        return detail;
    }
}
