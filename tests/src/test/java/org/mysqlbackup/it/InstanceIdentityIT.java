package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.MariaDbSandbox;
import org.mysqlbackup.testing.SampleSite;
import org.mysqlbackup.testing.TestPaths;

/**
 * Two real MariaDB instances on one host, "main" (with the sample data) and "reports", sharing one
 * backup account as a host's instances often do, so only their identity tells them apart. A
 * configuration that mixes them up (reports' data directory, pid file and service commands with
 * main's port; main with reports' pid file) fails at pre-flight naming what differs, and neither
 * server is stopped: each pid file names the same process, started at the same instant, before and
 * after; neither sandbox's commands.log records a stop or a start (the client's service commands
 * are recorded there too) and no error log records a shutdown; the work folder holds nothing. A
 * configuration that is right for reports backs it up, and only reports is restarted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstanceIdentityIT {
    /** One backup account on both instances, as a host's instances often share: the credentials cannot tell them apart. */
    private static final String SHARED_USER = "backup_shared";
    private static final String SHARED_PASSWORD = "Shared-" + UUID.randomUUID().toString().replace("-", "");

    private static SampleSite site;
    private static MariaDbSandbox main;
    private static MariaDbSandbox reports;

    @BeforeAll
    static void start() throws Exception {
        site = SampleSite.start(InstanceIdentityIT.class);
        main = site.mysql();
        reports = MariaDbSandbox.create(TestPaths.sandboxBase());
        reports.start();
        for (MariaDbSandbox mysql : List.of(main, reports)) {
            createSharedAccount(mysql);
        }
    }

    /** As root (password-less on 127.0.0.1 in every sandbox): the sandbox's own account may not grant. */
    private static void createSharedAccount(MariaDbSandbox mysql) throws SQLException {
        try (Connection root = DriverManager.getConnection(mysql.jdbcUrl(), mysql.rootUser(), "");
             Statement sql = root.createStatement()) {
            sql.execute("CREATE USER '" + SHARED_USER + "'@'127.0.0.1' IDENTIFIED BY '" + SHARED_PASSWORD + "'");
            sql.execute("GRANT ALL PRIVILEGES ON *.* TO '" + SHARED_USER + "'@'127.0.0.1'");
        }
    }

    @AfterAll
    static void stop() {
        try {
            if (reports != null) {
                reports.close();
            }
        } finally {
            if (site != null) {
                site.close();
            }
        }
    }

    @AfterEach
    void bothRunForTheNextTest() {
        for (MariaDbSandbox mysql : List.of(main, reports)) {
            if (!mysql.isRunning()) {
                mysql.start();
            }
        }
    }

    @Test
    @Order(1)
    void reportsConfiguredWithTheMainInstancesPortIsRefused() throws Exception {
        BackupClientFixture client = client("reports-on-mains-port", reports)
                .set("mysql.port", Integer.toString(main.port()));
        Untouched before = Untouched.now();

        BackupSummary summary = client.backupNow();

        assertRefusedAtPreflight(client, summary, before,
                "the server answering on 127.0.0.1:" + main.port() + " is not the configured instance",
                "its data directory is " + main.datadir() + " (mysql.datadir is " + reports.datadir() + ")",
                "its pid file is " + main.pidFile() + " (mysql.pid-file is " + reports.pidFile() + ")");
        assertThat(summary.error()).doesNotContain("listens on port");
    }

    @Test
    @Order(2)
    void mainConfiguredWithTheReportsPidFileIsRefused() throws Exception {
        BackupClientFixture client = client("main-with-reports-pid-file", main)
                .set("mysql.pid-file", reports.pidFile().toString());
        Untouched before = Untouched.now();

        BackupSummary summary = client.backupNow();

        assertRefusedAtPreflight(client, summary, before,
                "the server answering on 127.0.0.1:" + main.port() + " is not the configured instance",
                "its pid file is " + main.pidFile() + " (mysql.pid-file is " + reports.pidFile() + ")",
                "process " + before.reports().pid() + " of the pid file " + reports.pidFile() + " runs in "
                        + reports.datadir().toRealPath() + ", not in the data directory " + main.datadir().toRealPath());
        assertThat(summary.error()).doesNotContain("its data directory is", "listens on port");
    }

    @Test
    @Order(3)
    void reportsConfiguredAsItselfIsBackedUpAndOnlyItIsRestarted() throws Exception {
        BackupClientFixture client = client("reports", reports);
        Untouched before = Untouched.now();

        BackupSummary summary = client.backupNow();

        assertThat(summary.status()).as("outcome: %s", summary.error()).isEqualTo("Completed");
        assertThat(summary.mysqlRunning()).isTrue();
        assertThat(client.logs().find(summary.backupId()).orElseThrow().status()).isEqualTo(BackupStatus.Completed);
        assertThat(site.server().storedFiles()).hasSize(before.storedFiles() + 1);
        assertThat(reports.isRunning()).isTrue();
        assertThat(main.isRunning()).isTrue();
        before.main().assertUntouched();
        Server restarted = Server.of(reports);
        assertThat(restarted.pid()).as("reports runs as a new process").isNotEqualTo(before.reports().pid());
        assertThat(before.reports().commandsSince())
                .containsSubsequence("$ backup client: stop", "$ backup client: start");
        assertThat(before.reports().errorLogSince()).containsIgnoringCase("shutdown complete");
    }

    /** A client of {@code mysql} through the shared account, its service commands recorded in the sandbox's commands.log. */
    private static BackupClientFixture client(String name, MariaDbSandbox mysql) throws Exception {
        BackupClientFixture client = new BackupClientFixture(site.work().resolve(name), mysql, site.server().port(),
                site.certs().properties(site.certs().client("identity-" + name)));
        return client
                .set("mysql.service.stop-command", logged(mysql, "stop", mysql.stopCommand()))
                .set("mysql.service.start-command", logged(mysql, "start", mysql.startCommand()))
                .set("mysql.user", SHARED_USER)
                .set("mysql.password", SHARED_PASSWORD);
    }

    /** {@code command}, recorded first in the sandbox's commands.log as the sandbox records its own. */
    private static String logged(MariaDbSandbox mysql, String what, String command) {
        Path log = mysql.instanceDir().resolve("commands.log");
        return "echo '$ backup client: " + what + "' >> '" + log + "'; " + command;
    }

    private static void assertRefusedAtPreflight(BackupClientFixture client, BackupSummary summary, Untouched before,
            String... named) throws IOException {
        assertThat(summary.status()).as("outcome: %s", summary.error()).isEqualTo("Failed");
        assertThat(summary.step()).isEqualTo("pre-flight");
        assertThat(summary.error()).contains(named).contains("MySQL was not stopped");
        assertThat(summary.downtimeMs()).as("no downtime").isNull();
        assertThat(summary.mysqlRunning()).isTrue();
        BackupLogRow row = client.logs().find(summary.backupId()).orElseThrow();
        assertThat(row.status()).isEqualTo(BackupStatus.Failed);
        assertThat(row.step()).isEqualTo("pre-flight");
        assertThat(row.errorMessage()).contains(named);
        assertThat(row.mysqlRunningAfter()).isTrue();
        assertThat(workFolder(client)).as("what the work folder holds").isEmpty();
        assertThat(site.server().storedFiles()).hasSize(before.storedFiles());
        before.main().assertUntouched();
        before.reports().assertUntouched();
    }

    /** Everything in the work folder but the backup's instance lock file, which stays for the next backup. */
    private static List<String> workFolder(BackupClientFixture client) throws IOException {
        if (!Files.exists(client.workDir())) {
            return List.of();
        }
        try (Stream<Path> entries = Files.walk(client.workDir())) {
            return entries.filter(p -> !p.equals(client.workDir()))
                    .map(p -> client.workDir().relativize(p).toString())
                    .filter(n -> !(n.startsWith("instance-") && n.endsWith(".lock")))
                    .toList();
        }
    }

    /** Both servers and the server's storage as a scenario found them. */
    private record Untouched(Server main, Server reports, int storedFiles) {
        static Untouched now() throws IOException {
            return new Untouched(Server.of(InstanceIdentityIT.main), Server.of(InstanceIdentityIT.reports),
                    site.server().storedFiles().size());
        }
    }

    /** One running mariadbd: its pid, when that process started, and how far its logs went. */
    private record Server(MariaDbSandbox mysql, long pid, Optional<Instant> startedAt, long commandsLength, long errorLogLength) {
        static Server of(MariaDbSandbox mysql) throws IOException {
            long pid = Long.parseLong(Files.readString(mysql.pidFile()).trim());
            Optional<Instant> startedAt = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant());
            assertThat(startedAt).as("mariadbd %s of %s runs", pid, mysql).isPresent();
            return new Server(mysql, pid, startedAt, size(commandsLog(mysql)), size(mysql.errorLog()));
        }

        /** Still the same process, answering, with no stop or start run and no shutdown logged since. */
        void assertUntouched() throws IOException {
            assertThat(mysql.isRunning()).as("%s answers", mysql).isTrue();
            Server now = of(mysql);
            assertThat(now.pid()).as("pid of %s", mysql).isEqualTo(pid);
            assertThat(now.startedAt()).as("start of pid %s", pid).isEqualTo(startedAt);
            assertThat(commandsSince()).as("commands run on %s", mysql).isEmpty();
            assertThat(errorLogSince()).as("error log of %s", mysql).doesNotContainIgnoringCase("shutdown");
        }

        String commandsSince() throws IOException {
            return since(commandsLog(mysql), commandsLength);
        }

        String errorLogSince() throws IOException {
            return since(mysql.errorLog(), errorLogLength);
        }

        private static Path commandsLog(MariaDbSandbox mysql) {
            return mysql.instanceDir().resolve("commands.log");
        }

        private static long size(Path file) throws IOException {
            return Files.exists(file) ? Files.size(file) : 0;
        }

        private static String since(Path file, long offset) throws IOException {
            String text = Files.exists(file) ? Files.readString(file) : "";
            return text.substring((int) Math.min(offset, text.length()));
        }
    }
}
