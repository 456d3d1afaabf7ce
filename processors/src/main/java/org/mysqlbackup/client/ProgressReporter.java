package org.mysqlbackup.client;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.TransferProgress;
import org.mysqlbackup.config.ByteSize;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a transfer's progress (bytes confirmed, rate, ETA) to the log and to
 * {@code BackupLogs}, where the {@code status} command reads it, at most once per interval.
 */
public class ProgressReporter {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);

    private final BackupLogStore store;
    private final long intervalNanos;
    private final AtomicLong lastReport = new AtomicLong(System.nanoTime());

    public ProgressReporter(BackupLogStore store, Duration interval) {
        this.store = store;
        this.intervalNanos = interval.toNanos();
    }

    /** Called after each confirmed chunk; reports if the interval has passed since the last report. */
    public void chunkConfirmed(BackupRun run) {
        long now = System.nanoTime();
        long last = lastReport.get();
        if (now - last >= intervalNanos && lastReport.compareAndSet(last, now)) {
            report(run);
        }
    }

    /** Reports now (at the start and at the end of a transfer). */
    public void report(BackupRun run) {
        TransferProgress p = run.progress();
        LOG.info("Transfer {} of '{}': {}% ({} of {}), {}/s, ETA {}", run.delivery().transferId(), run.configName(),
                String.format(java.util.Locale.ROOT, "%.1f", p.percent()), ByteSize.format(p.confirmedBytes()),
                ByteSize.format(p.totalBytes()), ByteSize.format(p.rate()),
                p.eta().map(d -> d.toSeconds() + " s").orElse("unknown"));
        store.progress(run);
    }
}
