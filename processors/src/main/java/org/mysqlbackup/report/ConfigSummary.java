package org.mysqlbackup.report;

/**
 * The figures of one configuration (or of all, for the totals line) over a period.
 *
 * @param configuration   its name; null on the totals line
 * @param count           backups started in the period, whatever their status
 * @param completed       of those, Completed
 * @param failed          Failed
 * @param cancelled       Cancelled
 * @param unfinished      still running (or interrupted and not yet resumed) when the report was made
 * @param bytes           size of the files of the Completed backups
 * @param totalDurationMs sum of the durations recorded (a backup that has not ended has none)
 * @param avgDurationMs   their mean, rounded to the nearest millisecond (halves up); null if none
 * @param maxDurationMs   the longest; null if none
 * @param totalDowntimeMs sum of the MySQL downtimes recorded (a backup that failed before the stop has none)
 * @param avgDowntimeMs   their mean, rounded like {@code avgDurationMs}; null if none
 * @param maxDowntimeMs   the longest; null if none
 * @param firstStart      start time of the first backup in the period (as stored); null if none
 * @param lastStart       start time of the last one; null if none
 */
public record ConfigSummary(String configuration, long count, long completed, long failed, long cancelled,
                            long unfinished, long bytes, long totalDurationMs, Long avgDurationMs, Long maxDurationMs,
                            long totalDowntimeMs, Long avgDowntimeMs, Long maxDowntimeMs, String firstStart,
                            String lastStart) {

    /** {@code sum / n} rounded to the nearest whole number, halves up; null when {@code n} is 0. */
    static Long mean(long sum, long n) {
        if (n == 0) {
            return null;
        }
        return Math.floorDiv(2 * sum + n, 2 * n);
    }
}
