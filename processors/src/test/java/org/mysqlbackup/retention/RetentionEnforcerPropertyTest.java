package org.mysqlbackup.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.db.TestDatabases;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.Times;

/**
 * Seed property 25 on disk: whatever the backups (files missing, sizes wrong) and the rules, after
 * retention ran the newest good backup of every configuration is still there, exactly the files
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
