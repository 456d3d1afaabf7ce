package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.main.Main;
import org.apache.camel.spi.Registry;
import org.mysqlbackup.client.BackupFailureRecorder;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.client.ChunkLoader;
import org.mysqlbackup.client.ClientApp;
import org.mysqlbackup.client.StepTracker;
import org.mysqlbackup.client.WorkFiles;
import org.mysqlbackup.client.guard.RestartIntents;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.client.run.BackupStep;
import org.mysqlbackup.mysql.CommandFailedException;
import org.mysqlbackup.mysql.MySqlUnavailableException;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.Hashes;
import org.mysqlbackup.testing.MariaDbSandbox;
import org.mysqlbackup.testing.SampleSite;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;
import org.slf4j.LoggerFactory;

/**
 * Design property 20: for any failure of a backup operation (table checksums, stop, proof, capture,
 * start, verification, packaging, transfer, finalize), MySQL ends running and the error is properly
 * logged. The client runs the default snapshot strategy, {@code copy}: a failure between the capture
 * and the packaging must also remove the copy of the data directory.
 *
 * <p>One sandbox MariaDB, one in-process server and one client Camel context serve every try. The
 * client's step beans are decorated once (unbind, bind a wrapper, as {@code FullBackupIT} does)
 * with wrappers that read a shared, volatile {@link Scenario}: which step fails, after how many ms,
 * before or after the bean's real work, how often (a start command or a verification that fails the
 * first N times), and whether the failure is one the transfer policy retries (an IOException) or not.
 * Each try runs one backup exactly as {@code backup-now} does and then checks, whatever the scenario:
 * <ul>
 *   <li>MySQL answers {@code SELECT 1}, unless the start was made to fail every time;</li>
 *   <li>the backup is Completed exactly when nothing failed or the failure was transient (fewer
 *       start/verify failures than the retries), else Failed, naming the injected step and reason in
 *       the summary, the {@code BackupLogs} row and the client's ERROR log line;</li>
 *   <li>what the summary, the row, the ERROR line and the alert mail (GreenMail) say of MySQL is what
 *       a {@code SELECT 1} of the test finds when the backup has ended, whatever the step: FAILURE and
 *       "MySQL is running" when it answers (also when the verification was made to fail every time:
 *       the backup gives up on a MySQL that was in fact started), CRITICAL and "MySQL is NOT running"
 *       when it does not (a start that never runs);</li>
 *   <li>the restart intent is gone once MySQL answered, and kept for a guard when the backup gave up;</li>
 *   <li>the work folder gained no file, except exactly the one zip the row keeps for a resume when
 *       the transfer or finalize failed (or MySQL was reported down), byte-identical to its record;</li>
 *   <li>the downtime is recorded whenever MySQL was stopped and seen back, and covers the time the
 *       injected failure kept it down.</li>
 * </ul>
 * A "before" failure of a step whose bean enters the step itself (stop, proof, snapshot, start,
 * verify) enters the step first, as the bean would, then throws without doing the real work.
 */
class FailureAtAnyStepPropertyIT {
    static final int START_RETRIES = 3;
    /** 60 checks 50 ms apart: a few seconds, enough for the sandbox to boot (200-700 ms) */
    static final int VERIFY_RETRIES = 60;
    /** a verification that fails every time: the backup gives up on a MySQL that in fact runs */
    static final int VERIFY_ALWAYS = 1000;
    /** a start that fails every time, before it starts anything: MySQL really stays down (CRITICAL) */
    static final int START_ALWAYS = 1000;
    static final int TRANSFER_RETRIES = 1;
    static final String INJECTED = "injected failure at ";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** Where it fails, and which timings make sense there. */
    enum Fault {
        NONE(null, Timing.BEFORE),
        /** the manifest's table checksums, before the stop */
        TABLE_CHECKSUMS(BackupStep.TABLE_CHECKSUMS, Timing.BEFORE, Timing.AFTER),
        STOP(BackupStep.STOP_MYSQL, Timing.BEFORE, Timing.AFTER),
        PROVE_DOWN(BackupStep.PROVE_DOWN, Timing.BEFORE, Timing.AFTER),
        SNAPSHOT(BackupStep.SNAPSHOT, Timing.BEFORE, Timing.PARTIAL, Timing.AFTER),
        /** zipping the copy once MySQL serves again: before it started, or with the zip written */
        PACKAGE(BackupStep.PACKAGE, Timing.BEFORE, Timing.AFTER),
        /** the start command fails the first {@code times} times, before it launched anything */
        START(BackupStep.START_MYSQL, Timing.BEFORE),
        /** SELECT 1 fails the first {@code times} checks */
        VERIFY(BackupStep.VERIFY_MYSQL, Timing.BEFORE),
        /** INIT built and recorded (resume token, local file), then the request fails */
        OPEN_TRANSFER(BackupStep.TRANSFER, Timing.AFTER),
        /** one chunk fails every time it is loaded, before or after reading it */
        CHUNK(BackupStep.TRANSFER, Timing.BEFORE, Timing.AFTER),
        /** before: FINALIZE built, never sent; after: the server filed the file, its answer is lost */
        FINALIZE(BackupStep.FINALIZE, Timing.BEFORE, Timing.AFTER);

