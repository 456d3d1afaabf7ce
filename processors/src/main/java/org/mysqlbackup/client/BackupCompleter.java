package org.mysqlbackup.client;

import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes a backup that was stored and verified by the server: Completed row, summary as the body. */
public class BackupCompleter implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(BackupCompleter.class);

    private final BackupLogStore store;
    private final Clock clock;
    private final ClientEvents events;

    public BackupCompleter(BackupLogStore store, Clock clock, ClientEvents events) {
        this.events = events;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = BackupRun.of(exchange);
        // a backup verified MySQL after its start; a shipped file has no MySQL behind it
        run.end(Outcome.completed(clock.instant(), run.optionalTarget().isPresent() ? Boolean.TRUE : null));
        store.finish(run);
        LOG.info("Backup {} of '{}' completed: stored as {} ({} bytes, SHA-256 {}), MySQL down {} ms, {} ms in all",
                run.logId(), run.configName(), run.delivery().storedPath(), run.archive().size(),
                run.archive().sha256(), run.downtime().duration().map(d -> d.toMillis()).orElse(0L),
                run.duration().toMillis());
        events.ended(run);
        exchange.getMessage().setBody(BackupSummary.of(run));
    }
}
