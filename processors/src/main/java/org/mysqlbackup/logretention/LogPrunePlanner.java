package org.mysqlbackup.logretention;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which history rows go. Rows are ranked newest first (start time, then id); a row goes
 * if it is not pinned and
 * <ul>
 * <li>it started before {@code now - maxAge}, or</li>
 * <li>{@code keepLast} rows or more are newer than it, or</li>
 * <li>its size added to the sizes of all newer rows exceeds {@code maxBytes}.</li>
 * </ul>
 * Pinned rows count in the rank and in the sizes (they do take the room), so with many pinned rows
 * fewer others stay; they are never chosen themselves.
 */
public final class LogPrunePlanner {
    private LogPrunePlanner() {
    }

    /** @param newestFirst every row of the history, newest first */
    public static List<Long> plan(List<HistoryEntry> newestFirst, LogRetentionPolicy policy, Instant now) {
        List<Long> doomed = new ArrayList<>();
        if (policy.isOff()) {
            return doomed;
        }
        Instant cutoff = policy.maxAge().isZero() ? null : now.minus(policy.maxAge());
        long rank = 0;
        long bytes = 0;
        for (HistoryEntry entry : newestFirst) {
            rank++;
            bytes = saturatedAdd(bytes, entry.bytes());
            boolean tooOld = cutoff != null && entry.startTime().isBefore(cutoff);
            boolean tooMany = policy.keepLast() > 0 && rank > policy.keepLast();
            boolean tooBig = policy.maxBytes() > 0 && bytes > policy.maxBytes();
            if (!entry.pinned() && (tooOld || tooMany || tooBig)) {
                doomed.add(entry.id());
            }
        }
        return doomed;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < a ? Long.MAX_VALUE : sum;
    }
}
