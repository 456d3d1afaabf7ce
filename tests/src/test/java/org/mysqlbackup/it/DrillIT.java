package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.cli.MysqlBackupCommand;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.mysql.LocalProcesses;
import org.mysqlbackup.snapshot.BackupManifest;
import org.mysqlbackup.snapshot.BackupManifest.TableChecksum;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.MariaDbSandbox;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;
import picocli.CommandLine;

/**
 * Restorability drills of one real backup of the sandbox MariaDB (taken once for the class): the
 * client's drill (fetched over mutual TLS) and the server's (its stored file) pass and are recorded;
 * a copy whose manifest says one table held other data fails naming that table; a throwaway server
 * that cannot boot is reported with its error log tail; a backup of another server version is
 * refused. After every drill the scratch folder is empty and no process names it.
 */
class DrillIT {
    private static Path work;
    private static TestCertificates certs;
    private static MariaDbSandbox mysql;
    private static BackupServerFixture server;
    private static BackupClientFixture client;
    private static Path stored;
    private static Path scratch;

    @BeforeAll
    static void backUpSampleDatabase() throws Exception {
        work = TestPaths.scratch(DrillIT.class);
        scratch = work.resolve("drill-scratch");
        certs = TestCertificates.create(work.resolve("certs"));
        mysql = MariaDbSandbox.create(TestPaths.sandboxBase());
        mysql.start();
        mysql.loadSampleData();
        server = BackupServerFixture.start(work, certs);
        client = new BackupClientFixture(work, mysql, server.port(), certs.properties(certs.client("db-host-1")))
                .set("transfer.chunk-size", "256KiB")
                .set("drill.scratch-dir", scratch.toString());
        BackupSummary summary = client.backupNow();
        assertThat(summary.status()).as("the backup: %s", summary.error()).isEqualTo("Completed");
        stored = server.storageRoot().resolve(summary.path());
        assertThat(BackupManifest.readFrom(stored).tables()).as("the manifest has table checksums").isNotEmpty();
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

    @AfterEach
    void nothingIsLeftBehind() throws IOException {
        if (Files.exists(scratch)) {
            try (Stream<Path> left = Files.list(scratch)) {
                assertThat(left).as("scratch folders left in %s", scratch).isEmpty();
            }
        }
        String prefix = scratch.toAbsolutePath().toString();
        assertThat(LocalProcesses.all()).as("a process still naming the scratch folder (its socket or datadir)")
                .noneMatch(pid -> LocalProcesses.commandLine(pid).filter(line -> line.contains(prefix)).isPresent());
    }

    @Test
    void theClientsDrillOfTheLatestBackupPassesAndHistoryShowsIt() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(cli(client, out, err, "drill", "--latest")).as("stdout: %s\nstderr: %s", out, err).isZero();
        assertThat(out.toString()).contains(": PASSED").contains("tables passed CHECK TABLE, row counts and CHECKSUM"
                + " TABLE match the manifest");
        assertThat(out.toString().lines()).anyMatch(line -> line.matches("drill time: fetch \\d+\\.\\d s, unpack"
                + " \\d+\\.\\d s, boot \\d+\\.\\d s, checks \\d+\\.\\d s"));

        StringWriter history = new StringWriter();
        assertThat(cli(client, history, new StringWriter(), "history")).isZero();
        List<String> lines = history.toString().lines().toList();
        assertThat(lines.get(0)).contains("DRILL");
        assertThat(lines.get(1)).contains("Completed").contains("passed");
    }

