package org.mysqlbackup.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.mysqlbackup.db.TestDatabases;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.Times;

/**
 * A real client database in a temporary folder, migrated with the shipped schema, holding the
 * backups a test wrote. Ids are 1, 2, ... in the order of the list.
 */
public final class ClientHistoryDatabase implements AutoCloseable {
    private final Path folder;
    private final DataSource dataSource;

    public ClientHistoryDatabase(List<LoggedBackup> backups) {
        try {
            folder = Files.createTempDirectory("client-history-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dataSource = TestDatabases.migrated(folder.resolve("client.db"), "client");
        Sql sql = new Sql(dataSource, "test database");
        long id = 0;
        long chunkId = 0;
        for (LoggedBackup b : backups) {
            id++;
            sql.update("INSERT INTO BackupLogs (Id, ConfigName, StartTime, EndTime, Status, Step, FilePath, FileName,"
                            + " FileSize, Sha256, ErrorMessage, ResumeToken, DowntimeMs, DurationMs, MySqlRunningAfter,"
                            + " LocalFile, Md5, ChunkSize, BytesTransferred, TransferRate, UpdatedAt)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    id, b.configName(), Times.format(b.startTime()), time(b.endTime()), b.status().name(), b.step(),
                    b.filePath(), b.fileName(), b.fileSize(), b.sha256(), b.errorMessage(), b.resumeToken(),
                    b.downtimeMs(), b.durationMs(), b.mysqlRunningAfter(), b.localFile(), b.md5(), b.chunkSize(),
                    b.bytesTransferred(), b.transferRate(), time(b.updatedAt()));
            for (LoggedBackup.Chunk c : b.chunks()) {
                chunkId++;
                sql.update("INSERT INTO TransferLogs (Id, BackupLogId, ChunkIndex, ChunkSize, TransferTime, Status)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", chunkId, id, c.index(), c.size(), Times.format(c.time()), c.status());
            }
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public List<Long> backupIds() {
        return new Sql(dataSource, "test database").query("SELECT Id FROM BackupLogs ORDER BY Id", rs -> rs.getLong(1));
    }

    /** Backup ids that have TransferLogs rows, one entry per row. */
    public List<Long> chunkOwners() {
        return new Sql(dataSource, "test database").query("SELECT BackupLogId FROM TransferLogs ORDER BY BackupLogId, Id",
                rs -> rs.getLong(1));
    }

    private static String time(java.time.Instant instant) {
        return instant == null ? null : Times.format(instant);
    }

    @Override
    public void close() throws Exception {
        ((AutoCloseable) dataSource).close();
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
