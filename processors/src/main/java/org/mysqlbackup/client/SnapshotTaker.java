package org.mysqlbackup.client;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.BackupStep;
import org.mysqlbackup.config.ByteSize;
import org.mysqlbackup.mysql.MySqlInstance;
import org.mysqlbackup.snapshot.BackupManifest;
import org.mysqlbackup.snapshot.Captured;
import org.mysqlbackup.snapshot.SnapshotStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures the (proven stopped) data directory into the work folder with the configured
 * {@link SnapshotStrategy}: the whole zip for {@code zip}, a copy or clone for {@code copy} and
 * {@code reflink}, which {@link SnapshotPackager} zips once MySQL serves again. A cancel request
 * is honoured between files and megabytes; what was written so far is then deleted.
 */
public class SnapshotTaker implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotTaker.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final StepTracker steps;
    private final BackupLogStore store;
    private final String hostName;

    public SnapshotTaker(StepTracker steps, BackupLogStore store, String hostName) {
        this.steps = steps;
        this.store = store;
        this.hostName = hostName;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = steps.enter(exchange, BackupStep.SNAPSHOT);
        SnapshotStrategy strategy = run.target().snapshots();
        MySqlInstance mysql = run.target().mysql();
        Path workDirectory = run.target().workDirectory();
        Instant started = Instant.now();
        if (run.downtime().stopped()) {
            run.timing("stop", Duration.between(run.downtime().stopRequestedAt(), started));
        }
        String baseName = WorkFiles.sanitize(run.configName()) + "-" + STAMP.format(run.startedAt()) + "-" + run.logId();
        run.archive(run.archive().planned(SnapshotStrategy.archivePath(workDirectory, baseName)));
        // before any file exists: a guard closing this run after a crash knows what to remove
        store.workPrefix(run, workDirectory.resolve(baseName));
        BackupManifest manifest = run.manifest().orElseGet(
                () -> BackupManifest.before(hostName, run.configName(), null, mysql.dataDirectory(), null));
        Captured captured = strategy.capture(mysql.dataDirectory(), workDirectory, baseName,
                manifest.trailer(() -> {
                    // the zip strategy writes the manifest at the end of the capture: its time so far
                    Map<String, Long> timings = run.timingsMs();
                    timings.putIfAbsent("capture", Duration.between(started, Instant.now()).toMillis());
                    return timings;
                }), run::checkNotCancelled);
        Duration took = Duration.between(started, Instant.now());
        run.timing("capture", took);
        run.archive(run.archive().captured(captured));
        if (run.archive().isComplete()) {
            // the zip strategy's file is complete: worth shipping even if this process dies now
            store.fileReady(run);
        }
        captured.fallbackReason().ifPresent(note -> LOG.warn("Snapshot strategy {}: {}", strategy.name(), note));
        long ms = Math.max(1, took.toMillis());
        LOG.info("Captured {} files ({}) of {} by {} in {} ms ({} MB/s) while MySQL is down", captured.files(),
                ByteSize.format(captured.bytes()), mysql.dataDirectory(), captured.method(), ms,
                captured.bytes() / 1000 / ms);
    }
}
