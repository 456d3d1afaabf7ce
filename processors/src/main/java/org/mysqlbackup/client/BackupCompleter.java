package org.mysqlbackup.client;

import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes a backup that was stored and verified by the server: Completed row, summary as the body. */
public class BackupCompleter implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(BackupCompleter.class);

    private final BackupLogStore store;
    private final Clock clock;

    public BackupCompleter(BackupLogStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = BackupRun.of(exchange);
        run.completed(clock.instant());
        store.finish(run);
        LOG.info("Backup {} of '{}' completed: stored as {} ({} bytes, SHA-256 {}), MySQL down {} ms, {} ms in all",
                run.logId(), run.configName(), run.storedPath(), run.zipSize(), run.sha256(),
                run.downtime().map(d -> d.toMillis()).orElse(0L), run.duration().toMillis());
        exchange.getMessage().setBody(BackupSummary.of(run));
    }
}
