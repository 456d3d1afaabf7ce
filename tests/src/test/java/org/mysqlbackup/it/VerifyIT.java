package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.db.SchemaMigrator;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.SqliteDatabase;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.server.ReceiveLogStore;
import org.mysqlbackup.snapshot.BackupManifest;
import org.mysqlbackup.testing.AppProcess;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.Hashes;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;

/**
 * Verify against a real storage folder and server database holding backup zips as the client
 * makes them (data files, then backup-manifest.json), stored the way finalize stores them, then
 * damaged the ways disks and people damage them: a byte flipped in the middle (same size), a
 * truncated file, a missing file, a damaged central directory. Through {@code bin/backup-server}:
 * the issue's scenario first ({@code retention --dry-run} with {@code keep-last=1} after the newest
 * zip got a flipped byte keeps the intact older one and proposes nothing against it), then
 * {@code verify} (exit codes 0, 1, 2, every result recorded, intact files unmodified),
 * {@code list} (the states); last the real server's scheduled {@code server-verify}, whose
 * BACKUP_CORRUPT and BACKUP_MISSING alerts reach a real webhook.
 */
class VerifyIT {
    private final Random random = new Random(12);

    /** One stored backup the test made. */
    record Made(long id, String client, String config, String path, Instant createdAt) {
    }