        final BackupStep step;
        final List<Timing> timings;

        Fault(BackupStep step, Timing... timings) {
            this.step = step;
            this.timings = List.of(timings);
        }
    }

    /** Relative to the decorated bean's real work; PARTIAL: a half-written zip is left behind. */
    enum Timing { BEFORE, PARTIAL, AFTER }

    /**
     * @param delayMs   how long the failing step runs (after its real work, if any) before it throws; for
     *                  start and verify, before the first failure only
     * @param times     how many attempts fail (start, verify); 1 elsewhere
     * @param retryable an IOException, which the transfer policy resends, rather than a plain failure
     * @param chunkSeed which chunk fails (modulo the chunk count)
     */
    record Scenario(Fault fault, Timing timing, int delayMs, int times, boolean retryable, int chunkSeed) {
        String label() {
            return fault.step == null ? "none" : fault.step.label();
        }

        /** The restart gives up: verification failed on every attempt (MySQL may still have been started). */
        boolean restartFails() {
            return fault == Fault.VERIFY && times > VERIFY_RETRIES || mysqlDownAtEnd();
        }

        /** Nothing started MySQL: it is down when the backup ends, and must be reported so. */
        boolean mysqlDownAtEnd() {
            return fault == Fault.START && times > START_RETRIES;
        }

        boolean completes() {
            return fault == Fault.NONE || fault == Fault.START && times <= START_RETRIES
                    || fault == Fault.VERIFY && times <= VERIFY_RETRIES;
        }

        boolean mysqlStopped() {
            return !(fault == Fault.STOP && timing == Timing.BEFORE) && fault != Fault.TABLE_CHECKSUMS;
        }

        /** A complete snapshot is kept for a resume. */
        boolean keepsZip() {
            return fault == Fault.OPEN_TRANSFER || fault == Fault.CHUNK || fault == Fault.FINALIZE;
        }

        /** MySQL did not come back: the copy taken while it was down is kept, not zipped (the alert comes first). */
        boolean keepsCopy() {
            return restartFails();
        }

        /** Time the injection surely spent while MySQL was down. */
        long minDowntimeMs() {
            return switch (fault) {
                case STOP -> timing == Timing.AFTER ? delayMs : 0;
                case PROVE_DOWN, SNAPSHOT -> delayMs;
                case START, VERIFY -> delayMs;
                default -> 0;
            };
        }
    }

    private static final ListAppender<ILoggingEvent> FAILURE_LOG = new ListAppender<>();
    private static final String HOST = "any-step-host";
    private static final GreenMail SMTP = new GreenMail(ServerSetup.SMTP.dynamicPort());
    private static final AtomicInteger FIRED = new AtomicInteger();
    private static volatile Scenario scenario = new Scenario(Fault.NONE, Timing.BEFORE, 0, 1, false, 0);

    private static SampleSite site;
    private static Path work;
    private static MariaDbSandbox mysql;
    private static BackupServerFixture server;
    private static BackupClientFixture client;
    private static Main main;
    private static BackupLogStore logs;
    private static Logger failureLogger;
    private static RestartIntents RESTART_INTENTS;

