package io.routewise.config;

import java.util.List;

/**
 * Where the cost ledger lives and how rows reach it.
 *
 * @param url             a SQLite ({@code jdbc:sqlite:FILE}) or PostgreSQL JDBC URL
 * @param queueCapacity   rows waiting for the writer; beyond it new rows are dropped and counted
 * @param flushIntervalMs the longest a queued row waits before its batch is written
 * @param batchSize       the most rows written in one batch
 * @param redactPrompts   regular expressions whose matches are replaced by {@code [REDACTED]} in logged
 *                        prompt text (only relevant when {@code logging.log_prompts} is on) and in exports
 * @param budgetReservation what a budget reservation assumes a call will produce: {@code typical} (the
 *                        model's p95 output tokens in the ledger, once it has 20 successful calls; until then
 *                        and for {@code limit}, the request's {@code max_tokens}, else the model's limit)
 * @param budgetMaxWaitMs how long a call may wait for calls in flight to leave room in a budget before it is
 *                        refused; 0 refuses at once
 */
public record LedgerConfig(String url, Integer queueCapacity, Integer flushIntervalMs, Integer batchSize,
                           List<String> redactPrompts, String budgetReservation, Integer budgetMaxWaitMs) {

    /** {@code budget_reservation: typical}: the model's p95 output tokens from the ledger. */
    public static final String RESERVE_TYPICAL = "typical";
    /** {@code budget_reservation: limit}: the request's {@code max_tokens}, else the model's output limit. */
    public static final String RESERVE_LIMIT = "limit";

    public static final String DEFAULT_URL = "jdbc:sqlite:data/routewise.db";
    public static final LedgerConfig DEFAULT = new LedgerConfig(null);

    public LedgerConfig {
        url = url == null ? DEFAULT_URL : url;
        queueCapacity = queueCapacity == null ? 10_000 : queueCapacity;
        flushIntervalMs = flushIntervalMs == null ? 200 : flushIntervalMs;
        batchSize = batchSize == null ? 500 : batchSize;
        redactPrompts = redactPrompts == null ? List.of() : List.copyOf(redactPrompts);
        budgetReservation = budgetReservation == null ? RESERVE_TYPICAL : budgetReservation;
        budgetMaxWaitMs = budgetMaxWaitMs == null ? 3_000 : budgetMaxWaitMs;
    }

    /** Settings without the budget knobs (their defaults). */
    public LedgerConfig(String url, Integer queueCapacity, Integer flushIntervalMs, Integer batchSize,
                        List<String> redactPrompts) {
        this(url, queueCapacity, flushIntervalMs, batchSize, redactPrompts, null, null);
    }

    /** A ledger at this URL with every other setting at its default. */
    public LedgerConfig(String url) {
        this(url, null, null, null, null, null, null);
    }

    /** The same settings at another URL. */
    public LedgerConfig withUrl(String newUrl) {
        return new LedgerConfig(newUrl, queueCapacity, flushIntervalMs, batchSize, redactPrompts, budgetReservation,
                budgetMaxWaitMs);
    }
}
