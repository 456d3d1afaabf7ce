package org.mysqlbackup.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.TestDatabases;
import org.mysqlbackup.events.BackupEvent;
import org.mysqlbackup.events.BackupEvents;
import org.mysqlbackup.events.ServerEvents;
import org.mysqlbackup.server.alerts.ServerAlert;
import org.mysqlbackup.server.alerts.ServerAlertKind;

/**
 * A verify run over a real server database and storage: never verified first, then least recently
 * verified; a time budget stops it starting new files and the ones left go first next time; each
 * result recorded in its row, damage alerted with the file, the client/config and what to do.
 */
class VerifyRunTest {
    private static final Instant NOW = Instant.parse("2026-12-01T05:00:00Z");

    @TempDir
    Path dir;

    private DataSource db;
    private Path root;
    private final List<ServerAlert> alerts = new ArrayList<>();
    private BackupVerification verification;

    @BeforeEach
    void open() throws Exception {
        db = TestDatabases.migrated(dir.resolve("server.db"), "server");
        root = Files.createDirectories(dir.resolve("storage")).toRealPath();
        verification = new BackupVerification(root, new BackupFileVerifier(), new VerifyStore(db), alerts::add,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() throws Exception {
        ((AutoCloseable) db).close();
    }

    @Test
    void neverVerifiedFirstThenLeastRecentlyVerifiedAndTheBudgetLeavesTheRestForNextTime() throws Exception {
        long recent = StoredZips.store(db, root, "db-1", "main", NOW.minusSeconds(3000), "recent.zip");
        long old = StoredZips.store(db, root, "db-1", "main", NOW.minusSeconds(2000), "old.zip");
        long never = StoredZips.store(db, root, "db-2", "main", NOW.minusSeconds(1000), "never.zip");
        StoredZips.verified(db, recent, NOW.minus(Duration.ofDays(1)), VerifyResult.INTACT);
        StoredZips.verified(db, old, NOW.minus(Duration.ofDays(9)), VerifyResult.INTACT);

        assertThat(VerifySelection.all().order(new VerifyStore(db).stored())).extracting(StoredFile::id)
                .containsExactly(never, old, recent);

        // each file "takes" 10 minutes on this clock; the budget of 15 minutes starts a second file, not a third
        AtomicLong nanos = new AtomicLong();
        BackupVerification slow = new BackupVerification(root, new BackupFileVerifier(), new VerifyStore(db),
                alerts::add, Clock.fixed(NOW, ZoneOffset.UTC)) {
            @Override
            public Verdict check(StoredFile backup) throws InterruptedException {
                nanos.addAndGet(Duration.ofMinutes(10).toNanos());
                return super.check(backup);
            }
        };
        VerifyReport report = new VerifyRun(slow, Duration.ofMinutes(15), nanos::get)
                .run(VerifySelection.all(), (n, of, c) -> { });

        assertThat(report.checked()).extracting(c -> c.backup().id()).containsExactly(never, old);
        assertThat(report.skipped()).isEqualTo(1);
        assertThat(report.summary()).contains("2 verified: 2 intact", "1 left for the next run");
        // the one left is now the least recently verified
        assertThat(VerifySelection.all().order(new VerifyStore(db).stored()).get(0).id()).isEqualTo(recent);
        assertThat(alerts).isEmpty();
    }

    @Test
    void eachRecordedResultIsPublishedAsAVerifyResultEvent() throws Exception {
        long intact = StoredZips.store(db, root, "db-1", "main", NOW.minusSeconds(3000), "intact.zip");
        long missing = StoredZips.store(db, root, "db-2", "nightly", NOW.minusSeconds(1000), "missing.zip");
        Files.delete(root.resolve("db-2/missing.zip"));
        List<BackupEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        BackupEvents publisher = new BackupEvents(10, "server");
        publisher.subscribe(seen::add);
        publisher.start();
        try {
            BackupVerification published = new BackupVerification(root, new BackupFileVerifier(), new VerifyStore(db),
                    alerts::add, Clock.fixed(NOW, ZoneOffset.UTC),
                    new ServerEvents(publisher, "vault", Clock.fixed(NOW, ZoneOffset.UTC)));
            new VerifyRun(published, Duration.ZERO).run(VerifySelection.all(), (n, of, c) -> { });
            publisher.drain(Duration.ofSeconds(5));
        } finally {
            publisher.stop();
        }

        assertThat(seen).extracting(BackupEvent::event).containsOnly("verify.result");
        assertThat(seen).extracting(BackupEvent::backupId, BackupEvent::client, BackupEvent::result)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(intact, "db-1", "intact"),
                        org.assertj.core.groups.Tuple.tuple(missing, "db-2", "missing"));
        assertThat(seen).filteredOn(e -> e.result().equals("missing")).singleElement()
                .satisfies(e -> assertThat(e.reason()).isNotBlank());
        assertThat(seen).filteredOn(e -> e.result().equals("intact")).singleElement()
                .satisfies(e -> assertThat(e.reason()).isNull());
    }

    @Test
    void eachResultIsRecordedAndDamageIsAlertedWithWhatToDo() throws Exception {
        long intact = StoredZips.store(db, root, "db-1", "main", NOW.minusSeconds(3000), "intact.zip");
        long corrupt = StoredZips.store(db, root, "db-1", "main", NOW.minusSeconds(2000), "corrupt.zip");
        long missing = StoredZips.store(db, root, "db-2", "nightly", NOW.minusSeconds(1000), "missing.zip");
        Path corruptFile = root.resolve("db-1/corrupt.zip");
        TestZips.flip(corruptFile, Files.size(corruptFile) / 2);
        Files.delete(root.resolve("db-2/missing.zip"));
        List<String> lines = new ArrayList<>();

        VerifyReport report = new VerifyRun(verification, Duration.ZERO).run(VerifySelection.all(),
                (n, of, c) -> lines.add(n + "/" + of + " " + c.verdict().result()));

        assertThat(lines).hasSize(3);
        assertThat(report.damageFound()).isTrue();
        assertThat(report.summary()).isEqualTo("3 verified: 1 intact, 1 corrupt, 1 missing");
        Sql sql = new Sql(db, "test");
        assertThat(sql.query("SELECT Id, VerifiedAt, VerifyResult, VerifyReason FROM BackupLogs ORDER BY Id",
                rs -> rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + (rs.getString(4) != null)))
                .containsExactly(intact + " 2026-12-01T05:00:00.000Z intact false",
                        corrupt + " 2026-12-01T05:00:00.000Z corrupt true",
                        missing + " 2026-12-01T05:00:00.000Z missing true");
        assertThat(alerts).extracting(ServerAlert::kind)
                .containsExactlyInAnyOrder(ServerAlertKind.BACKUP_CORRUPT, ServerAlertKind.BACKUP_MISSING);
        ServerAlert corruptAlert = alerts.stream().filter(a -> a.kind() == ServerAlertKind.BACKUP_CORRUPT).findFirst()
                .orElseThrow();
        assertThat(corruptAlert.clientId()).isEqualTo("db-1");
        assertThat(corruptAlert.configName()).isEqualTo("main");
        assertThat(corruptAlert.reason()).contains("db-1/corrupt.zip",
                "no longer matches its SHA-256 recorded at finalize");
        assertThat(corruptAlert.action()).contains("Take a new backup of db-1/main now",
                "older intact backups");
        assertThat(alerts.stream().filter(a -> a.kind() == ServerAlertKind.BACKUP_MISSING).findFirst().orElseThrow()
                .reason()).contains("db-2/missing.zip", "missing");
    }

    @Test
    void aSelectionNarrowsByClientConfigurationAndTime() throws Exception {
        StoredZips.store(db, root, "db-1", "main", NOW.minusSeconds(3000), "a.zip");
        long b = StoredZips.store(db, root, "db-1", "nightly", NOW.minusSeconds(2000), "b.zip");
        StoredZips.store(db, root, "db-1", "nightly", NOW.minusSeconds(9000), "c.zip");
        StoredZips.store(db, root, "db-2", "nightly", NOW.minusSeconds(1000), "d.zip");

        assertThat(new VerifySelection("db-1", "nightly", NOW.minusSeconds(5000)).order(new VerifyStore(db).stored()))
                .extracting(StoredFile::id).containsExactly(b);
    }

    @Test
    void aPathThatLeavesTheStorageRootIsNeverReadAndCountsAsMissing() throws Exception {
        long id = StoredZips.store(db, root, "db-1", "main", NOW, "a.zip");
        new Sql(db, "test").update("UPDATE BackupLogs SET FilePath = '../server.db' WHERE Id = ?", id);

        Verdict verdict = verification.check(new VerifyStore(db).find(id).orElseThrow());

        assertThat(verdict.result()).isEqualTo(VerifyResult.MISSING);
        assertThat(verdict.reason()).contains("not a file inside the storage root");
    }
}
