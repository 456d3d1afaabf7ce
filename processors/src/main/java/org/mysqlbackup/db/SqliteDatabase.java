package org.mysqlbackup.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The application's SQLite database: WAL so readers (the CLI, later the UI) never block the
 * writer, a busy timeout so concurrent writers queue instead of failing, foreign keys on, and
 * NORMAL synchronous mode, which in WAL mode cannot corrupt the file and at worst loses the last
 * commits on power loss (a chunk record, which resume then sends again). Connections are pooled
 * (HikariCP); close the returned data source (it is {@link AutoCloseable}) when done.
 */
public final class SqliteDatabase {
    private static final int POOL_SIZE = 4;

    private SqliteDatabase() {
    }

    public static DataSource open(Path file, Duration busyTimeout) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of database " + file, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        // opening a SQLite connection reads the schema and applies the pragmas: far too slow to do
        // for every chunk, so a few connections are kept open
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(sqlite);
        pool.setPoolName("sqlite-" + file.getFileName());
        pool.setMaximumPoolSize(POOL_SIZE);
        pool.setMinimumIdle(1);
        pool.setConnectionTimeout(busyTimeout.toMillis() + 5000);
        return new HikariDataSource(pool);
    }
}
