package org.mysqlbackup.db;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Times as stored in the databases: UTC, always with milliseconds
 * ({@code 2026-11-26T02:00:00.000Z}), so that text order is time order and SQL can compare them.
 * ({@link Instant#toString()} drops a zero fraction, which would sort "...00Z" after "...00.5Z".)
 */
public final class Times {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
