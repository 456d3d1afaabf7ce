package org.mysqlbackup.report;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.mysqlbackup.db.Sql;

/**
 * Sums up the client's {@code BackupLogs} over a period, per configuration and in total. The
 * figures are aggregated by SQLite from the rows themselves, so they match {@code history} for the
 * same period exactly.
 */
public class PeriodReporter {
    private static final String FIGURES = "COUNT(*),"
            + " SUM(Status = 'Completed'), SUM(Status = 'Failed'), SUM(Status = 'Cancelled'),"
            + " SUM(Status NOT IN ('Completed', 'Failed', 'Cancelled')),"
            + " SUM(CASE WHEN Status = 'Completed' THEN FileSize END),"
            + " SUM(DurationMs), COUNT(DurationMs), MAX(DurationMs),"
            + " SUM(DowntimeMs), COUNT(DowntimeMs), MAX(DowntimeMs),"
            + " MIN(StartTime), MAX(StartTime)";

    private final Sql sql;

    public PeriodReporter(DataSource dataSource) {
        this.sql = new Sql(dataSource, "client database");
    }

    /** The report of backups started in {@code period}, of configuration {@code config} (all when null). */
    public PeriodReport report(Period period, String config) {
        // the rows history selects for the same period and configuration
        HistoryFilter.Where where = new HistoryFilter(period, Set.of(), config, 0).where();
        List<ConfigSummary> perConfig = sql.query("SELECT ConfigName, " + FIGURES + " FROM BackupLogs" + where.sql()
                + " GROUP BY ConfigName ORDER BY ConfigName", rs -> summary(rs.getString(1), rs), where.args());
        ConfigSummary total = sql.query("SELECT NULL, " + FIGURES + " FROM BackupLogs" + where.sql(),
                rs -> summary(null, rs), where.args()).get(0);
        return new PeriodReport(period.from(), period.to(), config, perConfig, total);
    }

    private static ConfigSummary summary(String name, ResultSet rs) throws SQLException {
        long durationSum = rs.getLong(8);
        long durations = rs.getLong(9);
        long downtimeSum = rs.getLong(11);
        long downtimes = rs.getLong(12);
        return new ConfigSummary(name, rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                rs.getLong(7), durationSum, ConfigSummary.mean(durationSum, durations), Sql.nullableLong(rs, 10),
                downtimeSum, ConfigSummary.mean(downtimeSum, downtimes), Sql.nullableLong(rs, 13),
                rs.getString(14), rs.getString(15));
    }
}
