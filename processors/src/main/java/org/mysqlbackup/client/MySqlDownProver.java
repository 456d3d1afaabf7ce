package org.mysqlbackup.client;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.BackupStep;

/** Waits until MySQL is proven down; the snapshot never starts otherwise. */
public class MySqlDownProver implements Processor {
    private final StepTracker steps;

    public MySqlDownProver(StepTracker steps) {
        this.steps = steps;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = steps.enter(exchange, BackupStep.PROVE_DOWN);
        run.target().proof().awaitDown(run.downtime().pid());
    }
}
