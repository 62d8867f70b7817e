package io.routewise.auth;

import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a new caller key is allowed: everything but the name is optional.
 *
 * @throws IllegalArgumentException naming the field, for a value that cannot work
 */
public record NewKey(String name, Double budgetUsd, CallerKey.BudgetPeriod budgetPeriod, Integer rpm, Integer tpm,
                     Set<String> models, Instant expiresAt) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public NewKey {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: 1-64 characters of letters, digits, '.', '_' or '-', starting with a "
                    + "letter or digit");
        }
        if (budgetUsd != null && !(budgetUsd > 0 && Double.isFinite(budgetUsd))) {
            throw new IllegalArgumentException("budget_usd: must be a positive number, got " + budgetUsd);
        }
        if (budgetUsd != null && budgetPeriod == null) {
            budgetPeriod = CallerKey.BudgetPeriod.MONTH;
        }
        if (rpm != null && rpm < 1) {
            throw new IllegalArgumentException("rpm: must be at least 1, got " + rpm);
        }
        if (tpm != null && tpm < 1) {
            throw new IllegalArgumentException("tpm: must be at least 1, got " + tpm);
        }
        models = models == null ? Set.of() : Set.copyOf(models);
    }

    /**
     * An expiry as operators type it: a date (the key works through that day, UTC) or an ISO instant.
     *
     * @return null for null
     * @throws IllegalArgumentException naming {@code expires_at}, for anything else
     */
    public static Instant expiry(String text) {
        if (text == null) {
            return null;
        }
        try {
            return text.length() == 10 ? java.time.LocalDate.parse(text).plusDays(1).atStartOfDay()
                    .toInstant(java.time.ZoneOffset.UTC) : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("expires_at: a date (2027-01-31) or an ISO instant, got '"
                    + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
        }
    }
}
