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
 */
public record LedgerConfig(String url, Integer queueCapacity, Integer flushIntervalMs, Integer batchSize,
                           List<String> redactPrompts) {

    public static final String DEFAULT_URL = "jdbc:sqlite:data/routewise.db";
    public static final LedgerConfig DEFAULT = new LedgerConfig(null);

    public LedgerConfig {
        url = url == null ? DEFAULT_URL : url;
        queueCapacity = queueCapacity == null ? 10_000 : queueCapacity;
        flushIntervalMs = flushIntervalMs == null ? 200 : flushIntervalMs;
        batchSize = batchSize == null ? 500 : batchSize;
        redactPrompts = redactPrompts == null ? List.of() : List.copyOf(redactPrompts);
    }

    /** A ledger at this URL with every other setting at its default. */
    public LedgerConfig(String url) {
        this(url, null, null, null, null);
    }

    /** The same settings at another URL. */
    public LedgerConfig withUrl(String newUrl) {
        return new LedgerConfig(newUrl, queueCapacity, flushIntervalMs, batchSize, redactPrompts);
    }
}
