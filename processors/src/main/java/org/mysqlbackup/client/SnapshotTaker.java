package org.mysqlbackup.client;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.config.ByteSize;
import org.mysqlbackup.mysql.MySqlInstance;
import org.mysqlbackup.snapshot.DataDirectoryZipper;
import org.mysqlbackup.snapshot.SnapshotResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Zips the (proven stopped) data directory into the work folder. */
public class SnapshotTaker implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotTaker.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final StepTracker steps;
    private final DataDirectoryZipper zipper;
    private final MySqlInstance mysql;
    private final Path workDirectory;

    public SnapshotTaker(StepTracker steps, DataDirectoryZipper zipper, MySqlInstance mysql, Path workDirectory) {
        this.steps = steps;
        this.zipper = zipper;
        this.mysql = mysql;
        this.workDirectory = workDirectory;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = steps.enter(exchange, BackupStep.SNAPSHOT);
        Path target = workDirectory.resolve(
                WorkFiles.sanitize(run.configName()) + "-" + STAMP.format(run.startedAt()) + "-" + run.logId() + ".zip");
        run.zipFile(target);
        long started = System.nanoTime();
        SnapshotResult result = zipper.zip(mysql.dataDirectory(), target);
        run.snapshotTaken(result.archive(), result.size(), result.sha256(), result.md5());
        long ms = Math.max(1, (System.nanoTime() - started) / 1_000_000);
        LOG.info("Snapshot of {} files ({}) into {} ({}) in {} ms, {} MB/s read", result.files(),
                ByteSize.format(result.sourceBytes()), target.getFileName(), ByteSize.format(result.size()), ms,
                result.sourceBytes() / 1000 / ms);
    }
}
