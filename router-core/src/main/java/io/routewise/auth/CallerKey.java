package io.routewise.auth;

import java.time.Instant;
import java.util.Set;

/**
 * A caller key as the router knows it: never the key itself, only who it is and what it may do.
 *
 * @param id           the key's public id (the {@code <id>} of {@code rw-<id>-<secret>})
 * @param name         a unique name an operator chose
 * @param createdAt    when it was created
 * @param expiresAt    when it stops working, or null
 * @param revokedAt    when it was revoked, or null
 * @param lastUsedAt   when it last authenticated a request (updated at most once a minute), or null
 * @param budgetUsd    the most it may spend per {@code budgetPeriod}, or null
 * @param budgetPeriod the budget's period, or null
 * @param rpm          requests per minute it may make, or null
 * @param tpm          tokens per minute it may use, or null
 * @param models       the catalog model ids it may use; empty: any
 */
public record CallerKey(String id, String name, Instant createdAt, Instant expiresAt, Instant revokedAt,
                        Instant lastUsedAt, Double budgetUsd, BudgetPeriod budgetPeriod, Integer rpm, Integer tpm,
                        Set<String> models) {

    /** A budget period of a caller key. */
    public enum BudgetPeriod {
        DAY, MONTH;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** {@code day} or {@code month}. */
        public static BudgetPeriod parse(String text) {
            return switch (text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "day" -> DAY;
                case "month" -> MONTH;
                default -> throw new IllegalArgumentException("budget period must be day or month, got '" + text + "'");
            };
        }
    }

    public CallerKey {
        models = models == null ? Set.of() : Set.copyOf(models);
    }

    /** The caller's id in ledger rows, budgets and metrics. */
    public String ledgerId() {
        return "key_" + id;
    }

    /** Whether it may use this catalog model. */
    public boolean allows(String modelId) {
        return models.isEmpty() || models.contains(modelId);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
