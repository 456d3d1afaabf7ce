package org.mysqlbackup.server;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.mysqlbackup.db.Sql;

/**
 * The stored backups in the server's {@code BackupLogs} that a client may list and fetch:
 * Completed, with a file, not deleted by retention. Verify and drill results are read from their
 * columns when the schema has them (VerifyResult, DrillResult) and are null otherwise, so this
 * class works before and after those migrations.
 */
public class StoredBackupCatalog {
    /** One stored backup as recorded. */
    public record Row(long id, String clientId, String configName, Instant createdAt, long size, int chunkSize,
                      String sha256, String fileName, String filePath, String verifyState, String drillState) {
    }

    private static final String STORED = "Status = 'Completed' AND FilePath IS NOT NULL AND DeletedAt IS NULL";

    private final Sql sql;
    private final String columns;

    public StoredBackupCatalog(DataSource dataSource) {
        this.sql = new Sql(dataSource, "server database");
        Set<String> present = sql.query("PRAGMA table_info(BackupLogs)", rs -> rs.getString("name")).stream()
                .map(String::toLowerCase).collect(Collectors.toSet());
        this.columns = "Id, ClientId, ConfigName, CreatedAtMs, StartTime, FileSize, ChunkSize, Sha256, FileName, FilePath, "
                + column(present, "VerifyResult") + ", " + column(present, "DrillResult");
    }

    private static String column(Set<String> present, String name) {
        return present.contains(name.toLowerCase()) ? name : "NULL";
    }

    /** The stored backups of {@code clientId} (of one configuration, or all when null) with an id above {@code afterId}, by id. */
    public List<Row> of(String clientId, String configName, long afterId, int limit) {
        return configName == null
                ? sql.query("SELECT " + columns + " FROM BackupLogs WHERE ClientId = ? AND Id > ? AND " + STORED
                        + " ORDER BY Id LIMIT ?", StoredBackupCatalog::row, clientId, afterId, limit)
                : sql.query("SELECT " + columns + " FROM BackupLogs WHERE ClientId = ? AND ConfigName = ? AND Id > ? AND "
                        + STORED + " ORDER BY Id LIMIT ?", StoredBackupCatalog::row, clientId, configName, afterId, limit);
    }

    /** Every stored backup of {@code clientId} (of one configuration, or all when null). */
    public List<Row> of(String clientId, String configName) {
        return of(clientId, configName, 0, Integer.MAX_VALUE);
    }

    /** Every stored backup, of one client and one configuration when not null, by id: for the operator's list. */
    public List<Row> all(String clientId, String configName) {
        return sql.query("SELECT " + columns + " FROM BackupLogs WHERE (? IS NULL OR ClientId = ?) AND (? IS NULL OR"
                + " ConfigName = ?) AND " + STORED + " ORDER BY Id", StoredBackupCatalog::row, clientId, clientId,
                configName, configName);
    }

    /** The stored backup {@code id}, whoever it belongs to. */
    public Optional<Row> find(long id) {
        return sql.query("SELECT " + columns + " FROM BackupLogs WHERE Id = ? AND " + STORED, StoredBackupCatalog::row, id)
                .stream().findFirst();
    }

    /** Whether a row {@code id} exists at all, stored or not. */
    public Optional<String> ownerOf(long id) {
        return sql.query("SELECT ClientId FROM BackupLogs WHERE Id = ?", rs -> rs.getString(1), id).stream().findFirst();
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        // CreatedAtMs names the file; rows older than that column fall back to when the transfer started
        Long createdAtMs = Sql.nullableLong(rs, 4);
        Instant createdAt = createdAtMs == null ? Instant.parse(rs.getString(5)) : Instant.ofEpochMilli(createdAtMs);
        return new Row(rs.getLong(1), rs.getString(2), rs.getString(3), createdAt, rs.getLong(6), rs.getInt(7),
                rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12));
    }
}
