package org.mysqlbackup.schedule;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.ActiveRuns;
import org.mysqlbackup.client.run.BackupRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps two scheduled runs of one configuration from overlapping in this process: a firing while
 * a run of the same configuration is still going (another schedule's, this schedule's previous
 * one, or a resumed transfer of it) is skipped with one WARN line, not queued. Backups of one data
 * directory from other processes are kept apart by the instance lock. A configuration whose
 * schedules another process paused ({@link SchedulePauses}: a restore in place) is skipped too.
 */
public class ScheduledRunGuard {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRunGuard.class);

    private final ActiveRuns active;
    private final SchedulePauses pauses;
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();

    public ScheduledRunGuard(ActiveRuns active, SchedulePauses pauses) {
        this.active = active;
        this.pauses = pauses;
    }

    /** Claims the configuration named by the header {@link BackupRun#CONFIG_NAME_HEADER}, or stops the route. */
    public Processor claim() {
        return exchange -> {
            String name = exchange.getMessage().getHeader(BackupRun.CONFIG_NAME_HEADER, String.class);
            java.util.Optional<String> paused = pauses.pausedBy(name);
            if (paused.isPresent()) {
                LOG.warn("Scheduled backup of '{}' skipped: its schedules are paused by {}", name, paused.get());
                exchange.setRouteStop(true);
                return;
            }
            if (!tryClaim(name)) {
                LOG.warn("Scheduled backup of '{}' skipped: a backup of it is still running in this client", name);
                exchange.setRouteStop(true);
            }
        };
    }

    /** Releases what {@link #claim()} took; runs only on exchanges that claimed. */
    public Processor release() {
        return exchange -> claimed.remove(exchange.getMessage().getHeader(BackupRun.CONFIG_NAME_HEADER, String.class));
    }

    /**
     * Claims {@code configName} for one run in this process (a schedule's or the console's backup
     * now): false if a run of it holds a claim or is running here. {@link #release(String)} after.
     */
    public boolean tryClaim(String configName) {
        if (!claimed.add(configName)) {
            return false;
        }
        if (active.all().stream().anyMatch(run -> configName.equals(run.configName()))) {
            claimed.remove(configName);
            return false;
        }
        return true;
    }

    public void release(String configName) {
        claimed.remove(configName);
    }
}
