package org.mysqlbackup.report;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.mysqlbackup.client.BackupLogRow;
import org.mysqlbackup.client.BackupLogStore;
import org.mysqlbackup.client.BackupStatus;
import org.mysqlbackup.db.Sql;

/** Searches the client's {@code BackupLogs}: the history the CLI prints and the UI will browse. */
public class BackupHistory {
    private final Sql sql;

    public BackupHistory(DataSource dataSource) {
        this.sql = new Sql(dataSource, "client database");
    }

    /** Backups matching {@code filter}, newest first. */
    public List<BackupLogRow> search(HistoryFilter filter) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        Period period = filter.period();
        if (period.from() != null) {
            where.add("StartTime >= ?");
            args.add(period.fromText());
        }
        if (period.to() != null) {
            where.add("StartTime < ?");
            args.add(period.toText());
        }
        if (!filter.statuses().isEmpty()) {
            where.add("Status IN (" + filter.statuses().stream().map(s -> "?").collect(Collectors.joining(", ")) + ")");
            filter.statuses().stream().map(BackupStatus::name).sorted().forEach(args::add);
        }
        if (filter.config() != null) {
            where.add("ConfigName = ?");
            args.add(filter.config());
        }
        String query = "SELECT " + BackupLogStore.COLUMNS + " FROM BackupLogs"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY StartTime DESC, Id DESC" + (filter.limit() > 0 ? " LIMIT " + filter.limit() : "");
        return sql.query(query, BackupLogStore::row, args.toArray());
    }
}
