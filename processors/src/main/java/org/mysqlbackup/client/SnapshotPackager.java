package org.mysqlbackup.client;

import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.BackupStep;
import org.mysqlbackup.config.ByteSize;
import org.mysqlbackup.snapshot.Captured;
import org.mysqlbackup.snapshot.SnapshotResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what {@link SnapshotTaker} captured into the zip to ship, once MySQL serves again: the
 * {@code copy} and {@code reflink} strategies zip their copy here (and delete it), {@code zip}
 * has nothing left to do. Records the snapshot method and the downtime first, so the history shows
 * them even if the packaging fails.
 */
public class SnapshotPackager implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotPackager.class);

    private final StepTracker steps;
    private final BackupLogStore store;

    public SnapshotPackager(StepTracker steps, BackupLogStore store) {
        this.steps = steps;
        this.store = store;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = BackupRun.of(exchange);
        store.snapshotCaptured(run);
        steps.enter(exchange, BackupStep.PACKAGE);
        Captured captured = run.archive().pendingCapture()
                .orElseThrow(() -> new IllegalStateException("nothing was captured to package"));
        Instant started = Instant.now();
        SnapshotResult zip;
        try {
            zip = run.target().snapshots().pack(captured, run::checkNotCancelled);
        } finally {
            // the strategy deleted the copy, whether the zip could be written or not
            run.archive(run.archive().captureConsumed());
        }
        run.archive(run.archive().complete(zip));
        store.fileReady(run);
        Duration took = Duration.between(started, Instant.now());
        run.timing("package", took);
        if (captured.copy() != null) {
            LOG.info("Zipped the {} of {} files ({}) into {} ({}) in {} ms, MySQL serving", captured.method(),
                    zip.files(), ByteSize.format(zip.sourceBytes()), zip.archive().getFileName(),
                    ByteSize.format(zip.size()), took.toMillis());
        }
    }
}
