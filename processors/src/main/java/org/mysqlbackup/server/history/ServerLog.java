package org.mysqlbackup.server.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.Times;

/**
 * Searches the server's history for the console's log browser and {@code backup-server history}:
 * one query, so both show the same rows. Pages are keyset pages on the row id (newest first): the
 * thousandth page of 100,000 rows reads as few rows as the first.
 */
public class ServerLog {
    private static final String COLUMNS = "Id, TransferId, ClientId, ConfigName, DatabaseName, StartTime, EndTime,"
            + " Status, CreatedAtMs, FileName, FilePath, FileSize, ChunkSize, Sha256, Md5, ErrorMessage, VerifiedAt,"
            + " VerifyResult, VerifyReason, DrilledAt, DrillResult, DrillReason, DeletedAt, DeletionReason";

    private final Sql sql;

    public ServerLog(DataSource db) {
        this.sql = new Sql(db, "server history");
    }

    /** A page of rows, newest first, and how many rows match in all. */
    public Page search(ServerLogFilter filter) {
        List<Object> args = new ArrayList<>();
        String where = where(filter, args);
        long total = sql.count("SELECT COUNT(*) FROM BackupLogs" + where, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        String pageWhere = where;
        if (filter.beforeId() != null) {
            pageWhere += (where.isEmpty() ? " WHERE" : " AND") + " Id < ?";
            pageArgs.add(filter.beforeId());
        }
        pageArgs.add(filter.limit() + 1);
        List<ServerLogRow> rows = new ArrayList<>(sql.query("SELECT " + COLUMNS + " FROM BackupLogs" + pageWhere
                + " ORDER BY Id DESC LIMIT ?", ServerLog::row, pageArgs.toArray()));
        Long next = null;
        if (rows.size() > filter.limit()) {
            rows.remove(rows.size() - 1);
            next = rows.get(rows.size() - 1).id();
        }
        return new Page(rows, total, next);
    }

    public Optional<ServerLogRow> find(long id) {
        return sql.query("SELECT " + COLUMNS + " FROM BackupLogs WHERE Id = ?", ServerLog::row, id).stream()
                .findFirst();
    }

    /** When each chunk of a transfer arrived (kept for stored transfers until log retention prunes the row). */
    public List<ChunkLog> chunks(String transferId) {
        return sql.query("SELECT ChunkIndex, ReceivedAt FROM ReceivedChunks WHERE TransferId = ? ORDER BY ChunkIndex",
                rs -> new ChunkLog(rs.getInt(1), rs.getString(2)), transferId);
    }

    /** The clients and configurations the history knows, for the filter lists. */
    public List<String[]> clientConfigurations() {
        return sql.query("SELECT DISTINCT ClientId, ConfigName FROM BackupLogs ORDER BY ClientId, ConfigName",
                rs -> new String[] {rs.getString(1), rs.getString(2)});
    }

    private static String where(ServerLogFilter f, List<Object> args) {
        List<String> parts = new ArrayList<>();
        if (f.from() != null) {
            parts.add("StartTime >= ?");
            args.add(Times.format(f.from()));
        }
        if (f.to() != null) {
            parts.add("StartTime < ?");
            args.add(Times.format(f.to()));
        }
        if (!f.statuses().isEmpty()) {
            parts.add("Status IN (" + String.join(", ", java.util.Collections.nCopies(f.statuses().size(), "?")) + ")");
            args.addAll(new java.util.TreeSet<>(f.statuses()));
        }
        if (f.client() != null) {
            parts.add("ClientId = ?");
            args.add(f.client());
        }
        if (f.configuration() != null) {
            parts.add("ConfigName = ?");
            args.add(f.configuration());
        }
        if (f.text() != null) {
            parts.add("(instr(lower(COALESCE(ErrorMessage, '')), lower(?)) > 0 OR instr(lower(COALESCE(FileName, '')),"
                    + " lower(?)) > 0 OR instr(TransferId, ?) > 0)");
            args.add(f.text());
            args.add(f.text());
            args.add(f.text());
        }
        return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
    }

    private static ServerLogRow row(ResultSet rs) throws SQLException {
        Long createdAtMs = Sql.nullableLong(rs, 9);
        return new ServerLogRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8),
                createdAtMs == null ? null : Times.format(java.time.Instant.ofEpochMilli(createdAtMs)),
                rs.getString(10), rs.getString(11), rs.getLong(12), rs.getInt(13), rs.getString(14), rs.getString(15),
                rs.getString(16), rs.getString(17), rs.getString(18), rs.getString(19), rs.getString(20),
                rs.getString(21), rs.getString(22), rs.getString(23), rs.getString(24));
    }

    /** A page of the log browser. {@code nextBeforeId} continues it; null on the last page. */
    public record Page(List<ServerLogRow> rows, long total, Long nextBeforeId) {
    }

    /** One chunk of a transfer: the seed's TransferLogs. */
    public record ChunkLog(int index, String receivedAt) {
    }
}
