package org.mysqlbackup.client.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.mysqlbackup.snapshot.BackupManifest;

/**
 * One backup as it goes through the routes (the exchange property {@link #PROPERTY}): who it is
 * (id, configuration, instance), the step it is at, and the typed result of each phase so far:
 * {@link Downtime} (what the cold phase did to MySQL), {@link Archive} (the file to ship),
 * {@link Delivery} (the transfer), {@link Outcome} (how it ended) and its {@link Cancellation}.
 * Each phase replaces its own result; the failure handler reads them to know what to undo and
 * what to report. Written by one exchange at a time (the chunk senders only read).
 */
public final class BackupRun {
    public static final String PROPERTY = "backupRun";
    /** Header naming the configuration to back up; {@code backup.name} when absent. */
    public static final String CONFIG_NAME_HEADER = "MysqlBackupConfigName";

    private final String configName;
    private final Instant startedAt;
    private final Cancellation cancellation = new Cancellation();
    private final List<String> warnings = new ArrayList<>();
    private final TransferProgress progress = new TransferProgress();
    private final Map<String, Long> timingsMs = new LinkedHashMap<>();
    private final Deque<AutoCloseable> held = new ArrayDeque<>();
    private long logId;
    private int chunkSize;
    private long estimatedBytes;
    private MySqlTarget target;
    private BackupManifest manifest;
    private volatile BackupStep step = BackupStep.PREFLIGHT;
    private volatile Downtime downtime = Downtime.NONE;
    private volatile Archive archive = Archive.NONE;
    private volatile Delivery delivery = Delivery.NONE;
    private volatile Outcome outcome;

    public BackupRun(String configName, Instant startedAt) {
        this.configName = configName;
        this.startedAt = startedAt;
    }

    /** The run of the backup this exchange belongs to. */
    public static BackupRun of(Exchange exchange) {
        BackupRun run = exchange.getProperty(PROPERTY, BackupRun.class);
        if (run == null) {
            throw new IllegalStateException("exchange " + exchange.getExchangeId() + " is not part of a backup");
        }
        return run;
    }

    public String configName() {
        return configName;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public long logId() {
        return logId;
    }

    public void logId(long id) {
        this.logId = id;
    }

    /** The instance this backup is of; set before any step that touches MySQL. */
    public MySqlTarget target() {
        if (target == null) {
            throw new IllegalStateException("backup " + logId + " has no MySQL target");
        }
        return target;
    }

    public Optional<MySqlTarget> optionalTarget() {
        return Optional.ofNullable(target);
    }

    public void target(MySqlTarget value) {
        this.target = value;
    }

    /** The instance's name for the server's {database} token; null for a file with no instance behind it. */
    public String instanceName() {
        return target == null ? null : target.instanceName();
    }

    public BackupStep step() {
        return step;
    }

    public void step(BackupStep value) {
        this.step = value;
    }

    public int chunkSize() {
        return chunkSize;
    }

    public void chunkSize(int size) {
        this.chunkSize = size;
    }

    /** Upper bound of the snapshot's size, known from the pre-flight (the size of the data). */
    public long estimatedBytes() {
        return estimatedBytes;
    }

    public void estimatedBytes(long bytes) {
        this.estimatedBytes = bytes;
    }

    /** The manifest as known before the stop (host, server version, table checksums). */
    public Optional<BackupManifest> manifest() {
        return Optional.ofNullable(manifest);
    }

    public void manifest(BackupManifest value) {
        this.manifest = value;
    }

    public Downtime downtime() {
        return downtime;
    }

    public void downtime(Downtime value) {
        this.downtime = value;
    }

    public Archive archive() {
        return archive;
    }

    public void archive(Archive value) {
        this.archive = value;
    }

    public Delivery delivery() {
        return delivery;
    }

    public void delivery(Delivery value) {
        this.delivery = value;
    }

    public TransferProgress progress() {
        return progress;
    }

    public Cancellation cancellation() {
        return cancellation;
    }

    /**
     * Asks the backup to stop at its next checkpoint. MySQL, if stopped, is still started again:
     * the restart steps never check for cancellation.
     *
     * @param source who asks: an operator (not alerted), the deadline, or the client's shutdown
     */
    public void cancel(String reason, Cancellation.Source source) {
        cancellation.request(reason, step, source);
    }

    /** A checkpoint: throws if the backup was cancelled. */
    public void checkNotCancelled() {
        cancellation.check();
    }

    /** The step the workflow failed in: the interrupted one if the restart ran since, else the current one. */
    public BackupStep failingStep() {
        return downtime.interrupted().orElse(step);
    }

    /** Keeps {@code resource} (the instance lock, the restart watchdog) until the run is released. */
    public synchronized void hold(AutoCloseable resource) {
        held.push(resource);
    }

    /** What {@link #hold} kept, last first, handed over for release; empty afterwards. */
    public synchronized List<AutoCloseable> takeHeld() {
        List<AutoCloseable> all = new ArrayList<>(held);
        held.clear();
        return all;
    }

    /** Records how long a phase took, for the manifest and the log. */
    /** Something the operator should fix though the backup goes on, shown in its summary. */
    public synchronized void warn(String warning) {
        warnings.add(warning);
    }

    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    public synchronized void timing(String phase, Duration took) {
        timingsMs.put(phase, took.toMillis());
    }

    /** The phases timed so far, in the order they ran. */
    public synchronized Map<String, Long> timingsMs() {
        Map<String, Long> copy = new LinkedHashMap<>(timingsMs);
        downtime.duration().ifPresent(d -> copy.put("downtime", d.toMillis()));
        return copy;
    }

    public void end(Outcome value) {
        this.outcome = value;
    }

    public Optional<Outcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    /**
     * The run failed after its snapshot was complete, while talking to the server (or because
     * MySQL did not come back): the file is kept and a later run ships it, resuming the transfer
     * where it stopped.
     */
    public boolean resumable() {
        Outcome end = outcome;
        return end != null && end.status() == BackupStatus.Failed && archive.isComplete()
                && (end.failedStep() == BackupStep.TRANSFER || end.failedStep() == BackupStep.FINALIZE
                || downtime.restartFailed().isPresent());
    }

    public Duration duration() {
        Outcome end = outcome;
        return Duration.between(startedAt, end == null ? Instant.now() : end.endedAt());
    }
}
