package org.mysqlbackup.drill;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.mysqlbackup.db.Sql;

/**
 * The client's record of its drills ({@code DrillResults}, schema V9), each linked to the local
 * history row of the backup it drilled: the row with the same SHA-256 (the server keeps the file
 * the client sent, byte for byte).
 */
public class ClientDrillLog {
    /** The last drill of a history row, as {@code history} shows it. */
    public record LastDrill(String result, String reason, String drilledAt) {
    }

    private final Sql sql;
    private final Clock clock;

    public ClientDrillLog(DataSource db, Clock clock) {
        this.sql = new Sql(db, "client database");
        this.clock = clock;
    }

    /** The local history row of the backup with this SHA-256, newest first; empty for a file made elsewhere. */
    public Optional<Long> backupLogOf(String sha256) {
        if (sha256 == null) {
            return Optional.empty();
        }
        return sql.query("SELECT Id FROM BackupLogs WHERE lower(Sha256) = lower(?) ORDER BY Id DESC LIMIT 1",
                rs -> rs.getLong(1), sha256).stream().findFirst();
    }

    /**
     * Records a drill.
     *
     * @param serverBackupId the backup's id on the server, null for a local file
     * @param source         {@code server} or {@code file}
     * @return the history row it was linked to, if any
     */
    public Optional<Long> record(String sha256, Long serverBackupId, String configName, String source, DrillResult result) {
        Optional<Long> backupLog = backupLogOf(sha256);
        DrillTimings t = result.timings();
        sql.insert("INSERT INTO DrillResults (BackupLogId, ServerBackupId, Sha256, ConfigName, Source, DrilledAt, Result,"
                        + " Reason, FetchMs, UnpackMs, BootMs, ChecksMs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                backupLog.orElse(null), serverBackupId, sha256, configName, source, clock.instant().toString(),
                result.outcome().label(), result.reason(), t.fetch().toMillis(), t.unpack().toMillis(),
                t.boot().toMillis(), t.checks().toMillis());
        return backupLog;
    }

    /** The last drill of each of these history rows that has one. */
    public Map<Long, LastDrill> lastOf(Collection<Long> backupLogIds) {
        Map<Long, LastDrill> last = new HashMap<>();
        if (backupLogIds.isEmpty()) {
            return last;
        }
        List<Long> ids = List.copyOf(backupLogIds);
        for (int from = 0; from < ids.size(); from += 500) {
            List<Long> part = ids.subList(from, Math.min(ids.size(), from + 500));
            String marks = part.stream().map(id -> "?").collect(Collectors.joining(", "));
            sql.query("SELECT d.BackupLogId, d.Result, d.Reason, d.DrilledAt FROM DrillResults d WHERE d.Id IN"
                            + " (SELECT MAX(Id) FROM DrillResults WHERE BackupLogId IN (" + marks + ") GROUP BY BackupLogId)",
                    rs -> last.put(rs.getLong(1), new LastDrill(rs.getString(2), rs.getString(3), rs.getString(4))),
                    part.toArray());
        }
        return last;
    }
}
