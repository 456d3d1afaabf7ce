package org.mysqlbackup.client.guard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.mysqlbackup.alert.Alert;
import org.mysqlbackup.alert.AlertNotifier;
import org.mysqlbackup.alert.AlertSeverity;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.client.run.MySqlTarget;
import org.mysqlbackup.mysql.LocalProcesses;
import org.mysqlbackup.mysql.MySqlUnavailableException;
import org.mysqlbackup.snapshot.SnapshotStrategies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds what a client process left when it died and puts it right: MySQL it had stopped is started
 * again ({@link RestartRecovery}), and each backup it was running is closed: recorded Failed with
 * "the client process ended during &lt;step&gt;", its partial files removed (a complete zip is kept
 * for {@code resume}), and alerted (CRITICAL when the guard had to start MySQL, or could not;
 * FAILURE otherwise). Used by the watchdog of a backup, the daemon (at start and then every
 * {@code guard.check-interval-ms}) and {@code backup-client recover}; what one of them closed, the
 * others find closed.
 */
public class DeadRuns {
    private static final Logger LOG = LoggerFactory.getLogger(DeadRuns.class);

    /** Which restart intents a guard acts on. */
    public enum Scope {
        /**
         * The daemon's start and {@code recover}: every intent whose backup is not running in a live
         * process, including those a backup gave up on (its restart failed and it ended).
         */
        ALL_UNOWNED,
        /** While the daemon runs: only intents whose process is gone; a live process's failures are its own. */
        DEAD_OWNERS
    }

    /** One thing a guard found, and what it did. */
    public record Finding(long backupId, String message, boolean mysqlDown) {
    }

    private final BackupLogStore store;
    private final RestartIntents intents;
    private final RestartRecovery recovery;
    private final Function<String, MySqlTarget> targets;
    private final AlertNotifier alerts;
    private final String host;

    public DeadRuns(BackupLogStore store, RestartIntents intents, RestartRecovery recovery,
                    Function<String, MySqlTarget> targets, AlertNotifier alerts, String host) {
        this.store = store;
        this.intents = intents;
        this.recovery = recovery;
        this.targets = targets;
        this.alerts = alerts;
        this.host = host;
    }

    /** Every intent in {@code scope} and every dead backup. */
    public List<Finding> recover(Scope scope) {
        List<Finding> findings = new ArrayList<>();
        Map<Long, BackupLogRow> unfinished = new HashMap<>();
        store.unfinished().forEach(row -> unfinished.put(row.id(), row));
        RestartIntents.Listing listing = intents.list();
        listing.unreadable().forEach(problem -> {
            LOG.error("Restart guard: cannot read a restart intent ({}); check it and start MySQL by hand if needed",
                    problem);
            findings.add(new Finding(0, "unreadable restart intent: " + problem, true));
        });
        for (RestartIntent intent : listing.intents()) {
            BackupLogRow row = unfinished.remove(intent.backupId());
            if (inScope(intent, row, scope)) {
                findings.add(recover(intent, row));
            }
        }
        for (BackupLogRow row : unfinished.values()) {
            if (row.isDead()) {
                findings.add(close(row, null, null));
            }
        }
        return findings;
    }

    /** What the watchdog of backup {@code backupId} does when that backup's process has ended. */
    public List<Finding> recoverBackup(long backupId) {
        Optional<BackupLogRow> row = store.find(backupId).filter(r -> !r.status().isFinal());
        Optional<RestartIntent> intent = intents.find(backupId);
        if (intent.isPresent()) {
            return List.of(recover(intent.get(), row.orElse(null)));
        }
        return row.filter(BackupLogRow::isDead).map(r -> List.of(close(r, null, null))).orElse(List.of());
    }

    private static boolean inScope(RestartIntent intent, BackupLogRow unfinishedRow, Scope scope) {
        if (!intent.owner().isAlive()) {
            return true;
        }
        // a live process that ended the backup (its restart failed) left the intent to a guard
        return scope == Scope.ALL_UNOWNED && unfinishedRow == null;
    }

    private Finding recover(RestartIntent intent, BackupLogRow unfinishedRow) {
        RecoveryResult result = recovery.recover(intent);
        switch (result.kind()) {
            case STARTED -> LOG.warn("Restart guard: {}", result.message());
            case NOT_STARTED -> LOG.error("CRITICAL: restart guard: {}. Start MySQL by hand now.", result.message());
            default -> LOG.info("Restart guard: {}", result.message());
        }
        if (unfinishedRow != null && result.kind() != RecoveryResult.Kind.BUSY
                && result.kind() != RecoveryResult.Kind.OWNER_RUNNING) {
            return close(unfinishedRow, intent, result);
        }
        return new Finding(intent.backupId(), result.message(), result.mysqlDown());
    }

