package org.mysqlbackup.client;

import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.guard.DowntimeJournal;
import org.mysqlbackup.client.guard.RestartWatchdogs;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.BackupStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt to prove MySQL serves again, as the configured instance (an answer from another
 * server on the port does not count). It throws while MySQL does not answer; the restart route's
 * redelivery policy repeats it with back-off, so the waiting is tuned in the route file. Once it
 * answers, the backup's restart intent is removed and its watchdog released.
 */
public class MySqlVerifier implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(MySqlVerifier.class);

    private final StepTracker steps;
    private final DowntimeJournal journal;
    private final RestartWatchdogs watchdogs;
    private final Clock clock;

    public MySqlVerifier(StepTracker steps, DowntimeJournal journal, RestartWatchdogs watchdogs, Clock clock) {
        this.steps = steps;
        this.journal = journal;
        this.watchdogs = watchdogs;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = BackupRun.of(exchange);
        if (!run.downtime().stopped()) {
            return;
        }
        if (run.step() != BackupStep.VERIFY_MYSQL) {
            steps.enter(exchange, BackupStep.VERIFY_MYSQL);
        }
        String version = run.target().availability().verify();
        run.downtime(run.downtime().available(clock.instant()));
        journal.mysqlBack(run);
        watchdogs.release(run);
        LOG.info("MySQL {} answers again; it was down for {} ms", version,
                run.downtime().duration().map(d -> d.toMillis()).orElse(-1L));
    }
}
