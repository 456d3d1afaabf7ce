package org.mysqlbackup.client;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.alert.Alert;
import org.mysqlbackup.alert.AlertNotifier;
import org.mysqlbackup.alert.AlertSeverity;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.client.run.Outcome;
import org.mysqlbackup.mysql.MySqlStopFailedException;

/**
 * Alerts on a backup that did not complete (after {@link BackupFailureRecorder}, in the same
 * doCatch): CRITICAL when MySQL was stopped and does not answer, else FAILURE; the message says
 * which step failed, why, and what the operator should do about it. An operator's cancel is not
 * alerted; a deadline's is.
 */
public class FailureAlerter implements Processor {
    private final AlertNotifier notifier;
    private final String host;

    public FailureAlerter(AlertNotifier notifier, String host) {
        this.notifier = notifier;
        this.host = host;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = exchange.getProperty(BackupRun.PROPERTY, BackupRun.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (run == null) {
            notifier.notify(Alert.now(AlertSeverity.FAILURE, host, "unknown", 0, "start",
                    cause == null ? "the backup could not start" : String.valueOf(cause.getMessage()),
                    "Check the client's database and work folder settings; no backup was taken."));
            return;
        }
        if (run.outcome().map(Outcome::status).orElse(BackupStatus.Failed) == BackupStatus.Cancelled
                && !run.cancellation().reason().orElse("").startsWith("deadline")) {
            return;
        }
        boolean mysqlDown = run.downtime().restartFailed().isPresent();
        // MySQL refusing to stop needs someone now as much as MySQL not coming back
        boolean manual = mysqlDown || isCause(cause, MySqlStopFailedException.class);
        String step = run.outcome().flatMap(Outcome::step).orElse(run.step()).label();
        notifier.notify(Alert.now(manual ? AlertSeverity.CRITICAL : AlertSeverity.FAILURE, host, run.configName(),
                run.logId(), step, run.outcome().flatMap(Outcome::failure).orElse("unknown"), action(run, cause)));
    }

    private static String action(BackupRun run, Throwable cause) {
        if (run.downtime().restartFailed().isPresent()) {
            return "Start MySQL by hand now and read its error log. "
                    + run.archive().zip().filter(z -> run.archive().isComplete())
                    .map(z -> "The snapshot taken before the failure is kept at " + z
                            + "; ship it once MySQL runs with: backup-client resume.")
                    .orElseGet(() -> run.archive().pendingCapture().flatMap(c -> c.copyDirectory())
                            .map(copy -> "A cold copy of the data directory, taken while MySQL was down, is kept at "
                                    + copy + ".")
                            .orElse("No complete snapshot was taken."));
        }
        if (isCause(cause, MySqlStopFailedException.class)) {
            return "Manual intervention needed: MySQL is still running and was not backed up. Find out why it does not"
                    + " stop (long transactions, a stuck shutdown), or allow the client to terminate it"
                    + " (mysql.stop.allow-kill).";
        }
        if (!run.downtime().stopped()) {
            return "MySQL was not touched. Fix what the reason names; the next scheduled backup runs normally.";
        }
        if (run.resumable()) {
            return "MySQL is running. The backup file and its resume token are kept; the daemon ships it when the"
                    + " server can be reached again (or run: backup-client resume).";
        }
        if (run.cancellation().reason().isPresent()) {
            return "MySQL is running. The backup ran past backup.deadline-ms and was cancelled; raise the deadline or"
                    + " find out what was slow.";
        }
        return "MySQL is running again. Fix what the reason names; the next scheduled backup tries again.";
    }

    private static boolean isCause(Throwable cause, Class<? extends Throwable> type) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