    @Test
    void damageIsFoundRecordedListedAndAlertedAndRetentionKeepsTheIntactBackup() throws Exception {
        Path work = TestPaths.scratch(VerifyIT.class);
        Path root = Files.createDirectories(work.resolve("storage")).toRealPath();
        Path dbFile = work.resolve("server.db");
        DataSource db = SqliteDatabase.open(dbFile, Duration.ofSeconds(10));
        new SchemaMigrator(db, TestPaths.home().resolve("config/schema/server")).migrate();
        Instant now = Instant.now();

        // db-1/main: two intact backups, the newest one gets a flipped byte in its middle
        Made oldest = store(db, root, "db-1", "main", now.minus(Duration.ofDays(2)));
        Made intact = store(db, root, "db-1", "main", now.minus(Duration.ofDays(1)));
        Made flipped = store(db, root, "db-1", "main", now.minus(Duration.ofHours(1)));
        long flippedSize = Files.size(root.resolve(flipped.path()));
        flip(root.resolve(flipped.path()), flippedSize / 2);
        assertThat(Files.size(root.resolve(flipped.path()))).isEqualTo(flippedSize);
        // db-2/main: truncated, missing, damaged central directory
        Made truncated = store(db, root, "db-2", "main", now.minus(Duration.ofHours(5)));
        try (RandomAccessFile file = new RandomAccessFile(root.resolve(truncated.path()).toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }
        Made missing = store(db, root, "db-2", "main", now.minus(Duration.ofHours(4)));
        Files.delete(root.resolve(missing.path()));
        Made badDirectory = store(db, root, "db-2", "main", now.minus(Duration.ofHours(3)));
        Path badDirectoryFile = root.resolve(badDirectory.path());
        flip(badDirectoryFile, indexOf(Files.readAllBytes(badDirectoryFile), new byte[] {'P', 'K', 1, 2}));
        // db-3/main: one intact backup
        Made alone = store(db, root, "db-3", "main", now.minus(Duration.ofHours(2)));
        List<Made> intactOnes = List.of(oldest, intact, alone);

        // the issue's scenario: keep-last=1 keeps the intact older backup and does not propose deleting it
        Map<String, String> before = snapshot(root, intactOnes);
        AppProcess dryRun = AppProcess.start(command(root, dbFile, List.of("-D", "retention.keep-last=1"), "retention",
                "--dry-run"), work.resolve("dry-run.log"));
        assertThat(dryRun.waitFor(60)).as(dryRun.log()).isZero();
        String listing = dryRun.log();
        assertThat(line(listing, "keep", intact.path())).as(listing).contains("the newest good backup");
        assertThat(line(listing, "keep", flipped.path())).as(listing).contains("not good",
                "no longer matches its SHA-256 recorded at finalize");
        assertThat(line(listing, "delete", oldest.path())).as(listing).contains("beyond the newest 1");
        assertThat(listing).doesNotContain("delete " + intact.path());
        // the re-check before relying on a backup is recorded like any verify
        assertThat(result(db, flipped)).isEqualTo("corrupt");
        assertThat(result(db, intact)).isEqualTo("intact");
        assertThat(snapshot(root, intactOnes)).isEqualTo(before);

        // one client with nothing wrong: exit 0
        AppProcess clean = AppProcess.start(command(root, dbFile, List.of(), "verify", "--client", "db-3"),
                work.resolve("verify-db-3.log"));
        assertThat(clean.waitFor(60)).as(clean.log()).isZero();
        assertThat(clean.log()).contains("[1/1] intact   backup " + alone.id(), "1 verified: 1 intact, 0 corrupt, 0 missing");

        // everything: exit 1, each damage kind recorded with its reason, intact files unmodified
        AppProcess all = AppProcess.start(command(root, dbFile, List.of("-D", "verify.max-read-rate=20MiB"), "verify",
                "--all"), work.resolve("verify-all.log"));
        assertThat(all.waitFor(60)).as(all.log()).isEqualTo(1);
        String output = all.log();
        assertThat(output).contains("7 verified: 3 intact, 3 corrupt, 1 missing", "damage found");
        assertThat(result(db, oldest)).isEqualTo("intact");
        assertThat(result(db, alone)).isEqualTo("intact");
        assertThat(result(db, flipped)).isEqualTo("corrupt");
        assertThat(reason(db, flipped)).contains("no longer matches its SHA-256 recorded at finalize");
        assertThat(result(db, truncated)).isEqualTo("corrupt");
        assertThat(reason(db, truncated)).contains("were stored", "central directory cannot be read");
        assertThat(result(db, missing)).isEqualTo("missing");
        assertThat(result(db, badDirectory)).isEqualTo("corrupt");
        assertThat(reason(db, badDirectory)).contains("central directory cannot be read");
        assertThat(snapshot(root, intactOnes)).isEqualTo(before);

        // a bad command line: exit 2, nothing read
        AppProcess usage = AppProcess.start(command(root, dbFile, List.of(), "verify", "--since", "yesterday"),
                work.resolve("verify-usage.log"));
        assertThat(usage.waitFor(60)).as(usage.log()).isEqualTo(2);
        assertThat(usage.log()).contains("--since");

        // the list shows every stored backup with its state
        AppProcess list = AppProcess.start(command(root, dbFile, List.of(), "list"), work.resolve("list.log"));
        assertThat(list.waitFor(60)).as(list.log()).isZero();
        String rows = list.log();
        assertThat(rows).contains("7 stored backup(s).");
        assertThat(listed(rows, oldest)).contains("db-1", "main", sha(db, oldest), "intact");
        assertThat(listed(rows, flipped)).contains("corrupt");
        assertThat(listed(rows, missing)).contains("missing");
        AppProcess listOne = AppProcess.start(command(root, dbFile, List.of(), "list", "--client", "db-2"),
                work.resolve("list-db-2.log"));
        assertThat(listOne.waitFor(60)).as(listOne.log()).isZero();
        assertThat(listOne.log()).contains("3 stored backup(s).").doesNotContain(" db-1 ");

        // the server's schedule: the alerts reach the webhook, naming the file and what to do
        List<String> posts = new CopyOnWriteArrayList<>();
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            posts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        ((AutoCloseable) db).close();
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        try (BackupServerFixture server = BackupServerFixture.start(work, certs, Map.of(
                "verify.cron", "0/1 * * * * ?",
                "retention.enabled", "false",
                "alert.webhook.url", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook"))) {
            assertThat(server.storageRoot().toRealPath()).isEqualTo(root);
            await().atMost(Duration.ofSeconds(30)).until(() -> posts.stream().filter(p -> p.contains("BACKUP_CORRUPT"))
                    .count() >= 3 && posts.stream().anyMatch(p -> p.contains("BACKUP_MISSING")));
        } finally {
            webhook.stop(0);
        }
        String corruptAlert = posts.stream().filter(p -> p.contains(flipped.path())).findFirst().orElseThrow();
        assertThat(corruptAlert).contains("BACKUP_CORRUPT", "db-1", "no longer matches its SHA-256 recorded at finalize",
                "Take a new backup of db-1/main now", "older intact backups");
        assertThat(posts.stream().filter(p -> p.contains("BACKUP_MISSING")).findFirst().orElseThrow())
                .contains(missing.path(), "db-2");
        assertThat(snapshot(root, intactOnes)).isEqualTo(before);
    }

    /** A backup zip as the client writes it, stored and recorded as finalize does. */
    private Made store(DataSource db, Path root, String client, String config, Instant createdAt) throws IOException {
        String relative = client + "/" + client + "_" + config + "_" + createdAt.toEpochMilli() + ".zip";
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        byte[] data = new byte[256 << 10];
        random.nextBytes(data);
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            zip.putArchiveEntry(new ZipArchiveEntry("ibdata1"));
            zip.write(data);
            zip.closeArchiveEntry();
            zip.putArchiveEntry(new ZipArchiveEntry("db/t1.ibd"));
            zip.write(("page ".repeat(20_000)).getBytes(StandardCharsets.US_ASCII));
            zip.closeArchiveEntry();
            zip.putArchiveEntry(new ZipArchiveEntry(BackupManifest.ENTRY_NAME));
            zip.write(BackupManifest.before(client, config, "10.11.6-MariaDB", Path.of("/var/lib/mysql"), List.of())
                    .toJson());
            zip.closeArchiveEntry();
        }
        ReceiveLogStore log = new ReceiveLogStore(db, Clock.fixed(createdAt.plusSeconds(60), ZoneOffset.UTC));
        long id = log.started(client, new InitTransfer(UUID.randomUUID().toString(), config,
                file.getFileName().toString(), Files.size(file), 65536, Hashes.sha256(file), "md5",
                createdAt.toEpochMilli()));
        log.completed(id, file.getFileName().toString(), relative);
        return new Made(id, client, config, relative, createdAt);
    }

    private static void flip(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0xFF);
        }
    }

