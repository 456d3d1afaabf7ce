package org.mysqlbackup.logretention;

import java.time.Duration;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;

/**
 * How much backup history to keep. A row goes when any limit says so (and it is not pinned, see
 * {@link LogPrunePlanner}); a limit of 0 is off.
 *
 * @param maxAge   rows that started longer ago than this go ({@code max-age-days})
 * @param keepLast only the newest this many rows stay
 * @param maxBytes the newest rows whose sizes add up to at most this stay ({@code max-total-size}, see {@link RowSize})
 */
public record LogRetentionPolicy(Duration maxAge, long keepLast, long maxBytes) {
    public static final String PREFIX = "logs.retention.";

    public LogRetentionPolicy {
        if (maxAge.isNegative() || keepLast < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("retention limits must not be negative");
        }
    }

    public static LogRetentionPolicy fromSettings(Settings settings) {
        return new LogRetentionPolicy(
                Duration.ofDays(settings.longValue(PREFIX + "max-age-days", 366, 0, 365_000)),
                settings.longValue(PREFIX + "keep-last", 10_000, 0, Long.MAX_VALUE),
                settings.bytes(PREFIX + "max-total-size", 64L << 20, 0, Long.MAX_VALUE));
    }

    /** Checks the schedule keys the route files use, so a typo is reported with its key at start-up. */
    static void checkSchedule(Settings settings) {
        settings.bool(PREFIX + "enabled", true);
        if (settings.duration(PREFIX + "interval-ms", Duration.ofHours(1)).toMillis() < 1000) {
            throw new InvalidSettingException(PREFIX + "interval-ms", "must be at least 1000 (one second)");
        }
        settings.duration(PREFIX + "initial-delay-ms", Duration.ofMinutes(1));
    }

    public boolean isOff() {
        return maxAge.isZero() && keepLast == 0 && maxBytes == 0;
    }
}
