package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Processor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.server.ReceiveLogRow;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.Hashes;
import org.mysqlbackup.testing.MariaDbSandbox;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;
import org.mysqlbackup.testing.Unzip;

/**
 * One full backup through the shipped routes: a sandbox MariaDB with sample data is stopped,
 * snapshotted, started, and the zip is shipped over mutual TLS to the real server. The stored
 * copy must boot and hold exactly the original data.
 */
class FullBackupIT {
    private static final List<String> observations = new CopyOnWriteArrayList<>();

    private static Path work;
    private static MariaDbSandbox mysql;
    private static BackupServerFixture server;
    private static BackupClientFixture client;
    private static Map<String, Long> checksumsBefore;
    private static Map<String, Long> rowCountsBefore;
    private static BackupSummary summary;

    @BeforeAll
    static void backUpSampleDatabase() throws Exception {
        work = TestPaths.scratch(FullBackupIT.class);
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        mysql = MariaDbSandbox.create(TestPaths.sandboxBase());
        mysql.start();
        mysql.loadSampleData();
        checksumsBefore = mysql.checksums();
        rowCountsBefore = mysql.rowCounts();
        server = BackupServerFixture.start(work, certs);
        client = new BackupClientFixture(work, mysql, server.port(), certs.properties(certs.client("db-host-1")))
                .set("transfer.chunk-size", "64KiB")
                .with(context -> {
                    // watch the snapshot step: MySQL must be down when it starts and when it ends
                    Processor snapshot = context.getRegistry().lookupByNameAndType("takeSnapshot", Processor.class);
                    context.getRegistry().unbind("takeSnapshot");
                    context.getRegistry().bind("takeSnapshot", (Processor) exchange -> {
                        observations.add("before:" + mysqlState());
                        snapshot.process(exchange);
                        observations.add("after:" + mysqlState());
                    });
                });
        summary = client.backupNow();
    }

    @AfterAll
    static void stopEverything() {
        if (server != null) {
            server.close();
        }
        if (mysql != null) {
            mysql.close();
        }
    }

    @Test
    void backupCompletesAndMySqlIsRunningAfterwards() {
        assertThat(summary.status()).isEqualTo("Completed");
        assertThat(summary.mysqlRunning()).isTrue();
        assertThat(mysql.isRunning()).isTrue();
    }

    @Test
    void mySqlWasDownForTheWholeSnapshot() {
        assertThat(observations).containsExactly("before:down", "after:down");
        assertThat(summary.downtimeMs()).isPositive();
    }

    @Test
    void storedFileIsByteIdenticalToTheClientsSnapshot() throws IOException {
        Path stored = server.storageRoot().resolve(summary.path());
        assertThat(stored).isRegularFile();
        assertThat(stored.getParent().getFileName().toString()).isEqualTo("db-host-1");
        assertThat(Files.size(stored)).isEqualTo(summary.bytes());
        assertThat(Hashes.sha256(stored)).isEqualTo(summary.sha256());
        assertThat(server.storedFiles()).containsExactly(stored);
    }

    @Test
    void restoredDataDirectoryBootsWithIdenticalTables() throws IOException {
        Path restored = work.resolve("restored/data");
        Unzip.into(server.storageRoot().resolve(summary.path()), restored);
        try (MariaDbSandbox copy = MariaDbSandbox.bootFrom(restored, TestPaths.sandboxBase(), mysql.user(),
                mysql.password())) {
            assertThat(copy.checksums()).isEqualTo(checksumsBefore).isNotEmpty();
            assertThat(copy.rowCounts()).isEqualTo(rowCountsBefore);
        }
    }

    @Test
    void clientLogRecordsTheCompletedBackup() {
        BackupLogRow row = client.logs().find(summary.backupId()).orElseThrow();
        assertThat(row.status()).isEqualTo(BackupStatus.Completed);
        assertThat(row.fileSize()).isEqualTo(summary.bytes());
        assertThat(row.sha256()).isEqualTo(summary.sha256());
        assertThat(row.fileName()).isEqualTo(summary.file());
        assertThat(row.filePath()).isEqualTo(summary.path());
        assertThat(row.downtimeMs()).isPositive();
        assertThat(row.durationMs()).isGreaterThanOrEqualTo(row.downtimeMs());
        assertThat(Instant.parse(row.endTime())).isAfter(Instant.parse(row.startTime()));
        assertThat(row.errorMessage()).isNull();
        assertThat(row.resumeToken()).isNull();
        assertThat(row.mysqlRunningAfter()).isTrue();
        long chunks = (summary.bytes() + 65535) / 65536;
        assertThat(client.logs().chunksStored(summary.backupId())).isEqualTo(chunks);
    }

    @Test
    void serverLogRecordsTheSameFile() {
        List<ReceiveLogRow> rows = server.logs();
        assertThat(rows).hasSize(1);
        ReceiveLogRow row = rows.get(0);
        assertThat(row.status()).isEqualTo("Completed");
        assertThat(row.clientId()).isEqualTo("db-host-1");
        assertThat(row.configName()).isEqualTo("it");
        assertThat(row.fileSize()).isEqualTo(summary.bytes());
        assertThat(row.sha256()).isEqualTo(summary.sha256());
        assertThat(row.filePath()).isEqualTo(summary.path());
        assertThat(Instant.parse(row.endTime())).isAfterOrEqualTo(Instant.parse(row.startTime()));
    }

    @Test
    void noTemporaryFileIsLeftOnTheClient() throws IOException {
        try (var files = Files.list(client.workDir())) {
            // the instance lock file stays: deleting a lock file races with the next backup
            assertThat(files.filter(f -> !f.getFileName().toString().endsWith(".lock"))).isEmpty();
        }
    }

    /** "down" only if the port refuses connections and SELECT 1 fails. */
    private static String mysqlState() {
        boolean portOpen;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", mysql.port()), 1000);
            portOpen = true;
        } catch (ConnectException refused) {
            portOpen = false;
        } catch (IOException other) {
            portOpen = true;
        }
        return !portOpen && !mysql.isRunning() ? "down" : "up";
    }
}
