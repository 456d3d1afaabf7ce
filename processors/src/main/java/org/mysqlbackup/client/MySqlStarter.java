package org.mysqlbackup.client;

import java.time.Clock;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.guard.DowntimeJournal;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.BackupStep;
import org.mysqlbackup.client.run.Downtime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts MySQL again if this backup asked it to stop. A failing start command throws: the restart
 * route's policy runs it again with back-off (mysql.start.retries), and when it gives up the
 * verification still decides whether MySQL serves again (a supervisor may have restarted it), citing
 * the command's failure if it does not.
 */
public class MySqlStarter implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(MySqlStarter.class);

    private final StepTracker steps;
    private final DowntimeJournal journal;
    private final Clock clock;

    public MySqlStarter(StepTracker steps, DowntimeJournal journal, Clock clock) {
        this.steps = steps;
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = BackupRun.of(exchange);
        Downtime downtime = run.downtime();
        if (!downtime.stopped()) {
            return;
        }
        if (run.step() != BackupStep.START_MYSQL) {
            if (!downtime.coldPhaseDone()) {
                downtime = downtime.interrupted(run.step());
            }
            Instant now = clock.instant();
            run.downtime(downtime.startRequested(now));
            journal.startRequested(run, now);
            steps.enter(exchange, BackupStep.START_MYSQL);
        }
        run.target().service().start(run.target().startTimeout(),
                command -> journal.commandRunning(run, command));
    }

    /** What the restart policy does once the start command failed for the last time: note it, go on to verify. */
    public static Processor recordFailure() {
        return exchange -> {
            Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            String reason = cause == null ? "start command failed" : cause.getMessage();
            LOG.warn("Start command failed for the last time, checking whether MySQL answers anyway: {}", reason);
            BackupRun run = BackupRun.of(exchange);
            run.downtime(run.downtime().startCommandFailed(reason));
        };
    }
}
