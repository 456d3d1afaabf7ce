package org.mysqlbackup.server.history;

import java.time.Instant;
import java.util.Set;

/**
 * What the log browser and {@code backup-server history} search for. Every part is optional:
 * {@code from}/{@code to} bound the start time (from inclusive, to exclusive); {@code statuses} are
 * {@code BackupLogs.Status} values; {@code text} is found anywhere in the error message, file name
 * or transfer id. Pages go backwards from {@code beforeId} (newest first), so a page costs the same
 * whether it is the first or the thousandth.
 */
public record ServerLogFilter(Instant from, Instant to, Set<String> statuses, String client, String configuration,
                              String text, Long beforeId, int limit) {
    public static final Set<String> STATUSES = Set.of("Transferring", "Verifying", "Completed", "Failed");
    public static final int MAX_LIMIT = 100_000;

    public ServerLogFilter {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        for (String status : statuses) {
            if (!STATUSES.contains(status)) {
                throw new IllegalArgumentException("unknown status '" + status + "': use one of "
                        + String.join(", ", new java.util.TreeSet<>(STATUSES)));
            }
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("a page holds 1 to " + MAX_LIMIT + " rows, not " + limit);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("the period is empty: from " + from + " is not before to " + to);
        }
        client = blankToNull(client);
        configuration = blankToNull(configuration);
        text = blankToNull(text);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
