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
 * doCatch). Severity and subject follow from the state of MySQL measured as the backup ended,
 * never from the step: CRITICAL when MySQL does not answer, else FAILURE (also when MySQL refused
 * to stop: it runs, and the action asks for manual intervention). The message says which step
 * failed, why, and what the operator should do about it. An operator's cancel is not alerted; a
 * deadline's or a shutdown's is.
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
            notifier.notify(Alert.now(AlertSeverity.FAILURE, null, host, "unknown", 0, "start",
                    cause == null ? "the backup could not start" : String.valueOf(cause.getMessage()),
                    "Check the client's database and work folder settings; no backup was taken."));
            return;
        }
        Outcome outcome = run.outcome().orElseThrow(() -> new IllegalStateException("backup " + run.logId()
                + " has no outcome to alert"));
        if (outcome.status() == BackupStatus.Cancelled && run.cancellation().byOperator()) {
            return;
        }
        notifier.notify(Alert.now(outcome.mysqlDown() ? AlertSeverity.CRITICAL : AlertSeverity.FAILURE,
                outcome.mysqlRunning(), host, run.configName(), run.logId(),
                outcome.step().orElse(run.step()).label(), outcome.failure().orElse("unknown"),
                action(run, outcome, cause)));
    }

    private static String action(BackupRun run, Outcome outcome, Throwable cause) {
        if (outcome.mysqlDown()) {
            if (!run.downtime().stopped()) {
                return "MySQL was not running when the backup began, and the backup did not touch it. Start it and"
                        + " find out why it was down; the next scheduled backup runs normally once it answers.";
            }
            return "Start MySQL by hand now and read its error log. " + kept(run);
        }
        if (run.downtime().restartFailed().isPresent()) {
            return "MySQL answers again, but only after the backup gave up waiting for it; find out why it started so"
                    + " slowly (its error log), or raise mysql.verify.retries. " + kept(run);
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
        if (run.cancellation().reason().filter(r -> r.startsWith("deadline")).isPresent()) {
            return "MySQL is running. The backup ran past backup.deadline-ms and was cancelled; raise the deadline or"
                    + " find out what was slow.";
        }
        if (run.cancellation().reason().isPresent()) {
            return "MySQL is running. The client was stopped while the backup ran; the next scheduled backup runs"
                    + " normally once the client runs again.";
        }
        return "MySQL is running again. Fix what the reason names; the next scheduled backup tries again.";
    }

    /** What the backup keeps of the data when MySQL did not come back in time. */
    private static String kept(BackupRun run) {
        return run.archive().zip().filter(z -> run.archive().isComplete())
                .map(z -> "The snapshot taken before the failure is kept at " + z
                        + "; ship it once MySQL runs with: backup-client resume.")
                .orElseGet(() -> run.archive().pendingCapture().flatMap(c -> c.copyDirectory())
                        .map(copy -> "A cold copy of the data directory, taken while MySQL was down, is kept at "
                                + copy + ".")
                        .orElse("No complete snapshot was taken."));
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
