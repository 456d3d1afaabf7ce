package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.mysql.LocalProcesses;
import org.mysqlbackup.testing.AppProcess;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.GuardedClient;
import org.mysqlbackup.testing.Hashes;
import org.mysqlbackup.testing.MariaDbSandbox;
import org.mysqlbackup.testing.RandomFiles;
import org.mysqlbackup.testing.SampleSite;
import org.mysqlbackup.testing.SlowCp;

/**
 * A client JVM killed with SIGKILL at any point of the cold phase, as the OOM killer or a crash
 * would: during the stop command, during the proof that MySQL is down, mid-capture for each
 * snapshot strategy, during the start command, during the verification; for a backup the daemon
 * runs on its schedule and for a one-shot {@code backup-now} with no daemon. Whatever the point and
 * the moment within it, with nobody helping: MySQL answers {@code SELECT 1} within 60 s (one server
 * on its data directory, never two), the backup is recorded Failed with the step it died in, the
 * work folder holds nothing but a complete zip kept for {@code resume}, no restart intent is left,
 * the watchdog has ended, and one alert arrived whose severity says whether the guard had to start
 * MySQL.
 *
 * <p>Each phase is made to last about a second so the kill can be aimed within it: the stop and
 * start commands sleep first (or return at once and act a second later, as {@code sc.exe} does),
 * {@code cp} is a shim that sleeps before the real one, and the zip strategy deflates 40 MiB of
 * random bytes at level 9 on one thread. The client JVMs run with C1 only and a class-data archive
 * of a warm-up backup, which shortens their start and changes nothing a kill depends on.
 */
class KillPointPropertyIT {
    private static final Duration SIXTY_SECONDS = Duration.ofSeconds(60);

    enum Mode { BACKUP_NOW, DAEMON }

    /**
     * Where the kill lands: the step the backup is at then, and the window after entering it that
     * the phase lasts. The proof runs inside the stop step, once the stop command has returned (the
     * command of PROOF returns at once and stops MySQL a second later).
     */
    enum Point {
        STOP_COMMAND("stop-mysql", 0, 900),
        PROOF("stop-mysql", 150, 950),
        CAPTURE_ZIP("snapshot", 0, 1000),
        CAPTURE_COPY("snapshot", 0, 1200),
        CAPTURE_REFLINK("snapshot", 0, 1200),
        START_COMMAND("start-mysql", 0, 900),
        VERIFY("verify-mysql", 0, 900);

        final String step;
        final int fromMs;
        final int toMs;

        Point(String step, int fromMs, int toMs) {
            this.step = step;
            this.fromMs = fromMs;
            this.toMs = toMs;
        }
    }

    record Kill(Mode mode, Point point, int delayMs) {
    }

    private static final GreenMail SMTP = new GreenMail(ServerSetup.SMTP.dynamicPort());
    private static final AtomicInteger TRIES = new AtomicInteger();
    private static SampleSite site;
    private static MariaDbSandbox mysql;
    private static Path keyStore;
    /** The client JVMs' class-data archive, dumped by one warm-up backup: each JVM starts about a second sooner. */
    private static Path classArchive;

    @BeforeContainer
    static void startEverything() throws Exception {
        SMTP.start();
        site = SampleSite.start(KillPointPropertyIT.class);
        mysql = site.mysql();
        keyStore = site.certs().client("killed");
        RandomFiles.create(mysql.datadir().resolve("zz-ballast.bin"), 40L << 20, 11);
        classArchive = site.work().resolve("client-classes.jsa");
        Path warm = site.work().resolve("warm-up");
        GuardedClient.Ran warmUp = client(warm, new Kill(Mode.BACKUP_NOW, Point.START_COMMAND, 0),
                "-XX:ArchiveClassesAtExit=" + classArchive).run("warm-up", 180, "backup-now");
        assertThat(warmUp.exitCode()).as("warm-up backup; log:%n%s", warmUp.output()).isZero();
    }

    @AfterContainer
    static void stopEverything() {
        if (site != null) {
            site.close();
        }
        SMTP.stop();
    }

