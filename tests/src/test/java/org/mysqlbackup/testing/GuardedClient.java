package org.mysqlbackup.testing;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.mysqlbackup.client.ClientApp;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.configuration.BackupConfiguration;
import org.mysqlbackup.configuration.ExportedConfiguration;
import org.mysqlbackup.schedule.ScheduleInput;

/**
 * A backup client run as its own process through {@code bin/backup-client} against a sandbox
 * MariaDB, with alerts mailed to GreenMail, for tests that kill it at some point of a backup and
 * look at what the restart guard makes of it: its database rows, its work folder, its restart
 * intents, its processes.
 */
public final class GuardedClient {
    private final BackupClientFixture client;
    private final Path work;
    private final Map<String, String> environment;

    public GuardedClient(BackupClientFixture client, Path work, Map<String, String> environment) {
        this.client = client;
        this.work = work;
        this.environment = environment;
    }

    /** A client of {@code site}'s sandbox and server, named {@code name}, mailing alerts to {@code smtp}. */
    public static BackupClientFixture fixture(SampleSite site, String name, GreenMailExtension smtp) throws Exception {
        return new BackupClientFixture(site.work().resolve(name), site.mysql(), site.server().port(),
                site.certs().properties(site.certs().client("guard-" + name)))
                .mailingAlertsTo(smtp.getSmtp().getPort())
                .set("snapshot.table-checksums", "false");
    }

    public BackupClientFixture fixture() {
        return client;
    }

    /**
     * Makes the client a daemon that backs up its properties file's own configuration every second,
     * stored as an operator would ({@code config add} of {@code backup.name} and {@code schedule set
     * --cron}); it ships nothing left over at start.
     */
    public static BackupClientFixture daemonBackingUpEverySecond(BackupClientFixture fixture) throws Exception {
        fixture.set("schedule.enabled", "true").set("schedule.refresh-ms", "500")
                .set("transfer.resume-on-start-delay-ms", "600000");
        String name = fixture.properties().get("backup.name");
        new ClientApp(TestPaths.clientConfig(), fixture.properties()).configurations().importFile(List.of(
                new ExportedConfiguration(new BackupConfiguration(name, true, new TreeMap<>()),
                        List.of(new ScheduleInput(name, "cron", null, null, "* * * * * ?", "UTC", null, true)))));
        return fixture;
    }

    /** Starts {@code bin/backup-client ... command}. */
    public AppProcess start(String logName, String... command) throws IOException {
        return AppProcess.start(client.commandLine(command), work.resolve(logName + ".log"), environment);
    }

    /** Runs {@code bin/backup-client ... command} to its end (at most {@code seconds}). */
    public Ran run(String logName, long seconds, String... command) throws Exception {
        try (AppProcess process = start(logName, command)) {
            int exit = process.waitFor(seconds);
            return new Ran(exit, process.log());
        }
    }

    /** What a command printed and how it ended. */
    public record Ran(int exitCode, String output) {
    }

    /** The newest backup's row, if there is one. */
    public Optional<BackupLogRow> newest() {
        try {
            return client.logs().recent(1).stream().findFirst();
        } catch (IllegalStateException notCreatedYet) {
            return Optional.empty();
        }
    }

    /** Waits until the newest backup (newer than {@code afterId}) is at {@code step}; its row. */
    public BackupLogRow awaitStep(long afterId, String step, AppProcess process) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                .until(() -> newest().filter(r -> r.id() > afterId && step.equals(r.step())).isPresent()
                        || !process.isAlive());
        return newest().filter(r -> r.id() > afterId && step.equals(r.step()))
                .orElseThrow(() -> new AssertionError("the backup never reached " + step + "; log:\n" + log(process)));
    }

    /** The backup's row once it has ended (a guard closed it), at most {@code timeout} from now. */
    public BackupLogRow awaitEnded(long id, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> client.logs().find(id).filter(r -> r.status().isFinal()).isPresent());
        return client.logs().find(id).orElseThrow();
    }

    /** Files in the work folder other than the instance locks. */
    public List<String> workFiles() throws IOException {
        if (!Files.exists(client.workDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(client.workDir())) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.endsWith(".lock")).sorted().toList();
        }
    }

    /** The restart intents left in the client's intent folder (default: beside its database). */
    public List<String> intents() throws IOException {
        Path folder = client.databaseFile().resolveSibling("restart-intents");
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
    }

    /** The watchdog process the client {@code process} started for its backup, if it runs. */
    public static Optional<ProcessHandle> watchdogOf(AppProcess process) {
        return process.descendants().stream()
                .filter(p -> p.info().commandLine().map(c -> c.contains("RestartWatchdogMain")).orElse(false))
                .findFirst();
    }

    private static String log(AppProcess process) {
        try {
            return process.log();
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
