package org.mysqlbackup.retention;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.alert.AlertSeverity;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.db.TestDatabases;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.Times;
import org.mysqlbackup.server.alerts.ServerAlert;
import org.mysqlbackup.server.alerts.ServerAlertKind;
import org.mysqlbackup.server.alerts.ServerAlerts;
import org.slf4j.LoggerFactory;

/** Retention applied to a real storage folder and a real server database. */
class RetentionEnforcerTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path temp;
    private Path root;
    private DataSource db;
    private Sql sql;
    private final Map<String, String> properties = new HashMap<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Logger logger;
    private int transfers;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(temp.resolve("storage")).toRealPath();
        Files.createDirectories(root.resolve(".staging"));
        db = TestDatabases.migrated(temp.resolve("server.db"), "server");
        sql = new Sql(db, "test database");
        logger = (Logger) LoggerFactory.getLogger(RetentionEnforcer.class);
        log.start();
        logger.addAppender(log);
        // captured, not printed: some tests provoke errors on purpose
        logger.setAdditive(false);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void tearDown() throws Exception {
        logger.detachAppender(log);
        logger.setAdditive(true);
        logger.setLevel(null);
        ((AutoCloseable) db).close();
    }

    private RetentionEnforcer enforcer() {
        return enforcer(alert -> { });
    }

    private RetentionEnforcer enforcer(ServerAlerts alerts) {
        Settings settings = new Settings(key -> Optional.ofNullable(properties.get(key)));
        RetentionPolicies policies = RetentionPolicies.from(settings,
                properties.keySet().stream().filter(k -> k.startsWith(RetentionPolicies.OVERRIDE_PREFIX)).toList());
        RetentionStore store = new RetentionStore(db);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return new RetentionEnforcer(new RetentionReviewer(store, policies, root, clock), store, clock, alerts);
    }

    /** A Completed row as the server writes it and, if {@code writeFile}, its file with the recorded size. */
    private long stored(String client, String config, String path, int daysAgo, boolean writeFile) throws IOException {
        byte[] content = ("backup " + path).getBytes();
        if (writeFile) {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        }
        transfers++;
        return row(client, config, "Completed", path, content.length, NOW.minus(Duration.ofDays(daysAgo)).minusSeconds(60));
    }

    private long row(String client, String config, String status, String path, long size, Instant createdAt) {
        return sql.insert("INSERT INTO BackupLogs (TransferId, ClientId, ConfigName, StartTime, Status, FileName,"
                        + " FilePath, FileSize, ChunkSize, Sha256, Md5, CreatedAtMs, UpdatedAt)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 65536, 'x', 'y', ?, ?)",
                "transfer-" + (transfers++), client, config, Times.format(createdAt), status,
                path == null ? null : Path.of(path).getFileName().toString(), path, size, createdAt.toEpochMilli(),
                Times.format(createdAt));
    }

    private List<String> files() throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    private List<String> infoLines() {
        return log.list.stream().filter(e -> e.getLevel() == Level.INFO).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void deletesWhatThePolicyLetsGoRecordsAndLogsEachDeletion() throws IOException {
        properties.put("retention.max-age-days", "10");
        stored("web-1", "nightly", "web-1/2026/10/old.zip", 40, true);
        stored("web-1", "nightly", "web-1/2026/11/new.zip", 1, true);

        RetentionOutcome outcome = enforcer().apply();

        assertThat(files()).containsExactly("web-1/2026/11/new.zip");
        assertThat(outcome.deleted()).extracting(d -> d.decision().row().filePath()).containsExactly("web-1/2026/10/old.zip");
        assertThat(outcome.failed()).isEmpty();
        List<List<String>> recorded = sql.query("SELECT FilePath, DeletedAt, DeletionReason FROM BackupLogs"
                + " WHERE DeletedAt IS NOT NULL", rs -> List.of(rs.getString(1), rs.getString(2), rs.getString(3)));
        assertThat(recorded).containsExactly(List.of("web-1/2026/10/old.zip", Times.format(NOW), "older than 10 days"));
        assertThat(infoLines()).anySatisfy(line -> assertThat(line).contains("Retention deleted web-1/2026/10/old.zip")
                .contains("client web-1").contains("configuration nightly").contains("older than 10 days"));
        // the emptied month folder goes, the client's own folder stays
        assertThat(root.resolve("web-1/2026/10")).doesNotExist();
        assertThat(root.resolve("web-1")).isDirectory();
    }

    @Test
    void aReviewChangesNothing() throws IOException {
        properties.put("retention.keep-last", "1");
        stored("web-1", "nightly", "web-1/a.zip", 3, true);
        stored("web-1", "nightly", "web-1/b.zip", 2, true);
        List<String> before = files();

        RetentionReview review = enforcer().reviewer().review();

        assertThat(review.deletions()).extracting(d -> d.row().filePath()).containsExactly("web-1/a.zip");
        assertThat(review.kept()).extracting(d -> d.row().filePath()).containsExactly("web-1/b.zip");
        assertThat(files()).isEqualTo(before);
        assertThat(sql.count("SELECT COUNT(*) FROM BackupLogs WHERE DeletedAt IS NOT NULL")).isZero();
    }

    @Test
    void theNewestGoodBackupSurvivesWhenTheNewestHasNoFile() throws IOException {
        properties.put("retention.max-age-days", "1");
        stored("db-2", "main", "db-2/a.zip", 9, true);
        stored("db-2", "main", "db-2/b.zip", 8, true);
        stored("db-2", "main", "db-2/c.zip", 7, false);

        RetentionOutcome outcome = enforcer().apply();

        assertThat(files()).containsExactly("db-2/b.zip");
        assertThat(outcome.deleted()).extracting(RetentionOutcome.Deleted::reason)
                .containsExactlyInAnyOrder("older than 1 days", "older than 1 days (the file was already missing)");
        assertThat(outcome.review().kept()).singleElement()
                .satisfies(d -> assertThat(d.reason()).contains("newest good backup"));
    }

    @Test
    void aFileWithTheWrongSizeIsNotTheNewestGoodBackup() throws IOException {
        properties.put("retention.keep-last", "1");
        stored("db-2", "main", "db-2/a.zip", 9, true);
        stored("db-2", "main", "db-2/b.zip", 8, true);
        Files.writeString(root.resolve("db-2/b.zip"), "truncated");

        enforcer().apply();

        assertThat(files()).containsExactlyInAnyOrder("db-2/a.zip", "db-2/b.zip");
    }

    @Test
    void filesTheDatabaseDoesNotKnowAndTransfersInProgressAreNeverTouched() throws IOException {
        properties.put("retention.max-age-days", "1");
        stored("web-1", "nightly", "web-1/new.zip", 0, true);
        Files.writeString(root.resolve("web-1/unknown-old.zip"), "not recorded");
        Files.setLastModifiedTime(root.resolve("web-1/unknown-old.zip"),
                java.nio.file.attribute.FileTime.from(NOW.minus(Duration.ofDays(400))));
        Files.writeString(root.resolve(".staging/abcdefgh-1.part"), "in progress");
        row("web-1", "nightly", "Transferring", null, 11, NOW.minus(Duration.ofDays(30)));
        row("web-1", "nightly", "Failed", null, 11, NOW.minus(Duration.ofDays(30)));

        RetentionOutcome outcome = enforcer().apply();

        assertThat(outcome.deleted()).isEmpty();
        assertThat(files()).containsExactlyInAnyOrder("web-1/new.zip", "web-1/unknown-old.zip", ".staging/abcdefgh-1.part");
    }

    @Test
    void recordedPathsOutsideTheRootOrInStagingAreRefused() throws IOException {
        properties.put("retention.max-age-days", "1");
        Path outside = Files.writeString(temp.resolve("outside.zip"), "not ours");
        Files.writeString(root.resolve(".staging/x.part"), "staging");
        stored("web-1", "nightly", "web-1/new.zip", 0, true);
        row("web-1", "nightly", "Completed", "../outside.zip", 8, NOW.minus(Duration.ofDays(50)));
        row("web-1", "nightly", "Completed", outside.toString(), 8, NOW.minus(Duration.ofDays(50)));
        row("web-1", "nightly", "Completed", ".staging/x.part", 7, NOW.minus(Duration.ofDays(50)));
        row("web-1", "nightly", "Completed", "web-1/../../outside.zip", 8, NOW.minus(Duration.ofDays(50)));

        RetentionOutcome outcome = enforcer().apply();

        assertThat(outcome.review().refused()).hasSize(4);
        assertThat(outcome.deleted()).isEmpty();
        assertThat(outside).exists();
        assertThat(root.resolve(".staging/x.part")).exists();
    }

    @Test
    void aSymbolicLinkOutOfTheRootIsNotFollowed() throws IOException {
        properties.put("retention.max-age-days", "1");
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("victim.zip"), "not ours");
        Files.createDirectories(root.resolve("web-1"));
        Files.createSymbolicLink(root.resolve("web-1/link"), elsewhere);
        stored("web-1", "nightly", "web-1/new.zip", 0, true);
        row("web-1", "nightly", "Completed", "web-1/link/victim.zip", 8, NOW.minus(Duration.ofDays(50)));

        RetentionOutcome outcome = enforcer().apply();

        assertThat(outcome.review().refused()).hasSize(1);
        assertThat(elsewhere.resolve("victim.zip")).exists();
    }

    @Test
    void aFileThatCannotBeDeletedIsReportedAndTheOthersGo() throws IOException {
        properties.put("retention.keep-last", "1");
        stored("web-1", "nightly", "web-1/a.zip", 5, true);
        row("web-1", "nightly", "Completed", "web-1/b", 0, NOW.minus(Duration.ofDays(4)));
        Files.createDirectories(root.resolve("web-1/b"));
        stored("web-1", "nightly", "web-1/c.zip", 3, true);
        stored("web-1", "nightly", "web-1/d.zip", 2, true);

        List<ServerAlert> alerts = new ArrayList<>();
        RetentionOutcome outcome = enforcer(alerts::add).apply();

        assertThat(outcome.failed()).extracting(f -> f.decision().row().filePath()).containsExactly("web-1/b");
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(ServerAlertKind.RETENTION_FAILED);
            assertThat(alert.severity()).isEqualTo(AlertSeverity.FAILURE);
            assertThat(alert.clientId()).isEqualTo("web-1");
            assertThat(alert.configName()).isEqualTo("nightly");
            assertThat(alert.reason()).contains("web-1/b", "not a regular file");
        });
        assertThat(outcome.deleted()).extracting(d -> d.decision().row().filePath())
                .containsExactlyInAnyOrder("web-1/a.zip", "web-1/c.zip");
        assertThat(root.resolve("web-1/b")).isDirectory();
        assertThat(files()).containsExactly("web-1/d.zip");
        assertThat(sql.count("SELECT COUNT(*) FROM BackupLogs WHERE FilePath = 'web-1/b' AND DeletedAt IS NULL")).isOne();
    }

    @Test
    void aSecondRunFindsNothingMoreToDelete() throws IOException {
        properties.put("retention.keep-last", "2");
        for (int day = 10; day > 0; day--) {
            stored("web-1", "nightly", "web-1/d" + day + ".zip", day, true);
        }

        assertThat(enforcer().apply().deleted()).hasSize(8);
        RetentionOutcome again = enforcer().apply();

        assertThat(again.deleted()).isEmpty();
        assertThat(again.review().kept()).hasSize(2);
    }

    @Test
    void overridesApplyPerClientAndConfiguration() throws IOException {
        properties.put("retention.keep-last", "1");
        properties.put("retention.override.db.client", "db-2");
        properties.put("retention.override.db.keep-last", "0");
        for (int day = 3; day > 0; day--) {
            stored("web-1", "nightly", "web-1/d" + day + ".zip", day, true);
            stored("db-2", "main", "db-2/d" + day + ".zip", day, true);
        }

        enforcer().apply();

        assertThat(files()).containsExactlyInAnyOrder("web-1/d1.zip", "db-2/d1.zip", "db-2/d2.zip", "db-2/d3.zip");
    }
}
