package org.mysqlbackup.client;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.mysql.MySqlDownProof;

/** Waits until MySQL is proven down; the snapshot never starts otherwise. */
public class MySqlDownProver implements Processor {
    private final StepTracker steps;
    private final MySqlDownProof proof;

    public MySqlDownProver(StepTracker steps, MySqlDownProof proof) {
        this.steps = steps;
        this.proof = proof;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = steps.enter(exchange, BackupStep.PROVE_DOWN);
        proof.awaitDown(run.mysqlPid());
    }
}
