package org.mysqlbackup.client;

import org.apache.camel.Exchange;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.BackupStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Moves a backup to its next step: in memory, in {@code BackupLogs} (status and step), in the log and as an event. */
public class StepTracker {
    private static final Logger LOG = LoggerFactory.getLogger(StepTracker.class);

    private final BackupLogStore store;
    private final ClientEvents events;

    public StepTracker(BackupLogStore store) {
        this(store, ClientEvents.none());
    }

    /** @param events where each step reached is published ({@code backup.step}) */
    public StepTracker(BackupLogStore store, ClientEvents events) {
        this.store = store;
        this.events = events;
    }

    /**
     * Moves to {@code step}; a cancelled backup stops here instead, except on the way to starting
     * MySQL again, which is never skipped.
     */
    public BackupRun enter(Exchange exchange, BackupStep step) {
        BackupRun run = BackupRun.of(exchange);
        run.step(step);
        if (step != BackupStep.START_MYSQL && step != BackupStep.VERIFY_MYSQL) {
            run.checkNotCancelled();
        }
        store.step(run);
        events.step(run);
        LOG.info("Backup {} of '{}': {}", run.logId(), run.configName(), step.label());
        return run;
    }
}
