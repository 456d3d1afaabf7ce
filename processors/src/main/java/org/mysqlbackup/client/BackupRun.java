package org.mysqlbackup.client;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.mysqlbackup.snapshot.BackupManifest;
import org.mysqlbackup.snapshot.Captured;

/**
 * What one backup has done so far. Travels through the routes as the exchange property
 * {@link #PROPERTY}; each step records its results here and the failure handler reads it to know
 * what to undo and what to report. Written by one exchange at a time (the chunk senders only read).
 */
public final class BackupRun {
    public static final String PROPERTY = "backupRun";

    private final String configName;
    private final Instant startedAt;
    private MySqlTarget target;
    private long logId;
    private volatile BackupStep step = BackupStep.PREFLIGHT;

    private Long mysqlPid;
    private Instant stopRequestedAt;
    private boolean mysqlStopRequested;
    private Instant mysqlAvailableAt;
    private String restartFailure;
    private String startCommandFailure;
    private BackupStep interruptedStep;
    private boolean coldPhaseDone;

    private int chunkSize;
    private long estimatedBytes;
    private boolean ownsFile = true;
    private Duration recordedDowntime;
    private final TransferProgress progress = new TransferProgress();

    private BackupManifest manifest;
    private Captured captured;
    private String snapshotMethod;
    private String snapshotNote;
    private final Map<String, Long> timingsMs = new LinkedHashMap<>();

    private Path zipFile;
    private long zipSize;
    private String sha256;
    private String md5;

    private String transferId;
    private String storedName;
    private String storedPath;

    private volatile BackupStatus finalStatus;
    private volatile String cancelReason;
    private volatile BackupStep cancelledDuring;
    private AutoCloseable instanceLock;
    private BackupStep failedStep;
    private String failureReason;
    private Instant endedAt;

    /** The run of the backup this exchange belongs to. */
    /** The instance this backup is of; set by {@link BackupStarter} before any step that touches MySQL. */
    public MySqlTarget target() {
        if (target == null) {
            throw new IllegalStateException("backup " + logId + " has no MySQL target");
        }
        return target;
    }

    public void target(MySqlTarget value) {
        this.target = value;
    }

    public static BackupRun of(org.apache.camel.Exchange exchange) {
        BackupRun run = exchange.getProperty(PROPERTY, BackupRun.class);
        if (run == null) {
            throw new IllegalStateException("exchange " + exchange.getExchangeId() + " is not part of a backup");
        }
        return run;
    }

    /**
     * Asks the backup to stop at its next checkpoint. MySQL, if stopped, is still started again:
     * the restart steps never check for cancellation.
     */
    public void cancel(String reason) {
        if (cancelReason == null) {
            cancelledDuring = step;
            cancelReason = reason;
        }
    }

    /** The step that was running when the backup was asked to cancel. */
    public Optional<BackupStep> cancelledDuring() {
        return Optional.ofNullable(cancelledDuring);
    }

    public Optional<String> cancelReason() {
        return Optional.ofNullable(cancelReason);
    }

    /** Keeps the lock on the MySQL instance until the run is released. */
    public void holdLock(AutoCloseable lock) {
        this.instanceLock = lock;
    }

    /** The lock on the MySQL instance, handed over for release (empty if none or already taken). */
    public Optional<AutoCloseable> takeLock() {
        AutoCloseable lock = instanceLock;
        instanceLock = null;
        return Optional.ofNullable(lock);
    }

    /** A checkpoint: throws if the backup was cancelled. */
    public void checkNotCancelled() {
        String reason = cancelReason;
        if (reason != null) {
            throw new BackupCancelledException(reason);
        }
    }

