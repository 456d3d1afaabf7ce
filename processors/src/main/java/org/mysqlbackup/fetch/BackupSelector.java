package org.mysqlbackup.fetch;

import java.time.Instant;
import org.mysqlbackup.protocol.FetchOpen;

/**
 * Which stored backup to fetch: one by its server id, the newest of a configuration, or the newest
 * taken at or before a time. A null configuration means any of this client's configurations.
 */
public record BackupSelector(Long backupId, String configName, Instant at) {
    public BackupSelector {
        if (backupId != null && (configName != null || at != null)) {
            throw new IllegalArgumentException("select a backup by id, or by configuration and time, not both");
        }
    }

    public static BackupSelector byId(long backupId) {
        return new BackupSelector(backupId, null, null);
    }

    public static BackupSelector latest(String configName) {
        return new BackupSelector(null, configName, null);
    }

    public static BackupSelector at(String configName, Instant at) {
        return new BackupSelector(null, configName, java.util.Objects.requireNonNull(at, "at"));
    }

    FetchOpen request(int maxChunkSize) {
        if (backupId != null) {
            return FetchOpen.byId(backupId, maxChunkSize);
        }
        return at == null ? FetchOpen.latest(configName, maxChunkSize)
                : FetchOpen.at(configName, at.toEpochMilli(), maxChunkSize);
    }

    @Override
    public String toString() {
        if (backupId != null) {
            return "backup " + backupId;
        }
        String of = configName == null ? "" : " of configuration '" + configName + "'";
        return at == null ? "the newest backup" + of : "the newest backup" + of + " taken at or before " + at;
    }
}
