package org.mysqlbackup.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.TestDatabases;
import org.mysqlbackup.db.Times;
import org.mysqlbackup.drill.DrillNotPossibleException;
import org.mysqlbackup.drill.DrillOutcome;
import org.mysqlbackup.drill.DrillResult;
import org.mysqlbackup.drill.DrillTimings;
import org.mysqlbackup.drill.RestorabilityDrill;
import org.mysqlbackup.drill.ServerBooter;
import org.mysqlbackup.drill.TableProblem;
import org.mysqlbackup.drill.TableReport;
import org.mysqlbackup.drill.Unpacker;
import org.mysqlbackup.events.BackupEvent;
import org.mysqlbackup.events.BackupEvents;
import org.mysqlbackup.events.ServerEvents;
import org.mysqlbackup.server.alerts.ServerAlert;
import org.mysqlbackup.server.alerts.ServerAlertKind;
import org.mysqlbackup.server.alerts.ServerAlertMessage;
import org.mysqlbackup.snapshot.BackupManifest;

/**
 * The server's drills pick the newest stored backup of each client's configuration, read the
 * stored file, record each result on its BackupLogs row (the catalog reads it back) and raise
 * DRILL_FAILED for a failed one, naming the backup and the tables.
 */
class StoredBackupDrillsTest {
    private static final Instant NOW = Instant.parse("2026-12-04T05:00:00Z");

