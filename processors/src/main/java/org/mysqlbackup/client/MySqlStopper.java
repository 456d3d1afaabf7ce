package org.mysqlbackup.client;

import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.BackupStep;
import org.mysqlbackup.mysql.StopOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops MySQL through the escalating {@link ServiceStopSequence}: graceful stop, a longer retry,
 * then (only if allowed) terminating the process; it returns once MySQL is proven down, or throws
 * asking for manual intervention. The run is marked "stop requested" first, so that whatever
 * happens from here on is followed by a start.
 */
public class MySqlStopper implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(MySqlStopper.class);

    private final StepTracker steps;
    private final Clock clock;

    public MySqlStopper(StepTracker steps, Clock clock) {
        this.steps = steps;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = steps.enter(exchange, BackupStep.STOP_MYSQL);
        OptionalLong pid = run.target().proof().currentPid();
        Optional<Long> knownPid = pid.isPresent() ? Optional.of(pid.getAsLong()) : Optional.empty();
        run.downtime(run.downtime().stopRequested(clock.instant(), knownPid.orElse(null)));
        StopOutcome outcome = run.target().stopSequence().stop(knownPid);
        LOG.info("Backup {} of '{}': {}", run.logId(), run.configName(), outcome.summary());
    }
}