    @BeforeContainer
    static void startEverything() throws Exception {
        SMTP.start();
        site = SampleSite.start(FailureAtAnyStepPropertyIT.class);
        work = site.work();
        TestCertificates certs = site.certs();
        mysql = site.mysql();
        server = site.server();
        client = new BackupClientFixture(work, mysql, server.port(), certs.properties(certs.client("any-step")))
                .set("transfer.chunk-size", "64KiB")
                .set("mysql.stop.timeout-ms", "30000").set("mysql.down.timeout-ms", "30000")
                .set("mysql.start.retries", Integer.toString(START_RETRIES)).set("mysql.start.retry-delay-ms", "50")
                .set("mysql.verify.retries", Integer.toString(VERIFY_RETRIES))
                .set("mysql.verify.delay-pattern", "0:50")
                .set("transfer.retry.max-redeliveries", Integer.toString(TRANSFER_RETRIES))
                .set("transfer.retry.initial-delay-ms", "20").set("transfer.retry.max-delay-ms", "20")
                // the watchdog process is for a client that dies (KillPointPropertyIT); here the client lives
                .set("guard.watchdog", "false")
                .set("alert.host-name", HOST)
                .mailingAlertsTo(SMTP.getSmtp().getPort());
        RESTART_INTENTS = new RestartIntents(client.databaseFile().resolveSibling("restart-intents"));
        failureLogger = (Logger) LoggerFactory.getLogger(BackupFailureRecorder.class);
        FAILURE_LOG.start();
        failureLogger.addAppender(FAILURE_LOG);

        main = new ClientApp(TestPaths.clientConfig(), client.properties()).main(client.properties());
        main.configure().addConfiguration(new FaultInjection());
        main.start();
        logs = client.logs();
    }

    @AfterContainer
    static void stopEverything() {
        if (main != null) {
            main.stop();
        }
        if (failureLogger != null) {
            failureLogger.detachAppender(FAILURE_LOG);
        }
        if (site != null) {
            site.close();
        }
        SMTP.stop();
    }

    // the places are drawn evenly (jqwik's edge cases would crowd in the first and last step); every
    // place is covered (see the statistics), each a few times
    @Property(tries = 100, seed = "1005", edgeCases = EdgeCasesMode.NONE)
    void mySqlRunsAgainAndTheFailureIsRecordedWhateverStepFails(@ForAll("scenarios") Scenario s) throws Exception {
        // the pinned seed covers every place a few times, and every count and kind of failure
        Statistics.label("place").collect(s.fault(), s.fault() == Fault.NONE ? "" : s.timing());
        Statistics.label("place").coverage(coverage -> {
            for (Fault fault : Fault.values()) {
                for (Timing timing : fault.timings) {
                    coverage.check(fault, fault == Fault.NONE ? "" : timing).count(c -> c >= 2);
                }
            }
        });
        Statistics.label("variant").collect(s.fault(), s.times(), s.retryable());
        Statistics.label("variant").coverage(coverage -> {
            // a start that fails and then works, and one that fails up to the last retry
            coverage.checkQuery(v -> v.get(0) == Fault.START && (int) v.get(1) < START_RETRIES).count(c -> c >= 1);
            coverage.check(Fault.START, START_RETRIES, false).count(c -> c >= 1);
            // and one that never starts it: MySQL is down at the end (CRITICAL)
            coverage.check(Fault.START, START_ALWAYS, false).count(c -> c >= 1);
            // a verification that fails and then answers, and one that never answers (CRITICAL)
            coverage.checkQuery(v -> v.get(0) == Fault.VERIFY && (int) v.get(1) < VERIFY_ALWAYS).count(c -> c >= 1);
            coverage.check(Fault.VERIFY, VERIFY_ALWAYS, false).count(c -> c >= 1);
            for (Fault fault : List.of(Fault.OPEN_TRANSFER, Fault.CHUNK, Fault.FINALIZE)) {
                coverage.check(fault, 1, true).count(c -> c >= 1);
                coverage.check(fault, 1, false).count(c -> c >= 1);
            }
        });
        Set<String> filesBefore = workFiles();
        FIRED.set(0);
        synchronized (FAILURE_LOG) {
            FAILURE_LOG.list.clear();
        }
        SMTP.purgeEmailFromAllMailboxes();
        scenario = s;
        BackupSummary summary;
        boolean running;
        try {
            summary = ClientApp.backup(main.getCamelContext());
        } finally {
            scenario = new Scenario(Fault.NONE, Timing.BEFORE, 0, 1, false, 0);
            running = mysql.isRunning();
        }
        try {
            checkOutcome(s, summary, running, filesBefore);
        } finally {
            if (!mysql.isRunning()) {
                bringMySqlBack();
            }
            // a restart that gave up leaves its intent for a guard; the next try starts clean
            if (s.restartFails()) {
                RESTART_INTENTS.clear(summary.backupId());
            }
        }
    }

