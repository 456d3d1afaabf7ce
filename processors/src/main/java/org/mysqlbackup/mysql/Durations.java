package org.mysqlbackup.mysql;

import java.time.Duration;
import java.util.Locale;

/** Durations for log lines and messages: "250 ms", "12 s", "1.5 s", "5 min". */
final class Durations {
    private Durations() {
    }

    static String describe(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + " min";
        }
        if (millis % 1000 == 0 || millis >= 60_000) {
            return Math.round(millis / 1000.0) + " s";
        }
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
