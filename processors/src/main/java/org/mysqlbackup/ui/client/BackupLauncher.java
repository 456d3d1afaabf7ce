package org.mysqlbackup.ui.client;

import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.configuration.BackupConfiguration;
import org.mysqlbackup.schedule.SchedulePauses;
import org.mysqlbackup.schedule.ScheduledRunGuard;

/**
 * The console's "backup now" and "cancel". A backup now is claimed here, on the HTTP thread, with
 * the claim the schedules take ({@link ScheduledRunGuard}), so a second run of one configuration
 * is refused with a reason instead of skipped; the route then hands it to a thread of the daemon
 * (routes-client/console/client-api.camel.yaml) and the answer returns at once. A cancel is the
 * request {@code backup-client cancel} writes, which the running backup's watch acts on.
 */
public class BackupLauncher {
    private final ScheduledRunGuard guard;
    private final SchedulePauses pauses;
    private final BackupLogStore log;
    private final Function<String, Optional<BackupConfiguration>> configurations;
    private final String defaultName;

    /**
     * @param configurations the stored configuration of a name
     * @param defaultName    client.properties' own configuration ({@code backup.name}), also backed up
     */
    public BackupLauncher(ScheduledRunGuard guard, SchedulePauses pauses, BackupLogStore log,
                          Function<String, Optional<BackupConfiguration>> configurations, String defaultName) {
        this.guard = guard;
        this.pauses = pauses;
        this.log = log;
        this.configurations = configurations;
        this.defaultName = defaultName;
    }

    /** The answer to a backup now: it was handed over; its progress comes over the progress stream. */
    public record Started(String configuration, String requestedBy, String message) {
    }

    public record CancelRequested(long id, String requestedBy, String message) {
    }

    /**
     * Claims a run of {@code configName} for the caller, who must {@link #release} it when the
     * backup has ended.
     *
     * @throws NoSuchElementException if there is no such configuration
     * @throws IllegalStateException  if it is inactive, paused, or a backup of it is running
     */
    public Started claim(String configName, String user) {
        if (configName == null || configName.isBlank()) {
            throw new IllegalArgumentException("name the configuration to back up");
        }
        Optional<BackupConfiguration> stored = configurations.apply(configName);
        if (stored.isEmpty() && !configName.equals(defaultName)) {
            throw new NoSuchElementException("no backup configuration named '" + configName + "'");
        }
        if (stored.isPresent() && !stored.get().active()) {
            throw new IllegalStateException("configuration '" + configName + "' is inactive: activate it first"
                    + " (the Active box, or backup-client config set " + configName + " --active)");
        }
        Optional<String> paused = pauses.pausedBy(configName);
        if (paused.isPresent()) {
            throw new IllegalStateException("backups of '" + configName + "' are paused by " + paused.get());
        }
        if (!guard.tryClaim(configName)) {
            throw busy(configName, "in this client");
        }
        Optional<BackupLogRow> elsewhere = log.unfinished().stream()
                .filter(row -> configName.equals(row.configName()) && !row.isDead()).findFirst();
        if (elsewhere.isPresent()) {
            guard.release(configName);
            throw busy(configName, "(backup " + elsewhere.get().id() + ", process "
                    + elsewhere.get().ownerPid() + ")");
        }
        return new Started(configName, user, "backup of '" + configName + "' started");
    }

    /** Ends the claim {@link #claim} took, whatever the backup's outcome. */
    public void release(String configName) {
        guard.release(configName);
    }

    /** Asks the running backup {@code id} to stop at its next checkpoint (MySQL is started again if stopped). */
    public CancelRequested cancel(long id, String user) {
        BackupLogRow row = log.find(id).orElseThrow(() -> new NoSuchElementException("no backup " + id));
        if (row.status().isFinal() || row.isDead()) {
            throw new IllegalStateException("backup " + id + " is not running (" + row.asSeenNow().status() + ")");
        }
        if (log.requestCancel(id, "cancelled from the console by " + user) == 0) {
            throw new IllegalStateException("backup " + id + " was asked to cancel already, or has just ended");
        }
        return new CancelRequested(id, user, "backup " + id + " asked to cancel; it stops at its next checkpoint");
    }

    private static IllegalStateException busy(String configName, String where) {
        return new IllegalStateException("a backup of '" + configName + "' is running already " + where
                + ": wait for it to end, or cancel it");
    }
}
