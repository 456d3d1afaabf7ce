package org.mysqlbackup.client;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.mysql.MySqlDownProof;
import org.mysqlbackup.mysql.ServiceControl;

/**
 * Stops MySQL. The run is marked "stop requested" before the command runs, so that even a stop
 * command that fails half-way is followed by a start.
 */
public class MySqlStopper implements Processor {
    private final StepTracker steps;
    private final ServiceControl service;
    private final MySqlDownProof proof;
    private final Duration timeout;
    private final Clock clock;

    public MySqlStopper(StepTracker steps, ServiceControl service, MySqlDownProof proof, Duration timeout, Clock clock) {
        this.steps = steps;
        this.service = service;
        this.proof = proof;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = steps.enter(exchange, BackupStep.STOP_MYSQL);
        OptionalLong pid = proof.currentPid();
        run.stopRequested(clock.instant(), pid.isPresent() ? pid.getAsLong() : null);
        service.stop(timeout);
    }
}
