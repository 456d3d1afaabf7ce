package org.mysqlbackup.report;

import java.util.List;
import javax.sql.DataSource;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.db.Sql;

/** Searches the client's {@code BackupLogs}: the history the CLI prints and the UI will browse. */
public class BackupHistory {
    private final Sql sql;

    public BackupHistory(DataSource dataSource) {
        this.sql = new Sql(dataSource, "client database");
    }

    /** Backups matching {@code filter}, newest first. */
    public List<BackupLogRow> search(HistoryFilter filter) {
        HistoryFilter.Where where = filter.where();
        String query = "SELECT " + BackupLogStore.COLUMNS + " FROM BackupLogs" + where.sql()
                + " ORDER BY StartTime DESC, Id DESC" + (filter.limit() > 0 ? " LIMIT " + filter.limit() : "");
        return sql.query(query, BackupLogStore::row, where.args());
    }
}
