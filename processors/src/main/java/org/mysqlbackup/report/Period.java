package org.mysqlbackup.report;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.mysqlbackup.db.Times;

/**
 * A time range on {@code BackupLogs.StartTime}: {@code from} included, {@code to} excluded, either
 * open when null. Stored times have millisecond precision, so a bound with a finer fraction is
 * rounded up to the next millisecond, which selects exactly the same rows as the exact bound.
 */
public record Period(Instant from, Instant to) {

    public Period {
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("the period ends (" + to + ") before it starts (" + from + ")");
        }
    }

    public static Period all() {
        return new Period(null, null);
    }

    /** {@code from} as stored text, for {@code StartTime >= ?}; null if open. */
    String fromText() {
        return from == null ? null : Times.format(ceilToMillis(from));
    }

    /** {@code to} as stored text, for {@code StartTime < ?}; null if open. */
    String toText() {
        return to == null ? null : Times.format(ceilToMillis(to));
    }

    public boolean contains(Instant startTime) {
        return (from == null || !startTime.isBefore(from)) && (to == null || startTime.isBefore(to));
    }

    private static Instant ceilToMillis(Instant instant) {
        Instant floor = instant.truncatedTo(ChronoUnit.MILLIS);
        return floor.equals(instant) ? floor : floor.plusMillis(1);
    }
}
