package org.mysqlbackup.logretention;

import java.time.Instant;

/**
 * One backup's history as retention sees it.
 *
 * @param bytes  its size as {@link RowSize} measures it
 * @param pinned whether it must stay whatever the policy says (unfinished, resumable, file still stored)
 */
public record HistoryEntry(long id, Instant startTime, long bytes, boolean pinned) {
}
