package org.mysqlbackup.mysql;

import java.time.Duration;

/**
 * One thing {@link ServiceStopSequence} did, for logs and failure messages.
 *
 * @param action what was done, such as "stop command of systemd unit mariadb (timeout 5 min)"
 * @param took   how long it took
 * @param result what came of it, such as "exited with 1 ..." or "MySQL is down"
 */
public record StopAttempt(String action, Duration took, String result) {
    @Override
    public String toString() {
        return action + ": " + result + " (" + Durations.describe(took) + ")";
    }
}
