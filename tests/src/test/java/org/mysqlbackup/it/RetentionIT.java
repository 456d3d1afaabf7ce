package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.db.SchemaMigrator;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.SqliteDatabase;
import org.mysqlbackup.db.Times;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.server.ReceiveLogStore;
import org.mysqlbackup.server.StoredDirectoryNamer;
import org.mysqlbackup.server.StoredFileNamer;
import org.mysqlbackup.testing.AppProcess;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;

/**
 * Retention against a real storage folder and a real server database holding backups of many
 * dates for several clients and configurations, written as the server writes them. The dry run
 * and the real run go through {@code bin/backup-server retention}; the schedule through the real
 * server app. What is kept and deleted is checked against a plain reading of each rule written
 * here, not against the planner; the newest good backup of every configuration survives even the
 * most aggressive rules, also when the newest backup's file is gone.
 */
class RetentionIT {
    private static final String DIRECTORY_PATTERN = "{client}/{config}/{yyyy}/{MM}";
    private static final String FILE_PATTERN = "{client}_{config}_{timestamp}.zip";

    /** One stored backup the test made: its row, and its file unless {@code onDisk} is false. */
    record Made(long id, String client, String config, String path, Instant createdAt, long size, boolean onDisk) {
    }

    /** A storage root and server database filled with backups. */
    static final class Site {
        final Path work;
        final Path root;
        final Path dbFile;
        final DataSource db;
        final List<Made> made = new ArrayList<>();
        private final Random random = new Random(25);
        private final StoredFileNamer files = new StoredFileNamer(FILE_PATTERN, "vault");
        private final StoredDirectoryNamer folders = new StoredDirectoryNamer(DIRECTORY_PATTERN, "vault");

        Site(Path work) throws IOException {
            this.work = work;
            this.root = Files.createDirectories(work.resolve("storage")).toRealPath();
            Files.createDirectories(root.resolve(".staging"));
            this.dbFile = work.resolve("server.db");
            this.db = SqliteDatabase.open(dbFile, Duration.ofSeconds(10));
            new SchemaMigrator(db, TestPaths.home().resolve("config/schema/server")).migrate();
        }

        /** A transfer opened and completed through the server's own store, at the snapshot time plus a few minutes. */
        Made backup(String client, String config, Instant createdAt, int size, boolean keepFile) throws IOException {
            String relative = String.join("/", folders.segments(client, config, createdAt)) + "/"
                    + files.name(client, config, createdAt);
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            byte[] content = new byte[size];
            random.nextBytes(content);
            Files.write(file, content);
            ReceiveLogStore log = new ReceiveLogStore(db, Clock.fixed(createdAt.plusSeconds(300), ZoneOffset.UTC));
            long id = log.started(client, new InitTransfer(UUID.randomUUID().toString(), config,
                    file.getFileName().toString(), size, 65536, "sha", "md5", createdAt.toEpochMilli()));
            log.completed(id, file.getFileName().toString(), relative);
            // verified intact by a scrub since it was stored (the content here is no zip): retention
            // relies on it without reading it again (VerifyIT has retention re-check unverified files)
            new Sql(db, "server database").update("UPDATE BackupLogs SET VerifiedAt = ?, VerifyResult = 'intact'"
                    + " WHERE Id = ?", Times.format(Instant.now()), id);
            if (!keepFile) {
                Files.delete(file);
            }
            Made backup = new Made(id, client, config, relative, createdAt, size, keepFile);
            made.add(backup);
            return backup;
        }

        List<Made> of(String client, String config) {
            return made.stream().filter(m -> m.client.equals(client) && m.config.equals(config)).toList();
        }

        /** Every file under the root with its size and modification time. */
        Map<String, String> snapshot() throws IOException {
            try (Stream<Path> paths = Files.walk(root)) {
                Map<String, String> files = new TreeMap<>();
                for (Path p : paths.toList()) {
                    files.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir"
                            : Files.size(p) + "@" + Files.getLastModifiedTime(p));
                }
                return files;
            }
        }

        List<List<String>> deletionRecords() {
            return new Sql(db, "server database").query("SELECT FilePath, DeletedAt, DeletionReason FROM BackupLogs"
                    + " WHERE DeletedAt IS NOT NULL", rs -> List.of(rs.getString(1), rs.getString(2), rs.getString(3)));
        }