    private void checkOutcome(Scenario s, BackupSummary summary, boolean running, Set<String> filesBefore)
            throws Exception {
        assertThat(running).as("MySQL answers SELECT 1 after %s", s).isEqualTo(!s.mysqlDownAtEnd());

        if (s.fault() != Fault.NONE) {
            assertThat(FIRED.get()).as("the injected failure fired").isPositive();
        }
        if (s.fault() == Fault.START || s.fault() == Fault.VERIFY) {
            int attempts = s.fault() == Fault.START ? START_RETRIES + 1 : VERIFY_RETRIES + 1;
            assertThat(FIRED.get()).as("failed attempts").isEqualTo(Math.min(s.times(), attempts));
        }

        BackupLogRow row = logs.find(summary.backupId()).orElseThrow();
        List<String> errorLines = errorLines(summary.backupId());
        if (s.completes()) {
            assertThat(summary.status()).as("outcome: %s", summary.error()).isEqualTo("Completed");
            assertThat(summary.step()).isNull();
            assertThat(summary.error()).isNull();
            assertThat(row.status()).isEqualTo(BackupStatus.Completed);
            assertThat(row.errorMessage()).isNull();
            assertThat(errorLines).as("no failure logged").isEmpty();
            Path stored = server.storageRoot().resolve(summary.path());
            assertThat(Hashes.sha256(stored)).as("stored copy").isEqualTo(summary.sha256());
            assertThat(SMTP.getReceivedMessages()).as("no alert for a backup that completed").isEmpty();
        } else {
            assertThat(summary.status()).isEqualTo("Failed");
            assertThat(summary.step()).as("failed step, error: %s", summary.error()).isEqualTo(s.label());
            assertThat(summary.error()).contains(INJECTED + s.label());
            assertThat(row.status()).isEqualTo(BackupStatus.Failed);
            assertThat(row.step()).isEqualTo(s.label());
            assertThat(row.errorMessage()).isEqualTo(summary.error());
            String expectedLine = !running
                    ? "CRITICAL: backup " + summary.backupId() + " of 'it' failed at " + s.label()
                            + " and MySQL is NOT running: "
                    : "Backup " + summary.backupId() + " of 'it' failed at " + s.label() + ": ";
            assertThat(errorLines).as("ERROR lines of the failure").hasSize(1);
            assertThat(errorLines.get(0)).startsWith(expectedLine).contains(INJECTED + s.label());
            if (running) {
                assertThat(errorLines.get(0)).endsWith("(MySQL is running)");
            }
            // the alert: severity and subject follow from whether MySQL answers now, whatever the step
            assertThat(SMTP.waitForIncomingEmail(10_000, 1)).as("an alert mail arrived").isTrue();
            MimeMessage[] mails = SMTP.getReceivedMessages();
            assertThat(mails).as("one alert per failed backup").hasSize(1);
            String subject = mails[0].getSubject();
            assertThat(subject).as("alert subject").isEqualTo("[mysql-backup] " + (running ? "FAILURE" : "CRITICAL")
                    + " on " + HOST + ": backup 'it' failed at " + s.label() + ", "
                    + (running ? "MySQL is running" : "MySQL is NOT running"));
            assertThat(GreenMailUtil.getBody(mails[0])).contains("Severity:       " + (running ? "FAILURE" : "CRITICAL"))
                    .contains("MySQL:          " + (running ? "MySQL is running" : "MySQL is NOT running"));
            Statistics.label("alert").collect(running ? "FAILURE" : "CRITICAL");
        }

        // what the summary and the row say of MySQL is what was measured, for every failure place
        assertThat(summary.mysqlRunning()).as("summary says MySQL runs").isEqualTo(running);
        assertThat(row.mysqlRunningAfter()).as("row says MySQL runs").isEqualTo(running);
        if (s.restartFails()) {
            assertThat(summary.error()).contains("MySQL did not come back");
        }
        // the restart intent is gone once MySQL answered; it stays (for a guard) when the backup gave up
        if (s.restartFails()) {
            assertThat(RESTART_INTENTS.find(summary.backupId())).as("the intent of a restart given up").get()
                    .satisfies(intent -> assertThat(intent.gaveUpAt()).isPresent());
        } else {
            assertThat(RESTART_INTENTS.find(summary.backupId())).as("restart intent").isEmpty();
        }

        // the downtime: recorded whenever MySQL was stopped and seen back, and it covers the injection
        if (!s.mysqlStopped()) {
            assertThat(summary.downtimeMs()).as("no downtime: MySQL was never stopped").isNull();
            assertThat(row.downtimeMs()).isNull();
        } else if (!s.restartFails()) {
            assertThat(summary.downtimeMs()).as("downtime").isNotNull().isGreaterThanOrEqualTo(s.minDowntimeMs());
            assertThat(row.downtimeMs()).isEqualTo(summary.downtimeMs());
        }

        // temporary files: none new, except the one complete snapshot kept for a resume
        Set<String> filesAfter = workFiles();
        assertThat(filesAfter).as("files of earlier tries are left alone").containsAll(filesBefore);
        Set<String> added = new TreeSet<>(filesAfter);
        added.removeAll(filesBefore);
        if (s.keepsZip()) {
            assertThat(row.localFile()).as("the snapshot is kept to be resumed").isNotNull();
            Path kept = Path.of(row.localFile());
            assertThat(added).containsExactly(kept.getFileName().toString());
            assertThat(kept.getParent()).isEqualTo(client.workDir());
            assertThat(Files.size(kept)).isEqualTo(row.fileSize());
            assertThat(Hashes.sha256(kept)).isEqualTo(row.sha256());
            if (!s.restartFails()) {
                // the transfer was opened: the server may hold chunks of it already
                assertThat(row.resumeToken()).as("resume token").isNotNull();
            }
        } else if (s.keepsCopy()) {
            assertThat(row.localFile()).isNull();
            assertThat(added).as("the cold copy kept while MySQL is reported down").hasSize(1);
            Path copy = client.workDir().resolve(added.iterator().next());
            assertThat(copy.getFileName().toString()).endsWith(".copy");
            assertThat(copy.resolve("ibdata1")).isRegularFile().isNotEmptyFile();
            assertThat(summary.error()).contains("MySQL did not come back");
        } else {
            assertThat(row.localFile()).isNull();
            assertThat(added).as("temporary files left by the backup").isEmpty();
        }
    }

