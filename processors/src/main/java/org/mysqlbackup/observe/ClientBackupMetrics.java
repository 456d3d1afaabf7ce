package org.mysqlbackup.observe;

import java.util.List;
import javax.sql.DataSource;
import org.mysqlbackup.observe.HistoryMetrics.Series;

/**
 * The client's backup metrics, per configuration, from its {@code BackupLogs} and
 * {@code DrillResults} (route {@code client-metrics}). The MySQL downtime is known here only:
 * <pre>
 * mysql_backup_last_success_timestamp_seconds{config}   end of the newest completed backup
 * mysql_backup_last_success_size_bytes{config}          its zip's size
 * mysql_backup_last_success_downtime_seconds{config}    MySQL down, stop command to answering again
 * mysql_backup_last_success_duration_seconds{config}    the whole backup, start to stored
 * mysql_backup_failed_backups{config}                   failed backups in the kept history
 * mysql_backup_mysql_running{config}                    0 if MySQL did not answer at the end of the newest finished backup
 * mysql_backup_last_drill_passed{config}                1 or 0: the newest drill's result
 * mysql_backup_backups_running                          backups under way now
 * </pre>
 */
public final class ClientBackupMetrics {
    private static final List<String> LABELS = List.of("config");
    private static final String NEWEST = """
            WITH newest AS (SELECT ConfigName, EndTime, FileSize, DowntimeMs, DurationMs, MySqlRunningAfter,
                   ROW_NUMBER() OVER (PARTITION BY ConfigName ORDER BY EndTime DESC, Id DESC) AS n
              FROM BackupLogs WHERE Status IN (%s) AND EndTime IS NOT NULL)
            SELECT ConfigName, %s FROM newest WHERE n = 1""";
    private static final String COMPLETED = "'Completed'";
    private static final String FINISHED = "'Completed', 'Failed', 'Cancelled'";

    private ClientBackupMetrics() {
    }

    public static HistoryMetrics create(DataSource db) {
        return new HistoryMetrics(db, List.of(
                new Series("mysql_backup_last_success_timestamp_seconds",
                        "End of the newest completed backup (Unix time)", "seconds", LABELS,
                        NEWEST.formatted(COMPLETED, SqlTimes.EPOCH_SECONDS.formatted("EndTime"))),
                new Series("mysql_backup_last_success_size_bytes", "Size of the newest completed backup's zip",
                        "bytes", LABELS, NEWEST.formatted(COMPLETED, "FileSize")),
                new Series("mysql_backup_last_success_downtime_seconds",
                        "MySQL downtime of the newest completed backup, stop command to answering again", "seconds",
                        LABELS, NEWEST.formatted(COMPLETED, "DowntimeMs / 1000.0")),
                new Series("mysql_backup_last_success_duration_seconds",
                        "Duration of the newest completed backup, start to stored", "seconds", LABELS,
                        NEWEST.formatted(COMPLETED, "DurationMs / 1000.0")),
                new Series("mysql_backup_failed_backups", "Failed backups in the kept history", null, LABELS,
                        "SELECT ConfigName, SUM(Status = 'Failed') FROM BackupLogs GROUP BY ConfigName"),
                new Series("mysql_backup_mysql_running",
                        "0 if MySQL did not answer at the end of the newest finished backup, else 1", null, LABELS,
                        NEWEST.formatted(FINISHED, "MySqlRunningAfter")),
                new Series("mysql_backup_last_drill_passed",
                        "1 if the newest restorability drill passed, 0 if not", null, LABELS, """
                        WITH newest AS (SELECT ConfigName, Result,
                               ROW_NUMBER() OVER (PARTITION BY ConfigName ORDER BY DrilledAt DESC, Id DESC) AS n
                          FROM DrillResults WHERE ConfigName IS NOT NULL)
                        SELECT ConfigName, Result = 'passed' FROM newest WHERE n = 1"""),
                new Series("mysql_backup_backups_running", "Backups under way now", null, List.of(),
                        "SELECT COUNT(*) FROM BackupLogs WHERE Status NOT IN (" + FINISHED + ")")));
    }
}
