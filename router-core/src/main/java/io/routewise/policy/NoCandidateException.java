package io.routewise.policy;

import io.routewise.catalog.Exclusion;
import java.util.List;

/**
 * {@code model: "auto"} found no model that can serve the request. The decision says why, candidate by
 * candidate; {@link #budgetsOnly()} tells "money stands in the way" (a budget excluded a model that
 * could otherwise serve) from "nothing in the catalog fits this request".
 */
public final class NoCandidateException extends RuntimeException {

    private final transient RouteDecision decision;

    public NoCandidateException(RouteDecision decision) {
        super("no model can serve this request: " + String.join("; ", decision.reasons()), null, false, false);
        this.decision = decision;
    }

    public RouteDecision decision() {
        return decision;
    }

    /**
     * True when a budget excluded a candidate. Budget screens are asked only about models that could
     * otherwise serve the request, so one budget exclusion means money, not the request, is in the way.
     */
    public boolean budgetsOnly() {
        return !decision.setAside(Exclusion.Cause.BUDGET_HARD).isEmpty();
    }

    /** The budget exclusions as sentences ("gpt-4.1 excluded: budget ..."). */
    public List<String> budgetReasons() {
        return decision.setAside(Exclusion.Cause.BUDGET_HARD).stream().map(ExcludedModel::reason).toList();
    }

    /** Every reason the decision gives, without its first line ("no candidate can serve this request"). */
    public List<String> reasons() {
        List<String> all = decision.reasons();
        return all.isEmpty() ? all : all.subList(1, all.size());
    }
}
