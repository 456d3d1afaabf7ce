package org.mysqlbackup.client.run;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The backups this process is running now, by {@code BackupLogs} id, so they can be cancelled. */
public class ActiveRuns {
    private final Map<Long, BackupRun> runs = new ConcurrentHashMap<>();

    public void add(BackupRun run) {
        runs.put(run.logId(), run);
    }

    public void remove(BackupRun run) {
        runs.remove(run.logId(), run);
    }

    public Collection<BackupRun> all() {
        return List.copyOf(runs.values());
    }
}
