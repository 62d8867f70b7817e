package io.routewise.dispatch;

import io.routewise.chat.Usage;
import io.routewise.config.ModelConfig;
import io.routewise.providers.ProviderException;
import io.routewise.providers.ProviderRegistry;
import io.routewise.resilience.CallGate;
import io.routewise.resilience.Deployment;
import java.util.List;

/** One upstream call of either kind (a completion, a stream), as the attempt runner makes it. */
interface Call<T> {

    /**
     * Everything one attempt is made with.
     *
     * @param before         the attempts made for the request so far
     * @param upstreamBefore the upstream time they took, in nanoseconds
     */
    record Context(ModelConfig model, ProviderRegistry.Provider provider, Deployment deployment, CallGate.Timeouts timeouts,
                   CallGate.RequestGate gate, List<Attempt> before, long upstreamBefore) {
    }

    T attempt(Context context) throws ProviderException;

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
