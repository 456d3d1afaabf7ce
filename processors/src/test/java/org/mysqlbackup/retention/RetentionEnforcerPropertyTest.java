package org.mysqlbackup.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.db.TestDatabases;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.Times;
import org.mysqlbackup.server.alerts.ServerAlert;
import org.mysqlbackup.server.alerts.ServerAlertKind;
import org.mysqlbackup.verify.BackupFileVerifier;
import org.mysqlbackup.verify.BackupVerification;
import org.mysqlbackup.verify.TestZips;
import org.mysqlbackup.verify.VerifiedProof;
import org.mysqlbackup.verify.VerifyStore;

/**
 * Seed property 25 on disk: whatever the backups (files missing, sizes wrong, bytes flipped, known
 * corrupt by a verify) and the rules, after retention ran the newest good (intact) backup of every
 * configuration is still there, no intact backup went because of a damaged newer one, exactly the files
 * it reports deleted are gone and recorded, files no record knows stay, and no emptied folder is
 * left below a client's folder.
 */
class RetentionEnforcerPropertyTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static Path temp;
    private static DataSource db;
    private static Path root;

    /** One generated backup. */
    record Generated(String client, String config, int hoursAgo, int size, boolean onDisk, boolean sizeDiffers) {
    }

    @BeforeContainer
    static void openDatabase() throws IOException {
        temp = Files.createTempDirectory("retention-property");
        db = TestDatabases.migrated(temp.resolve("server.db"), "server");
    }

    @AfterContainer
    static void removeDatabase() throws Exception {
        ((AutoCloseable) db).close();
        deleteTree(temp);
    }

    @BeforeTry
    void emptyStorage() throws IOException {
        new Sql(db, "test").update("DELETE FROM BackupLogs");
        if (root != null) {
            deleteTree(root);
        }
        root = Files.createDirectories(temp.resolve("storage")).toRealPath();
    }

    @Property(tries = 100, seed = "2511202600000000125")
    void theNewestGoodBackupSurvivesAndEveryDeletionIsRecorded(@ForAll("backups") List<Generated> backups,
                                                               @ForAll("rules") Map<String, String> rules)
            throws IOException {
        Sql sql = new Sql(db, "test");
        Map<Long, String> paths = new HashMap<>();
        Map<Long, Generated> generated = new HashMap<>();
        int n = 0;
        for (Generated g : backups) {
            Instant createdAt = NOW.minus(Duration.ofHours(g.hoursAgo()));
            String path = g.client() + "/" + g.config() + "/" + createdAt.toString().substring(0, 7) + "/b" + (n++) + ".zip";
            if (g.onDisk()) {
                Path file = root.resolve(path);
                Files.createDirectories(file.getParent());
                Files.write(file, new byte[g.sizeDiffers() ? g.size() + 1 : g.size()]);
            }
            long id = sql.insert("INSERT INTO BackupLogs (TransferId, ClientId, ConfigName, StartTime, Status, FileName,"
                            + " FilePath, FileSize, ChunkSize, Sha256, Md5, CreatedAtMs) VALUES (?, ?, ?, ?, 'Completed',"
                            + " 'b.zip', ?, ?, 1024, 's', 'm', ?)", "t" + n, g.client(), g.config(),
                    Times.format(createdAt), path, g.size(), createdAt.toEpochMilli());
            paths.put(id, path);
            generated.put(id, g);
        }
        for (String client : List.of("a", "b")) {
            Files.createDirectories(root.resolve(client));
            Files.writeString(root.resolve(client + "/unknown.zip"), "no record");
        }

        Settings settings = new Settings(key -> Optional.ofNullable(rules.get(key)));
        RetentionStore store = new RetentionStore(db);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        RetentionOutcome outcome = new RetentionEnforcer(new RetentionReviewer(store,
                RetentionPolicies.from(settings, List.of()), root, clock), store, clock).apply();

        assertThat(outcome.failed()).isEmpty();
        Set<Long> recorded = new HashSet<>(sql.query("SELECT Id FROM BackupLogs WHERE DeletedAt IS NOT NULL",
                rs -> rs.getLong(1)));
        assertThat(recorded).isEqualTo(outcome.deleted().stream().map(d -> d.decision().row().id())
                .collect(Collectors.toSet()));
        for (Map.Entry<Long, String> entry : paths.entrySet()) {
            boolean shouldExist = generated.get(entry.getKey()).onDisk() && !recorded.contains(entry.getKey());
            assertThat(Files.exists(root.resolve(entry.getValue()))).as(entry.getValue()).isEqualTo(shouldExist);
        }
        Map<List<String>, List<Long>> byConfiguration = paths.keySet().stream().collect(Collectors.groupingBy(
                id -> List.of(generated.get(id).client(), generated.get(id).config())));
        for (List<Long> ids : byConfiguration.values()) {
            ids.stream().filter(id -> generated.get(id).onDisk() && !generated.get(id).sizeDiffers())
                    .min(Comparator.comparing((Long id) -> generated.get(id).hoursAgo()).thenComparing(paths::get))
                    .ifPresent(newestGood -> {
                        assertThat(recorded).as("newest good " + paths.get(newestGood)).doesNotContain(newestGood);
                        assertThat(root.resolve(paths.get(newestGood))).exists();
                    });
        }
        assertThat(root.resolve("a/unknown.zip")).exists();
        assertThat(root.resolve("b/unknown.zip")).exists();
        try (Stream<Path> folders = Files.walk(root)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                if (root.relativize(folder).getNameCount() >= 2) {
                    try (Stream<Path> content = Files.list(folder)) {
                        assertThat(content.findAny()).as("emptied folder " + folder).isPresent();
                    }
                }
            }
        }
    }

    /** What happened to a stored backup since finalize. */
    enum Health {
        /** Nothing: the file is as stored. */
        INTACT,
        /** A byte flipped in the middle (same size), never verified since. */
        FLIPPED,
        /** Verified intact once, then a byte flipped (the file changed after that verify). */
        FLIPPED_AFTER_VERIFY,
        /** Its last verify found it corrupt (recorded); the bytes no longer matter. */
        KNOWN_CORRUPT,
        /** The file is gone. */
        MISSING
    }

    /** One generated backup of the corrupt/missing property. */
    record Damaged(String client, String config, int hoursAgo, Health health) {
    }

    @Property(tries = 100, seed = "2511202600000000225")
    void theNewestIntactBackupSurvivesAndNoIntactOneGoesBecauseOfADamagedNewerOne(
            @ForAll("damaged") List<Damaged> backups, @ForAll("zipRules") Map<String, String> rules) throws IOException {
        Sql sql = new Sql(db, "test");
        Map<Long, String> paths = new HashMap<>();
        Map<Long, Damaged> generated = new HashMap<>();
        Map<Long, Instant> created = new HashMap<>();
        int n = 0;
        for (Damaged g : backups) {
            Instant createdAt = NOW.minus(Duration.ofHours(g.hoursAgo()));
            String path = g.client() + "/" + g.config() + "/b" + (n++) + ".zip";
            Path file = TestZips.backup(root.resolve(path), 64, true);
            long size = Files.size(file);
            String sha = TestZips.sha256(file);
            long id = sql.insert("INSERT INTO BackupLogs (TransferId, ClientId, ConfigName, StartTime, Status, FileName,"
                            + " FilePath, FileSize, ChunkSize, Sha256, Md5, CreatedAtMs) VALUES (?, ?, ?, ?, 'Completed',"
                            + " 'b.zip', ?, ?, 1024, ?, 'm', ?)", "t" + n, g.client(), g.config(),
                    Times.format(createdAt), path, size, sha, createdAt.toEpochMilli());
            switch (g.health()) {
                case INTACT -> { }
                case FLIPPED -> TestZips.flip(file, size / 2);
                case FLIPPED_AFTER_VERIFY -> {
                    sql.update("UPDATE BackupLogs SET VerifiedAt = ?, VerifyResult = 'intact' WHERE Id = ?",
                            Times.format(NOW.minus(Duration.ofDays(400))), id);
                    TestZips.flip(file, size / 2);
                }
                case KNOWN_CORRUPT -> sql.update("UPDATE BackupLogs SET VerifiedAt = ?, VerifyResult = 'corrupt',"
                        + " VerifyReason = 'a flipped byte' WHERE Id = ?", Times.format(NOW.minusSeconds(60)), id);
                case MISSING -> Files.delete(file);
            }
            paths.put(id, path);
            generated.put(id, g);
            created.put(id, createdAt);
        }

        Settings settings = new Settings(key -> Optional.ofNullable(rules.get(key)));
        RetentionPolicies policies = RetentionPolicies.from(settings, List.of());
        RetentionStore store = new RetentionStore(db);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        List<ServerAlert> alerts = new ArrayList<>();
        BackupProof proof = new VerifiedProof(new BackupVerification(root, new BackupFileVerifier(),
                new VerifyStore(db), alerts::add, clock), Duration.ofDays(7), clock);
        RetentionOutcome outcome = new RetentionEnforcer(new RetentionReviewer(store, policies, root, clock, proof),
                store, clock).apply();

        assertThat(outcome.failed()).isEmpty();
        Set<Long> deleted = new HashSet<>(sql.query("SELECT Id FROM BackupLogs WHERE DeletedAt IS NOT NULL",
                rs -> rs.getLong(1)));
        Comparator<Long> newestFirst = Comparator.comparing((Long id) -> created.get(id), Comparator.reverseOrder())
                .thenComparing(paths::get);
        Map<List<String>, List<Long>> byConfiguration = paths.keySet().stream().sorted(newestFirst).collect(
                Collectors.groupingBy(id -> List.of(generated.get(id).client(), generated.get(id).config()),
                        java.util.LinkedHashMap::new, Collectors.toList()));
        for (List<Long> ids : byConfiguration.values()) {
            Damaged first = generated.get(ids.get(0));
            List<Long> intact = ids.stream().filter(id -> generated.get(id).health() == Health.INTACT).toList();
            if (!intact.isEmpty()) {
                long newestIntact = intact.get(0);
                assertThat(deleted).as("newest intact " + paths.get(newestIntact)).doesNotContain(newestIntact);
                assertThat(root.resolve(paths.get(newestIntact))).exists();
                // when something went, retention proved the newest good backup first: every damaged file
                // newer than it was re-checked and recorded as what it is
                boolean somethingWent = ids.stream().anyMatch(deleted::contains);
                for (Long id : somethingWent ? ids.subList(0, ids.indexOf(newestIntact)) : List.<Long>of()) {
                    Health health = generated.get(id).health();
                    String recorded = sql.query("SELECT VerifyResult FROM BackupLogs WHERE Id = ?",
                            rs -> rs.getString(1), id).get(0);
                    if (health == Health.FLIPPED || health == Health.FLIPPED_AFTER_VERIFY
                            || health == Health.KNOWN_CORRUPT) {
                        assertThat(recorded).as(paths.get(id) + " " + health).isEqualTo("corrupt");
                    }
                }
            }
            // the intact ones go exactly as they would if the damaged ones were not there
            RetentionPolicy policy = policies.policyFor(first.client(), first.config());
            List<StoredBackup> intactBackups = intact.stream().map(id -> new StoredBackup(paths.get(id),
                    first.client(), first.config(), created.get(id), sizeOf(sql, id), true)).toList();
            Set<String> expectedGone = RetentionPlanner.plan(intactBackups, policy, NOW).delete().stream()
                    .map(d -> d.backup().path()).collect(Collectors.toSet());
            assertThat(intact.stream().filter(deleted::contains).map(paths::get).collect(Collectors.toSet()))
                    .as("intact backups deleted in " + first.client() + "/" + first.config())
                    .isEqualTo(expectedGone);
        }
        for (Long id : paths.keySet()) {
            if (generated.get(id).health() == Health.INTACT) {
                assertThat(Files.exists(root.resolve(paths.get(id)))).isEqualTo(!deleted.contains(id));
            }
        }
        assertThat(alerts).allSatisfy(a -> assertThat(a.kind()).isIn(ServerAlertKind.BACKUP_CORRUPT,
                ServerAlertKind.BACKUP_MISSING));
    }

    private static long sizeOf(Sql sql, long id) {
        return sql.query("SELECT FileSize FROM BackupLogs WHERE Id = ?", rs -> rs.getLong(1), id).get(0);
    }

    @Provide
    Arbitrary<List<Damaged>> damaged() {
        Arbitrary<Health> health = Arbitraries.frequency(Tuple.of(5, Health.INTACT), Tuple.of(2, Health.FLIPPED),
                Tuple.of(1, Health.FLIPPED_AFTER_VERIFY), Tuple.of(1, Health.KNOWN_CORRUPT), Tuple.of(1, Health.MISSING));
        return Combinators.combine(Arbitraries.of("a", "b"), Arbitraries.of("x", "y.z"),
                Arbitraries.integers().between(0, 24 * 100), health).as(Damaged::new).list().ofMinSize(1).ofMaxSize(16);
    }

    @Provide
    Arbitrary<Map<String, String>> zipRules() {
        Arbitrary<String> small = Arbitraries.integers().between(0, 4).map(String::valueOf);
        // a generated zip is about 6.5 KiB
        return Combinators.combine(Arbitraries.integers().between(0, 100).map(String::valueOf), small,
                Arbitraries.integers().between(0, 40_000).map(String::valueOf), small, small)
                .as((age, last, size, daily, weekly) -> Map.of("retention.max-age-days", age,
                        "retention.keep-last", last, "retention.max-total-size", size, "retention.keep-daily", daily,
                        "retention.keep-weekly", weekly));
    }

    @Provide
    Arbitrary<List<Generated>> backups() {
        Arbitrary<Generated> backup = Combinators.combine(Arbitraries.of("a", "b"), Arbitraries.of("x", "y.z"),
                Arbitraries.integers().between(0, 24 * 500), Arbitraries.integers().between(1, 64),
                Arbitraries.integers().between(0, 9).map(i -> i > 1), Arbitraries.integers().between(0, 9).map(i -> i == 0))
                .as(Generated::new);
        return backup.list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<Map<String, String>> rules() {
        Arbitrary<String> small = Arbitraries.integers().between(0, 6).map(String::valueOf);
        return Combinators.combine(Arbitraries.integers().between(0, 400).map(String::valueOf), small,
                Arbitraries.integers().between(0, 400).map(String::valueOf), small, small, small)
                .as((age, last, size, daily, weekly, monthly) -> Map.of("retention.max-age-days", age,
                        "retention.keep-last", last, "retention.max-total-size", size, "retention.keep-daily", daily,
                        "retention.keep-weekly", weekly, "retention.keep-monthly", monthly));
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
