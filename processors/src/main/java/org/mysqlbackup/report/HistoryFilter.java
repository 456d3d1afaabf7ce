package org.mysqlbackup.report;

import java.util.Set;
import org.mysqlbackup.client.BackupStatus;

/**
 * What {@code history} selects: backups started in {@code period}, with one of {@code statuses}
 * (all when empty), of configuration {@code config} (all when null), at most {@code limit} of
 * them, newest first (0 = no limit).
 */
public record HistoryFilter(Period period, Set<BackupStatus> statuses, String config, int limit) {

    public HistoryFilter {
        period = period == null ? Period.all() : period;
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 (no limit) or more, not " + limit);
        }
    }

    public static HistoryFilter all() {
        return new HistoryFilter(Period.all(), Set.of(), null, 0);
    }
}
