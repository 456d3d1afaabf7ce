package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Processor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.server.ReceiveLogRow;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.FaultProxy;
import org.mysqlbackup.testing.Hashes;
import org.mysqlbackup.testing.RandomFiles;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;

/**
 * Transfers through a TCP proxy that breaks connections or corrupts bytes in flight. Whatever
 * happens, the stored file is identical to the original, and after a cut only the chunks that
 * were in flight are sent again.
 */
class NetworkFaultsIT {
    private static final int CHUNK = 1 << 20;
    private static final int IN_FLIGHT = 4;
    private static final long SIZE = 24L * CHUNK + 12345;
    private static final int CHUNKS = (int) ((SIZE + CHUNK - 1) / CHUNK);

    private static Path work;
    private static TestCertificates certs;
    private static BackupServerFixture server;
    private static Path file;

    private FaultProxy proxy;
    private final AtomicInteger chunkSends = new AtomicInteger();
    /** Chunk sends after which the network goes away for good (0: never). */
    private volatile int networkDiesAfter;

    @BeforeAll
    static void startServer() throws Exception {
        work = TestPaths.scratch(NetworkFaultsIT.class);
        certs = TestCertificates.create(work.resolve("certs"));
        server = BackupServerFixture.start(work, certs);
        file = RandomFiles.create(work.resolve("payload.bin"), SIZE, 42);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void startProxy() throws Exception {
        proxy = FaultProxy.start("127.0.0.1", server.port());
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    @Test
    void cutConnectionsResendOnlyTheChunksInFlight() throws Exception {
        proxy.cutAllAfterTotal(10L * CHUNK);
        BackupSummary summary = client("cut").send(file);

        assertStoredIntact(summary);
        int resent = chunkSends.get() - CHUNKS;
        assertThat(resent).as("chunks sent again after the cut").isBetween(1, IN_FLIGHT);
    }

    @Test
    void aCorruptedByteInFlightIsCaughtAndTheTransferStillCompletes() throws Exception {
        proxy.flipByteAt(3L * CHUNK + 777);
        BackupSummary summary = client("flip").send(file);

        assertStoredIntact(summary);
    }

    @Test
    void aChunkDamagedBeforeSendingIsRefusedByTheServerAndSentAgain() throws Exception {
        AtomicInteger damaged = new AtomicInteger();
        BackupClientFixture client = client("damaged").with(context -> {
            Processor load = context.getRegistry().lookupByNameAndType("loadChunk", Processor.class);
            context.getRegistry().unbind("loadChunk");
            context.getRegistry().bind("loadChunk", (Processor) exchange -> {
                load.process(exchange);
                // the first send of chunk 5 leaves with one bit flipped after its SHA-256 was taken
                if (exchange.getMessage().getBody().toString().contains("CHUNK")
                        && exchange.getProperty("chunk").toString().contains("index=5,") && damaged.getAndIncrement() == 0) {
                    flipFirstPayloadBit(exchange);
                }
            });
        });
        BackupSummary summary = client.send(file);

        assertStoredIntact(summary);
        assertThat(damaged.get()).as("chunk 5 was sent twice").isEqualTo(2);
    }

    @Test
    void aServerThatAProxyCannotReachForAWhileIsWaitedFor() throws Exception {
        // the proxy accepts and drops every connection, as one in front of a restarting server does
        proxy.refuseConnections(true);
        BackupClientFixture client = client("proxied").set("transfer.retry.max-redeliveries", "40")
                .set("transfer.retry.initial-delay-ms", "100").set("transfer.retry.max-delay-ms", "250");
        java.util.concurrent.CompletableFuture<BackupSummary> sending = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return client.send(file);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        Thread.sleep(2500);
        assertThat(sending).as("still trying while the server cannot be reached").isNotDone();
        proxy.refuseConnections(false);

        assertStoredIntact(sending.get(120, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void whenRetriesRunOutTheBackupFailsKeepsItsTokenAndResumeFinishesIt() throws Exception {
        BackupClientFixture client = client("exhausted");
        networkDiesAfter = 10;
        BackupSummary failed = client.send(file);

        assertThat(failed.status()).isEqualTo("Failed");
        assertThat(failed.step()).isEqualTo("transfer");
        assertThat(failed.resumeToken()).isNotBlank();
        BackupLogRow row = client.logs().find(failed.backupId()).orElseThrow();
        assertThat(row.resumeToken()).isEqualTo(failed.resumeToken());
        assertThat(row.localFile()).isEqualTo(file.toString());
        long held = client.logs().chunksStored(failed.backupId());
        assertThat(held).as("chunks stored before the network went away").isPositive().isLessThan(CHUNKS);

        networkDiesAfter = 0;
        proxy.refuseConnections(false);
        chunkSends.set(0);
        List<BackupSummary> resumed = client.resume();

        assertThat(resumed).hasSize(1);
        assertStoredIntact(resumed.get(0));
        assertThat(resumed.get(0).backupId()).isEqualTo(failed.backupId());
        // the server may hold a chunk or two whose acknowledgement was lost with the connection
        assertThat(chunkSends.get()).as("chunks sent by the resume").isBetween(CHUNKS - (int) held - IN_FLIGHT,
                CHUNKS - (int) held);
        BackupLogRow done = client.logs().find(failed.backupId()).orElseThrow();
        assertThat(done.resumeToken()).as("resume data is deleted after success").isNull();
        assertThat(done.localFile()).isNull();
        assertThat(file).as("a file handed to send is never deleted").exists();
        assertThat(server.storageRoot().resolve(".staging/" + failed.resumeToken() + ".part"))
                .as("the server's resume data is deleted after success").doesNotExist();
    }

    private void assertStoredIntact(BackupSummary summary) throws Exception {
        assertThat(summary.status()).as("outcome: %s", summary.error()).isEqualTo("Completed");
        Path stored = server.storageRoot().resolve(summary.path());
        assertThat(Files.size(stored)).isEqualTo(SIZE);
        assertThat(Hashes.sha256(stored)).isEqualTo(Hashes.sha256(file));
        ReceiveLogRow row = server.logs().stream().filter(r -> r.filePath() != null && r.filePath().equals(summary.path()))
                .findFirst().orElseThrow();
        assertThat(row.status()).isEqualTo("Completed");
    }

    private BackupClientFixture client(String name) throws Exception {
        return new BackupClientFixture(work.resolve(name), proxy.port(), certs.properties(certs.client("net-" + name)))
                .set("transfer.chunk-size", Integer.toString(CHUNK))
                .set("transfer.chunks-in-flight", Integer.toString(IN_FLIGHT))
                .set("transfer.retry.max-redeliveries", "4")
                .set("transfer.retry.initial-delay-ms", "50")
                .set("transfer.retry.max-delay-ms", "200")
                .with(context -> {
                    Processor load = context.getRegistry().lookupByNameAndType("loadChunk", Processor.class);
                    context.getRegistry().unbind("loadChunk");
                    context.getRegistry().bind("loadChunk", (Processor) exchange -> {
                        if (chunkSends.incrementAndGet() == networkDiesAfter) {
                            proxy.refuseConnections(true);
                            proxy.killAllConnections();
                        }
                        load.process(exchange);
                    });
                });
    }

    private static void flipFirstPayloadBit(org.apache.camel.Exchange exchange) {
        org.mysqlbackup.protocol.Frame frame = org.mysqlbackup.protocol.Frame.of(exchange);
        byte[] payload = frame.payload();
        payload[0] ^= 1;
    }
}
