package org.mysqlbackup.retention;

import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.Times;

/**
 * What retention reads and writes in the server's {@code BackupLogs}: the stored backups it may
 * consider (Completed, with a file, not deleted yet) and the record of each deletion. Transfers in
 * progress or failed are never listed, so retention cannot touch their files.
 */
public class RetentionStore {
    /** One Completed row with a stored file. */
    public record StoredRow(long id, String clientId, String configName, String filePath, long fileSize,
                            Instant createdAt) {
    }

    private final Sql sql;

    public RetentionStore(DataSource dataSource) {
        this.sql = new Sql(dataSource, "server database");
    }

    public List<StoredRow> stored() {
        // CreatedAtMs is the snapshot time the file is named after; rows older than that column
        // fall back to when the transfer started
        return sql.query("SELECT Id, ClientId, ConfigName, FilePath, FileSize, CreatedAtMs, StartTime FROM BackupLogs"
                        + " WHERE Status = 'Completed' AND FilePath IS NOT NULL AND DeletedAt IS NULL ORDER BY Id",
                rs -> {
                    long createdAtMs = rs.getLong(6);
                    Instant createdAt = rs.wasNull() ? Instant.parse(rs.getString(7)) : Instant.ofEpochMilli(createdAtMs);
                    return new StoredRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5), createdAt);
                });
    }

    /** @return false if the row was recorded deleted already (by a run at the same time) */
    public boolean deleted(long id, Instant when, String reason) {
        return sql.update("UPDATE BackupLogs SET DeletedAt = ?, DeletionReason = ? WHERE Id = ? AND DeletedAt IS NULL",
                Times.format(when), reason, id) == 1;
    }
}