    @TempDir
    Path temp;
    private Path root;
    private DataSource db;
    private Sql sql;
    private final List<ServerAlert> alerts = new ArrayList<>();
    private final List<Path> drilledFiles = new ArrayList<>();
    private int transfers;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(temp.resolve("storage")).toRealPath();
        db = TestDatabases.migrated(temp.resolve("server.db"), "server");
        sql = new Sql(db, "test database");
    }

    private long stored(String client, String config, int hoursAgo, boolean fileThere) throws IOException {
        String path = client + "/" + client + "_" + config + "_" + hoursAgo + ".zip";
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        if (fileThere) {
            Files.writeString(file, "zip");
        }
        Instant createdAt = NOW.minusSeconds(3600L * hoursAgo);
        return sql.insert("INSERT INTO BackupLogs (TransferId, ClientId, ConfigName, StartTime, Status, FileName,"
                        + " FilePath, FileSize, ChunkSize, Sha256, Md5, CreatedAtMs, UpdatedAt)"
                        + " VALUES (?, ?, ?, ?, 'Completed', ?, ?, 3, 65536, 'x', 'y', ?, ?)",
                "transfer-" + (transfers++), client, config, Times.format(createdAt), Path.of(path).getFileName().toString(),
                path, createdAt.toEpochMilli(), Times.format(createdAt));
    }

    private StoredBackupDrills drills(java.util.function.Supplier<RestorabilityDrill> drill, String scope) {
        StoredBackupCatalog catalog = new StoredBackupCatalog(db);
        return new StoredBackupDrills(db, catalog, new StoredBackups(catalog, root), drill, alerts::add,
                Clock.fixed(NOW, ZoneOffset.UTC), scope);
    }

    @Test
    void theNewestBackupOfEachConfigurationIsChosen() throws IOException {
        stored("web-1", "nightly", 48, true);
        long newestNightly = stored("web-1", "nightly", 24, true);
        long hourly = stored("web-1", "hourly", 1, true);
        long other = stored("db-2", "nightly", 30, true);
        StoredBackupDrills drills = drills(StoredBackupDrillsTest::unused, StoredBackupDrills.NEWEST);

        assertThat(drills.newest(null, null)).extracting(StoredBackupCatalog.Row::id)
                .containsExactlyInAnyOrder(newestNightly, hourly, other);
        assertThat(drills.newest("web-1", "nightly")).extracting(StoredBackupCatalog.Row::id).containsExactly(newestNightly);
        assertThat(drills.all(null, null)).hasSize(4);
    }

    @Test
    void aFailedDrillIsPublishedAsADrillResultEvent() throws Exception {
        long id = stored("web-1", "nightly", 1, true);
        List<BackupEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        BackupEvents publisher = new BackupEvents(10, "server");
        publisher.subscribe(seen::add);
        publisher.start();
        try {
            StoredBackupCatalog catalog = new StoredBackupCatalog(db);
            StoredBackupDrills drills = new StoredBackupDrills(db, catalog, new StoredBackups(catalog, root),
                    () -> fixed(new DrillResult(DrillOutcome.FAILED, true, 5, List.of(new TableProblem("shop",
                            "orders", "CHECKSUM TABLE 1 differs from the manifest's 2")), null, DrillTimings.NONE)), alerts::add, Clock.fixed(NOW, ZoneOffset.UTC),
                    StoredBackupDrills.NEWEST, new ServerEvents(publisher, "vault", Clock.fixed(NOW, ZoneOffset.UTC)));

            drills.drill(drills.byId(id).orElseThrow());
            publisher.drain(java.time.Duration.ofSeconds(5));
        } finally {
            publisher.stop();
        }

        assertThat(seen).hasSize(1);
        BackupEvent event = seen.get(0);
        assertThat(event.event()).isEqualTo("drill.result");
        assertThat(event.side()).isEqualTo("server");
        assertThat(event.client()).isEqualTo("web-1");
        assertThat(event.configuration()).isEqualTo("nightly");
        assertThat(event.backupId()).isEqualTo(id);
        assertThat(event.fileName()).isEqualTo("web-1/web-1_nightly_1.zip");
        assertThat(event.result()).isEqualTo("failed");
        assertThat(event.reason()).contains("shop.orders: CHECKSUM TABLE 1 differs from the manifest's 2");
    }

    @Test
    void aPassedDrillIsRecordedAndNotAlerted() throws IOException {
        long id = stored("web-1", "nightly", 1, true);
        StoredBackupDrills drills = drills(() -> fixed(new DrillResult(DrillOutcome.PASSED, true, 5, List.of(), null,
                DrillTimings.NONE)), StoredBackupDrills.NEWEST);

        StoredBackupDrills.Drilled drilled = drills.drill(drills.byId(id).orElseThrow());

        assertThat(drilled.result().passed()).isTrue();
        assertThat(drilledFiles).containsExactly(root.resolve("web-1/web-1_nightly_1.zip"));
        assertThat(new StoredBackupCatalog(db).find(id).orElseThrow().drillState()).isEqualTo("passed");
        assertThat(sql.query("SELECT DrilledAt, DrillReason FROM BackupLogs WHERE Id = ?",
                rs -> rs.getString(1) + " | " + rs.getString(2), id))
                .containsExactly(NOW + " | 5 tables passed CHECK TABLE, row counts and CHECKSUM TABLE match the manifest");
        assertThat(alerts).isEmpty();
    }

    @Test
    void aFailedDrillIsRecordedAndAlertedNamingTheBackupAndTheTable() throws IOException {
        long id = stored("web-1", "nightly", 1, true);
        StoredBackupDrills drills = drills(() -> fixed(new DrillResult(DrillOutcome.FAILED, true, 5,
                List.of(new TableProblem("shop", "orders", "CHECKSUM TABLE 1 differs from the manifest's 2")), null,
                DrillTimings.NONE)), StoredBackupDrills.NEWEST);

        drills.drill(drills.byId(id).orElseThrow());

        assertThat(new StoredBackupCatalog(db).find(id).orElseThrow().drillState()).isEqualTo("failed");
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(ServerAlertKind.DRILL_FAILED);
            assertThat(alert.clientId()).isEqualTo("web-1");
            assertThat(alert.configName()).isEqualTo("nightly");
            assertThat(alert.reason()).startsWith("backup " + id + " (web-1_nightly_1.zip, taken ")
                    .endsWith("failed its restorability drill: 1 of 5 tables failed: shop.orders: CHECKSUM TABLE 1 differs"
                            + " from the manifest's 2");
            assertThat(alert.action()).contains("Take a new backup").contains("keep the older");
            assertThat(new ServerAlertMessage("backup-1", alert, NOW).subject()).isEqualTo("[mysql-backup] FAILURE on"
                    + " backup-1: backup of client 'web-1' (config 'nightly') failed its restorability drill");
        });
    }

    @Test
    void aMissingStoredFileFailsTheDrill() throws IOException {
        long id = stored("web-1", "nightly", 1, false);
        StoredBackupDrills drills = drills(() -> {
            throw new AssertionError("nothing to drill");
        }, StoredBackupDrills.NEWEST);

        StoredBackupDrills.Drilled drilled = drills.drill(drills.byId(id).orElseThrow());

        assertThat(drilled.result().outcome()).isEqualTo(DrillOutcome.FAILED);
        assertThat(drilled.result().reason()).contains("the file is missing");
        assertThat(alerts).singleElement().extracting(ServerAlert::kind).isEqualTo(ServerAlertKind.DRILL_FAILED);
    }

    @Test
    void aDrillNotPossibleHereIsAlertedButNotRecorded() throws IOException {
        long id = stored("web-1", "nightly", 1, true);
        StoredBackupDrills drills = drills(() -> {
            throw new DrillNotPossibleException("no mariadbd or mysqld on PATH or in /usr/sbin");
        }, StoredBackupDrills.NEWEST);

        StoredBackupDrills.Drilled drilled = drills.drill(drills.byId(id).orElseThrow());

        assertThat(drilled.result()).isNull();
        assertThat(drilled.notPossible()).contains("no mariadbd");
        assertThat(new StoredBackupCatalog(db).find(id).orElseThrow().drillState()).isNull();
        assertThat(alerts).singleElement().satisfies(alert -> assertThat(alert.reason())
                .contains("could not be drilled on this server").contains("no mariadbd"));
    }

    @Test
    void anUnknownScopeIsRefused() {
        assertThatThrownBy(() -> drills(StoredBackupDrillsTest::unused, "oldest")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("drill.scope");
    }

    /** A drill that returns {@code result} for whatever file it is given, remembering the file. */
    private RestorabilityDrill fixed(DrillResult result) {
        return new RestorabilityDrill(temp.resolve("scratch"), (zip, target) -> {
            drilledFiles.add(zip);
            Files.createDirectories(target);
            return new Unpacker.Unpacked(target, new BackupManifest(1, "h", "c", "10.11.6-MariaDB", "/d", "copy", null,
                    null, null, List.of(new BackupManifest.TableChecksum("shop", "orders", "InnoDB", 1, 2L))));
        }, new ServerBooter() {
            @Override
            public void check(BackupManifest manifest) {
            }

            @Override
            public org.mysqlbackup.drill.RunningServer boot(Path dataDirectory, Path scratch) {
                return new org.mysqlbackup.drill.RunningServer() {
                    @Override
                    public java.sql.Connection connect() {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public void stop() {
                    }
                };
            }
        }, (server, expected) -> new TableReport(result.tablesChecked(), result.problems()), java.time.Duration.ofSeconds(30));
    }

    private static RestorabilityDrill unused() {
        throw new AssertionError("no drill in this test");
    }
}
