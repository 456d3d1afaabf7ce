package org.mysqlbackup.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.ActiveRuns;
import org.mysqlbackup.client.run.Archive;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.Delivery;
import org.mysqlbackup.client.run.Downtime;
import org.mysqlbackup.client.run.RunOwner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@code BackupLogs} row with a file still to ship into the run of this exchange, so the
 * transfer route continues it: same transfer id (the server then asks only for the chunks it
 * lacks), same checksums, nothing rescanned. MySQL is not touched.
 */
public class ResumeLoader implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(ResumeLoader.class);

    private final PendingTransfers pending;
    private final BackupLogStore store;
    private final ActiveRuns active;

    public ResumeLoader(PendingTransfers pending, BackupLogStore store, ActiveRuns active) {
        this.pending = pending;
        this.store = store;
        this.active = active;
    }

    @Override
    public void process(Exchange exchange) throws IOException, InvalidPayloadException {
        BackupLogRow row = exchange.getMessage().getMandatoryBody(BackupLogRow.class);
        BackupRun run = new BackupRun(row.configName(), Instant.parse(row.startTime()));
        run.logId(row.id());
        run.delivery(Delivery.NONE.opened(row.resumeToken()));
        run.chunkSize(row.chunkSize() == null ? 4 << 20 : row.chunkSize());
        Path file = Path.of(row.localFile());
        run.archive(Archive.existing(file, row.fileSize(), row.sha256(), row.md5(), pending.owns(file)));
        // its downtime was recorded when its snapshot was taken
        run.downtime(Downtime.recorded(row.downtimeMs() == null ? null : Duration.ofMillis(row.downtimeMs())));
        exchange.setProperty(BackupRun.PROPERTY, run);
        active.add(run);
        store.takeOver(row.id(), RunOwner.current());
        if (!Files.isRegularFile(file) || Files.size(file) != row.fileSize()) {
            store.forgetLocalFile(row.id(), null);
            throw new IllegalStateException("cannot resume backup " + row.id() + ": " + file
                    + " is gone or has changed size");
        }
        LOG.info("Resuming backup {} of '{}': shipping {} ({} bytes){}", row.id(), row.configName(), file,
                row.fileSize(), row.resumeToken() == null ? "" : " as transfer " + row.resumeToken());
    }
}
