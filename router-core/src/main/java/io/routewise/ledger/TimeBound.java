package io.routewise.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The {@code since}/{@code until} bounds of spend queries and exports. */
public final class TimeBound {

    private TimeBound() {
    }

    /** The earliest bound accepted: queries store times as epoch milliseconds, which must not overflow. */
    static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    /** The latest bound accepted. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    /** How much of a bad value an error message repeats. */
    private static final int ECHO_CHARS = 40;

    /**
     * An ISO-8601 instant ({@code 2026-11-21T08:00:00Z}) or a date (its midnight UTC) between the years
     * 0 and 9999; null when absent or blank.
     *
     * @throws IllegalArgumentException saying what is accepted, when the value is neither or out of range
     */
    public static Instant parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant at;
        try {
            at = Instant.parse(value);
        } catch (DateTimeParseException notInstant) {
            try {
                at = LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (java.time.DateTimeException notDate) {
                throw new IllegalArgumentException("must be an ISO-8601 instant (2026-11-21T08:00:00Z) or date "
                        + "(2026-11-21), got '" + echo(value) + "'");
            }
        }
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw new IllegalArgumentException("must lie between the years 0 and 9999, got '" + echo(value) + "'");
        }
        return at;
    }

    private static String echo(String value) {
        return value.length() <= ECHO_CHARS ? value : value.substring(0, ECHO_CHARS) + "...";
    }
}
