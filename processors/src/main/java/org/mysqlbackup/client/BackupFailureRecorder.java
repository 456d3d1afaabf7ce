package org.mysqlbackup.client;

import java.time.Clock;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.BackupCancelledException;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.client.run.BackupStep;
import org.mysqlbackup.client.run.Cancellation;
import org.mysqlbackup.client.run.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The doCatch of the backup route: names the step that failed and why, measures whether MySQL
 * runs now ({@link MySqlEndState}), writes the Failed row and puts the summary in the body.
 */
public class BackupFailureRecorder implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(BackupFailureRecorder.class);

    private final BackupLogStore store;
    private final Clock clock;
    private final ClientEvents events;

    public BackupFailureRecorder(BackupLogStore store, Clock clock, ClientEvents events) {
        this.events = events;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        BackupRun run = exchange.getProperty(BackupRun.PROPERTY, BackupRun.class);
        if (run == null) {
            // failed before the run existed (the database is unwritable): nothing to record it in
            LOG.error("Backup could not start: {}", describe(cause));
            exchange.getMessage().setBody(null);
            return;
        }
        // MySQL did not come back: the start command is to blame when it never worked, else the verification
        BackupStep step = !(cause instanceof MySqlNotRestartedException) ? run.failingStep()
                : run.downtime().startCommandFailed().isPresent() ? BackupStep.START_MYSQL : run.step();
        String reason = describe(cause);
        BackupStatus status = run.cancellation().reason().isPresent() && find(cause, BackupCancelledException.class)
                ? BackupStatus.Cancelled : BackupStatus.Failed;
        if (status == BackupStatus.Cancelled) {
            step = run.cancellation().during().orElse(step);
            if (run.cancellation().source().orElse(null) == Cancellation.Source.SHUTDOWN && run.archive().isComplete()
                    && (step == BackupStep.TRANSFER || step == BackupStep.FINALIZE)) {
                // a stopped client ships the rest when it runs again
                status = BackupStatus.Failed;
                reason = "interrupted: the client process was asked to stop during the " + step.label()
                        + "; the file and its resume token are kept, and the transfer resumes when the client runs"
                        + " again";
            }
        }
        Optional<String> restartFailure = run.downtime().restartFailed();
        if (restartFailure.isPresent() && !(cause instanceof MySqlNotRestartedException)) {
            reason = reason + "; and " + restartFailure.get();
        }
        Boolean mysqlRunning = MySqlEndState.measure(run);
        if (restartFailure.isPresent() && Boolean.TRUE.equals(mysqlRunning)) {
            reason = reason + " (it answers now, after the backup gave up waiting)";
        }
        run.end(new Outcome(status, step, reason, clock.instant(), mysqlRunning));
        store.finish(run);
        String state = mysqlRunning == null ? "no MySQL instance involved"
                : mysqlRunning ? "MySQL is running" : "MySQL is NOT running";
        if (status == BackupStatus.Cancelled) {
            LOG.warn("Backup {} of '{}' cancelled at {}: {} ({})", run.logId(), run.configName(), step.label(),
                    reason, state);
        } else if (Boolean.FALSE.equals(mysqlRunning)) {
            LOG.error("CRITICAL: backup {} of '{}' failed at {} and MySQL is NOT running: {}", run.logId(),
                    run.configName(), step.label(), reason);
        } else {
            LOG.error("Backup {} of '{}' failed at {}: {} ({})", run.logId(), run.configName(), step.label(), reason,
                    state);
        }
        events.ended(run);
        exchange.getMessage().setBody(BackupSummary.of(run));
    }

    private static boolean find(Throwable cause, Class<? extends Throwable> type) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BackupCancelledException) {
                return "cancelled: " + t.getMessage();
            }
        }
        if (cause == null) {
            return "unknown error";
        }
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException && t.getMessage() != null
                    && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("certificate_revoked")) {
                return "the server refused this client's certificate: it has been revoked (" + t.getMessage()
                        + "); ask the backup server's operators for a new keystore (backup-server certs client"
                        + " --id ID) and set it as tls.key-store";
            }
            if (t instanceof javax.net.ssl.SSLException) {
                // TLS libraries word a refused certificate in many ways (BoringSSL: "internal error")
                return "TLS with the server failed (" + t.getMessage() + "); check that this client's certificate"
                        + " is signed by the CA in the server's truststore, the server's by the CA in the client's,"
                        + " and that the server's certificate names server.host";
            }
        }
        Throwable shown = cause;
        // Camel wraps a failed split part ("Multicast processing failed for number 6 ..."): say what failed
        while (shown instanceof org.apache.camel.CamelExchangeException && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String message = shown.getMessage();
        if (shown instanceof java.util.NoSuchElementException) {
            // the connection pool could not open a connection to the server
            return "could not connect to the server after all retries (" + message + ")";
        }
        if (shown instanceof java.io.IOException || shown instanceof org.apache.camel.CamelExchangeException) {
            String detail = message == null || message.isBlank() ? shown.getClass().getSimpleName() : message;
            return "lost the connection to the server after all retries (" + detail + ")";
        }
        return message == null || message.isBlank() ? shown.getClass().getSimpleName() : message;
    }
}
