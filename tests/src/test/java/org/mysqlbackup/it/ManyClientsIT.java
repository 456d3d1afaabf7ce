package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.protocol.ReceiveBudget;
import org.mysqlbackup.server.ReceiveLogRow;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.Hashes;
import org.mysqlbackup.testing.RandomFiles;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;

/**
 * Sixteen clients, each with its own certificate and file, send at once to one server whose
 * receive budget holds only a few chunks: the server slows them down instead of failing, never
 * holds more than its budget, and stores every file intact in each client's own folder.
 */
class ManyClientsIT {
    private static final int CLIENTS = 16;
    private static final int CHUNK = 256 << 10;
    private static final long SIZE = 6L * (1 << 20) + 999;
    private static final long BUDGET = 1 << 20;

    @Test
    void sixteenClientsAtOnceAllArriveIntact() throws Exception {
        Path work = TestPaths.scratch(ManyClientsIT.class);
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        try (BackupServerFixture server = BackupServerFixture.start(work, certs, Map.of(
                "server.max-chunk-size", Integer.toString(CHUNK),
                "server.max-buffered-bytes", Long.toString(BUDGET)))) {
            ReceiveBudget budget = server.bean("receiveBudget", ReceiveBudget.class);
            AtomicLong peak = new AtomicLong();
            java.util.concurrent.ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(budget.used(), Math::max), 0, 1,
                    TimeUnit.MILLISECONDS);
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<BackupSummary>> results = new ArrayList<>();
            List<Path> files = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    Path file = RandomFiles.create(work.resolve("files/client-" + i + ".bin"), SIZE + i, i);
                    files.add(file);
                    BackupClientFixture client = new BackupClientFixture(work.resolve("client-" + i), server.port(),
                            certs.properties(certs.client("db-" + i)))
                            .set("transfer.chunk-size", Integer.toString(CHUNK))
                            .set("transfer.chunks-in-flight", "4")
                            .set("transfer.request-timeout-ms", "120000");
                    results.add(pool.submit(() -> client.send(file)));
                }
                for (int i = 0; i < CLIENTS; i++) {
                    BackupSummary summary = results.get(i).get(5, TimeUnit.MINUTES);
                    assertThat(summary.status()).as("client %d: %s", i, summary.error()).isEqualTo("Completed");
                    Path stored = server.storageRoot().resolve(summary.path());
                    assertThat(stored.getParent().getFileName().toString()).isEqualTo("db-" + i);
                    assertThat(Hashes.sha256(stored)).as("client %d's file", i).isEqualTo(Hashes.sha256(files.get(i)));
                }
            } finally {
                pool.shutdownNow();
                sampler.shutdownNow();
            }
            assertThat(server.logs()).hasSize(CLIENTS).allMatch(row -> row.status().equals("Completed"));
            assertThat(server.logs().stream().map(ReceiveLogRow::clientId).distinct()).hasSize(CLIENTS);
            assertThat(peak.get()).as("bytes of chunks held at once").isPositive().isLessThanOrEqualTo(BUDGET);
            assertThat(budget.pauses()).as("connections told to wait for room").isPositive();
            assertThat(budget.used()).as("everything released at the end").isZero();
        }
    }
}
