package org.mysqlbackup.client;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Moves a backup to its next step: in memory, in {@code BackupLogs} (status and step) and in the log. */
public class StepTracker {
    private static final Logger LOG = LoggerFactory.getLogger(StepTracker.class);

    private final BackupLogStore store;

    public StepTracker(BackupLogStore store) {
        this.store = store;
    }

    public BackupRun enter(Exchange exchange, BackupStep step) {
        BackupRun run = BackupRun.of(exchange);
        run.step(step);
        store.step(run);
        LOG.info("Backup {} of '{}': {}", run.logId(), run.configName(), step.label());
        return run;
    }
}
