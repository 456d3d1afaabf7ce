package org.mysqlbackup.verify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.Times;

/**
 * What verify reads and writes in the server's {@code BackupLogs} (schema V6): the stored backups
 * (Completed, with a file, not deleted by retention) with their last verify, and each new result.
 * Only the three verify columns are ever written; the rest of a row stays as finalize left it.
 */
public class VerifyStore {
    private static final String COLUMNS = "Id, ClientId, ConfigName, CreatedAtMs, StartTime, FilePath, FileSize, Sha256,"
            + " VerifiedAt, VerifyResult, VerifyReason";
    private static final String STORED = "Status = 'Completed' AND FilePath IS NOT NULL AND DeletedAt IS NULL";

    private final Sql sql;

    public VerifyStore(DataSource dataSource) {
        this.sql = new Sql(dataSource, "server database");
    }

    /** Every stored backup, by id. */
    public List<StoredFile> stored() {
        return sql.query("SELECT " + COLUMNS + " FROM BackupLogs WHERE " + STORED + " ORDER BY Id", VerifyStore::row);
    }

    public Optional<StoredFile> find(long id) {
        return sql.query("SELECT " + COLUMNS + " FROM BackupLogs WHERE Id = ? AND " + STORED, VerifyStore::row, id)
                .stream().findFirst();
    }

    /** @return false if the row is no longer a stored backup (deleted by retention meanwhile) */
    public boolean record(long id, Instant at, VerifyResult result, String reason) {
        return sql.update("UPDATE BackupLogs SET VerifiedAt = ?, VerifyResult = ?, VerifyReason = ? WHERE Id = ? AND "
                + STORED, Times.format(at), result.column(), reason, id) == 1;
    }

    private static StoredFile row(ResultSet rs) throws SQLException {
        // CreatedAtMs names the file; rows older than that column fall back to when the transfer started
        Long createdAtMs = Sql.nullableLong(rs, 4);
        Instant createdAt = createdAtMs == null ? Instant.parse(rs.getString(5)) : Instant.ofEpochMilli(createdAtMs);
        String verifiedAt = rs.getString(9);
        return new StoredFile(rs.getLong(1), rs.getString(2), rs.getString(3), createdAt, rs.getString(6),
                rs.getLong(7), rs.getString(8), verifiedAt == null ? null : Instant.parse(verifiedAt),
                VerifyResult.fromColumn(rs.getString(10)), rs.getString(11));
    }
}
