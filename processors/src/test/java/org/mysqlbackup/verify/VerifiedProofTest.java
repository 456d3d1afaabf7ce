package org.mysqlbackup.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.db.TestDatabases;
import org.mysqlbackup.retention.RetentionStore;
import org.mysqlbackup.server.alerts.ServerAlert;
import org.mysqlbackup.server.alerts.ServerAlertKind;

/**
 * When retention may rely on a backup without reading it again: only after an intact verify that
 * is newer than the file and younger than verify.max-age. Otherwise it is re-read and the result
 * recorded; a recorded corrupt or missing result makes it not good without reading.
 */
class VerifiedProofTest {
    private static final Instant NOW = Instant.parse("2026-12-01T03:30:00Z");

    @TempDir
    Path dir;

    private DataSource db;
    private Path root;
    private final List<ServerAlert> alerts = new ArrayList<>();
    private VerifiedProof proof;
    private final List<Long> read = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        db = TestDatabases.migrated(dir.resolve("server.db"), "server");
        root = Files.createDirectories(dir.resolve("storage")).toRealPath();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        BackupVerification verification = new BackupVerification(root, new BackupFileVerifier(), new VerifyStore(db),
                alerts::add, clock) {
            @Override
            public Verdict check(StoredFile backup) throws InterruptedException {
                read.add(backup.id());
                return super.check(backup);
            }
        };
        proof = new VerifiedProof(verification, Duration.ofDays(7), clock);
    }

    @AfterEach
    void close() throws Exception {
        ((AutoCloseable) db).close();
    }

    @Test
    void aRecentIntactVerifyNewerThanTheFileIsReliedOnWithoutReading() throws Exception {
        long id = stored("a.zip", NOW.minus(Duration.ofDays(3)));
        StoredZips.verified(db, id, NOW.minus(Duration.ofDays(1)), VerifyResult.INTACT);

        assertThat(proof.prove(row(id), root.resolve("db-1/a.zip"))).isNull();
        assertThat(read).isEmpty();
    }

    @Test
    void neverVerifiedChangedSinceOrTooOldIsReadAgainAndRecorded() throws Exception {
        long never = stored("never.zip", NOW.minus(Duration.ofDays(3)));
        long changed = stored("changed.zip", NOW.minus(Duration.ofHours(1)));
        StoredZips.verified(db, changed, NOW.minus(Duration.ofDays(1)), VerifyResult.INTACT);
        long old = stored("old.zip", NOW.minus(Duration.ofDays(30)));
        StoredZips.verified(db, old, NOW.minus(Duration.ofDays(8)), VerifyResult.INTACT);

        assertThat(proof.prove(row(never), root.resolve("db-1/never.zip"))).isNull();
        assertThat(proof.prove(row(changed), root.resolve("db-1/changed.zip"))).isNull();
        assertThat(proof.prove(row(old), root.resolve("db-1/old.zip"))).isNull();

        assertThat(read).containsExactly(never, changed, old);
        assertThat(new VerifyStore(db).stored()).allSatisfy(f -> {
            assertThat(f.verifyResult()).isEqualTo(VerifyResult.INTACT);
            assertThat(f.verifiedAt()).isEqualTo(NOW);
        });
    }

    @Test
    void aDamagedFileFoundOnTheReCheckIsNotGoodRecordedAndAlerted() throws Exception {
        long id = stored("a.zip", NOW.minus(Duration.ofDays(3)));
        Path file = root.resolve("db-1/a.zip");
        TestZips.flip(file, Files.size(file) / 2);

        assertThat(proof.prove(row(id), file)).startsWith("verify found it corrupt: ")
                .contains("no longer matches its SHA-256");
        assertThat(proof.knownDamage(row(id))).startsWith("verify found it corrupt at " + NOW);
        assertThat(alerts).extracting(ServerAlert::kind).containsExactly(ServerAlertKind.BACKUP_CORRUPT);
    }

    @Test
    void aRecordedMissingOrCorruptResultIsKnownDamage() throws Exception {
        long id = stored("a.zip", NOW.minus(Duration.ofDays(3)));
        assertThat(proof.knownDamage(row(id))).isNull();
        StoredZips.verified(db, id, NOW.minus(Duration.ofDays(1)), VerifyResult.MISSING);

        assertThat(proof.knownDamage(row(id))).startsWith("verify found it missing");
        assertThat(read).isEmpty();
    }

    /** A stored zip whose file was last modified at {@code modified}. */
    private long stored(String name, Instant modified) throws Exception {
        long id = StoredZips.store(db, root, "db-1", "main", modified.minusSeconds(60), name);
        Files.setLastModifiedTime(root.resolve("db-1/" + name), FileTime.from(modified));
        return id;
    }

    private RetentionStore.StoredRow row(long id) {
        return new RetentionStore(db).stored().stream().filter(r -> r.id() == id).findFirst().orElseThrow();
    }
}