    /** Every step with each timing that applies there, equally often; then delay, count and kind. */
    @Provide
    Arbitrary<Scenario> scenarios() {
        List<Tuple.Tuple2<Fault, Timing>> places = Arrays.stream(Fault.values())
                .flatMap(fault -> fault.timings.stream().map(timing -> Tuple.of(fault, timing))).toList();
        Arbitrary<Integer> delays = Arbitraries.integers().between(0, 200);
        return Arbitraries.of(places).flatMap(place -> {
            Fault fault = place.get1();
            return Combinators.combine(
                    delays,
                    switch (fault) {
                        case START -> Arbitraries.oneOf(Arbitraries.integers().between(1, START_RETRIES),
                                Arbitraries.just(START_ALWAYS));
                        case VERIFY -> Arbitraries.of(1, 2, 3, VERIFY_ALWAYS);
                        default -> Arbitraries.just(1);
                    },
                    switch (fault) {
                        case OPEN_TRANSFER, CHUNK, FINALIZE -> Arbitraries.of(true, false);
                        default -> Arbitraries.just(false);
                    },
                    fault == Fault.CHUNK ? Arbitraries.integers().between(0, 9999) : Arbitraries.just(0))
                    .as((delay, times, retryable, chunk) -> new Scenario(fault, place.get2(), delay, times, retryable,
                            chunk));
        });
    }