    /** Records a dead backup Failed, removes its partial files and alerts; nothing if another guard closed it. */
    private Finding close(BackupLogRow row, RestartIntent intent, RecoveryResult result) {
        boolean keepZip = completeZip(row);
        String step = row.step() == null ? "start" : row.step();
        StringBuilder reason = new StringBuilder("the client process ended during ").append(step);
        Boolean mysqlRunning;
        Long downtimeMs = null;
        AlertSeverity severity = AlertSeverity.FAILURE;
        if (result != null) {
            mysqlRunning = !result.mysqlDown();
            switch (result.kind()) {
                case STARTED -> {
                    reason.append(", with MySQL stopped; the restart guard started it again");
                    severity = AlertSeverity.CRITICAL;
                }
                case NOT_STARTED -> {
                    reason.append(", with MySQL stopped; ").append(result.message());
                    severity = AlertSeverity.CRITICAL;
                }
                case LEFT_ALONE -> reason.append("; ").append(result.message());
                default -> reason.append("; MySQL is running");
            }
            downtimeMs = result.backAt().map(back -> Duration.between(intent.stoppedAt(), back).toMillis()).orElse(null);
        } else {
            mysqlRunning = measure(row.configName());
        }
        if (Boolean.FALSE.equals(mysqlRunning)) {
            severity = AlertSeverity.CRITICAL;
        }
        List<Path> removed = removeLeftovers(row, keepZip, reason);
        if (!store.closeDead(row, reason.toString(), mysqlRunning, downtimeMs, keepZip)) {
            return new Finding(row.id(), "backup " + row.id() + " was closed by another guard meanwhile",
                    Boolean.FALSE.equals(mysqlRunning));
        }
        LOG.error("Backup {} of '{}' failed at {}: {}{}", row.id(), row.configName(), step, reason,
                removed.isEmpty() ? "" : " (removed " + removed + ")");
        alerts.notify(Alert.now(severity, mysqlRunning, host, row.configName(), row.id(), step, reason.toString(),
                action(result, keepZip, row)));
        return new Finding(row.id(), "backup " + row.id() + " of '" + row.configName() + "': " + reason,
                Boolean.FALSE.equals(mysqlRunning));
    }

    private static boolean completeZip(BackupLogRow row) {
        if (row.localFile() == null || row.sha256() == null || row.fileSize() == null) {
            return false;
        }
        try {
            return Files.size(Path.of(row.localFile())) == row.fileSize();
        } catch (IOException gone) {
            return false;
        }
    }

    private static List<Path> removeLeftovers(BackupLogRow row, boolean keepZip, StringBuilder reason) {
        if (row.workPrefix() == null) {
            return List.of();
        }
        Path prefix = Path.of(row.workPrefix());
        // a cp the dead process started copies on into the folder otherwise
        List<Long> ended = LocalProcesses.killNaming(prefix, Duration.ofSeconds(10));
        if (!ended.isEmpty()) {
            LOG.warn("Ended processes {} the dead client had started on {}", ended, prefix);
        }
        try {
            return SnapshotStrategies.deleteLeftovers(prefix, keepZip);
        } catch (RuntimeException e) {
            reason.append("; its partial files could not all be removed: ").append(e.getMessage());
            return List.of();
        }
    }

    private Boolean measure(String configName) {
        try {
            targets.apply(configName).availability().verify();
            return true;
        } catch (MySqlUnavailableException e) {
            return false;
        } catch (RuntimeException noSuchConfiguration) {
            return null;
        }
    }

    private static String action(RecoveryResult result, boolean keepZip, BackupLogRow row) {
        String file = keepZip ? " The complete snapshot " + row.localFile() + " is kept; the daemon ships it (or run:"
                + " backup-client resume)." : "";
        if (result != null && result.mysqlDown()) {
            return "Start MySQL by hand now and read its error log; then run backup-client recover to close what is"
                    + " left." + file;
        }
        if (result != null && result.kind() == RecoveryResult.Kind.STARTED) {
            return "MySQL is running again. Find out why the client process ended (OOM killer, kill -9, a crash: the"
                    + " system log and the client's log say) before the next backup." + file;
        }
        return "Find out why the client process ended (OOM killer, kill -9, a crash, a reboot); the next scheduled"
                + " backup runs normally." + file;
    }
}
