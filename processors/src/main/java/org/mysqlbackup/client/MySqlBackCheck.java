package org.mysqlbackup.client;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.BackupRun;

/** Ends a backup whose snapshot worked but whose MySQL did not come back: nothing is shipped then. */
public class MySqlBackCheck implements Processor {
    @Override
    public void process(Exchange exchange) {
        BackupRun run = BackupRun.of(exchange);
        run.downtime().restartFailed().ifPresent(reason -> {
            throw new MySqlNotRestartedException(reason);
        });
    }
}
