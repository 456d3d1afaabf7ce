package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.SqliteDatabase;
import org.mysqlbackup.retention.RetentionEnforcer;
import org.mysqlbackup.server.ReceiveLogRow;
import org.mysqlbackup.testing.AppProcess;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.RandomFiles;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;

/**
 * The log-retention routes of both apps, with the shipped route files and keep-last = 1: the
 * server keeps every row whose file is still stored and drops one once file retention has
 * deleted its file; the
 * client daemon keeps only the newest finished backup, but never an unfinished one or one whose
 * file waits to be shipped.
 */
class LogRetentionIT {
    private static final Map<String, String> KEEP_ONE = Map.of(
            "logs.retention.initial-delay-ms", "200",
            "logs.retention.interval-ms", "1000",
            "logs.retention.keep-last", "1",
            "logs.retention.max-age-days", "0",
            "logs.retention.max-total-size", "0");

    @Test
    void bothSidesPruneOnTheirScheduleAndKeepWhatMustStay() throws Exception {
        Path work = TestPaths.scratch(LogRetentionIT.class);
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        BackupClientFixture client;
        List<BackupSummary> shipped = new ArrayList<>();
        Map<String, String> serverProperties = new HashMap<>(KEEP_ONE);
        serverProperties.put("retention.keep-last", "2");
        try (BackupServerFixture server = BackupServerFixture.start(work, certs, serverProperties)) {
            client = new BackupClientFixture(work.resolve("client"), server.port(), certs.properties(certs.client("pruned")));
            for (int i = 0; i < 3; i++) {
                shipped.add(client.send(RandomFiles.create(work.resolve("f" + i + ".bin"), 200_000 + i, i)));
            }
            assertThat(shipped).allSatisfy(s -> assertThat(s.status()).isEqualTo("Completed"));
            Thread.sleep(2500);
            assertThat(server.logs()).as("every file is still stored: every row stays").hasSize(3);

            // file retention, keeping the newest two files, deletes the oldest and records it: its row may go now
            ReceiveLogRow oldest = server.logs().get(2);
            server.bean("applyRetention", RetentionEnforcer.class).apply();
            assertThat(server.storageRoot().resolve(oldest.filePath())).doesNotExist();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(server.logs())
                    .extracting(ReceiveLogRow::id).doesNotContain(oldest.id()).hasSize(2));
        }

        long unfinished;
        long waiting;
        DataSource db = SqliteDatabase.open(client.databaseFile(), Duration.ofSeconds(10));
        Sql sql = new Sql(db, "client database");
        try {
            unfinished = sql.insert("INSERT INTO BackupLogs (ConfigName, StartTime, Status, Step) VALUES"
                    + " ('it', '2026-01-01T00:00:00.000Z', 'Transferring', 'transfer')");
            waiting = sql.insert("INSERT INTO BackupLogs (ConfigName, StartTime, EndTime, Status, Step, LocalFile,"
                    + " ResumeToken, Sha256) VALUES ('it', '2026-01-02T00:00:00.000Z', '2026-01-02T00:01:00.000Z',"
                    + " 'Failed', 'transfer', '/var/tmp/x.zip', 'token', 'ab')");
            assertThat(client.logs().chunksStored(shipped.get(0).backupId())).isPositive();

            List<String> command = new ArrayList<>(client.commandLine());
            KEEP_ONE.forEach((key, value) -> command.addAll(List.of("-D", key + "=" + value)));
            command.addAll(List.of("-D", "schedule.enabled=false"));
            try (AppProcess daemon = AppProcess.start(command, work.resolve("client-daemon.log"))) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                        sql.query("SELECT Id FROM BackupLogs ORDER BY Id", rs -> rs.getLong(1)))
                        .as("daemon log:%n%s", daemon.log())
                        .containsExactly(shipped.get(2).backupId(), unfinished, waiting));
                assertThat(daemon.log()).contains("Log retention removed the history of 2 backup(s)");
            }
            assertThat(sql.count("SELECT COUNT(*) FROM TransferLogs WHERE BackupLogId IN (?, ?)",
                    shipped.get(0).backupId(), shipped.get(1).backupId())).as("their chunks went with them").isZero();
            assertThat(sql.count("SELECT COUNT(*) FROM TransferLogs WHERE BackupLogId = ?", shipped.get(2).backupId()))
                    .isPositive();
        } finally {
            ((AutoCloseable) db).close();
        }
    }
}
