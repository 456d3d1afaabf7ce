package org.mysqlbackup.logretention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mysqlbackup.db.Times;
import org.mysqlbackup.report.ClientHistoryDatabase;
import org.mysqlbackup.report.Histories;
import org.mysqlbackup.report.LoggedBackup;

/**
 * Seed property 17, client side: for any history and any policy (age, count, space, any mix), the
 * pruner removes exactly the rows the policy's definition names, with their TransferLogs, and
 * never a backup that has not ended or whose file may still be shipped; a second run removes
 * nothing more.
 */
class ClientLogRetentionPropertyTest {

    @Property(tries = 150, seed = "5772156649015328606")
    void removesExactlyWhatThePolicySaysAndNeverAnUnfinishedOrResumableBackup(
            @ForAll("histories") List<LoggedBackup> backups, @ForAll("policies") LogRetentionPolicy policy,
            @ForAll("nows") Instant now) throws Exception {
        try (ClientHistoryDatabase db = new ClientHistoryDatabase(backups)) {
            List<Expected.Row> rows = new ArrayList<>();
            Set<Long> pinned = new HashSet<>();
            Map<Long, Integer> chunks = new HashMap<>();
            long chunkId = 0;
            for (int i = 0; i < backups.size(); i++) {
                LoggedBackup b = backups.get(i);
                long id = i + 1;
                long bytes = StoredSize.of(id, b.configName(), Times.format(b.startTime()), time(b.endTime()),
                        b.status().name(), b.step(), b.filePath(), b.fileName(), b.fileSize(), b.sha256(),
                        b.errorMessage(), b.resumeToken(), b.downtimeMs(), b.durationMs(), b.mysqlRunningAfter(),
                        b.localFile(), b.md5(), b.chunkSize(), b.bytesTransferred(), b.transferRate(), time(b.updatedAt()));
                for (LoggedBackup.Chunk c : b.chunks()) {
                    chunkId++;
                    bytes += StoredSize.of(chunkId, id, c.index(), c.size(), Times.format(c.time()), c.status());
                }
                boolean keep = !b.finished() || b.localFile() != null;
                if (keep) {
                    pinned.add(id);
                }
                chunks.put(id, b.chunks().size());
                rows.add(new Expected.Row(id, b.startTime(), bytes, keep));
            }
            Set<Long> removed = Expected.removed(rows, policy, now);

            ClientLogPruner pruner = new ClientLogPruner(db.dataSource(), policy, Clock.fixed(now, ZoneOffset.UTC));
            int deleted = pruner.prune();

            Set<Long> left = new HashSet<>(db.backupIds());
            Set<Long> expectedLeft = new HashSet<>();
            rows.forEach(r -> expectedLeft.add(r.id()));
            expectedLeft.removeAll(removed);
            assertThat(left).isEqualTo(expectedLeft);
            assertThat(deleted).isEqualTo(removed.size());
            assertThat(left).as("unfinished and resumable backups stay").containsAll(pinned);
            Map<Long, Integer> chunksLeft = new HashMap<>();
            db.chunkOwners().forEach(owner -> chunksLeft.merge(owner, 1, Integer::sum));
            for (long id : left) {
                assertThat(chunksLeft.getOrDefault(id, 0)).as("TransferLogs of kept backup %d", id).isEqualTo(chunks.get(id));
            }
            assertThat(left).containsAll(chunksLeft.keySet());

            assertThat(pruner.prune()).as("a second run").isZero();
        }
    }

    private static String time(Instant instant) {
        return instant == null ? null : Times.format(instant);
    }

    @Provide
    Arbitrary<List<LoggedBackup>> histories() {
        return Histories.histories(30);
    }

    @Provide
    Arbitrary<LogRetentionPolicy> policies() {
        return policiesFor(20_000);
    }

    static Arbitrary<LogRetentionPolicy> policiesFor(long maxBytes) {
        Arbitrary<Duration> age = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Duration.ZERO)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(1, Histories.SPAN_MS).map(Duration::ofMillis)));
        Arbitrary<Long> count = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(0L)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(1, 30)));
        Arbitrary<Long> bytes = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(0L)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(1, maxBytes)));
        return Combinators.combine(age, count, bytes).as(LogRetentionPolicy::new);
    }

    @Provide
    Arbitrary<Instant> nows() {
        return Arbitraries.longs().between(0, 2 * Histories.SPAN_MS).map(Histories.EPOCH::plusMillis);
    }
}
