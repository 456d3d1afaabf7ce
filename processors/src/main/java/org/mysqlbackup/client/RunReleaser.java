package org.mysqlbackup.client;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.ActiveRuns;
import org.mysqlbackup.client.run.BackupRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of every job, in its doFinally: the run leaves the active runs (nothing can
 * cancel it any more) and gives up its lock on the MySQL instance.
 */
public class RunReleaser implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(RunReleaser.class);

    private final ActiveRuns active;

    public RunReleaser(ActiveRuns active) {
        this.active = active;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = exchange.getProperty(BackupRun.PROPERTY, BackupRun.class);
        if (run == null) {
            return;
        }
        active.remove(run);
        for (AutoCloseable resource : run.takeHeld()) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Could not release {} of backup {}: {}", resource, run.logId(), e.getMessage());
            }
        }
    }
}
