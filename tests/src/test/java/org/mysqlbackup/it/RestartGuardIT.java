package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.testing.AppProcess;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.GuardedClient;
import org.mysqlbackup.testing.MariaDbSandbox;
import org.mysqlbackup.testing.RandomFiles;
import org.mysqlbackup.testing.SampleSite;
import org.mysqlbackup.testing.SlowCp;

/**
 * The restart guard, with real processes: a client JVM killed with SIGKILL (or sent SIGTERM) while
 * MySQL is down for its backup, with and without its watchdog, followed by what a person would run
 * or what would start next ({@code backup-client recover}, the daemon). MySQL must serve again
 * within 60 s without a person, the backup be recorded Failed with the step it died in, its partial
 * files be gone, its restart intent be gone, and the alert arrive. A MySQL an operator stopped
 * outside a backup is left alone by every guard.
 */
class RestartGuardIT {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetup.SMTP.dynamicPort());

    private static final Duration SIXTY_SECONDS = Duration.ofSeconds(60);

    private static SampleSite site;
    private static MariaDbSandbox mysql;

    @BeforeAll
    static void start() throws Exception {
        site = SampleSite.start(RestartGuardIT.class);
        mysql = site.mysql();
        // random bytes zip slowly at level 9 on one thread: a capture long enough to kill in
        RandomFiles.create(mysql.datadir().resolve("zz-ballast.bin"), 40L << 20, 10);
    }

    @AfterAll
    static void stop() {
        site.close();
    }

    @AfterEach
    void mysqlRunsForTheNextTest() {
        if (!mysql.isRunning()) {
            mysql.start();
        }
    }

    @Test
    void backupNowKilledMidCaptureIsRecoveredByItsWatchdog() throws Exception {
        GuardedClient client = new GuardedClient(GuardedClient.fixture(site, "watchdog", SMTP)
                .set("snapshot.strategy", "zip").set("snapshot.compression-level", "9")
                .set("snapshot.compression-threads", "1"), site.work(), Map.of());
        long before = mysqlPid();
        try (AppProcess backup = client.start("watchdog-backup-now", "backup-now")) {
            BackupLogRow row = client.awaitStep(0, "snapshot", backup);
            Thread.sleep(300);
            assertThat(client.newest().map(BackupLogRow::step)).as("still capturing at the kill").contains("snapshot");
            ProcessHandle watchdog = GuardedClient.watchdogOf(backup).orElseThrow(
                    () -> new AssertionError("no watchdog process; log:\n" + logOf(backup)));
            Instant killed = Instant.now();
            backup.kill9();
            assertThat(mysqlPid()).as("MySQL was down for the backup").isNotEqualTo(before);

            awaitMySqlServes(killed);
            BackupLogRow closed = client.awaitEnded(row.id(), SIXTY_SECONDS);
            assertThat(closed.status()).isEqualTo(BackupStatus.Failed);
            assertThat(closed.errorMessage()).startsWith("the client process ended during snapshot")
                    .contains("the restart guard started it again");
            assertThat(closed.mysqlRunningAfter()).isTrue();
            assertThat(closed.downtimeMs()).as("the downtime the guard measured").isPositive();
            assertThat(client.workFiles()).as("the half-written zip is gone").isEmpty();
            assertThat(client.intents()).isEmpty();
            await().atMost(Duration.ofSeconds(20)).until(() -> !watchdog.isAlive());
            String mail = mail();
            assertThat(mail).contains("[mysql-backup] CRITICAL on ").contains("failed at snapshot, MySQL is running")
                    .contains("the client process ended during snapshot");
        }
    }

    @Test
    void clientAndWatchdogKilledTogetherAreRecoveredByTheRecoverCommand() throws Exception {
        GuardedClient client = slowCopyClient("recover");
        BackupLogRow row = killEverythingMidCapture(client, "recover-backup-now");
        Thread.sleep(2000);
        assertThat(mysql.isRunning()).as("nothing guards MySQL once the watchdog is dead too").isFalse();

        // before any guard closed it, the dead backup is not shown as running
        GuardedClient.Ran status = client.run("recover-status", 60, "status");
        assertThat(status.output()).contains("No backup is running.").contains("Interrupted")
                .contains("backup " + row.id() + " 'it' ended during snapshot");
        GuardedClient.Ran history = client.run("recover-history", 60, "history", "--format", "csv");
        assertThat(history.output()).contains("Failed").contains("the client process ended during snapshot")
                .doesNotContain("Compressing");

        GuardedClient.Ran recover = client.run("recover-1", 120, "recover");
        assertThat(recover.exitCode()).as("recover's exit code; output:%n%s", recover.output()).isZero();
        assertThat(recover.output()).contains("backup " + row.id()).contains("the restart guard started it again");
        assertThat(mysql.isRunning()).isTrue();
        BackupLogRow closed = client.fixture().logs().find(row.id()).orElseThrow();
        assertThat(closed.status()).isEqualTo(BackupStatus.Failed);
        assertThat(closed.errorMessage()).startsWith("the client process ended during snapshot");
        assertThat(client.workFiles()).as("the partial copy is gone").isEmpty();
        assertThat(client.intents()).isEmpty();
        assertThat(mail()).contains("CRITICAL").contains("failed at snapshot, MySQL is running");

        GuardedClient.Ran again = client.run("recover-2", 60, "recover");
        assertThat(again.exitCode()).isZero();
        assertThat(again.output()).contains("nothing to do");
    }

    @Test
    void clientAndWatchdogKilledTogetherAreRecoveredByTheDaemonWhenItStarts() throws Exception {
        GuardedClient client = slowCopyClient("daemon");
        BackupLogRow row = killEverythingMidCapture(client, "daemon-backup-now");
        client.fixture().set("schedule.enabled", "true");
        Instant started = Instant.now();
        try (AppProcess daemon = client.start("daemon")) {
            awaitMySqlServes(started);
            BackupLogRow closed = client.awaitEnded(row.id(), SIXTY_SECONDS);
            assertThat(closed.status()).isEqualTo(BackupStatus.Failed);
            assertThat(closed.errorMessage()).startsWith("the client process ended during snapshot");
            assertThat(client.intents()).isEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> client.workFiles().isEmpty());
            assertThat(daemon.isAlive()).isTrue();
        }
    }

    @Test
    void systemctlStopOfTheDaemonDuringTheColdPhaseStartsMySqlBeforeTheDaemonEnds() throws Exception {
        GuardedClient client = slowCopyClient("sigterm");
        GuardedClient.daemonBackingUpEverySecond(client.fixture());
        try (AppProcess daemon = client.start("sigterm-daemon")) {
            BackupLogRow row = client.awaitStep(0, "snapshot", daemon);
            // what systemctl stop sends; the JVM ends with 143 once its shutdown hooks are done
            daemon.terminate();
            daemon.waitFor(120);
            // no guard needed: the client itself started MySQL before it ended
            assertThat(mysql.isRunning()).as("MySQL serves when the client has ended").isTrue();
            BackupLogRow ended = client.fixture().logs().find(row.id()).orElseThrow();
            assertThat(ended.status()).isEqualTo(BackupStatus.Cancelled);
            assertThat(ended.errorMessage()).contains("asked to stop");
            assertThat(client.intents()).isEmpty();
            assertThat(client.workFiles()).isEmpty();
            assertThat(mail()).contains("FAILURE").contains("MySQL is running");
        }
    }

    @Test
    void anOperatorsOwnStopIsLeftAloneByEveryGuard() throws Exception {
        GuardedClient client = new GuardedClient(GuardedClient.fixture(site, "operator", SMTP)
                .set("guard.check-interval-ms", "500"), site.work(), Map.of());
        // a backup ran and completed: its guard has nothing to keep
        assertThat(client.fixture().backupNow().status()).isEqualTo("Completed");
        mysql.stop();

        GuardedClient.Ran recover = client.run("operator-recover", 60, "recover");
        assertThat(recover.exitCode()).isZero();
        assertThat(recover.output()).contains("nothing to do");
        assertThat(mysql.isRunning()).isFalse();

        client.fixture().set("schedule.enabled", "true");
        try (AppProcess daemon = client.start("operator-daemon")) {
            // its start-up pass, then several passes of the daemon's guard
            Thread.sleep(10_000);
            assertThat(daemon.isAlive()).isTrue();
            assertThat(mysql.isRunning()).as("the daemon left the operator's stop alone").isFalse();
        }
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void anIntentLeftByAFailedRestartIsLeftAloneOnceSomeoneElseRanMySql() throws Exception {
        BackupClientFixture fixture = GuardedClient.fixture(site, "stale", SMTP)
                .set("mysql.service.start-command", "echo 'start refused' >&2; exit 1")
                .set("mysql.start.retries", "0")
                .set("mysql.verify.retries", "3").set("mysql.verify.delay-pattern", "0:100")
                .set("guard.verify-wait-ms", "3000");
        GuardedClient client = new GuardedClient(fixture, site.work(), Map.of());
        BackupSummary summary = fixture.backupNow();
        assertThat(summary.mysqlRunning()).isFalse();
        assertThat(client.intents()).as("MySQL did not come back: the intent stays").hasSize(1);
        assertThat(mail()).contains("CRITICAL").contains("MySQL is NOT running");

        // the operator brings MySQL back by hand, later stops it for maintenance
        Thread.sleep(3000);
        mysql.start();
        mysql.stop();

        GuardedClient.Ran recover = client.run("stale-recover", 60, "recover");
        assertThat(recover.exitCode()).isZero();
        assertThat(recover.output()).contains("left as it is");
        assertThat(mysql.isRunning()).as("the guard did not start what the operator stopped").isFalse();
        assertThat(client.intents()).isEmpty();
    }

    /** A copy-strategy client whose {@code cp} takes 4 s: MySQL stays down that long. */
    private static GuardedClient slowCopyClient(String name) throws Exception {
        BackupClientFixture fixture = GuardedClient.fixture(site, name, SMTP)
                .set("snapshot.strategy", "copy").set("snapshot.copy-method", "cp");
        return new GuardedClient(fixture, site.work(), SlowCp.environment(site.work().resolve(name + "-bin"), 4));
    }

    /** Starts backup-now, and once it copies, SIGKILLs it with everything it started (its watchdog, cp). */
    private static BackupLogRow killEverythingMidCapture(GuardedClient client, String log) throws Exception {
        try (AppProcess backup = client.start(log, "backup-now")) {
            BackupLogRow row = client.awaitStep(0, "snapshot", backup);
            Thread.sleep(500);
            assertThat(GuardedClient.watchdogOf(backup)).as("the watchdog runs").isPresent();
            backup.descendants().forEach(ProcessHandle::destroyForcibly);
            backup.kill9();
            await().atMost(Duration.ofSeconds(10)).until(() -> backup.descendants().isEmpty());
            return row;
        }
    }

    private static void awaitMySqlServes(Instant since) {
        await().atMost(SIXTY_SECONDS).pollInterval(Duration.ofMillis(200)).until(mysql::isRunning);
        assertThat(Duration.between(since, Instant.now())).isLessThan(SIXTY_SECONDS);
    }

    private static long mysqlPid() throws Exception {
        Path pid = mysql.pidFile();
        return Files.exists(pid) ? Long.parseLong(Files.readString(pid).trim()) : -1;
    }

    /** The one alert mail of the test. */
    private static String mail() throws Exception {
        assertThat(SMTP.waitForIncomingEmail(30_000, 1)).as("an alert mail arrived").isTrue();
        MimeMessage[] messages = SMTP.getReceivedMessages();
        assertThat(messages).hasSize(1);
        return messages[0].getSubject() + "\n" + GreenMailUtil.getBody(messages[0]);
    }

    private static String logOf(AppProcess process) {
        try {
            return process.log();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
