package org.mysqlbackup.client;

import java.time.Clock;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.guard.DowntimeJournal;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.BackupStep;

/** Waits until MySQL is proven down; the snapshot never starts otherwise. */
public class MySqlDownProver implements Processor {
    private final StepTracker steps;
    private final DowntimeJournal journal;
    private final Clock clock;

    public MySqlDownProver(StepTracker steps, DowntimeJournal journal, Clock clock) {
        this.steps = steps;
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = steps.enter(exchange, BackupStep.PROVE_DOWN);
        run.target().proof().awaitDown(run.downtime().pid());
        Instant down = clock.instant();
        run.downtime(run.downtime().provenDown(down));
        journal.provenDown(run, down);
    }
}
