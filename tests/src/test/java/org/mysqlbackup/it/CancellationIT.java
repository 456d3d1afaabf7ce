package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.cli.MysqlBackupCommand;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.FaultProxy;
import org.mysqlbackup.testing.MariaDbSandbox;
import org.mysqlbackup.testing.SampleSite;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;
import picocli.CommandLine;

/**
 * {@code backup-client cancel} while a backup stops MySQL, takes its snapshot, zips its copy, or
 * ships it: the backup ends Cancelled at the step it was in, MySQL is running, and no temporary file
 * (zip or copy) remains.
 */
class CancellationIT {
    private static SampleSite site;
    private static Path work;
    private static TestCertificates certs;
    private static MariaDbSandbox mysql;
    private static BackupServerFixture server;

    @BeforeAll
    static void start() throws Exception {
        site = SampleSite.start(CancellationIT.class);
        work = site.work();
        certs = site.certs();
        mysql = site.mysql();
        server = site.server();
        mysql.generateData(160L << 20);
    }

    @AfterAll
    static void stop() {
        site.close();
    }

    @Test
    void cancelWhileStoppingMySql() throws Exception {
        BackupClientFixture client = client("stop", server.port())
                .set("mysql.service.stop-command", "sleep 2; " + mysql.stopCommand());
        assertCancelledAt(client, "stop-mysql", () -> step(client, "stop-mysql"));
    }

    @Test
    void cancelDuringTheSnapshot() throws Exception {
        // the zip strategy compresses while MySQL is down: the cancel lands in the middle of the zip
        BackupClientFixture client = client("snapshot", server.port()).set("snapshot.strategy", "zip")
                .set("snapshot.compression-level", "9").set("snapshot.compression-threads", "1");
        assertCancelledAt(client, "snapshot", () -> step(client, "snapshot"));
    }

    @Test
    void cancelWhileZippingTheCopy() throws Exception {
        BackupClientFixture client = client("package", server.port()).set("snapshot.strategy", "copy")
                .set("snapshot.compression-level", "9").set("snapshot.compression-threads", "1");
        assertCancelledAt(client, "package", () -> step(client, "package"));
    }

    @Test
    void cancelDuringTheTransfer() throws Exception {
        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", server.port())) {
            proxy.throttle(2L << 20);
            BackupClientFixture client = client("transfer", proxy.port()).set("transfer.chunk-size", "256KiB");
            assertCancelledAt(client, "transfer", () -> proxy.clientToServerBytes() > (1L << 20));
        }
    }

    private void assertCancelledAt(BackupClientFixture client, String step, BooleanSupplier reached) throws Exception {
        CompletableFuture<BackupSummary> backup = CompletableFuture.supplyAsync(() -> {
            try {
                return client.backupNow();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(reached::getAsBoolean);
        assertThat(cancel(client)).isZero();
        BackupSummary summary = backup.get(120, TimeUnit.SECONDS);

        assertThat(summary.status()).isEqualTo("Cancelled");
        assertThat(summary.step()).isEqualTo(step);
        assertThat(summary.error()).contains("cancelled by an operator");
        assertThat(summary.mysqlRunning()).isTrue();
        assertThat(mysql.isRunning()).isTrue();
        BackupLogRow row = client.logs().find(summary.backupId()).orElseThrow();
        assertThat(row.status()).isEqualTo(BackupStatus.Cancelled);
        assertThat(row.step()).isEqualTo(step);
        assertThat(row.localFile()).isNull();
        try (var files = Files.list(client.workDir())) {
            assertThat(files.filter(f -> !f.getFileName().toString().endsWith(".lock"))).as("temporary files").isEmpty();
        }
    }

    private static boolean step(BackupClientFixture client, String step) {
        try {
            return client.logs().recent(1).stream().anyMatch(r -> step.equals(r.step())
                    && r.status() != BackupStatus.Cancelled && r.status() != BackupStatus.Failed);
        } catch (IllegalStateException notCreatedYet) {
            return false;
        }
    }

    private static int cancel(BackupClientFixture client) {
        List<String> args = new ArrayList<>(List.of("client", "--config", TestPaths.clientConfig().toString()));
        for (Map.Entry<String, String> p : client.properties().entrySet()) {
            args.add("-D");
            args.add(p.getKey() + "=" + p.getValue());
        }
        args.add("cancel");
        CommandLine cli = MysqlBackupCommand.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return cli.execute(args.toArray(String[]::new));
    }

    private static BackupClientFixture client(String name, int port) throws Exception {
        return new BackupClientFixture(work.resolve(name), mysql, port, certs.properties(certs.client("cancel-" + name)));
    }
}
