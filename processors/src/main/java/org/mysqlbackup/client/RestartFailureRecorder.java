package org.mysqlbackup.client;

import java.time.Clock;
import org.apache.camel.Exchange;
import org.mysqlbackup.client.guard.DowntimeJournal;
import org.mysqlbackup.client.run.BackupRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles the end of the restart route when MySQL could not be brought back: records why on the
 * run instead of throwing, so the snapshot's own error (if any) is not lost, and the backup ends
 * as a critical failure in {@link MySqlBackCheck} or {@link BackupFailureRecorder}.
 */
public class RestartFailureRecorder implements org.apache.camel.Processor {
    private static final Logger LOG = LoggerFactory.getLogger(RestartFailureRecorder.class);

    private final DowntimeJournal journal;
    private final Clock clock;

    public RestartFailureRecorder(DowntimeJournal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = BackupRun.of(exchange);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "unknown reason" : cause.getMessage();
        String startFailure = run.downtime().startCommandFailed()
                .map(f -> " after the start command failed (" + f + ")").orElse("");
        String failure = "MySQL did not come back" + startFailure + ": " + reason;
        run.downtime(run.downtime().restartFailed(failure));
        // the restart intent stays: the daemon's next start or backup-client recover tries again
        journal.givenUp(run, clock.instant());
        LOG.error("CRITICAL: backup {} of '{}': {}. Start MySQL by hand and check its error log.", run.logId(),
                run.configName(), failure);
    }
}
