package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.FaultProxy;
import org.mysqlbackup.testing.MariaDbSandbox;
import org.mysqlbackup.testing.SampleSite;
import org.mysqlbackup.testing.TestCertificates;

/**
 * A failure injected at each step of a real backup of a sandbox MariaDB, with alerts mailed to a
 * real SMTP server (GreenMail). In every case but the last MySQL ends running, no temporary file
 * is left (a snapshot whose transfer failed is kept on purpose, for resume), the log row names the
 * step and the reason, and the expected mail arrived; its severity and subject follow from whether
 * MySQL runs at the end: when MySQL never comes back the alert is CRITICAL and says so, when it
 * refuses to stop it is a FAILURE that says MySQL is running and asks for a person.
 */
class FailureInjectionIT {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetup.SMTP.dynamicPort());

    private static SampleSite site;
    private static Path work;
    private static TestCertificates certs;
    private static MariaDbSandbox mysql;
    private static BackupServerFixture server;

    @BeforeAll
    static void start() throws Exception {
        site = SampleSite.start(FailureInjectionIT.class);
        work = site.work();
        certs = site.certs();
        mysql = site.mysql();
        server = site.server();
    }

    @AfterAll
    static void stop() {
        site.close();
    }

    @AfterEach
    void mysqlIsRunningForTheNextTest() {
        if (!mysql.isRunning()) {
            mysql.start();
        }
    }

    @Test
    void stopCommandFailsAndMySqlNeverStops() throws Exception {
        BackupClientFixture client = client("stop-fails")
                .set("mysql.service.stop-command", "echo 'refusing to stop' >&2; exit 3")
                .set("mysql.stop.timeout-ms", "2000").set("mysql.down.timeout-ms", "300");
        BackupSummary summary = client.backupNow();

        assertFailed(client, summary, "stop-mysql", "could not be stopped");
        // MySQL kept running: the alert says so (a FAILURE that asks for a person), never "NOT running"
        assertThat(mail("FAILURE", "stop-mysql")).contains("failed at stop-mysql, MySQL is running")
                .contains("Manual intervention needed").contains("refusing to stop").doesNotContain("NOT running");
        assertThat(summary.mysqlRunning()).isTrue();
    }

    @Test
    void mySqlRefusesToStopInTime() throws Exception {
        BackupClientFixture client = client("stop-hangs")
                .set("mysql.service.stop-command", "sleep 30")
                .set("mysql.stop.timeout-ms", "500").set("mysql.down.timeout-ms", "300");
        BackupSummary summary = client.backupNow();

        assertFailed(client, summary, "stop-mysql", "did not finish within");
        assertThat(mail("FAILURE", "stop-mysql")).contains("failed at stop-mysql, MySQL is running")
                .contains("Manual intervention needed").doesNotContain("NOT running");
        assertThat(summary.mysqlRunning()).isTrue();
    }

    @Test
    void snapshotFailsHalfWay() throws Exception {
        Path growing = work.resolve("growing.log");
        Files.write(growing, new byte[1 << 20]);
        Path link = mysql.datadir().resolve("zz-growing.log");
        Files.createSymbolicLink(link, growing);
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(growing, StandardOpenOption.APPEND)) {
                while (writing.get()) {
                    out.write(new byte[4096]);
                    out.flush();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            BackupSummary summary = client("snapshot-fails").backupNow();
            assertFailed(client("snapshot-fails"), summary, "snapshot", "changed size while being read");
            assertThat(mail("FAILURE", "snapshot")).contains("zz-growing.log").contains("MySQL is running again");
        } finally {
            writing.set(false);
            writer.get(10, TimeUnit.SECONDS);
            Files.delete(link);
        }
    }

    @Test
    void startFailsTheFirstTwoTimesThenTheBackupCompletes() throws Exception {
        Path counter = work.resolve("start-attempts");
        Files.deleteIfExists(counter);
        String flakyStart = "n=$(cat " + counter + " 2>/dev/null || echo 0); echo $((n + 1)) > " + counter
                + "; if [ \"$n\" -lt 2 ]; then echo 'not yet' >&2; exit 1; fi; " + mysql.startCommand();
        BackupClientFixture client = client("start-flaky")
                .set("mysql.service.start-command", flakyStart)
                .set("mysql.start.retries", "3").set("mysql.start.retry-delay-ms", "100");
        BackupSummary summary = client.backupNow();

        assertThat(summary.status()).as("outcome: %s", summary.error()).isEqualTo("Completed");
        assertThat(Files.readString(counter).trim()).isEqualTo("3");
        assertThat(mysql.isRunning()).isTrue();
        assertThat(SMTP.getReceivedMessages()).as("no alert for a backup that completed").isEmpty();
    }

    @Test
    void transferFailsAfterTheSnapshot() throws Exception {
        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", server.port())) {
            BackupClientFixture client = new BackupClientFixture(work.resolve("transfer-fails"), mysql, proxy.port(),
                    certs.properties(certs.client("inject-transfer-fails")))
                    .set("transfer.retry.max-redeliveries", "2").set("transfer.retry.initial-delay-ms", "50")
                    .set("transfer.retry.max-delay-ms", "100");
            withAlerts(client);
            CompletableFuture<BackupSummary> backup = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.backupNow();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> inStep(client, "stop-mysql"));
            proxy.refuseConnections(true);
            proxy.killAllConnections();
            BackupSummary summary = backup.get(60, TimeUnit.SECONDS);

            assertThat(summary.status()).isEqualTo("Failed");
            assertThat(summary.step()).isEqualTo("transfer");
            assertThat(mysql.isRunning()).isTrue();
            BackupLogRow row = client.logs().find(summary.backupId()).orElseThrow();
            assertThat(row.localFile()).as("the snapshot is kept to be resumed").isNotNull();
            assertThat(workFiles(client)).as("nothing but that snapshot is left")
                    .containsExactly(Path.of(row.localFile()).getFileName().toString());
            assertThat(mail("FAILURE", "transfer")).contains("backup-client resume");
        }
    }

    @Test
    void mySqlNeverComesBackAfterTheZipStrategyAndItsZipIsKept() throws Exception {
        BackupClientFixture client = neverBack("never-back-zip", "zip");
        BackupSummary summary = client.backupNow();

        BackupLogRow row = assertMySqlReportedDown(client, summary);
        assertThat(row.localFile()).as("the complete snapshot is kept").isNotNull();
        assertThat(Path.of(row.localFile())).exists();
        assertThat(workFiles(client)).containsExactly(Path.of(row.localFile()).getFileName().toString());
        String mail = mail("CRITICAL", "verify-mysql");
        assertThat(mail).contains("MySQL is NOT running").contains("Start MySQL by hand").contains(row.localFile());
    }

    @Test
    void mySqlNeverComesBackAfterTheCopyStrategyAndItsCopyIsKept() throws Exception {
        BackupClientFixture client = neverBack("never-back-copy", "copy");
        BackupSummary summary = client.backupNow();

        BackupLogRow row = assertMySqlReportedDown(client, summary);
        // no time is spent zipping while MySQL is down and an operator waits for the alert
        assertThat(row.localFile()).as("no zip was made").isNull();
        List<String> left = workFiles(client);
        assertThat(left).hasSize(1);
        assertThat(left.get(0)).endsWith(".copy");
        Path copy = client.workDir().resolve(left.get(0));
        assertThat(copy.resolve("ibdata1")).isRegularFile().isNotEmptyFile();
        String mail = mail("CRITICAL", "verify-mysql");
        assertThat(mail).contains("MySQL is NOT running").contains("Start MySQL by hand")
                .contains("A cold copy of the data directory").contains(copy.toString());
    }

    private BackupClientFixture neverBack(String name, String strategy) throws Exception {
        return client(name)
                .set("snapshot.strategy", strategy)
                .set("mysql.service.start-command", "true")
                .set("mysql.start.retries", "0")
                .set("mysql.verify.retries", "5").set("mysql.verify.delay-pattern", "0:100");
    }

    private static BackupLogRow assertMySqlReportedDown(BackupClientFixture client, BackupSummary summary) {
        assertThat(summary.status()).isEqualTo("Failed");
        assertThat(summary.mysqlRunning()).isFalse();
        assertThat(mysql.isRunning()).isFalse();
        BackupLogRow row = client.logs().find(summary.backupId()).orElseThrow();
        assertThat(row.mysqlRunningAfter()).isFalse();
        assertThat(row.errorMessage()).contains("MySQL did not come back");
        return row;
    }

    private static void assertFailed(BackupClientFixture client, BackupSummary summary, String step, String reason)
            throws IOException {
        assertThat(summary.status()).as("outcome: %s", summary.error()).isEqualTo("Failed");
        assertThat(summary.step()).isEqualTo(step);
        assertThat(summary.error()).contains(reason);
        assertThat(summary.mysqlRunning()).isTrue();
        assertThat(mysql.isRunning()).as("MySQL is running after a failure at " + step).isTrue();
        BackupLogRow row = client.logs().find(summary.backupId()).orElseThrow();
        assertThat(row.status()).isEqualTo(BackupStatus.Failed);
        assertThat(row.step()).isEqualTo(step);
        assertThat(row.errorMessage()).contains(reason);
        assertThat(row.mysqlRunningAfter()).isTrue();
        assertThat(workFiles(client)).as("temporary files").isEmpty();
    }

    /** The one alert mail this test produced: subject names the severity and the step. */
    private static String mail(String severity, String step) throws Exception {
        assertThat(SMTP.waitForIncomingEmail(10_000, 1)).as("an alert mail arrived").isTrue();
        MimeMessage[] messages = SMTP.getReceivedMessages();
        assertThat(messages).hasSize(1);
        assertThat(messages[0].getSubject()).contains(severity).contains(step);
        assertThat(Arrays.stream(messages[0].getAllRecipients()).map(Object::toString)).containsExactly("dba@example.org");
        return messages[0].getSubject() + "\n" + GreenMailUtil.getBody(messages[0]);
    }

    private static List<String> workFiles(BackupClientFixture client) throws IOException {
        if (!Files.exists(client.workDir())) {
            return List.of();
        }
        try (var files = Files.list(client.workDir())) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.endsWith(".lock")).toList();
        }
    }

    private static boolean inStep(BackupClientFixture client, String step) {
        try {
            return client.logs().recent(1).stream().anyMatch(r -> step.equals(r.step()));
        } catch (IllegalStateException notCreatedYet) {
            return false;
        }
    }

    private static BackupClientFixture client(String name) throws Exception {
        return withAlerts(new BackupClientFixture(work.resolve(name), mysql, server.port(),
                certs.properties(certs.client("inject-" + name))));
    }

    private static BackupClientFixture withAlerts(BackupClientFixture client) {
        return client.mailingAlertsTo(SMTP.getSmtp().getPort());
    }
}
