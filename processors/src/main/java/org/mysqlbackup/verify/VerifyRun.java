package org.mysqlbackup.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.config.ByteSize;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scrub of the stored backups: the selected backups least recently verified first, each read
 * by {@link BackupVerification} (recorded, alerted), a progress line per file (file n of m, bytes,
 * rate). With a time budget no new file is started once it is spent; the file being read is
 * finished, and the ones left are the first of the next run.
 */
public class VerifyRun implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(VerifyRun.class);

    /** Told of each backup as it is done, for the command line's output. */
    @FunctionalInterface
    public interface Listener {
        void checked(int n, int of, VerifyReport.Checked checked);
    }

    private final BackupVerification verification;
    private final Duration maxDuration;
    private final LongSupplier nanoTime;

    /** @param maxDuration no new file is started after this long; zero for no limit */
    public VerifyRun(BackupVerification verification, Duration maxDuration, LongSupplier nanoTime) {
        this.verification = verification;
        this.maxDuration = maxDuration;
        this.nanoTime = nanoTime;
    }

    public VerifyRun(BackupVerification verification, Duration maxDuration) {
        this(verification, maxDuration, System::nanoTime);
    }

    /** The scheduled run over every stored backup: the report becomes the message body. */
    @Override
    public void process(Exchange exchange) throws InterruptedException {
        exchange.getMessage().setBody(run(VerifySelection.all(), (n, of, c) -> { }));
    }

    public VerifyReport run(VerifySelection selection, Listener listener) throws InterruptedException {
        long started = nanoTime.getAsLong();
        List<StoredFile> todo = selection.order(verification.store().stored());
        long totalBytes = todo.stream().mapToLong(StoredFile::fileSize).sum();
        LOG.info("Verify started: {} stored backup(s), {}{}", todo.size(), ByteSize.format(totalBytes),
                maxDuration.isZero() ? "" : ", no new file after " + maxDuration.toMinutes() + " min");
        List<VerifyReport.Checked> checked = new ArrayList<>();
        long bytesDone = 0;
        int skipped = 0;
        for (int i = 0; i < todo.size(); i++) {
            if (!maxDuration.isZero() && nanoTime.getAsLong() - started >= maxDuration.toNanos()) {
                skipped = todo.size() - i;
                LOG.info("Verify stops starting new files: verify.max-duration ({} min) spent, {} backup(s) left for"
                        + " the next run", maxDuration.toMinutes(), skipped);
                break;
            }
            StoredFile backup = todo.get(i);
            Verdict verdict = verification.check(backup);
            VerifyReport.Checked done = new VerifyReport.Checked(backup, verdict);
            checked.add(done);
            bytesDone += verdict.bytesRead();
            double seconds = Math.max(1e-9, (nanoTime.getAsLong() - started) / 1e9);
            LOG.info("Verify progress: file {} of {}, {}: {}; {} of {} read, {}/s", i + 1, todo.size(),
                    backup.filePath(), verdict.result().column(), ByteSize.format(bytesDone),
                    ByteSize.format(totalBytes), ByteSize.format((long) (bytesDone / seconds)));
            listener.checked(i + 1, todo.size(), done);
        }
        VerifyReport report = new VerifyReport(checked, skipped, Duration.ofNanos(nanoTime.getAsLong() - started));
        String line = String.format(Locale.ROOT, "Verify done in %.1f s: %s", report.took().toMillis() / 1000.0,
                report.summary());
        if (report.damageFound()) {
            LOG.warn(line);
        } else {
            LOG.info(line);
        }
        return report;
    }
}