    // ------------------------------------------------------------------ the decorated beans

    /** Wraps the client's step beans once, after {@code ClientBeans} bound them. */
    static final class FaultInjection implements CamelConfiguration {
        @Override
        public void configure(CamelContext context) {
            Registry registry = context.getRegistry();
            StepTracker steps = new StepTracker(registry.lookupByNameAndType("backupLogStore", BackupLogStore.class));

            decorate(registry, "collectTableChecksums", real -> exchange -> {
                Scenario s = scenario;
                if (s.fault() != Fault.TABLE_CHECKSUMS) {
                    real.process(exchange);
                    return;
                }
                if (s.timing() == Timing.BEFORE) {
                    steps.enter(exchange, BackupStep.TABLE_CHECKSUMS);
                } else {
                    real.process(exchange);
                }
                fail(s, "");
            });
            decorate(registry, "packageSnapshot", real -> exchange -> {
                Scenario s = scenario;
                if (s.fault() != Fault.PACKAGE) {
                    real.process(exchange);
                    return;
                }
                if (s.timing() == Timing.BEFORE) {
                    steps.enter(exchange, BackupStep.PACKAGE);
                } else {
                    real.process(exchange);
                }
                fail(s, "");
            });
            decorate(registry, "stopMySql", real -> exchange -> {
                Scenario s = scenario;
                if (s.fault() != Fault.STOP) {
                    real.process(exchange);
                    return;
                }
                if (s.timing() == Timing.BEFORE) {
                    steps.enter(exchange, BackupStep.STOP_MYSQL);
                } else {
                    real.process(exchange);
                }
                fail(s, "");
            });
            decorate(registry, "proveMySqlDown", real -> exchange -> {
                Scenario s = scenario;
                if (s.fault() != Fault.PROVE_DOWN) {
                    real.process(exchange);
                    return;
                }
                if (s.timing() == Timing.BEFORE) {
                    steps.enter(exchange, BackupStep.PROVE_DOWN);
                } else {
                    real.process(exchange);
                }
                fail(s, "");
            });
            decorate(registry, "takeSnapshot", real -> exchange -> {
                Scenario s = scenario;
                if (s.fault() != Fault.SNAPSHOT) {
                    real.process(exchange);
                    return;
                }
                switch (s.timing()) {
                    case BEFORE -> steps.enter(exchange, BackupStep.SNAPSHOT);
                    case PARTIAL -> {
                        // as a zipper failing half-way leaves it: the zip named on the run, incomplete
                        BackupRun run = steps.enter(exchange, BackupStep.SNAPSHOT);
                        Path target = client.workDir().resolve(WorkFiles.sanitize(run.configName()) + "-"
                                + STAMP.format(run.startedAt()) + "-" + run.logId() + ".zip");
                        run.archive(run.archive().planned(target));
                        writePartialZip(mysql.datadir(), target, 256 << 10);
                    }
                    case AFTER -> real.process(exchange);
                }
                fail(s, "");
            });
            decorate(registry, "startMySql", real -> exchange -> {
                Scenario s = scenario;
                BackupRun run = BackupRun.of(exchange);
                if (s.fault() == Fault.START && run.downtime().stopped() && FIRED.get() < s.times()) {
                    if (run.step() != BackupStep.START_MYSQL) {
                        steps.enter(exchange, BackupStep.START_MYSQL);
                    }
                    sleep(FIRED.get() == 0 ? s.delayMs() : 0);
                    throw new CommandFailedException(INJECTED + s.label() + " (attempt " + FIRED.incrementAndGet() + ")");
                }
                real.process(exchange);
            });
            decorate(registry, "verifyMySql", real -> exchange -> {
                Scenario s = scenario;
                BackupRun run = BackupRun.of(exchange);
                if (s.fault() == Fault.VERIFY && run.downtime().stopped() && FIRED.get() < s.times()) {
                    if (run.step() != BackupStep.VERIFY_MYSQL) {
                        steps.enter(exchange, BackupStep.VERIFY_MYSQL);
                    }
                    sleep(FIRED.get() == 0 ? s.delayMs() : 0);
                    throw new MySqlUnavailableException(INJECTED + s.label() + " (attempt " + FIRED.incrementAndGet()
                            + ")");
                }
                real.process(exchange);
            });
            decorate(registry, "openTransfer", real -> exchange -> {
                real.process(exchange);
                Scenario s = scenario;
                if (s.fault() == Fault.OPEN_TRANSFER) {
                    fail(s, " (opening the transfer)");
                }
            });
            decorate(registry, "loadChunk", real -> exchange -> {
                Scenario s = scenario;
                if (s.fault() != Fault.CHUNK) {
                    real.process(exchange);
                    return;
                }
                BackupRun run = BackupRun.of(exchange);
                long chunks = Math.max(1, (run.archive().size() + run.chunkSize() - 1) / run.chunkSize());
                int index = exchange.getProperty(ChunkLoader.CHUNK_PROPERTY, org.mysqlbackup.transfer.ChunkRef.class)
                        .index();
                if (index != s.chunkSeed() % chunks) {
                    real.process(exchange);
                    return;
                }
                if (s.timing() == Timing.AFTER) {
                    real.process(exchange);
                }
                fail(s, " (chunk " + index + " of " + chunks + ")");
            });
            decorate(registry, "finalizeTransfer", real -> exchange -> {
                real.process(exchange);
                Scenario s = scenario;
                if (s.fault() == Fault.FINALIZE && s.timing() == Timing.BEFORE) {
                    fail(s, " (before FINALIZE was sent)");
                }
            });
            decorate(registry, "completeTransfer", real -> exchange -> {
                Scenario s = scenario;
                if (s.fault() == Fault.FINALIZE && s.timing() == Timing.AFTER) {
                    fail(s, " (after the server filed the file)");
                }
                real.process(exchange);
            });
        }

