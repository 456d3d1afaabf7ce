package org.mysqlbackup.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.mysqlbackup.client.run.BackupStatus;

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

    /** The condition on {@code BackupLogs} ({@code " WHERE ..."}, or empty) and its arguments, in order. */
    record Where(String sql, Object[] args) {
    }

    /** The rows this filter selects, limit aside: history lists them, and report sums the same rows. */
    Where where() {
        List<String> conditions = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (period.from() != null) {
            conditions.add("StartTime >= ?");
            args.add(period.fromText());
        }
        if (period.to() != null) {
            conditions.add("StartTime < ?");
            args.add(period.toText());
        }
        if (!statuses.isEmpty()) {
            conditions.add("Status IN (" + statuses.stream().map(s -> "?").collect(Collectors.joining(", ")) + ")");
            statuses.stream().map(BackupStatus::name).sorted().forEach(args::add);
        }
        if (config != null) {
            conditions.add("ConfigName = ?");
            args.add(config);
        }
        return new Where(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), args.toArray());
    }
}
