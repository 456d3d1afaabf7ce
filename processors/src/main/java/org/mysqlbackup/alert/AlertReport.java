package org.mysqlbackup.alert;

import java.util.List;

/**
 * What became of one alert: which channels delivered it and which gave up, and why. A caller can
 * record it (BackupLogs, UI) without parsing log lines.
 *
 * @param alert     the alert
 * @param filtered  the alert was below the notifier's minimum severity: only the log has it
 * @param delivered names of the channels that delivered it, in the configured order
 * @param failed    the channels that gave up after their last attempt, in the configured order
 */
public record AlertReport(AlertMessage alert, boolean filtered, List<String> delivered, List<ChannelFailure> failed) {

    public AlertReport {
        delivered = List.copyOf(delivered);
        failed = List.copyOf(failed);
    }

    /** No channel was asked: the alert was filtered or none is configured. */
    public boolean loggedOnly() {
        return delivered.isEmpty() && failed.isEmpty();
    }

    /** Every configured channel delivered it (true as well when there is none to ask). */
    public boolean allDelivered() {
        return failed.isEmpty();
    }

    /** A channel that gave up: after how many attempts, and the last attempt's error. */
    public record ChannelFailure(String channel, int attempts, String reason) {
    }
}
