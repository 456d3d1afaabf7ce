package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mysqlbackup.cli.MysqlBackupCommand;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.client.run.InstanceLock;
import org.mysqlbackup.server.FetchChunkHandler;
import org.mysqlbackup.snapshot.BackupManifest;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.FaultProxy;
import org.mysqlbackup.testing.Hashes;
import org.mysqlbackup.testing.MariaDbSandbox;
import org.mysqlbackup.testing.SampleSite;
import org.mysqlbackup.testing.TestPaths;
import picocli.CommandLine;

/**
 * {@code backup-client restore} of one real backup (taken once for the class, of the sample data
 * in a sandbox mariadbd, stored by the real server over mutual TLS): into a new folder, from the
 * local file, in place of the running sandbox; each time a mariadbd boots on the result and every
 * table's {@code CHECKSUM TABLE ... EXTENDED} equals the original's. A fetch cut by the proxy
 * resumes; a non-empty target is refused, or moved aside with --force; a running backup (its
 * instance lock) makes the in-place restore exit 11 without touching MySQL; a restored directory
 * mariadbd cannot boot is swapped out again, the old one back and MySQL answering on it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestoreIT {
    private static final int CHUNK = 64 * 1024;
    private static SampleSite site;
    private static BackupClientFixture client;
    private static Map<String, Long> original;
    private static Path stored;

    @BeforeAll
    static void backUpTheSampleData() throws Exception {
        site = SampleSite.start(RestoreIT.class);
        client = client(site.server().port());
        BackupSummary summary = client.backupNow();
        assertThat(summary.status()).as(summary.toString()).isEqualTo("Completed");
        original = site.mysql().checksums();
        assertThat(original).isNotEmpty().allSatisfy((table, checksum) -> assertThat(checksum).isNotNull());
        stored = site.server().storageRoot().resolve(summary.path());
    }

    @AfterAll
    static void stopEverything() {
        if (site != null) {
            site.close();
        }
    }

    @Test
    @Order(1)
    void restoresTheLatestBackupIntoANewFolderOwnedByMysqlThatBootsWithTheOriginalChecksums() throws Exception {
        Path target = site.work().resolve("restored/new");
        Ran ran = cli(client, "restore", "--latest", "--target", target.toString());

        assertThat(ran.code).as(ran.toString()).isZero();
        assertThat(ran.out).contains("Restored backup ", "SHA-256 " + Hashes.sha256(stored), "into " + target,
                "the whole file's SHA-256", "equals the server's record", "against the manifest before writing");
        assertThat(ran.err).as("progress").contains("fetched ").contains("(100%)").contains("unpacked ");
        assertThat(target.resolve(BackupManifest.ENTRY_NAME)).doesNotExist();
        assertThat(target.resolveSibling("new.backup-manifest.json")).exists();
        assertThat(Files.getOwner(target.resolve("ibdata1")).getName()).isEqualTo("mysql");
        try (Stream<Path> work = Files.list(client.workDir().resolve("restore"))) {
            assertThat(work).as("the fetched zip is removed").isEmpty();
        }
        assertBootsWithTheOriginalChecksums(target);
    }

    @Test
    @Order(2)
    void aNonEmptyTargetIsRefusedUnlessForcedAndThenMovedAsideFromALocalFile() throws Exception {
        Path target = Files.createDirectories(site.work().resolve("restored/from-file"));
        Files.writeString(target.resolve("keep.txt"), "operator's notes");

        List<String> before = listing(target.getParent());
        Ran refused = cli(client, "restore", "--file", stored.toString(), "--target", target.toString());
        assertThat(refused.code).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err).contains("is not empty", "--force");
        Ran damaged = cli(client, "restore", "--file", stored.toString(), "--sha256", "00" + "ab".repeat(31),
                "--target", target.toString(), "--force");
        assertThat(damaged.code).as(damaged.toString()).isEqualTo(10);
        assertThat(damaged.err).contains("restore failed at step 'check the local file'", "nothing was written");
        assertThat(listing(target.getParent())).as("nothing written, nothing left behind").isEqualTo(before)
                .contains("from-file/keep.txt");

        Ran forced = cli(client, "-Dserver.port=" + TestPaths.freePort(), "restore", "--file", stored.toString(),
                "--sha256", Hashes.sha256(stored), "--target", target.toString(), "--force", "--owner", "none");
        assertThat(forced.code).as(forced.toString()).isZero();
        assertThat(forced.out).contains("Restored local file", "previous contents: moved aside to "
                + target + ".before-restore-", "equals --sha256");
        Path aside;
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            aside = siblings.filter(p -> p.getFileName().toString().startsWith("from-file.before-restore-"))
                    .findFirst().orElseThrow();
        }
        assertThat(aside.resolve("keep.txt")).hasContent("operator's notes");
        assertThat(stored).as("the operator's file is kept").exists();
        assertBootsWithTheOriginalChecksums(target);
    }

    @Test
    @Order(3)
    void aRestoreWhoseFetchIsCutGoesOnWhereItStopped() throws Exception {
        FetchChunkHandler served = site.server().bean("serveChunk", FetchChunkHandler.class);
        long chunks = (Files.size(stored) + CHUNK - 1) / CHUNK;
        assertThat(chunks).as("enough chunks to cut in between").isGreaterThan(8);
        Path target = site.work().resolve("restored/after-cut");
        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", site.server().port())) {
            BackupClientFixture viaProxy = client(proxy.port()).set("transfer.chunks-in-flight", "1");
            Path state = viaProxy.workDir().resolve("restore");
            AtomicBoolean cut = new AtomicBoolean();
            // a few chunks in, the network goes away for longer than the retries last
            Thread cutter = new Thread(() -> {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (!cut.get() && System.nanoTime() < deadline) {
                    try (Stream<Path> files = Files.list(state)) {
                        for (Path f : files.filter(p -> p.toString().endsWith(".state")).toList()) {
                            if (Files.readAllLines(f).size() > 4) {
                                proxy.refuseConnections(true);
                                proxy.killAllConnections();
                                cut.set(true);
                            }
                        }
                    } catch (Exception notYet) {
                        // the folder or the state file is not there yet
                    }
                    Thread.onSpinWait();
                }
            });
            proxy.throttle(20_000);
            cutter.start();
            Ran first = cli(viaProxy, "restore", "--latest", "--target", target.toString());
            cutter.join();
            assertThat(cut).as("cut in the middle").isTrue();
            assertThat(first.code).as(first.toString()).isEqualTo(2);
            assertThat(first.err).contains("restore failed at step 'fetch'", "cannot be reached", "run the same command again");
            assertThat(target).as("nothing unpacked").doesNotExist();

            proxy.refuseConnections(false);
            proxy.clearFaults();
            long before = served.chunksServed();
            Ran second = cli(viaProxy, "restore", "--latest", "--target", target.toString());
            assertThat(second.code).as(second.toString()).isZero();
            assertThat(served.chunksServed() - before).as("only the chunks still missing").isBetween(1L, chunks - 4);
        }
        assertBootsWithTheOriginalChecksums(target);
    }

    @Test
    @Order(4)
    void inPlaceWaitsForNoRunningBackupThenSwapsTheDataDirectoryOfTheRunningServerKeepingTheOldOne()
            throws Exception {
        MariaDbSandbox mysql = site.mysql();
        Path datadir = mysql.datadir();
        try (InstanceLock backupRunning = InstanceLock.acquire(client.workDir(), datadir)) {
            Ran busy = cli(client, "restore", "--latest", "--in-place");
            assertThat(busy.code).as(busy.toString()).isEqualTo(11);
            assertThat(busy.err).contains("another backup of " + datadir);
        }
        assertThat(mysql.isRunning()).isTrue();
        // after the backup: a table the restore must take away again
        mysql.execute("CREATE DATABASE after_backup");
        mysql.execute("CREATE TABLE after_backup.t (id INT PRIMARY KEY) ENGINE=InnoDB");
        mysql.execute("INSERT INTO after_backup.t VALUES (1), (2)");
        assertThat(mysql.checksums()).isNotEqualTo(original);

        Ran ran = cli(client, "restore", "--latest", "--in-place");

        assertThat(ran.code).as(ran.toString()).isZero();
        assertThat(ran.out).contains("Paused the schedules of 'it' in the running daemon", "Stopping MySQL",
                "MySQL is down", "answers on the restored data directory", "previous contents: moved aside to "
                        + datadir + ".before-restore-", "Schedules of 'it' resumed");
        assertThat(mysql.isRunning()).isTrue();
        assertThat(mysql.checksums()).isEqualTo(original);
        Path aside;
        try (Stream<Path> siblings = Files.list(datadir.getParent())) {
            aside = siblings.filter(p -> p.getFileName().toString().startsWith("data.before-restore-")
                    && Files.isDirectory(p)).findFirst().orElseThrow();
        }
        assertThat(aside.resolve("after_backup")).as("the old data directory, kept").isDirectory();
        try (Stream<Path> pauses = Files.list(client.databaseFile().resolveSibling("schedule-pauses"))) {
            assertThat(pauses).as("the pause is lifted").isEmpty();
        }
    }

    @Test
    @Order(5)
    void inPlaceOfADataDirectoryMysqlCannotBootPutsTheOldOneBackAndStartsMysqlOnIt() throws Exception {
        MariaDbSandbox mysql = site.mysql();
        Map<String, Long> live = mysql.checksums();
        Path broken = Files.createDirectories(site.work().resolve("broken-datadir"));
        Files.write(broken.resolve("ibdata1"), new java.util.Random(5).ints(1 << 20).collect(
                java.io.ByteArrayOutputStream::new, (o, b) -> o.write(b), (a, b) -> { }).toByteArray());
        Path zip = site.work().resolve("broken.zip");
        new org.mysqlbackup.snapshot.DataDirectoryZipper(1).zip(broken, zip,
                BackupManifest.before("db-host-1", "it", null, broken, null).trailer(Map::of));

        Ran ran = cli(client, "-Dguard.verify-wait-ms=6000", "restore", "--file", zip.toString(), "--in-place");

        assertThat(ran.code).as(ran.toString()).isEqualTo(1);
        assertThat(ran.err).contains("restore failed at step 'start MySQL on the restored data'",
                "the old data directory is back in " + mysql.datadir(), "answers on it", "the restored copy is kept in "
                        + mysql.datadir() + ".failed-restore-");
        assertThat(mysql.isRunning()).isTrue();
        assertThat(mysql.checksums()).isEqualTo(live);
        try (Stream<Path> siblings = Files.list(mysql.datadir().getParent())) {
            assertThat(siblings.filter(p -> p.getFileName().toString().startsWith("data.failed-restore-")
                    && Files.isDirectory(p)))
                    .singleElement().satisfies(p -> assertThat(p.resolve("ibdata1")).hasSameBinaryContentAs(
                            broken.resolve("ibdata1")));
        }
    }

    private static void assertBootsWithTheOriginalChecksums(Path datadir) {
        try (MariaDbSandbox restored = MariaDbSandbox.bootFrom(datadir, TestPaths.sandboxBase(), site.mysql().user(),
                site.mysql().password())) {
            assertThat(restored.checksums()).isEqualTo(original);
        }
    }

    private static BackupClientFixture client(int port) throws Exception {
        return new BackupClientFixture(site.work().resolve("client-" + port), site.mysql(), port,
                site.certs().properties(site.certs().client("db-host-1")))
                .set("transfer.chunk-size", Integer.toString(CHUNK))
                .set("transfer.retry.max-redeliveries", "1")
                .set("transfer.retry.initial-delay-ms", "50")
                .set("transfer.retry.max-delay-ms", "100");
    }

    private static List<String> listing(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root, 2)) {
            return all.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    private record Ran(int code, String out, String err) {
    }

    /** The CLI in this JVM; {@code -Dk=v} arguments before the command override the fixture's properties. */
    private static Ran cli(BackupClientFixture fixture, String... command) {
        List<String> args = new ArrayList<>(fixture.commandLine());
        args.set(0, "client");
        int i = 0;
        for (; i < command.length && command[i].startsWith("-D"); i++) {
            args.add("-D");
            args.add(command[i].substring(2));
        }
        args.addAll(List.of(command).subList(i, command.length));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = MysqlBackupCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args.toArray(String[]::new));
        return new Ran(code, out.toString(), err.toString());
    }
}
