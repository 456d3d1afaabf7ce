package org.mysqlbackup.client;

import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.mysql.CommandFailedException;
import org.mysqlbackup.mysql.ServiceControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts MySQL again if this backup asked it to stop. A failing start command does not end the
 * matter: the verification that follows decides whether MySQL serves again (a supervisor may have
 * restarted it anyway), and cites the command's failure if it does not.
 */
public class MySqlStarter implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(MySqlStarter.class);

    private final StepTracker steps;
    private final ServiceControl service;
    private final Duration timeout;

    public MySqlStarter(StepTracker steps, ServiceControl service, Duration timeout) {
        this.steps = steps;
        this.service = service;
        this.timeout = timeout;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = BackupRun.of(exchange);
        if (!run.mysqlStopRequested()) {
            return;
        }
        if (run.sha256() == null) {
            run.interrupted();
        }
        steps.enter(exchange, BackupStep.START_MYSQL);
        try {
            service.start(timeout);
        } catch (CommandFailedException e) {
            LOG.warn("Start command of {} failed, checking whether MySQL answers anyway: {}", service.describe(),
                    e.getMessage());
            run.startCommandFailed(e.getMessage());
        }
    }
}
