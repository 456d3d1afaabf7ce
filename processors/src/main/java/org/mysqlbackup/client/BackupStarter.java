package org.mysqlbackup.client;

import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens a backup: a {@link BackupRun} on the exchange and its Queued row in {@code BackupLogs}. */
public class BackupStarter implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(BackupStarter.class);

    private final String configName;
    private final BackupLogStore store;
    private final Clock clock;

    public BackupStarter(String configName, BackupLogStore store, Clock clock) {
        this.configName = configName;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = new BackupRun(configName, clock.instant());
        run.logId(store.start(run));
        exchange.setProperty(BackupRun.PROPERTY, run);
        LOG.info("Backup {} of '{}' started", run.logId(), configName);
    }
}
