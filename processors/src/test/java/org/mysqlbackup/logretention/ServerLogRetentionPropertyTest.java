package org.mysqlbackup.logretention;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mysqlbackup.db.TestDatabases;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.Times;
import org.mysqlbackup.report.Histories;

/**
 * Seed property 17, server side: for any transfer history and any policy, the pruner removes
 * exactly the rows the policy's definition names, and never an open transfer, one that still holds
 * received chunks, or one whose file is still stored (a completed backup file retention has not
 * recorded deleted, or a file still on disk); with the storage root missing it removes nothing.
 */
class ServerLogRetentionPropertyTest {
    /** How a generated transfer's file stands. */
    enum FileState { NONE, STORED, REMOVED, OUTSIDE_ROOT }

    /** @param recordedDeleted whether file retention recorded the file deleted ({@code DeletedAt}) */
    record Transfer(String client, String config, Instant start, Instant end, String status, FileState file,
                    long fileSize, String error, int chunksHeld, boolean recordedDeleted) {
    }

    @Property(tries = 120, seed = "1202056903159594285")
    void removesExactlyWhatThePolicySaysAndNeverAnOpenResumableOrStoredTransfer(
            @ForAll("transfers") List<Transfer> transfers, @ForAll("policies") LogRetentionPolicy policy,
            @ForAll("nows") Instant now) throws Exception {
        Path work = Files.createTempDirectory("server-history-");
        Path root = Files.createDirectories(work.resolve("storage"));
        DataSource db = TestDatabases.migrated(work.resolve("server.db"), "server");
        try {
            Sql sql = new Sql(db, "test database");
            List<Expected.Row> rows = new ArrayList<>();
            Set<Long> pinned = new HashSet<>();
            for (int i = 0; i < transfers.size(); i++) {
                Transfer t = transfers.get(i);
                long id = i + 1;
                String transferId = "transfer-" + id;
                String path = switch (t.file()) {
                    case NONE -> null;
                    case OUTSIDE_ROOT -> "../elsewhere/" + id + ".zip";
                    default -> t.client() + "/" + id + ".zip";
                };
                if (t.file() == FileState.STORED) {
                    Files.createDirectories(root.resolve(path).getParent());
                    Files.writeString(root.resolve(path), "zip " + id);
                }
                String start = Times.format(t.start());
                String end = t.end() == null ? null : Times.format(t.end());
                String deletedAt = path != null && t.recordedDeleted() ? Times.format(t.start().plusSeconds(3600)) : null;
                String reason = deletedAt == null ? null : "older than 30 days";
                String sha = "ab".repeat(32);
                String md5 = "cd".repeat(16);
                sql.update("INSERT INTO BackupLogs (Id, TransferId, ClientId, ConfigName, StartTime, EndTime, Status,"
                                + " FilePath, FileSize, ChunkSize, Sha256, Md5, ErrorMessage, DeletedAt, DeletionReason)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        id, transferId, t.client(), t.config(), start, end, t.status(), path, t.fileSize(), 65536, sha,
                        md5, t.error(), deletedAt, reason);
                for (int c = 0; c < t.chunksHeld(); c++) {
                    sql.update("INSERT INTO ReceivedChunks (TransferId, ChunkIndex, ReceivedAt) VALUES (?, ?, ?)",
                            transferId, c, start);
                }
                // a stored transfer's chunk rows are its chunk log, not resume data: they do not pin it
                boolean keep = t.status().equals("Transferring") || t.status().equals("Verifying")
                        || t.chunksHeld() > 0 && !t.status().equals("Completed")
                        || t.file() == FileState.STORED || t.file() == FileState.OUTSIDE_ROOT
                        || (t.status().equals("Completed") && path != null && deletedAt == null);
                if (keep) {
                    pinned.add(id);
                }
                long bytes = StoredSize.of(id, transferId, t.client(), t.config(), start, end, t.status(), path,
                        t.fileSize(), 65536, sha, md5, t.error(), deletedAt, reason);
                rows.add(new Expected.Row(id, t.start(), bytes, keep));
            }
            Set<Long> removed = Expected.removed(rows, policy, now);

            ServerLogPruner pruner = new ServerLogPruner(db, root, policy, Clock.fixed(now, ZoneOffset.UTC));
            int deleted = pruner.prune();

            Set<Long> left = new HashSet<>(sql.query("SELECT Id FROM BackupLogs", rs -> rs.getLong(1)));
            Set<Long> expectedLeft = new HashSet<>();
            rows.forEach(r -> expectedLeft.add(r.id()));
            expectedLeft.removeAll(removed);
            assertThat(left).isEqualTo(expectedLeft);
            assertThat(deleted).isEqualTo(removed.size());
            assertThat(left).as("open, resumable and stored transfers stay").containsAll(pinned);
            long chunksOfRowsLeft = 0;
            for (int i = 0; i < transfers.size(); i++) {
                chunksOfRowsLeft += left.contains(i + 1L) ? transfers.get(i).chunksHeld() : 0;
            }
            assertThat(sql.count("SELECT COUNT(*) FROM ReceivedChunks")).as("chunk rows go with their history row")
                    .isEqualTo(chunksOfRowsLeft);
            assertThat(pruner.prune()).as("a second run").isZero();
        } finally {
            ((AutoCloseable) db).close();
            delete(work);
        }
    }