    public BackupRun(String configName, Instant startedAt) {
        this.configName = configName;
        this.startedAt = startedAt;
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

    public BackupStep step() {
        return step;
    }

    public void step(BackupStep step) {
        this.step = step;
    }

    public Optional<Long> mysqlPid() {
        return Optional.ofNullable(mysqlPid);
    }

    /** Marks that a stop was asked for: from here on, every path must start MySQL again. */
    public void stopRequested(Instant at, Long pid) {
        this.stopRequestedAt = at;
        this.mysqlPid = pid;
        this.mysqlStopRequested = true;
    }

    public boolean mysqlStopRequested() {
        return mysqlStopRequested;
    }

    public void mysqlAvailable(Instant at) {
        this.mysqlAvailableAt = at;
        this.restartFailure = null;
    }

    public Optional<Instant> mysqlAvailableAt() {
        return Optional.ofNullable(mysqlAvailableAt);
    }

    /** From the stop command to MySQL answering again; empty while MySQL has not been stopped and verified. */
    public Optional<Duration> downtime() {
        if (stopRequestedAt == null || mysqlAvailableAt == null) {
            return Optional.ofNullable(recordedDowntime);
        }
        return Optional.of(Duration.between(stopRequestedAt, mysqlAvailableAt));
    }

    /** Every step that needs MySQL down (stop, proof, capture) has worked: the restart interrupts nothing. */
    public void coldPhaseDone() {
        this.coldPhaseDone = true;
    }

    public boolean isColdPhaseDone() {
        return coldPhaseDone;
    }

    /**
     * MySQL is being started again before the snapshot finished: the step running now is the one
     * that failed, and the failure handler must name it rather than the restart steps after it.
     */
    public void interrupted() {
        this.interruptedStep = step;
    }

    /** The step the workflow failed in: the interrupted one if the restart ran since, else the current one. */
    public BackupStep failingStep() {
        return interruptedStep != null ? interruptedStep : step;
    }

    /** The start command failed; verification still decides, but its failure will cite this. */
    public void startCommandFailed(String reason) {
        this.startCommandFailure = reason;
    }

    public Optional<String> startCommandFailure() {
        return Optional.ofNullable(startCommandFailure);
    }

    public void restartFailed(String reason) {
        this.restartFailure = reason;
    }

    /** Why MySQL could not be brought back; empty if it is running (or was never stopped). */
    public Optional<String> restartFailure() {
        return Optional.ofNullable(restartFailure);
    }

    /** The manifest as known before the stop (host, server version, table checksums). */
    public Optional<BackupManifest> manifest() {
        return Optional.ofNullable(manifest);
    }

    public void manifest(BackupManifest manifest) {
        this.manifest = manifest;
    }

    /** What the capture took while MySQL was down, until it is packaged into the zip. */
    public Optional<Captured> captured() {
        return Optional.ofNullable(captured);
    }

    /** A capture to package, or null once packaged or discarded. */
    public void captured(Captured captured) {
        this.captured = captured;
        if (captured != null) {
            this.snapshotMethod = captured.method();
            this.snapshotNote = captured.note();
        }
    }

    /** {@code zip}, {@code copy} or {@code reflink}: how the data directory was captured; empty before. */
    public Optional<String> snapshotMethod() {
        return Optional.ofNullable(snapshotMethod);
    }

    /** Why the method differs from the configured strategy (a reflink that fell back to a copy); empty if it does not. */
    public Optional<String> snapshotNote() {
        return Optional.ofNullable(snapshotNote);
    }

    /** Records how long a phase took, for the manifest and the log. */
    public synchronized void timing(String phase, Duration took) {
        timingsMs.put(phase, took.toMillis());
    }

    /** The phases timed so far, in the order they ran. */
    public synchronized Map<String, Long> timingsMs() {
        Map<String, Long> copy = new LinkedHashMap<>(timingsMs);
        downtime().ifPresent(d -> copy.put("downtime", d.toMillis()));
        return copy;
    }

    public Optional<Instant> stopRequestedAt() {
        return Optional.ofNullable(stopRequestedAt);
    }

    public void snapshotTaken(Path zip, long size, String sha256, String md5) {
        this.zipFile = zip;
        this.zipSize = size;
        this.sha256 = sha256;
        this.md5 = md5;
    }

    /**
     * A run that ships a file taken earlier (a resumed transfer, or {@code send FILE}): its
     * downtime was recorded when its snapshot was taken, and the file may not be this run's to delete.
     */
    public void shipsExistingFile(Path file, long size, String sha256, String md5, Duration downtime, boolean owned) {
        this.zipFile = file;
        this.zipSize = size;
        this.sha256 = sha256;
        this.md5 = md5;
        this.recordedDowntime = downtime;
        this.ownsFile = owned;
    }

    /** False for a file the operator handed over ({@code send}): it is never deleted. */
    public boolean ownsFile() {
        return ownsFile;
    }

    /** Upper bound of the snapshot's size, known from the pre-flight (the size of the data). */
    public long estimatedBytes() {
        return estimatedBytes;
    }

    public void estimatedBytes(long bytes) {
        this.estimatedBytes = bytes;
    }

    public int chunkSize() {
        return chunkSize;
    }

    public void chunkSize(int size) {
        this.chunkSize = size;
    }

    public TransferProgress progress() {
        return progress;
    }

    /**
     * The run failed after its snapshot was complete, while talking to the server (or because
     * MySQL did not come back): the file is kept and a later run ships it, resuming the transfer
     * where it stopped.
     */
    public boolean resumable() {
        return finalStatus == BackupStatus.Failed && sha256 != null
                && (failedStep == BackupStep.TRANSFER || failedStep == BackupStep.FINALIZE || restartFailure != null);
    }

    public Optional<Path> zipFile() {
        return Optional.ofNullable(zipFile);
    }

    public void zipFile(Path zip) {
        this.zipFile = zip;
    }

    public long zipSize() {
        return zipSize;
    }

    public String sha256() {
        return sha256;
    }

    public String md5() {
        return md5;
    }

    public String transferId() {
        return transferId;
    }

    public void transferId(String id) {
        this.transferId = id;
    }

    public void stored(String name, String path) {
        this.storedName = name;
        this.storedPath = path;
    }

    public String storedName() {
        return storedName;
    }

    public String storedPath() {
        return storedPath;
    }

    public void completed(Instant at) {
        this.finalStatus = BackupStatus.Completed;
        this.endedAt = at;
    }

    public void failed(Instant at, BackupStatus status, BackupStep atStep, String reason) {
        this.finalStatus = status;
        this.failedStep = atStep;
        this.failureReason = reason;
        this.endedAt = at;
    }

    public Optional<BackupStatus> finalStatus() {
        return Optional.ofNullable(finalStatus);
    }

    public Optional<BackupStep> failedStep() {
        return Optional.ofNullable(failedStep);
    }

    public Optional<String> failureReason() {
        return Optional.ofNullable(failureReason);
    }

    public Duration duration() {
        return Duration.between(startedAt, endedAt == null ? Instant.now() : endedAt);
    }
}