    @Property(tries = 100, seed = "20261203", edgeCases = EdgeCasesMode.NONE)
    void mySqlServesAgainAndTheBackupIsClosedWhereverTheClientDies(@ForAll("kills") Kill kill) throws Exception {
        Statistics.label("aimed at").collect(kill.mode(), kill.point());
        SMTP.purgeEmailFromAllMailboxes();
        Path work = site.work().resolve("try-" + TRIES.incrementAndGet());
        GuardedClient client = client(work, kill, "-XX:SharedArchiveFile=" + classArchive);
        String landed;
        BackupLogRow row;
        Instant killedAt;
        try (AppProcess process = client.start("client", kill.mode() == Mode.DAEMON ? new String[0]
                : new String[] {"backup-now"})) {
            client.awaitStep(0, kill.point().step, process);
            Thread.sleep(kill.delayMs());
            Optional<ProcessHandle> watchdog = GuardedClient.watchdogOf(process);
            killedAt = Instant.now();
            process.kill9();
            row = client.newest().orElseThrow();
            landed = row.step();
            assertThat(watchdog).as("the watchdog ran at the kill; log:%n%s", process.log()).isPresent();
            Statistics.label("landed at").collect(kill.point(), landed);

            await().atMost(SIXTY_SECONDS).pollInterval(Duration.ofMillis(100)).until(mysql::isRunning);
            assertThat(Duration.between(killedAt, Instant.now())).as("MySQL back within 60 s of the kill")
                    .isLessThan(SIXTY_SECONDS);
            BackupLogRow closed = client.awaitEnded(row.id(), SIXTY_SECONDS);
            assertThat(closed.status()).isEqualTo(BackupStatus.Failed);
            assertThat(closed.errorMessage()).startsWith("the client process ended during " + landed);
            assertThat(closed.mysqlRunningAfter()).isTrue();
            await().atMost(Duration.ofSeconds(20)).until(() -> !watchdog.get().isAlive());

            assertThat(serversOn(mysql.datadir())).as("servers on the data directory").isEqualTo(1);
            assertThat(client.intents()).as("restart intents left").isEmpty();
            List<String> files = client.workFiles();
            if (closed.localFile() != null) {
                // a zip complete before the kill is kept, recorded, for resume
                Path zip = Path.of(closed.localFile());
                assertThat(files).containsExactly(zip.getFileName().toString());
                assertThat(Hashes.sha256(zip)).isEqualTo(closed.sha256());
                Statistics.label("kept for resume").collect(kill.point());
            } else {
                assertThat(files).as("work files left").isEmpty();
            }

            assertThat(SMTP.waitForIncomingEmail(30_000, 1)).as("an alert mail arrived").isTrue();
            MimeMessage[] mails = SMTP.getReceivedMessages();
            assertThat(mails).hasSize(1);
            boolean guardStarted = closed.errorMessage().contains("the restart guard started it again");
            assertThat(mails[0].getSubject()).as("alert subject")
                    .startsWith("[mysql-backup] " + (guardStarted ? "CRITICAL" : "FAILURE") + " on ")
                    .endsWith("failed at " + landed + ", MySQL is running");
            Statistics.label("guard").collect(guardStarted ? "started MySQL" : "found it running");
        } finally {
            if (!mysql.isRunning()) {
                mysql.kill();
                mysql.start();
            }
        }
        Statistics.label("aimed at").coverage(coverage -> {
            for (Mode mode : Mode.values()) {
                for (Point point : Point.values()) {
                    coverage.check(mode, point).count(c -> c >= 3);
                }
            }
        });
        // the aim is good: most kills land in the phase they were aimed at
        Statistics.label("landed at").coverage(coverage -> {
            for (Point point : Point.values()) {
                coverage.check(point, point.step).count(c -> c >= 4);
            }
        });
    }

    @Provide
    Arbitrary<Kill> kills() {
        return Combinators.combine(Arbitraries.of(Mode.values()), Arbitraries.of(Point.values()))
                .flatAs((mode, point) -> Arbitraries.integers().between(point.fromMs, point.toMs)
                        .map(delay -> new Kill(mode, point, delay)));
    }

    private static GuardedClient client(Path work, Kill kill, String classDataOption) throws Exception {
        BackupClientFixture fixture = new BackupClientFixture(work, mysql, site.server().port(),
                site.certs().properties(keyStore))
                .set("snapshot.table-checksums", "false")
                .set("mysql.down.timeout-ms", "30000")
                .set("mysql.verify.delay-pattern", "0:100")
                // the phases below take effect within 1.5 s
                .set("guard.settle-ms", "3000")
                .mailingAlertsTo(SMTP.getSmtp().getPort());
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC " + classDataOption);
        switch (kill.point()) {
            case STOP_COMMAND -> fixture.set("mysql.service.stop-command", "sleep 1; " + mysql.stopCommand());
            case PROOF -> fixture.set("mysql.service.stop-command",
                    "(sleep 1; " + mysql.stopCommand() + ") >/dev/null 2>&1 &");
            case CAPTURE_ZIP -> fixture.set("snapshot.strategy", "zip").set("snapshot.compression-level", "9")
                    .set("snapshot.compression-threads", "1");
            case CAPTURE_COPY -> {
                fixture.set("snapshot.strategy", "copy").set("snapshot.copy-method", "cp");
                environment.putAll(SlowCp.environment(work.resolve("bin"), 1.5));
            }
            case CAPTURE_REFLINK -> {
                // ext4 cannot clone: the failed clone and the copy after it each take the shim's time
                fixture.set("snapshot.strategy", "reflink").set("snapshot.copy-method", "cp");
                environment.putAll(SlowCp.environment(work.resolve("bin"), 0.8));
            }
            case START_COMMAND -> fixture.set("mysql.service.start-command", "sleep 1; " + mysql.startCommand());
            case VERIFY -> fixture.set("mysql.service.start-command",
                    "(sleep 1; " + mysql.startCommand() + ") >/dev/null 2>&1 &");
            default -> throw new IllegalArgumentException(kill.point().name());
        }
        if (kill.mode() == Mode.DAEMON) {
            GuardedClient.daemonBackingUpEverySecond(fixture);
        }
        return new GuardedClient(fixture, work, environment);
    }

    /** mariadbd processes whose working directory is {@code datadir}. */
    private static long serversOn(Path datadir) {
        Path real = LocalProcesses.canonical(datadir);
        return LocalProcesses.all().stream()
                .filter(pid -> LocalProcesses.name(pid).filter("mariadbd"::equals).isPresent())
                .filter(LocalProcesses::running)
                .filter(pid -> LocalProcesses.workingDirectory(pid).filter(real::equals).isPresent())
                .count();
    }
}
