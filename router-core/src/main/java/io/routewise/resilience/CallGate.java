package io.routewise.resilience;

import io.routewise.catalog.Exclusion;
import io.routewise.chat.ChatRequest;
import io.routewise.providers.ProviderException;
import java.time.Duration;

/**
 * What the dispatcher asks of resilience while it serves one request: may this deployment be tried,
 * may it be called now, how long may the call take, was it worth a retry; and what it tells back (the
 * outcome of each call). {@link Resilience} is the real gate; {@link #OPEN} lets every call through
 * once, with no deadline, and remembers nothing.
 */
public interface CallGate {

    /** Every deployment may be called, once, for as long as it takes. */
    CallGate OPEN = (request, firstProvider) -> OpenRequestGate.INSTANCE;

    /**
     * Opens the gate for one request; the request's deadline starts now.
     *
     * @param firstProvider the provider of the request's first choice, whose total timeout is the deadline
     */
    RequestGate forRequest(ChatRequest request, String firstProvider);

    /** How strictly a deployment is screened before it is tried. */
    enum Screening {
        /** Its circuit only: the first choice, and every model on the second pass when the first called nobody. */
        BREAKER_ONLY,
        /** Circuit, health, latency budget, provider saturation and re-admission share. */
        FULL,
        /** As {@link #FULL} with no latency budget: the hot-standby models, the last resort. */
        FULL_WITHOUT_LATENCY_BUDGET
    }

    /** A provider's permission for the calls to one deployment, held across its retries. */
    interface Permit extends AutoCloseable {

        /** Ends the calls; {@code actualTokens} (from the usage report, null when unknown) corrects the estimate. */
        void release(Integer actualTokens);

        @Override
        default void close() {
            release(null);
        }
    }

    /**
     * The answer of {@link RequestGate#admit}: a permit, or why the provider will not take the call.
     *
     * @param permit  release it when the calls to the deployment end; null when refused
     * @param refusal why not, or null when admitted
     */
    record Admission(Permit permit, Exclusion refusal) {

        public boolean admitted() {
            return permit != null;
        }
    }

    /** How one call ended, as the gate records it. */
    sealed interface Outcome {

        /** The provider answered. */
        record Answered(Duration took) implements Outcome {
        }

        /** The provider failed. */
        record Failed(ProviderException failure, Duration took) implements Outcome {
        }

        /** The call ended without the provider's verdict (the client left, the request was refused on the way out). */
        record Abandoned() implements Outcome {
        }
    }

    /** The time limits of one call: the whole call, and the wait for its first token; null for none. */
    record Timeouts(Duration attempt, Duration firstToken) {
        public static final Timeouts NONE = new Timeouts(null, null);
    }

    /** One request's view of the gate; used by the request's thread only. */
    interface RequestGate {

        /** A {@link Exclusion.Cause#DEADLINE} exclusion when the request's deadline has passed, else null. */
        Exclusion deadlinePassed();

        /** Why {@code deployment} must be passed over without a call, or null when it may be tried. */
        Exclusion screen(Deployment deployment, Screening screening);

        /** Takes the provider's permission (a concurrency slot, rate and token budget) for the calls to {@code deployment}. */
        Admission admit(Deployment deployment);

        /**
         * Takes the circuit's permission for one call.
         *
         * @return null when taken (then exactly one {@link #record} must follow), else why not
         */
        Exclusion acquireCall(Deployment deployment);

        /** The time limits of the next call to {@code deployment}, within what is left of the request's deadline. */
        Timeouts timeouts(Deployment deployment);

        /** Records how a call that {@link #acquireCall} let through ended. */
        void record(Deployment deployment, Outcome outcome);

        /** Records a stream's time to its first event. */
        void recordFirstToken(Deployment deployment, Duration ttft);

        /** Whether, and after how long, to call {@code deployment} again after its attempt number {@code attemptsMade} failed. */
        RetryDecision retry(Deployment deployment, ProviderException failure, int attemptsMade);
    }
}
