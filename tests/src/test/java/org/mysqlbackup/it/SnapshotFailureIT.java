package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.cli.ExitCodes;
import org.mysqlbackup.cli.MysqlBackupCommand;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.MariaDbSandbox;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;
import picocli.CommandLine;

/**
 * A failure after MySQL was stopped: the data directory holds a symbolic link to a file that does
 * not exist, so the snapshot cannot be complete. Run through the real command line: MySQL must be
 * running afterwards, no temporary zip may remain, nothing reaches the server, and both the exit
 * code and the Failed row name the step and the reason.
 */
class SnapshotFailureIT {
    private static MariaDbSandbox mysql;
    private static BackupServerFixture server;
    private static BackupClientFixture client;
    private static int exitCode;
    private static List<String> stdout;
    private static List<String> stderr;

    @BeforeAll
    static void runBackupOverABrokenDataDirectory() throws Exception {
        Path work = TestPaths.scratch(SnapshotFailureIT.class);
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        mysql = MariaDbSandbox.create(TestPaths.sandboxBase());
        mysql.start();
        mysql.loadSampleData();
        Files.createSymbolicLink(mysql.datadir().resolve("shop/notes.txt"), work.resolve("missing/notes.txt"));
        server = BackupServerFixture.start(work, certs);
        client = new BackupClientFixture(work, mysql, server.port(), certs.properties(certs.client("db-host-2")));

        List<String> args = new ArrayList<>(List.of("client", "--config", TestPaths.clientConfig().toString()));
        for (Map.Entry<String, String> p : client.properties().entrySet()) {
            args.add("-D");
            args.add(p.getKey() + "=" + p.getValue());
        }
        args.add("backup-now");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = MysqlBackupCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        exitCode = cli.execute(args.toArray(String[]::new));
        stdout = out.toString().lines().toList();
        stderr = err.toString().lines().toList();
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
    void mySqlIsRunningAfterTheFailure() {
        assertThat(mysql.isRunning()).isTrue();
    }

    @Test
    void commandExitsWithBackupFailedAndSaysWhereAndWhy() {
        assertThat(exitCode).isEqualTo(ExitCodes.BACKUP_FAILED);
        assertThat(stderr).isNotEmpty();
        assertThat(stderr.get(stderr.size() - 1)).startsWith("backup failed at snapshot: ").contains("notes.txt");
    }

    @Test
    void lastStdoutLineIsTheJsonSummaryOfTheFailure() throws Exception {
        JsonNode summary = new ObjectMapper().readTree(stdout.get(stdout.size() - 1));
        assertThat(summary.get("status").asText()).isEqualTo("Failed");
        assertThat(summary.get("step").asText()).isEqualTo("snapshot");
        assertThat(summary.get("error").asText()).contains("notes.txt");
        assertThat(summary.get("mysqlRunning").asBoolean()).isTrue();
        assertThat(summary.get("downtimeMs").asLong()).isPositive();
        assertThat(summary.has("file")).isFalse();
    }

    @Test
    void failedRowNamesTheStepAndTheReason() {
        List<BackupLogRow> rows = client.logs().recent(10);
        assertThat(rows).hasSize(1);
        BackupLogRow row = rows.get(0);
        assertThat(row.status()).isEqualTo(BackupStatus.Failed);
        assertThat(row.step()).isEqualTo("snapshot");
        assertThat(row.errorMessage()).contains("notes.txt").contains("does not exist");
        assertThat(row.mysqlRunningAfter()).isTrue();
        assertThat(row.endTime()).isNotNull();
        assertThat(row.fileName()).isNull();
    }

    @Test
    void noTemporaryZipRemains() throws Exception {
        try (var files = Files.list(client.workDir())) {
            assertThat(files.filter(f -> !f.getFileName().toString().endsWith(".lock"))).isEmpty();
        }
    }

    @Test
    void nothingReachedTheServer() {
        assertThat(server.storedFiles()).isEmpty();
        assertThat(server.logs()).isEmpty();
    }
}
