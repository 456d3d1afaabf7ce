package org.mysqlbackup.client.guard;

import java.time.Instant;
import java.util.function.UnaryOperator;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.RunOwner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a backup's {@link RestartIntent} in step with its cold phase: written before the stop
 * command runs, brought up to date when MySQL is proven down and when its start is asked for,
 * removed once MySQL answers again as the configured instance. A failure to write the first record
 * fails the backup before MySQL is touched; a failure to update it later only loses detail.
 */
public class DowntimeJournal {
    private static final Logger LOG = LoggerFactory.getLogger(DowntimeJournal.class);

    private final RestartIntents intents;
    private final RunOwner owner;

    public DowntimeJournal(RestartIntents intents, RunOwner owner) {
        this.intents = intents;
        this.owner = owner;
    }

    /** @throws java.io.UncheckedIOException if the intent cannot be made durable: MySQL must then not be stopped */
    public void beforeStop(BackupRun run, Instant at) {
        intents.record(RestartIntent.beforeStop(run.logId(), run.configName(), owner, run.target().mysql(),
                run.target().service().describe() + ", started with " + run.target().service().startCommandLine(), at));
    }

    /**
     * The stop or start command runs as {@code command}: a guard waits for it if this process dies.
     * Not forced to disk: it only matters while this boot lasts.
     */
    public void commandRunning(BackupRun run, ProcessHandle command) {
        update(run, intent -> intent.commandRunning(RunOwner.of(command)), false);
    }

    /** Not forced to disk (no fsync in the downtime): without it a guard waits a little longer, nothing worse. */
    public void provenDown(BackupRun run, Instant at) {
        update(run, intent -> intent.provenDown(at), false);
    }

    /**
     * Forced to disk before the start command runs: after a power cut, a guard must know that the
     * start which changed the InnoDB files was the backup's own, not an operator's.
     */
    public void startRequested(BackupRun run, Instant at) {
        update(run, intent -> intent.startRequested(at), true);
    }

    /** The backup gave up waiting for MySQL to answer; the intent stays for a guard. */
    public void givenUp(BackupRun run, Instant at) {
        update(run, intent -> intent.givenUp(at), true);
    }

    /** MySQL answers as itself again: no guard has anything to do for this backup any more. */
    public void mysqlBack(BackupRun run) {
        try {
            intents.clear(run.logId());
        } catch (RuntimeException e) {
            // MySQL runs: a guard that finds the intent sees it answer and removes it
            LOG.warn("Could not remove the restart intent of backup {}: {}", run.logId(), e.getMessage());
        }
    }

    private void update(BackupRun run, UnaryOperator<RestartIntent> change, boolean durable) {
        try {
            intents.find(run.logId()).map(change).ifPresent(durable ? intents::record : intents::update);
        } catch (RuntimeException e) {
            // the intent written before the stop still makes a guard start MySQL
            LOG.warn("Could not update the restart intent of backup {}: {}", run.logId(), e.getMessage());
        }
    }
}
