package org.mysqlbackup.client;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.BackupRun;

/**
 * Gives the backup the MySQL instance of its configuration ({@link BackupTargets}). A
 * configuration that does not exist, is inactive or cannot run fails the backup here, in its
 * pre-flight, before anything is touched.
 */
public class TargetResolver implements Processor {
    private final BackupTargets targets;

    public TargetResolver(BackupTargets targets) {
        this.targets = targets;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = BackupRun.of(exchange);
        run.target(targets.target(run.configName()));
    }
}