    private static int indexOf(byte[] bytes, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("not found");
    }

    /** Bytes and modification time of each file. */
    private static Map<String, String> snapshot(Path root, List<Made> made) throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (Made m : made) {
            Path file = root.resolve(m.path());
            files.put(m.path(), Hashes.sha256(file) + "@" + Files.getLastModifiedTime(file) + "/" + Files.size(file));
        }
        return files;
    }

    private static String result(DataSource db, Made m) {
        return column(db, "VerifyResult", m);
    }

    private static String reason(DataSource db, Made m) {
        return column(db, "VerifyReason", m);
    }

    private static String sha(DataSource db, Made m) {
        return column(db, "Sha256", m);
    }

    private static String column(DataSource db, String column, Made m) {
        return new Sql(db, "test").query("SELECT " + column + " FROM BackupLogs WHERE Id = ?", rs -> rs.getString(1),
                m.id()).get(0);
    }

    /** The dry run's line for {@code path}: "  keep   PATH ..." or "  delete PATH ...". */
    private static String line(String output, String action, String path) {
        return output.lines().map(String::trim).filter(l -> l.startsWith(action) && l.contains(path + " "))
                .findFirst().orElse("(no line '" + action + " " + path + "')");
    }

    private static String listed(String output, Made m) {
        return output.lines().filter(l -> l.startsWith(m.id() + " ")).findFirst()
                .orElse("(no row " + m.id() + ")");
    }

    private static List<String> command(Path root, Path dbFile, List<String> extra, String... subcommand) {
        List<String> command = new ArrayList<>(List.of(TestPaths.home().resolve("bin/backup-server").toString(),
                "--config", TestPaths.serverConfig().toString(),
                "-D", "storage.root=" + root,
                "-D", "db.file=" + dbFile));
        command.addAll(extra);
        command.addAll(List.of(subcommand));
        return command;
    }

    @SuppressWarnings("unused")
    private static List<String> names(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(Path::toString).collect(Collectors.toList());
        }
    }
}
