package org.mysqlbackup.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.mysqlbackup.config.AppHome;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.db.SchemaMigrator;
import org.mysqlbackup.db.SqliteDatabase;

/** What the server commands that read the stored backups share: the server database and the storage root. */
final class ServerDatabase {
    private ServerDatabase() {
    }

    /** The server's database, migrated; close it when done. */
    static DataSource open(Settings settings) {
        Path dbFile = settings.path("db.file");
        if (!Files.isRegularFile(dbFile)) {
            throw new InvalidSettingException("db.file", "names " + dbFile + ", which is not a server database");
        }
        return migrated(settings, dbFile);
    }

    /**
     * The server's database, created when it does not exist yet (in an existing folder), as the
     * server itself does at its first start: for commands that set it up before that start.
     */
    static DataSource openOrCreate(Settings settings) {
        Path dbFile = settings.path("db.file");
        if (Files.exists(dbFile)) {
            return open(settings);
        }
        if (dbFile.getParent() != null && !Files.isDirectory(dbFile.getParent())) {
            throw new InvalidSettingException("db.file", "names " + dbFile + ", whose folder does not exist");
        }
        return migrated(settings, dbFile);
    }

    private static DataSource migrated(Settings settings, Path dbFile) {
        DataSource db = SqliteDatabase.open(dbFile, settings.duration("db.busy-timeout-ms", Duration.ofSeconds(10)));
        new SchemaMigrator(db, settings.optionalPath("db.schema-dir")
                .orElse(AppHome.resolve().resolve("config/schema/server"))).migrate();
        return db;
    }

    /** {@code storage.root} as a real path. */
    static Path storageRoot(Settings settings) throws java.io.IOException {
        Path root = settings.path("storage.root");
        if (!Files.isDirectory(root)) {
            throw new InvalidSettingException("storage.root", "names " + root + ", which is not a folder");
        }
        return root.toRealPath();
    }

    static void close(DataSource db) throws Exception {
        if (db instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
