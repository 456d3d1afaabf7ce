package org.mysqlbackup.client;

import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.guard.DowntimeJournal;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.BackupStep;
import org.mysqlbackup.mysql.StopOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops MySQL through the escalating {@link ServiceStopSequence}: graceful stop, a longer retry,
 * then (only if allowed) terminating the process; it returns once MySQL is proven down, or throws
 * asking for manual intervention. The restart intent is recorded first ({@link DowntimeJournal}) and
 * the run marked "stop requested", so that whatever happens from here on, even the death of this
 * process, is followed by a start.
 */
public class MySqlStopper implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(MySqlStopper.class);

    private final StepTracker steps;
    private final DowntimeJournal journal;
    private final Clock clock;

    public MySqlStopper(StepTracker steps, DowntimeJournal journal, Clock clock) {
        this.steps = steps;
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = steps.enter(exchange, BackupStep.STOP_MYSQL);
        OptionalLong pid = run.target().proof().currentPid();
        Optional<Long> knownPid = pid.isPresent() ? Optional.of(pid.getAsLong()) : Optional.empty();
        // durable before the stop command runs: whatever ends this process from here on, a guard starts MySQL
        journal.beforeStop(run, clock.instant());
        // the downtime starts now: the intent was written while MySQL still served
        run.downtime(run.downtime().stopRequested(clock.instant(), knownPid.orElse(null)));
        StopOutcome outcome = run.target().stopSequence().stop(knownPid,
                command -> journal.commandRunning(run, command));
        LOG.info("Backup {} of '{}': {}", run.logId(), run.configName(), outcome.summary());
    }
}
