package io.routewise.ledger;

import io.routewise.config.RoutewiseConfig;
import java.time.Clock;

/**
 * Everything a router process needs from the ledger, opened from its config and closed in the right
 * order: the database, the async writer, the budget store (with its expiry sweeper), and the pieces
 * built on them. One per process; {@link #close} at shutdown after the HTTP listener has stopped.
 */
public final class LedgerRuntime implements AutoCloseable {

    private final Ledger ledger;
    private final AsyncLedgerWriter writer;
    private final BudgetStore budgets;
    private final PromptRedactor redactor;
    private final AttemptLedger attempts;
    private final OutputTokenEstimates outputs;
    private final AnswerLengthHistory answerLengths;

    private LedgerRuntime(Ledger ledger, AsyncLedgerWriter writer, BudgetStore budgets, PromptRedactor redactor,
                          boolean logPrompts) {
        this.ledger = ledger;
        this.writer = writer;
        this.budgets = budgets;
        this.redactor = redactor;
        this.attempts = new AttemptLedger(budgets, writer, logPrompts, redactor);
        this.outputs = new OutputTokenEstimates(ledger, java.time.Duration.ofMinutes(1));
        this.answerLengths = AnswerLengthHistory.start(ledger, java.time.Duration.ofMinutes(1));
    }

    /**
     * Opens and migrates the ledger of {@code config.ledger()} and starts its writer and budget sweeper.
     *
     * @throws LedgerException when the database cannot be opened
     */
    public static LedgerRuntime start(RoutewiseConfig config) {
        PromptRedactor redactor = PromptRedactor.of(config.ledger().redactPrompts());
        Ledger ledger = Ledger.open(config.ledger());
        AsyncLedgerWriter writer = AsyncLedgerWriter.start(ledger);
        BudgetStore budgets;
        try {
            budgets = BudgetStore.open(ledger, config.budgets());
        } catch (RuntimeException e) {
            writer.close();
            ledger.close();
            throw e;
        }
        LedgerRuntime runtime = new LedgerRuntime(ledger, writer, budgets, redactor, config.logging().logPrompts());
        runtime.configureReservations(config);
        return runtime;
    }

    /** How reservations are sized and how long a call may wait for room (the ledger section's budget knobs). */
    private void configureReservations(RoutewiseConfig config) {
        io.routewise.config.LedgerConfig c = config.ledger();
        attempts.reservations(io.routewise.config.LedgerConfig.RESERVE_TYPICAL.equals(c.budgetReservation())
                ? outputs : null, config.routing().expectedOutputTokens(), java.time.Duration.ofMillis(c.budgetMaxWaitMs()));
    }

    public Ledger ledger() {
        return ledger;
    }

    public AsyncLedgerWriter writer() {
        return writer;
    }

    /** Applies the reloadable parts of a config: the budgets and whether rows carry prompts. */
    public void reconfigure(io.routewise.config.RoutewiseConfig config) {
        budgets.setBudgets(config.budgets());
        attempts.logPrompts(config.logging().logPrompts());
        configureReservations(config);
    }

    public BudgetStore budgets() {
        return budgets;
    }

    /** Each model's mean answer length over its last successful calls, which routing prices candidates at. */
    public io.routewise.policy.AnswerLengths answerLengths() {
        return answerLengths;
    }

    /** Per-attempt admission and settlement, for the dispatcher. */
    public AttemptLedger attempts() {
        return attempts;
    }

    public PromptRedactor redactor() {
        return redactor;
    }

    /** Whether a request id is already in the ledger (committed or on its way): ids are not reused. */
    public boolean knowsRequest(String requestId) {
        if (writer.isPending(requestId)) {
            return true;
        }
        try (java.sql.Connection c = ledger.connection()) {
            return FeedbackStore.known(c, requestId, null);
        } catch (java.sql.SQLException e) {
            throw new LedgerException("cannot look up a request id: " + e.getMessage(), e);
        }
    }

    /** For {@code GET /v1/spend}. */
    public SpendQuery spend() {
        return new SpendQuery(ledger);
    }

    /** Spend over time and the rows of routed requests, for the dashboard. */
    public LedgerSeries series() {
        return new LedgerSeries(ledger);
    }

    /** For {@code POST /v1/feedback}; accepts feedback for rows still in the writer. */
    public FeedbackStore feedback() {
        return new FeedbackStore(ledger, Clock.systemUTC(), writer::isPending);
    }

    /** For {@code routewise logs export}. */
    public TrafficLogExporter exporter() {
        return new TrafficLogExporter(ledger, redactor);
    }

    /** Drains the writer, stops the sweeper, closes the pool. */
    @Override
    public void close() {
        answerLengths.close();
        try {
            writer.close();
        } finally {
            try {
                budgets.close();
            } finally {
                ledger.close();
            }
        }
    }
}
