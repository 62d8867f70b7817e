package io.routewise.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The {@code since}/{@code until} bounds of spend queries and exports. */
public final class TimeBound {

    private TimeBound() {
    }

    /**
     * An ISO-8601 instant ({@code 2026-11-21T08:00:00Z}) or a date (its midnight UTC); null when
     * absent or blank.
     *
     * @throws IllegalArgumentException saying what is accepted, when the value is neither
     */
    public static Instant parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                throw new IllegalArgumentException("must be an ISO-8601 instant (2026-11-21T08:00:00Z) or date "
                        + "(2026-11-21), got '" + value + "'");
            }
        }
    }
}
