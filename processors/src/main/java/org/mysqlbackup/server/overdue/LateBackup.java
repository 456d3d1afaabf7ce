package org.mysqlbackup.server.overdue;

import java.time.Instant;

/**
 * A configuration whose next Completed backup is due and has not come.
 *
 * @param lastCompleted when its newest Completed backup was stored; null when none ever was
 * @param dueSince      when the next one was due (the last, or the start of watching, plus the interval)
 * @param alerted       whether the OVERDUE alert went out (the grace period has passed)
 */
public record LateBackup(Expectation expectation, Instant lastCompleted, Instant dueSince, boolean alerted) {
}
