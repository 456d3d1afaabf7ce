package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.Processor;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.snapshot.ArchivedFile;
import org.mysqlbackup.snapshot.BackupManifest;
import org.mysqlbackup.snapshot.BackupManifest.TableChecksum;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.MariaDbSandbox;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.SampleSite;
import org.mysqlbackup.testing.TestPaths;
import org.mysqlbackup.testing.Unzip;

/**
 * A real backup with each snapshot strategy. What must hold for all three: MySQL is down for the
 * whole capture (a write then is refused, so it cannot be in the backup), the stored zip restores to
 * a data directory that boots with the same tables, and its manifest's row counts and
 * {@code CHECKSUM TABLE} results, taken before the stop, match the restored copy. For {@code copy}
 * and {@code reflink}, the zip is written while MySQL serves again, and the copy is gone afterwards.
 */
class SnapshotStrategiesIT {
    private static SampleSite site;
    private static Path work;
    private static TestCertificates certs;
    private static MariaDbSandbox mysql;
    private static BackupServerFixture server;

    @BeforeAll
    static void startMySqlAndServer() throws Exception {
        site = SampleSite.start(SnapshotStrategiesIT.class);
        work = site.work();
        certs = site.certs();
        mysql = site.mysql();
        server = site.server();
    }

    @AfterAll
    static void stopEverything() {
        if (site != null) {
            site.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"zip", "copy", "reflink"})
    void backupWithStrategyRestoresToTheTablesItsManifestDescribes(String strategy) throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        BackupClientFixture client = new BackupClientFixture(work.resolve(strategy), mysql, server.port(),
                certs.properties(certs.client("db-host-1")))
                .set("snapshot.strategy", strategy)
                .with(context -> {
                    wrap(context, "takeSnapshot", events, "capture", true);
                    wrap(context, "packageSnapshot", events, "package", false);
                });

        BackupSummary summary = client.backupNow();

        assertThat(summary.status()).as(summary.toString()).isEqualTo("Completed");
        assertThat(mysql.isRunning()).isTrue();
        // MySQL refused the write during the capture: it was down, and the row cannot be in the backup
        assertThat(events).contains("capture:write refused");
        String expectedMethod = "reflink".equals(strategy) ? summary.snapshot() : strategy;
        assertThat(summary.snapshot()).isEqualTo(expectedMethod).isIn("zip", "copy", "reflink");
        if ("reflink".equals(strategy) && "copy".equals(summary.snapshot())) {
            // this filesystem cannot clone: the fallback is said, not silent
            assertThat(summary.snapshotNote()).startsWith("reflink clone not possible (");
        } else {
            assertThat(summary.snapshotNote()).isNull();
        }
        if (!"zip".equals(strategy)) {
            // the zip was written after MySQL was verified: the compression is not part of the downtime
            assertThat(events).contains("package:mysql up");
            assertThat(summary.timingsMs()).containsKeys("stop", "capture", "package");
        }
        assertThat(summary.downtimeMs()).isPositive();

        Path stored = server.storageRoot().resolve(summary.path());
        BackupManifest manifest = BackupManifest.readFrom(stored);
        assertThat(manifest.strategy()).isEqualTo(summary.snapshot());
        assertThat(manifest.configurationName()).isEqualTo("it");
        assertThat(manifest.dataDirectory()).isEqualTo(mysql.datadir().toString());
        assertThat(manifest.serverVersion()).containsIgnoringCase("mariadb");
        assertThat(manifest.timingsMs()).containsKeys("tableChecksums", "stop", "capture");
        assertThat(manifest.files()).isEqualTo(regularFilesOf(stored));

        Path restored = work.resolve(strategy + "-restored/data");
        Unzip.into(stored, restored);
        try (MariaDbSandbox copy = MariaDbSandbox.bootFrom(restored, TestPaths.sandboxBase(), mysql.user(),
                mysql.password())) {
            Map<String, Long> checksums = copy.checksums();
            Map<String, Long> rows = copy.rowCounts();
            assertThat(checksums).doesNotContainKey("shop.during_snapshot");
            assertThat(byTable(manifest, TableChecksum::checksum)).isEqualTo(checksums).isNotEmpty();
            assertThat(byTable(manifest, TableChecksum::rows)).isEqualTo(rows);
        }

        try (Stream<Path> left = Files.list(client.workDir())) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")))
                    .as("temporary files left in the work folder").isEmpty();
        }
    }

    @Test
    void aManifestLeftInTheDataDirectoryByARestoreFailsThePreflightWithoutTouchingMySql() throws Exception {
        Path leftover = mysql.datadir().resolve(BackupManifest.ENTRY_NAME);
        Files.writeString(leftover, "{\"formatVersion\":1}");
        try {
            BackupClientFixture client = new BackupClientFixture(work.resolve("leftover"), mysql, server.port(),
                    certs.properties(certs.client("db-host-1")));
            BackupSummary summary = client.backupNow();

            assertThat(summary.status()).isEqualTo("Failed");
            assertThat(summary.step()).isEqualTo("pre-flight");
            assertThat(summary.error()).contains(BackupManifest.ENTRY_NAME + " (left by a restore of a backup)")
                    .endsWith("(MySQL was not stopped)");
            assertThat(summary.downtimeMs()).isNull();
            assertThat(mysql.isRunning()).isTrue();
        } finally {
            Files.delete(leftover);
        }
    }

    /**
     * Decorates a step: before it runs, notes whether MySQL serves and, for the capture, tries a
     * write (CREATE TABLE), which must be refused because MySQL is down.
     */
    private static void wrap(org.apache.camel.CamelContext context, String bean, List<String> events, String label,
                             boolean tryWrite) {
        Processor step = context.getRegistry().lookupByNameAndType(bean, Processor.class);
        context.getRegistry().unbind(bean);
        context.getRegistry().bind(bean, (Processor) exchange -> {
            events.add(label + ":" + (mysql.isRunning() ? "mysql up" : "mysql down"));
            if (tryWrite) {
                events.add(label + ":" + tryWrite());
            }
            step.process(exchange);
        });
    }

    private static String tryWrite() {
        String url = "jdbc:mariadb://127.0.0.1:" + mysql.port() + "/?connectTimeout=1000";
        try (Connection connection = DriverManager.getConnection(url, mysql.user(), mysql.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE shop.during_snapshot (id INT PRIMARY KEY)");
            return "write accepted";
        } catch (SQLException refused) {
            return "write refused";
        }
    }

    private static <T> Map<String, T> byTable(BackupManifest manifest, java.util.function.Function<TableChecksum, T> value) {
        return manifest.tables().stream().collect(Collectors.toMap(t -> t.database() + "." + t.table(), value,
                (a, b) -> a, TreeMap::new));
    }

    private static List<ArchivedFile> regularFilesOf(Path zip) throws IOException {
        try (ZipFile file = ZipFile.builder().setPath(zip).get()) {
            return java.util.Collections.list(file.getEntries()).stream()
                    .filter(e -> !e.isDirectory() && !e.getName().equals(BackupManifest.ENTRY_NAME))
                    .map(e -> new ArchivedFile(e.getName(), e.getSize()))
                    .toList();
        }
    }
}
