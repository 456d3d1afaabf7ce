package org.mysqlbackup.observe;

import java.util.List;
import javax.sql.DataSource;
import org.mysqlbackup.observe.HistoryMetrics.Series;

/**
 * The server's backup metrics, per client (certificate common name) and configuration, from its
 * {@code BackupLogs} and {@code OverdueStates} (route {@code server-metrics}):
 * <pre>
 * mysql_backup_last_success_timestamp_seconds{client,config}   end of the newest completed transfer
 * mysql_backup_last_success_size_bytes{client,config}          its stored size
 * mysql_backup_last_success_duration_seconds{client,config}    its transfer, first request to stored
 * mysql_backup_last_success_throughput_bytes_per_second{client,config}
 * mysql_backup_failed_transfers{client,config}                 failed transfers in the kept history
 * mysql_backup_received_bytes{client,config}                   bytes of the completed transfers in the kept history
 * mysql_backup_overdue{client,config}                          1 while an OVERDUE alert stands, else 0
 * mysql_backup_damaged_backups{client,config}                  stored backups verify found corrupt or missing
 * mysql_backup_last_drill_passed{client,config}                1 or 0: the newest drilled backup's result
 * mysql_backup_transfers_running                               transfers receiving or verifying now
 * </pre>
 * Counts cover the history log retention keeps ({@code logs.retention.*}), so they are gauges:
 * alert on their {@code delta()}, not on a {@code rate()} of a counter.
 */
public final class ServerBackupMetrics {
    private static final List<String> LABELS = List.of("client", "config");
    private static final String NEWEST_COMPLETED = """
            WITH newest AS (SELECT ClientId, ConfigName, StartTime, EndTime, FileSize,
                   ROW_NUMBER() OVER (PARTITION BY ClientId, ConfigName ORDER BY EndTime DESC, Id DESC) AS n
              FROM BackupLogs WHERE Status = 'Completed' AND EndTime IS NOT NULL)
            SELECT ClientId, ConfigName, %s FROM newest WHERE n = 1""";
    private static final String DURATION = "MAX((julianday(EndTime) - julianday(StartTime)) * 86400.0, 0.001)";
    private static final String PER_CONFIGURATION =
            "SELECT ClientId, ConfigName, %s FROM BackupLogs GROUP BY ClientId, ConfigName";

    private ServerBackupMetrics() {
    }

    public static HistoryMetrics create(DataSource db) {
        return new HistoryMetrics(db, List.of(
                new Series("mysql_backup_last_success_timestamp_seconds",
                        "End of the newest completed transfer (Unix time)", "seconds", LABELS,
                        NEWEST_COMPLETED.formatted(SqlTimes.EPOCH_SECONDS.formatted("EndTime"))),
                new Series("mysql_backup_last_success_size_bytes", "Stored size of the newest completed backup",
                        "bytes", LABELS, NEWEST_COMPLETED.formatted("FileSize")),
                new Series("mysql_backup_last_success_duration_seconds",
                        "Transfer time of the newest completed backup, first request to stored", "seconds", LABELS,
                        NEWEST_COMPLETED.formatted(DURATION)),
                new Series("mysql_backup_last_success_throughput_bytes_per_second",
                        "Size over transfer time of the newest completed backup", null, LABELS,
                        NEWEST_COMPLETED.formatted("FileSize / " + DURATION)),
                new Series("mysql_backup_failed_transfers", "Failed transfers in the kept history", null, LABELS,
                        PER_CONFIGURATION.formatted("SUM(Status = 'Failed')")),
                new Series("mysql_backup_received_bytes", "Bytes of the completed transfers in the kept history",
                        "bytes", LABELS,
                        PER_CONFIGURATION.formatted("SUM(CASE WHEN Status = 'Completed' THEN FileSize ELSE 0 END)")),
                new Series("mysql_backup_damaged_backups", "Stored backups that verify found corrupt or missing",
                        null, LABELS, PER_CONFIGURATION.formatted(
                                "SUM(Status = 'Completed' AND VerifyResult IN ('corrupt', 'missing'))")),
                new Series("mysql_backup_overdue",
                        "1 while the configuration's next backup is overdue (OVERDUE alert), else 0", null, LABELS,
                        "SELECT ClientId, ConfigName, OverdueSince IS NOT NULL FROM OverdueStates"),
                new Series("mysql_backup_last_drill_passed",
                        "1 if the newest drilled backup passed its restorability drill, 0 if not", null, LABELS, """
                        WITH newest AS (SELECT ClientId, ConfigName, DrillResult,
                               ROW_NUMBER() OVER (PARTITION BY ClientId, ConfigName ORDER BY DrilledAt DESC, Id DESC) AS n
                          FROM BackupLogs WHERE DrillResult IS NOT NULL)
                        SELECT ClientId, ConfigName, DrillResult = 'passed' FROM newest WHERE n = 1"""),
                new Series("mysql_backup_transfers_running", "Transfers receiving or verifying now", null, List.of(),
                        "SELECT COUNT(*) FROM BackupLogs WHERE Status IN ('Transferring', 'Verifying')")));
    }
}
