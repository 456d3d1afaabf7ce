package org.mysqlbackup.db;

import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;

/** A real SQLite database file with the shipped schema applied, as the apps open theirs. */
public final class TestDatabases {
    private TestDatabases() {
    }

    /** @param side {@code client} or {@code server}: which of config/schema's migrations */
    public static DataSource migrated(Path file, String side) {
        DataSource db = SqliteDatabase.open(file, Duration.ofSeconds(10));
        new SchemaMigrator(db, Path.of("..", "config", "schema", side)).migrate();
        return db;
    }
}