        void close() throws Exception {
            ((AutoCloseable) db).close();
        }
    }

    @Test
    void theDryRunChangesNothingAndTheRealRunDeletesExactlyWhatTheRulesLetGo() throws Exception {
        Instant now = Instant.now();
        Site site = new Site(TestPaths.scratch(RetentionIT.class));
        Map<String, String> rules = new LinkedHashMap<>();
        Set<String> expectedDeleted = new HashSet<>();

        // defaults: 30 days
        rules.put("retention.max-age-days", "30");
        // web-1 "nightly full": grandfather-father-son only; daily for 200 days, a second backup every fifth day
        rules.put("retention.override.web-nightly.client", "web-1");
        rules.put("retention.override.web-nightly.config", "nightly full");
        rules.put("retention.override.web-nightly.max-age-days", "0");
        rules.put("retention.override.web-nightly.keep-daily", "7");
        rules.put("retention.override.web-nightly.keep-weekly", "4");
        rules.put("retention.override.web-nightly.keep-monthly", "6");
        for (int day = 0; day < 200; day++) {
            site.backup("web-1", "nightly full", ago(now, day, 3), 600, true);
            if (day % 5 == 0) {
                site.backup("web-1", "nightly full", ago(now, day, 9), 600, true);
            }
        }
        expectedDeleted.addAll(notKeptByGrandfatherFatherSon(site.of("web-1", "nightly full"), 7, 4, 6));

        // web-1 hourly: the default age limit; every other day for 90 days
        for (int day = 0; day <= 90; day += 2) {
            site.backup("web-1", "hourly", ago(now, day, 15), 500, true);
        }
        site.of("web-1", "hourly").stream().filter(m -> m.createdAt.isBefore(now.minus(Duration.ofDays(30))))
                .forEach(m -> expectedDeleted.add(m.path));

        // db-2 main: keep only the newest one, whose file is gone: the newest good one stays as well
        rules.put("retention.override.db-main.client", "db-2");
        rules.put("retention.override.db-main.config", "main");
        rules.put("retention.override.db-main.max-age-days", "0");
        rules.put("retention.override.db-main.keep-last", "1");
        for (int day = 20; day >= 0; day--) {
            site.backup("db-2", "main", ago(now, day, 5), 700, day != 0);
        }
        List<Made> main = newestFirst(site.of("db-2", "main"));
        main.stream().skip(2).forEach(m -> expectedDeleted.add(m.path));

        // db-2 archive: at most 10 KiB, sizes of 1 to 4 KiB, weekly for 40 weeks
        rules.put("retention.override.db-archive.client", "db-2");
        rules.put("retention.override.db-archive.config", "archive");
        rules.put("retention.override.db-archive.max-age-days", "0");
        rules.put("retention.override.db-archive.max-total-size", "10KiB");
        for (int week = 0; week < 40; week++) {
            site.backup("db-2", "archive", ago(now, week * 7, 7), 1024 * (1 + week % 4), true);
        }
        long total = 0;
        for (Made m : newestFirst(site.of("db-2", "archive"))) {
            total += m.size;
            if (total > 10 * 1024) {
                expectedDeleted.add(m.path);
            }
        }

        // db-3, all configurations: as aggressive as it gets; its two newest files are gone
        rules.put("retention.override.db3.client", "db-3");
        rules.put("retention.override.db3.max-age-days", "1");
        rules.put("retention.override.db3.keep-last", "1");
        for (int day = 50; day >= 10; day -= 5) {
            site.backup("db-3", "tiny", ago(now, day, 11), 300, day > 15);
        }
        List<Made> tiny = newestFirst(site.of("db-3", "tiny"));
        Made tinyNewestGood = tiny.get(2);
        tiny.stream().filter(m -> m != tinyNewestGood).forEach(m -> expectedDeleted.add(m.path));

        // what retention must never touch: a file no record knows, a transfer in progress, a
        // failed one, and a record whose path leaves the storage root
        Path unknown = Files.writeString(Files.createDirectories(site.root.resolve("web-1/hourly/2020/01"))
                .resolve("web-1_hourly_20200101T000000Z.zip"), "unknown");
        Path staging = Files.writeString(site.root.resolve(".staging/0f0f0f0f-1.part"), "in progress");
        ReceiveLogStore oldLog = new ReceiveLogStore(site.db, Clock.fixed(ago(now, 100, 0), ZoneOffset.UTC));
        oldLog.started("web-1", new InitTransfer("0f0f0f0f-1", "hourly", "x.zip", 11, 65536, "s", "m",
                ago(now, 100, 0).toEpochMilli()));
        long failed = oldLog.started("web-1", new InitTransfer("0f0f0f0f-2", "hourly", "y.zip", 11, 65536, "s", "m",
                ago(now, 100, 0).toEpochMilli()));
        oldLog.failed(failed, "checksum mismatch");
        Path outside = Files.writeString(Files.createDirectories(site.work.resolve("outside")).resolve("evil.zip"), "x");
        long evil = oldLog.started("db-3", new InitTransfer("0f0f0f0f-3", "tiny", "evil.zip", 1, 65536, "s", "m",
                ago(now, 100, 0).toEpochMilli()));
        oldLog.completed(evil, "evil.zip", "../outside/evil.zip");

        Set<String> all = site.made.stream().map(Made::path).collect(Collectors.toSet());
        Set<String> expectedKept = new HashSet<>(all);
        expectedKept.removeAll(expectedDeleted);
        assertThat(expectedDeleted).hasSizeGreaterThan(200);
        assertThat(expectedKept).hasSizeGreaterThan(30);

        // dry run: lists all of it, changes nothing
        Map<String, String> before = site.snapshot();
        AppProcess dryRun = AppProcess.start(command(site, rules, "--dry-run"), site.work.resolve("dry-run.log"));
        assertThat(dryRun.waitFor(120)).as(dryRun.log()).isZero();
        String listing = dryRun.log();
        assertThat(listed(listing, "delete")).isEqualTo(expectedDeleted);
        assertThat(listed(listing, "keep")).isEqualTo(expectedKept);
        assertThat(listing).contains("nothing is changed").contains("left alone: record " + evil);
        assertThat(site.snapshot()).isEqualTo(before);
        assertThat(site.deletionRecords()).isEmpty();

        // the real run
        AppProcess apply = AppProcess.start(command(site, rules, "--apply"), site.work.resolve("apply.log"));
        assertThat(apply.waitFor(120)).as(apply.log()).isZero();
        String log = apply.log();

        for (Made m : site.made) {
            assertThat(site.root.resolve(m.path)).as(m.path)
                    .matches(p -> Files.exists(p) == (m.onDisk && expectedKept.contains(m.path)));
        }
        assertThat(site.deletionRecords()).extracting(r -> r.get(0)).containsExactlyInAnyOrderElementsOf(expectedDeleted);
        assertThat(site.deletionRecords()).allSatisfy(r -> {
            assertThat(Instant.parse(r.get(1))).isBetween(now, Instant.now());
            assertThat(r.get(2)).isNotBlank();
        });
        for (Made m : site.made) {
            if (expectedDeleted.contains(m.path)) {
                assertThat(log).as("log line for " + m.path).containsPattern("INFO .* Retention deleted "
                        + java.util.regex.Pattern.quote(m.path) + " of client " + m.client + ", configuration "
                        + java.util.regex.Pattern.quote(m.config) + " .*: \\S");
            }
        }
        assertThat(site.deletionRecords()).filteredOn(r -> r.get(0).equals(tiny.get(0).path))
                .singleElement().satisfies(r -> assertThat(r.get(2)).contains("already missing"));

        // the newest good backup of every configuration survived
        Map<List<String>, List<Made>> byConfiguration = site.made.stream()
                .collect(Collectors.groupingBy(m -> List.of(m.client, m.config)));
        assertThat(byConfiguration).hasSize(5);
        byConfiguration.values().forEach(group -> {
            Made newestGood = newestFirst(group).stream().filter(Made::onDisk).findFirst().orElseThrow();
            assertThat(site.root.resolve(newestGood.path)).as("newest good " + newestGood.path).exists();
        });
        assertThat(site.root.resolve(tinyNewestGood.path)).exists();
        assertThat(site.root.resolve(main.get(1).path)).exists();

        // untouched
        assertThat(unknown).exists();
        assertThat(staging).exists();
        assertThat(outside).exists();
        // no folder emptied by retention is left behind; the client folders stay
        try (Stream<Path> folders = Files.walk(site.root)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                if (folder.getNameCount() - site.root.getNameCount() >= 2) {
                    try (Stream<Path> content = Files.list(folder)) {
                        assertThat(content.findAny()).as("empty folder " + folder).isPresent();
                    }
                }
            }
        }
        assertThat(site.root.resolve("web-1")).isDirectory();
        assertThat(site.root.resolve("db-3")).isDirectory();

        // applied again: nothing more to delete
        AppProcess again = AppProcess.start(command(site, rules, "--apply"), site.work.resolve("again.log"));
        assertThat(again.waitFor(120)).as(again.log()).isZero();
        assertThat(again.log()).contains("Retention done: deleted 0 backup(s)");
        site.close();
    }

    @Test
    void theServerAppliesRetentionOnItsSchedule() throws Exception {
        Instant now = Instant.now();
        Site site = new Site(TestPaths.scratch(RetentionIT.class));
        for (int day = 40; day >= 0; day -= 4) {
            site.backup("web-1", "nightly", ago(now, day, 3), 400, true);
        }
        List<Made> newestFirst = newestFirst(site.made);
        TestCertificates certs = TestCertificates.create(site.work.resolve("certs"));
        Map<String, String> properties = new HashMap<>(Map.of(
                "storage.directory-pattern", DIRECTORY_PATTERN,
                "retention.override.web.client", "web-1",
                "retention.override.web.keep-last", "3",
                "retention.cron", "0/1 * * * * ?"));
        try (BackupServerFixture server = BackupServerFixture.start(site.work, certs, properties)) {
            assertThat(server.storageRoot().toRealPath()).isEqualTo(site.root);
            await().atMost(Duration.ofSeconds(30)).until(() -> site.deletionRecords().size() == newestFirst.size() - 3);
        }
        for (int i = 0; i < newestFirst.size(); i++) {
            assertThat(Files.exists(site.root.resolve(newestFirst.get(i).path))).as(newestFirst.get(i).path)
                    .isEqualTo(i < 3);
        }
        assertThat(site.deletionRecords()).allSatisfy(r -> assertThat(r.get(2)).isEqualTo("beyond the newest 3"));
        site.close();
    }

    private static Instant ago(Instant now, int days, int hours) {
        return now.minus(Duration.ofDays(days)).minus(Duration.ofHours(hours));
    }

    private static List<Made> newestFirst(List<Made> backups) {
        return backups.stream().sorted(Comparator.comparing(Made::createdAt).reversed()).toList();
    }

    /**
     * A plain reading of grandfather-father-son: of the last {@code days} UTC days that have a
     * backup, the last {@code weeks} weeks (Monday to Sunday) and the last {@code months} months,
     * the newest backup of each stays; all others go.
     */
    private static Set<String> notKeptByGrandfatherFatherSon(List<Made> backups, int days, int weeks, int months) {
        Set<Made> kept = new HashSet<>();
        kept.addAll(newestOfLastPeriods(backups, days, m -> date(m)));
        kept.addAll(newestOfLastPeriods(backups, weeks, m -> date(m).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))));
        kept.addAll(newestOfLastPeriods(backups, months, m -> YearMonth.from(date(m))));
        return backups.stream().filter(m -> !kept.contains(m)).map(Made::path).collect(Collectors.toSet());
    }

    private static <P extends Comparable<? super P>> List<Made> newestOfLastPeriods(List<Made> backups, int count,
                                                                                   Function<Made, P> period) {
        TreeMap<P, Made> newestPerPeriod = new TreeMap<>(Comparator.reverseOrder());
        for (Made m : backups) {
            newestPerPeriod.merge(period.apply(m), m, (a, b) -> a.createdAt.isAfter(b.createdAt) ? a : b);
        }
        return newestPerPeriod.values().stream().limit(count).toList();
    }

    private static LocalDate date(Made m) {
        return LocalDate.ofInstant(m.createdAt, ZoneOffset.UTC);
    }

    private static List<String> command(Site site, Map<String, String> rules, String mode) {
        List<String> command = new ArrayList<>(List.of(TestPaths.home().resolve("bin/backup-server").toString(),
                "--config", TestPaths.serverConfig().toString(),
                "-D", "storage.root=" + site.root,
                "-D", "db.file=" + site.dbFile));
        rules.forEach((key, value) -> {
            command.add("-D");
            command.add(key + "=" + value);
        });
        command.add("retention");
        command.add(mode);
        return command;
    }

    /** The paths of the dry run's lines "  delete PATH ..." or "  keep   PATH ...". */
    private static Set<String> listed(String output, String action) {
        return output.lines().map(String::trim).filter(line -> line.startsWith(action + " "))
                .map(line -> line.substring(action.length()).trim().split("\\s+")[0]).collect(Collectors.toSet());
    }
}
