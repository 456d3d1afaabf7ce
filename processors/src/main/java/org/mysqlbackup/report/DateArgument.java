package org.mysqlbackup.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reads the bounds of a period as an operator writes them: a UTC day ({@code 2026-11-01}), a time
 * with an offset ({@code 2026-11-01T02:00:00Z}, {@code 2026-11-01T03:00:00+01:00}) or without one
 * (then UTC). A day as the end of a period means the end of that day, so {@code --from 2026-11-01
 * --to 2026-11-30} is all of November.
 */
public final class DateArgument {
    private DateArgument() {
    }

    /** The start of a period: a day starts at its midnight UTC. */
    public static Instant start(String option, String text) {
        return parse(option, text, false);
    }

    /** The end of a period (excluded): a day ends at the next midnight UTC. */
    public static Instant end(String option, String text) {
        return parse(option, text, true);
    }

    private static Instant parse(String option, String text, boolean endOfDay) {
        String value = text.strip();
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' is not a date (2026-11-01) or a time"
                    + " (2026-11-01T02:00:00Z, 2026-11-01T03:00:00+01:00; without an offset it is UTC)");
        }
    }
}
