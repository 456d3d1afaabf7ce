package org.mysqlbackup.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import javax.sql.DataSource;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.Times;

/** Stored backups as finalize leaves them: a zip under the storage root and its Completed BackupLogs row. */
final class StoredZips {
    private StoredZips() {
    }

    /** @return the row id */
    static long store(DataSource db, Path root, String client, String config, Instant createdAt, String name)
            throws IOException {
        String path = client + "/" + name;
        Path zip = TestZips.backup(root.resolve(path), 8192, true);
        return new Sql(db, "test").insert("INSERT INTO BackupLogs (TransferId, ClientId, ConfigName, StartTime, Status,"
                        + " FileName, FilePath, FileSize, ChunkSize, Sha256, Md5, CreatedAtMs) VALUES (?, ?, ?, ?,"
                        + " 'Completed', ?, ?, ?, 1024, ?, 'm', ?)", "t-" + path, client, config, Times.format(createdAt),
                name, path, Files.size(zip), TestZips.sha256(zip), createdAt.toEpochMilli());
    }

    static void verified(DataSource db, long id, Instant at, VerifyResult result) {
        new Sql(db, "test").update("UPDATE BackupLogs SET VerifiedAt = ?, VerifyResult = ? WHERE Id = ?",
                Times.format(at), result.column(), id);
    }
}