    @Test
    void theServersDrillReadsTheStoredFileAndRecordsTheResult() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(serverCli(out, err, "drill", "--client", "db-host-1", "--latest"))
                .as("stdout: %s\nstderr: %s", out, err).isZero();
        assertThat(out.toString()).contains("client db-host-1").contains(": PASSED").contains("drill time: fetch 0.0 s");
        String[] state = drillState();
        assertThat(state[0]).isEqualTo("passed");
        assertThat(state[1]).contains("tables passed CHECK TABLE");
        assertThat(state[2]).isNotNull();
    }

    @Test
    void theScheduledRouteDrillsTheNewestBackupOfEachConfiguration() throws Exception {
        String before = drillState()[2];
        // fires once, a few seconds from now (the shipped cron is weekly)
        java.time.ZonedDateTime at = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(4);
        String cron = at.getSecond() + " " + at.getMinute() + " " + at.getHour() + " * * ?";
        try (BackupServerFixture scheduled = BackupServerFixture.start(work, certs, java.util.Map.of(
                "camel.main.name", "drill-scheduled-server", "drill.enabled", "true", "drill.cron", cron,
                "drill.scratch-dir", scratch.toString()))) {
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (java.util.Objects.equals(drillState()[2], before) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        }
        String[] state = drillState();
        assertThat(state[2]).as("DrilledAt after the scheduled drill").isNotNull().isNotEqualTo(before);
        assertThat(state[0]).isEqualTo("passed");
        StringWriter out = new StringWriter();
        assertThat(cli(client, out, new StringWriter(), "list")).isZero();
        assertThat(out.toString()).contains("passed");
    }

    @Test
    void aServerThatDoesNotAnswerItsShutdownIsKilled() throws Exception {
        Path folder = Files.createDirectories(scratch).resolve("by-hand");
        Files.createDirectories(folder);
        try {
            org.mysqlbackup.restore.ExtractedBackup copy = new org.mysqlbackup.restore.ArchiveExtractor(
                    org.mysqlbackup.restore.ExtractionLimits.defaults()).extract(stored, folder.resolve("data"), (d, t) -> { });
            org.mysqlbackup.drill.ThrowawayServer booted = org.mysqlbackup.drill.ThrowawayServer.boot(
                    org.mysqlbackup.drill.ServerBinary.locate(java.util.Optional.empty()), copy.dataDirectory(), folder,
                    "root".equals(System.getProperty("user.name")) ? "root" : null, List.of(),
                    java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(30));
            assertThat(booted.socket()).exists();
            // a hung server: it answers neither SHUTDOWN nor SIGTERM, only SIGKILL ends it
            Process stop = new ProcessBuilder("kill", "-STOP", Long.toString(booted.pid())).start();
            assertThat(stop.waitFor()).isZero();
            long started = System.nanoTime();
            booted.stop();
            assertThat(ProcessHandle.of(booted.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(20));
        } finally {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    /** DrillResult, DrillReason, DrilledAt of the stored backup, as the server recorded them. */
    private static String[] drillState() throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + work.resolve("server.db"));
             Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("SELECT DrillResult, DrillReason, DrilledAt FROM BackupLogs"
                     + " WHERE FilePath IS NOT NULL")) {
            assertThat(rs.next()).isTrue();
            return new String[] {rs.getString(1), rs.getString(2), rs.getString(3)};
        }
    }

    @Test
    void aTableWhoseDataDiffersFromTheManifestFailsTheDrillNamingIt() throws Exception {
        Path altered = rewriteManifest("altered.zip", manifest -> new BackupManifest(manifest.formatVersion(),
                manifest.hostName(), manifest.configurationName(), manifest.serverVersion(), manifest.dataDirectory(),
                manifest.strategy(), manifest.createdAt(), manifest.timingsMs(), manifest.files(),
                manifest.tables().stream().map(t -> t.table().equals("orders")
                        ? new TableChecksum(t.database(), t.table(), t.engine(), t.rows() + 1, t.checksum() + 1) : t)
                        .toList()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(cli(client, out, err, "drill", "--file", altered.toString())).as("stdout: %s\nstderr: %s", out, err)
                .isEqualTo(12);
        assertThat(out.toString()).contains(": FAILED").contains("1 of 5 tables failed:")
                .contains("shop.orders: 5000 rows, the manifest says 5001, CHECKSUM TABLE")
                .doesNotContain("shop.customers:");
    }

    @Test
    void aServerThatCannotBootIsReportedWithItsErrorLogTail() throws Exception {
        BackupClientFixture broken = new BackupClientFixture(work, mysql, server.port(),
                certs.properties(certs.client("db-host-1")))
                .set("drill.scratch-dir", scratch.toString())
                .set("drill.server-options", "--innodb-page-size=1k");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(cli(broken, out, err, "drill", "--file", stored.toString())).as("stdout: %s\nstderr: %s", out, err)
                .isEqualTo(12);
        assertThat(out.toString()).contains(": COULD-NOT-BOOT").contains("exited with code").contains("error log:")
                .containsIgnoringCase("innodb");
    }

    @Test
    void aBackupOfAnotherServerVersionIsRefusedBeforeUnpacking() throws Exception {
        Path other = rewriteManifest("other-version.zip", manifest -> new BackupManifest(manifest.formatVersion(),
                manifest.hostName(), manifest.configurationName(), "5.7.44-log", manifest.dataDirectory(),
                manifest.strategy(), manifest.createdAt(), manifest.timingsMs(), manifest.files(), manifest.tables()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(cli(client, out, err, "drill", "--file", other.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("MySQL 5.7").contains("MariaDB 10.");
    }

    @Test
    void aDamagedAriaControlFileIsReportedWithTheErrorLogTail() throws Exception {
        Path damaged = rewrite("damaged-aria.zip", UnaryOperator.identity(), "aria_log_control");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(cli(client, out, err, "drill", "--file", damaged.toString())).as("stdout: %s\nstderr: %s", out, err)
                .isEqualTo(12);
        assertThat(out.toString()).contains(": COULD-NOT-BOOT").contains("error log:").contains("aria_log_control");
    }

    @Test
    void anArchiveTheExtractorRefusesFailsTheDrill() throws Exception {
        Path refused = rewrite("refused.zip", UnaryOperator.identity(), "not-in-the-manifest.txt");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(cli(client, out, err, "drill", "--file", refused.toString())).as("stdout: %s\nstderr: %s", out, err)
                .isEqualTo(12);
        assertThat(out.toString()).contains(": FAILED").contains("the backup could not be unpacked")
                .contains("refused").contains("the manifest lists");
    }

    /** A copy of the stored zip with its manifest rewritten: what a backup whose data changed after the manifest gives. */
    private static Path rewriteManifest(String name, UnaryOperator<BackupManifest> change) throws IOException {
        return rewrite(name, change, null);
    }

    /**
     * A copy of the stored zip, its manifest changed, the file {@code zeroed} (if any) overwritten with
     * zeros, or added when the backup has no such file.
     */
    private static Path rewrite(String name, UnaryOperator<BackupManifest> change, String zeroed) throws IOException {
        Path copy = work.resolve(name);
        BackupManifest manifest = BackupManifest.readFrom(stored);
        try (ZipFile zip = ZipFile.builder().setPath(stored).get();
             ZipArchiveOutputStream target = new ZipArchiveOutputStream(copy)) {
            for (Enumeration<ZipArchiveEntry> entries = zip.getEntries(); entries.hasMoreElements(); ) {
                ZipArchiveEntry entry = entries.nextElement();
                if (entry.getName().equals(BackupManifest.ENTRY_NAME)) {
                    continue;
                }
                if (entry.getName().equals(zeroed)) {
                    ZipArchiveEntry same = new ZipArchiveEntry(entry.getName());
                    target.putArchiveEntry(same);
                    target.write(new byte[(int) entry.getSize()]);
                    target.closeArchiveEntry();
                    continue;
                }
                try (InputStream raw = zip.getRawInputStream(entry)) {
                    target.addRawArchiveEntry(entry, raw);
                }
            }
            if (zeroed != null && zip.getEntry(zeroed) == null) {
                // a file the manifest does not list
                target.putArchiveEntry(new ZipArchiveEntry(zeroed));
                target.write("unexpected".getBytes(StandardCharsets.UTF_8));
                target.closeArchiveEntry();
            }
            ZipArchiveEntry entry = new ZipArchiveEntry(BackupManifest.ENTRY_NAME);
            target.putArchiveEntry(entry);
            target.write(change.apply(manifest).toJson());
            target.closeArchiveEntry();
        }
        return copy;
    }

    private static int cli(BackupClientFixture fixture, StringWriter out, StringWriter err, String... command) {
        List<String> args = new ArrayList<>(fixture.commandLine(command));
        args.set(0, "client");
        return run(args, out, err);
    }

    private static int serverCli(StringWriter out, StringWriter err, String... command) {
        List<String> args = new ArrayList<>(BackupServerFixture.commandLine(work, certs, server.port()));
        args.set(0, "server");
        args.add("-D");
        args.add("drill.scratch-dir=" + scratch);
        args.addAll(List.of(command));
        return run(args, out, err);
    }

    private static int run(List<String> args, StringWriter out, StringWriter err) {
        CommandLine cli = MysqlBackupCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args.toArray(String[]::new));
        System.out.println(String.join(" ", args.subList(args.size() - 3, args.size())) + " -> " + exit + "\n" + out
                + new String(err.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        return exit;
    }
}
