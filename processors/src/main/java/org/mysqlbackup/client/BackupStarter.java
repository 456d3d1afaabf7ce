package org.mysqlbackup.client;

import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.ActiveRuns;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.RunOwner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a backup: a {@link BackupRun} on the exchange and its Queued row in {@code BackupLogs}.
 * The configuration name is {@code backup.name}, or the header {@link #CONFIG_NAME} when set; the
 * header {@link #TRIGGER} tells a scheduled run from one asked for by hand.
 */
public class BackupStarter implements Processor {
    public static final String CONFIG_NAME = "MysqlBackupConfigName";
    /** Set to {@code schedule} by the schedule's route; a backup without it was asked for by hand. */
    public static final String TRIGGER = "MysqlBackupTrigger";

    private static final Logger LOG = LoggerFactory.getLogger(BackupStarter.class);

    private final String configName;
    private final int chunkSize;
    private final BackupLogStore store;
    private final ActiveRuns active;
    private final Clock clock;
    private final ClientEvents events;

    public BackupStarter(String configName, int chunkSize, BackupLogStore store, ActiveRuns active, Clock clock,
                         ClientEvents events) {
        this.events = events;
        this.configName = configName;
        this.chunkSize = chunkSize;
        this.store = store;
        this.active = active;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        String name = exchange.getMessage().getHeader(CONFIG_NAME, configName, String.class);
        BackupRun run = new BackupRun(name, clock.instant());
        run.chunkSize(chunkSize);
        String trigger = BackupLogStore.SCHEDULE.equals(exchange.getMessage().getHeader(TRIGGER, String.class))
                ? BackupLogStore.SCHEDULE : BackupLogStore.MANUAL;
        run.logId(store.start(run, RunOwner.current(), trigger));
        exchange.setProperty(BackupRun.PROPERTY, run);
        active.add(run);
        LOG.info("Backup {} of '{}' started", run.logId(), name);
        events.started(run);
    }
}
