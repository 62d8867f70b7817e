package io.routewise.eval.store;

import java.util.Locale;

/** Where an evaluation run stands. Only {@link #COMPLETED} runs become baselines or recalibrate weights. */
public enum EvalRunStatus {
    /** calls in progress */
    RUNNING,
    /** every prompt was sent to every model */
    COMPLETED,
    /** stopped early because its spend reached the budget; partial results are kept */
    BUDGET_EXHAUSTED,
    /** the estimate exceeded the budget: nothing was sent */
    REFUSED,
    /** it broke off (an unexpected error, or the process stopped) */
    FAILED;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EvalRunStatus fromDb(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