    @Example
    void withTheStorageRootMissingNothingIsPruned() throws Exception {
        Path work = Files.createTempDirectory("server-history-");
        DataSource db = TestDatabases.migrated(work.resolve("server.db"), "server");
        try {
            Sql sql = new Sql(db, "test database");
            sql.update("INSERT INTO BackupLogs (TransferId, ClientId, ConfigName, StartTime, EndTime, Status, FilePath,"
                    + " FileSize, ChunkSize, Sha256, Md5) VALUES ('t1', 'c', 'main', '2020-01-01T00:00:00.000Z',"
                    + " '2020-01-01T00:01:00.000Z', 'Completed', 'c/a.zip', 10, 65536, 'x', 'y')");
            ServerLogPruner pruner = new ServerLogPruner(db, work.resolve("not-mounted"),
                    new LogRetentionPolicy(Duration.ofDays(1), 1, 1), Clock.systemUTC());

            assertThat(pruner.prune()).isZero();
            assertThat(sql.count("SELECT COUNT(*) FROM BackupLogs")).isEqualTo(1);
        } finally {
            ((AutoCloseable) db).close();
            delete(work);
        }
    }

    @Provide
    Arbitrary<List<Transfer>> transfers() {
        Arbitrary<Transfer> transfer = Combinators.combine(List.of(
                Arbitraries.of("db-1", "db-2", "ünï").asGeneric(),
                Arbitraries.of("main", "a,b").asGeneric(),
                Histories.times().asGeneric(),
                Histories.times().injectNull(0.3).asGeneric(),
                Arbitraries.of("Transferring", "Verifying", "Completed", "Failed").asGeneric(),
                Arbitraries.of(FileState.class).asGeneric(),
                Arbitraries.longs().between(0, 1L << 40).asGeneric(),
                Arbitraries.strings().withChars("abc ü€,\n").ofMaxLength(40).injectNull(0.5).asGeneric(),
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.just(0)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 3))).asGeneric(),
                Arbitraries.of(true, true, false).asGeneric()))
                .as(v -> new Transfer((String) v.get(0), (String) v.get(1), (Instant) v.get(2), (Instant) v.get(3),
                        (String) v.get(4), (FileState) v.get(5), (Long) v.get(6), (String) v.get(7), (Integer) v.get(8),
                        (Boolean) v.get(9)));
        return transfer.list().ofMaxSize(30);
    }

    @Provide
    Arbitrary<LogRetentionPolicy> policies() {
        return ClientLogRetentionPropertyTest.policiesFor(6_000);
    }

    @Provide
    Arbitrary<Instant> nows() {
        return Arbitraries.longs().between(0, 2 * Histories.SPAN_MS).map(Histories.EPOCH::plusMillis);
    }

    private static void delete(Path folder) throws Exception {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
