package io.routewise.policy;

import io.routewise.catalog.Exclusion;
import io.routewise.chat.ChatRequest;
import io.routewise.config.ModelConfig;

/**
 * A reason beyond capabilities to keep a catalog model out of one decision: its provider's circuit
 * is open, its budget is spent. The {@link RoutingEngine} asks each filter once per request for a
 * {@link Screen} (so work that depends only on the request, such as estimating its tokens, is done
 * once), then asks the screen about every model that can otherwise serve the request. The first hard
 * exclusion keeps the model out and appears in the decision; a soft one ({@link Exclusion#soft()})
 * ranks it after the candidates of adequate quality that have none.
 */
@FunctionalInterface
public interface CandidateFilter {

    /** Excludes nothing. */
    CandidateFilter NONE = request -> model -> null;

    /** The screen for one request; asked on the request's thread, used only while it is decided. */
    Screen forRequest(ChatRequest request);

    /** One request's view of the catalog. */
    @FunctionalInterface
    interface Screen {

        /**
         * @return why {@code model} must not serve this request now, or should only when nothing else
         *         adequate can ({@link Exclusion#soft()}); null when it may
         */
        Exclusion check(ModelConfig model);
    }
}
