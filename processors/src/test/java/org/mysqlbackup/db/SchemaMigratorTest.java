package org.mysqlbackup.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigratorTest {
    private static final String V1 = """
            -- first version
            CREATE TABLE Widgets (
                Id INTEGER PRIMARY KEY,
                Name TEXT NOT NULL   -- trailing comment
            );
            INSERT INTO Widgets (Name) VALUES ('first');
            """;
    private static final String V2 = """
            ALTER TABLE Widgets ADD COLUMN Colour TEXT;
            CREATE INDEX Widgets_Name ON Widgets (Name);
            """;

    @TempDir
    Path temp;
    private Path migrations;
    private DataSource database;

    @BeforeEach
    void createDatabase() throws IOException {
        migrations = Files.createDirectories(temp.resolve("schema"));
        database = SqliteDatabase.open(temp.resolve("data/app.db"), Duration.ofSeconds(5));
    }

    @Test
    void processesStartingTogetherOnOneDatabaseTakeTurnsAndApplyEachMigrationOnce() throws Exception {
        write("V1__widgets.sql", V1);
        // ADD COLUMN fails when run twice: a migration applied by both would fail one of them
        write("V2__colour.sql", V2);
        int starters = 6;
        List<DataSource> pools = new ArrayList<>();
        for (int i = 0; i < starters; i++) {
            // each its own pool, as separate processes (the daemon, a CLI command) have
            pools.add(SqliteDatabase.open(temp.resolve("data/app.db"), Duration.ofSeconds(10)));
        }
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(starters);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(starters);
        try {
            List<java.util.concurrent.Future<Integer>> versions = new ArrayList<>();
            for (DataSource pool : pools) {
                versions.add(threads.submit(() -> {
                    together.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    return new SchemaMigrator(pool, migrations).migrate();
                }));
            }
            for (java.util.concurrent.Future<Integer> version : versions) {
                assertThat(version.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(2);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(query("SELECT Version FROM SchemaVersion ORDER BY Version")).containsExactly("1", "2");
        assertThat(query("SELECT Name FROM Widgets")).containsExactly("first");
    }

    @Test
    void migrationsAreAppliedInVersionOrderAndRecorded() throws Exception {
        // V10 sorts before V2 as text; it needs V2's column, so only numeric order works
        write("V10__paint.sql", "UPDATE Widgets SET Colour = 'red';");
        write("V2__colour.sql", V2);
        write("V1__widgets.sql", V1);

        int version = migrator().migrate();

        assertThat(version).isEqualTo(10);
        assertThat(query("SELECT Version || ':' || Description FROM SchemaVersion ORDER BY Version"))
                .containsExactly("1:widgets", "2:colour", "10:paint");
        assertThat(query("SELECT Name || '/' || Colour FROM Widgets")).containsExactly("first/red");
    }

    @Test
    void aSecondRunChangesNothing() throws Exception {
        write("V1__widgets.sql", V1);
        write("V2__colour.sql", V2);
        migrator().migrate();
        List<String> recorded = query("SELECT Version || Checksum || AppliedAt FROM SchemaVersion ORDER BY Version");

        int version = migrator().migrate();

        assertThat(version).isEqualTo(2);
        assertThat(query("SELECT Version || Checksum || AppliedAt FROM SchemaVersion ORDER BY Version")).isEqualTo(recorded);
        assertThat(query("SELECT COUNT(*) FROM Widgets")).containsExactly("1");
    }

    @Test
    void aNewMigrationIsAppliedOnTopOfRecordedOnes() throws Exception {
        write("V1__widgets.sql", V1);
        migrator().migrate();
        write("V2__colour.sql", V2);

        int version = migrator().migrate();

        assertThat(version).isEqualTo(2);
        assertThat(query("SELECT Version FROM SchemaVersion ORDER BY Version")).containsExactly("1", "2");
    }

    @Test
    void anAppliedMigrationThatWasEditedStopsTheMigrationNamingTheFile() throws Exception {
        write("V1__widgets.sql", V1);
        migrator().migrate();
        write("V1__widgets.sql", V1 + "CREATE TABLE Sneaky (x);\n");
        write("V2__colour.sql", V2);

        assertThatThrownBy(() -> migrator().migrate())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("V1__widgets.sql")
                .hasMessageContaining("was changed after it was applied");
        assertThat(query("SELECT Version FROM SchemaVersion")).containsExactly("1");
        assertThat(tables()).doesNotContain("Sneaky");
    }

    @Test
    void onlyLineEndingsChangedIsNotAnEdit() throws Exception {
        write("V1__widgets.sql", V1);
        migrator().migrate();
        write("V1__widgets.sql", V1.replace("\n", "\r\n"));

        assertThat(migrator().migrate()).isEqualTo(1);
    }

    @Test
    void aFailingMigrationIsRolledBackAndNotRecorded() throws Exception {
        write("V1__widgets.sql", V1);
        write("V2__broken.sql", """
                CREATE TABLE HalfDone (x INTEGER);
                INSERT INTO Widgets (Name) VALUES ('second');
                INSERT INTO NoSuchTable VALUES (1);
                """);

        assertThatThrownBy(() -> migrator().migrate())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("V2__broken.sql failed")
                .hasMessageContaining("NoSuchTable");

        assertThat(tables()).contains("Widgets").doesNotContain("HalfDone");
        assertThat(query("SELECT Name FROM Widgets")).containsExactly("first");
        assertThat(query("SELECT Version FROM SchemaVersion")).containsExactly("1");
    }

    @Test
    void afterAFailedMigrationIsFixedTheNextRunAppliesIt() throws Exception {
        write("V1__widgets.sql", V1);
        write("V2__colour.sql", "ALTER TABLE Nope ADD COLUMN Colour TEXT;");
        assertThatThrownBy(() -> migrator().migrate()).isInstanceOf(IllegalStateException.class);
        write("V2__colour.sql", V2);

        assertThat(migrator().migrate()).isEqualTo(2);
    }

    @Test
    void filesThatAreNotMigrationsAreIgnored() throws Exception {
        write("V1__widgets.sql", V1);
        write("README.md", "not sql");
        write("V2__colour.sql.bak", "DROP TABLE Widgets;");
        write("v3__lower.sql", "DROP TABLE Widgets;");

        assertThat(migrator().migrate()).isEqualTo(1);
        assertThat(tables()).contains("Widgets");
    }

    @Test
    void twoMigrationsWithTheSameVersionAreRefused() throws Exception {
        write("V1__widgets.sql", V1);
        write("V01__again.sql", V1);

        assertThatThrownBy(() -> migrator().migrate())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two schema migrations share version 1");
    }

    @Test
    void aFolderWithoutMigrationsIsRefused() {
        assertThatThrownBy(() -> migrator().migrate())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no V<n>__name.sql migrations in " + migrations);
    }

    @Test
    void aMissingFolderIsRefusedNamingIt() {
        Path missing = temp.resolve("nowhere");

        assertThatThrownBy(() -> new SchemaMigrator(database, missing).migrate())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void theDatabaseRunsInWalMode() throws Exception {
        assertThat(query("PRAGMA journal_mode")).containsExactly("wal");
    }

    @Test
    void theShippedClientSchemaMigrates() throws Exception {
        int version = new SchemaMigrator(database, Path.of("..", "config", "schema", "client")).migrate();

        assertThat(version).isPositive();
        assertThat(tables()).contains("BackupConfigurations", "ScheduleConfigurations", "BackupLogs", "TransferLogs",
                "SchemaVersion");
        assertThat(columns("BackupLogs")).contains("StartTime", "EndTime", "Status", "FilePath", "FileSize",
                "ErrorMessage", "ResumeToken");
    }

    @Test
    void theShippedServerSchemaMigrates() throws Exception {
        int version = new SchemaMigrator(database, Path.of("..", "config", "schema", "server")).migrate();

        assertThat(version).isPositive();
        assertThat(tables()).contains("BackupLogs", "SchemaVersion");
        assertThat(columns("BackupLogs")).contains("TransferId", "ClientId", "Sha256", "Md5", "Status");
    }

    @Test
    void theShippedClientSchemaRefusesAnUnknownBackupStatus() throws Exception {
        new SchemaMigrator(database, Path.of("..", "config", "schema", "client")).migrate();

        assertThatThrownBy(() -> execute("INSERT INTO BackupLogs (StartTime, Status, ConfigName)"
                + " VALUES ('2024-01-01T00:00:00Z', 'Bogus', 'nightly')"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("CHECK");
    }

    @Test
    void statementsSplitOnSemicolonsEndingALineAndDropCommentLines() {
        assertThat(SchemaMigrator.statements("""
                -- header
                CREATE TABLE A (x TEXT DEFAULT 'a;b');

                CREATE TABLE B (
                  y INTEGER -- note
                );
                INSERT INTO A VALUES ('no semicolon at end')
                """))
                .containsExactly("CREATE TABLE A (x TEXT DEFAULT 'a;b')",
                        "CREATE TABLE B (\n  y INTEGER -- note\n)",
                        "INSERT INTO A VALUES ('no semicolon at end')");
    }

    private SchemaMigrator migrator() {
        return new SchemaMigrator(database, migrations);
    }

    private void write(String name, String sql) throws IOException {
        Files.writeString(migrations.resolve(name), sql);
    }

    private List<String> tables() throws SQLException {
        return query("SELECT name FROM sqlite_master WHERE type = 'table'");
    }

    private List<String> columns(String table) throws SQLException {
        return query("SELECT name FROM pragma_table_info('" + table + "')");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = database.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
