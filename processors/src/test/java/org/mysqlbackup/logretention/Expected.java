package org.mysqlbackup.logretention;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The test's own account of which rows a policy removes, written from the README's definition. */
final class Expected {
    record Row(long id, Instant start, long bytes, boolean pinned) {
    }

    private Expected() {
    }

    static Set<Long> removed(List<Row> rows, LogRetentionPolicy policy, Instant now) {
        List<Row> newestFirst = new ArrayList<>(rows);
        newestFirst.sort(Comparator.comparing(Row::start).thenComparingLong(Row::id).reversed());
        Set<Long> removed = new TreeSet<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            Row row = newestFirst.get(i);
            long newerAndThis = 0;
            for (int j = 0; j <= i; j++) {
                newerAndThis += newestFirst.get(j).bytes();
            }
            boolean old = !policy.maxAge().isZero() && row.start().isBefore(now.minus(policy.maxAge()));
            boolean many = policy.keepLast() > 0 && i >= policy.keepLast();
            boolean big = policy.maxBytes() > 0 && newerAndThis > policy.maxBytes();
            if (!row.pinned() && (old || many || big)) {
                removed.add(row.id());
            }
        }
        return removed;
    }
}
