package org.mysqlbackup.client;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Ends a backup whose snapshot worked but whose MySQL did not come back: nothing is shipped then. */
public class RestartGuard implements Processor {
    @Override
    public void process(Exchange exchange) {
        BackupRun run = BackupRun.of(exchange);
        run.restartFailure().ifPresent(reason -> {
            throw new MySqlNotRestartedException(reason);
        });
    }
}
