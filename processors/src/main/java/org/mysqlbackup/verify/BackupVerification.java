package org.mysqlbackup.verify;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.mysqlbackup.alert.AlertSeverity;
import org.mysqlbackup.config.StoragePath;
import org.mysqlbackup.events.ServerEvents;
import org.mysqlbackup.server.alerts.ServerAlert;
import org.mysqlbackup.server.alerts.ServerAlertKind;
import org.mysqlbackup.server.alerts.ServerAlerts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies one stored backup and acts on the result: records it in its row (VerifiedAt,
 * VerifyResult, VerifyReason), logs it, and raises BACKUP_CORRUPT or BACKUP_MISSING when the file
 * is damaged or gone. The one implementation behind the scheduled scrub, {@code backup-server
 * verify} and retention's re-check of the backup it is about to rely on.
 */
public class BackupVerification {
    private static final Logger LOG = LoggerFactory.getLogger(BackupVerification.class);

    private final StoragePath paths;
    private final BackupFileVerifier verifier;
    private final VerifyStore store;
    private final ServerAlerts alerts;
    private final Clock clock;
    private final ServerEvents events;

    /** @param root the storage root as a real path */
    public BackupVerification(Path root, BackupFileVerifier verifier, VerifyStore store, ServerAlerts alerts,
                              Clock clock) {
        this(root, verifier, store, alerts, clock, ServerEvents.none());
    }

    /** @param events where each recorded result is published ({@code verify.result}) */
    public BackupVerification(Path root, BackupFileVerifier verifier, VerifyStore store, ServerAlerts alerts,
                              Clock clock, ServerEvents events) {
        this.events = events;
        this.paths = new StoragePath(root);
        this.verifier = verifier;
        this.store = store;
        this.alerts = alerts;
        this.clock = clock;
    }

    public VerifyStore store() {
        return store;
    }

    /** The file of {@code backup}, if its recorded path is one verify may read. */
    public Optional<Path> fileOf(StoredFile backup) {
        return paths.resolve(backup.filePath());
    }

    public Verdict check(StoredFile backup) throws InterruptedException {
        Optional<Path> file = fileOf(backup);
        Verdict verdict = file.isEmpty()
                ? Verdict.missing("its recorded path '" + backup.filePath() + "' is not a file inside the storage root")
                : verifier.verify(file.get(), backup.fileSize(), backup.sha256());
        Instant at = clock.instant();
        if (!store.record(backup.id(), at, verdict.result(), verdict.reason())) {
            LOG.info("Backup {} of client {}, configuration {} was deleted while it was verified; result not recorded",
                    backup.id(), backup.clientId(), backup.configName());
            return verdict;
        }
        events.verified(backup.clientId(), backup.configName(), backup.id(), backup.filePath(),
                verdict.result().column(), verdict.intact() ? null : verdict.reason());
        if (verdict.intact()) {
            LOG.info("Verified backup {} of client {}, configuration {}: intact ({})", backup.id(), backup.clientId(),
                    backup.configName(), backup.filePath());
        } else {
            LOG.error("Verified backup {} of client {}, configuration {}: {}: {} ({})", backup.id(), backup.clientId(),
                    backup.configName(), verdict.result().column(), verdict.reason(), backup.filePath());
            alerts.raise(alert(backup, verdict));
        }
        return verdict;
    }

    static ServerAlert alert(StoredFile backup, Verdict verdict) {
        String what = "backup " + backup.id() + " (" + backup.filePath() + ", snapshot " + backup.createdAt() + ")";
        String again = "Take a new backup of " + backup.clientId() + "/" + backup.configName()
                + " now (backup-client --config FILE backup-now " + backup.configName() + " on that host). Retention keeps"
                + " older intact backups of this configuration and never counts this one as the newest good backup;"
                + " backup-server list --client " + backup.clientId() + " shows which are intact.";
        if (verdict.result() == VerifyResult.MISSING) {
            return new ServerAlert(ServerAlertKind.BACKUP_MISSING, AlertSeverity.CRITICAL, backup.clientId(),
                    backup.configName(), what + " is missing: " + verdict.reason(),
                    again + " Find out what removed the file (another process, a restore of the storage, a"
                            + " full disk cleanup) before it removes more.");
        }
        return new ServerAlert(ServerAlertKind.BACKUP_CORRUPT, AlertSeverity.CRITICAL, backup.clientId(),
                backup.configName(), what + " is corrupt: " + verdict.reason(),
                again + " Check the storage disk (dmesg, smartctl, the file system) before trusting its other"
                        + " files: backup-server verify --all re-reads every one.");
    }
}
