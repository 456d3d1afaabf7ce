package org.mysqlbackup.client;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.ActiveRuns;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.Cancellation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every second (route client-cancellation-watch): passes cancel requests written to
 * {@code BackupLogs} by another process ({@code backup-client cancel}, the UI) to the backups
 * running here, and cancels a backup that ran past its deadline.
 */
public class CancellationWatcher implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(CancellationWatcher.class);

    private final ActiveRuns active;
    private final BackupLogStore store;
    private final Duration deadline;
    private final Clock clock;

    public CancellationWatcher(ActiveRuns active, BackupLogStore store, Duration deadline, Clock clock) {
        this.active = active;
        this.store = store;
        this.deadline = deadline;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        if (active.all().isEmpty()) {
            return;
        }
        Map<Long, String> requests = store.cancelRequests();
        for (BackupRun run : active.all()) {
            String request = requests.get(run.logId());
            if (request != null && run.cancellation().reason().isEmpty()) {
                LOG.warn("Cancelling backup {} of '{}': {}", run.logId(), run.configName(), request);
                run.cancel(request, Cancellation.Source.OPERATOR);
            }
            if (!deadline.isZero() && Duration.between(run.startedAt(), clock.instant()).compareTo(deadline) > 0
                    && run.cancellation().reason().isEmpty()) {
                LOG.warn("Cancelling backup {} of '{}': it ran past its deadline of {} min", run.logId(),
                        run.configName(), deadline.toMinutes());
                run.cancel("deadline of " + deadline.toMinutes() + " min exceeded (backup.deadline-ms)", Cancellation.Source.DEADLINE);
            }
        }
    }
}