        private static void decorate(Registry registry, String name, UnaryOperator<Processor> wrapper) {
            Processor real = registry.lookupByNameAndType(name, Processor.class);
            assertThat(real).as("bean %s", name).isNotNull();
            registry.unbind(name);
            registry.bind(name, wrapper.apply(real));
        }

        private static void fail(Scenario s, String detail) throws Exception {
            sleep(s.delayMs());
            String message = INJECTED + s.label() + " (" + s.timing().name().toLowerCase() + " its work, attempt "
                    + FIRED.incrementAndGet() + ")" + detail;
            throw s.retryable() ? new IOException(message) : new IllegalStateException(message);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** A zip cut off after about {@code limit} bytes: entries of the datadir, no central directory. */
    private static void writePartialZip(Path datadir, Path target, long limit) throws IOException {
        try (FileOutputStream raw = new FileOutputStream(target.toFile());
                Stream<Path> files = Files.walk(datadir)) {
            ZipOutputStream zip = new ZipOutputStream(raw);
            zip.setLevel(1);
            byte[] buffer = new byte[16 << 10];
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                zip.putNextEntry(new ZipEntry(datadir.relativize(file).toString()));
                try (InputStream in = Files.newInputStream(file)) {
                    for (int n = in.read(buffer); n > 0 && raw.getChannel().position() < limit; n = in.read(buffer)) {
                        zip.write(buffer, 0, n);
                    }
                }
                zip.flush();
                if (raw.getChannel().position() >= limit) {
                    break;
                }
            }
            // the ZipOutputStream is not finished: the file ends as a zipper failing half-way leaves it
        }
    }

    private static Set<String> workFiles() throws IOException {
        if (!Files.exists(client.workDir())) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(client.workDir())) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.endsWith(".lock"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static List<String> errorLines(long backupId) {
        synchronized (FAILURE_LOG) {
            return FAILURE_LOG.list.stream().filter(e -> e.getLevel() == Level.ERROR)
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("ackup " + backupId + " of "))
                    .toList();
        }
    }

    /** A try left MySQL down (the property already failed): start it so the next tries still run. */
    private static void bringMySqlBack() {
        try {
            mysql.start();
        } catch (RuntimeException stillThere) {
            mysql.kill();
            mysql.start();
        }
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
