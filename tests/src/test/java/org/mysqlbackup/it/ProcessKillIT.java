package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.server.ReceiveLogRow;
import org.mysqlbackup.testing.AppProcess;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.FaultProxy;
import org.mysqlbackup.testing.Hashes;
import org.mysqlbackup.testing.RandomFiles;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;

/**
 * A JVM killed with SIGKILL in the middle of a transfer, client or server, and started again:
 * the transfer resumes from the chunks the server holds and the stored file is identical.
 * A throttling proxy between the two makes "the middle" last long enough to aim at.
 */
class ProcessKillIT {
    private static final int CHUNK = 1 << 20;
    private static final int IN_FLIGHT = 4;
    private static final long SIZE = 40L * CHUNK + 4321;
    private static final int CHUNKS = (int) ((SIZE + CHUNK - 1) / CHUNK);
    private static final long THROTTLE = 6L << 20;

    @Test
    void clientKilledMidTransferIsFinishedByTheResumeCommand() throws Exception {
        Path work = TestPaths.scratch(ProcessKillIT.class);
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        Path file = RandomFiles.create(work.resolve("payload.bin"), SIZE, 7);
        try (BackupServerFixture server = BackupServerFixture.start(work, certs);
             FaultProxy proxy = FaultProxy.start("127.0.0.1", server.port())) {
            BackupClientFixture client = client(work, certs, proxy.port());
            BackupLogRow interrupted = killClientMidTransfer(client, proxy, file, work);

            proxy.throttle(0);
            try (AppProcess resume = AppProcess.start(client.commandLine("resume"), work.resolve("resume.log"))) {
                assertThat(resume.waitFor(120)).as("resume exit code; log:%n%s", resume.log()).isZero();
            }
            assertCompletedOnce(client, server, interrupted, file);
        }
    }

    @Test
    void clientKilledMidTransferIsFinishedByTheDaemonWhenItStarts() throws Exception {
        Path work = TestPaths.scratch(ProcessKillIT.class);
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        Path file = RandomFiles.create(work.resolve("payload.bin"), SIZE, 8);
        try (BackupServerFixture server = BackupServerFixture.start(work, certs);
             FaultProxy proxy = FaultProxy.start("127.0.0.1", server.port())) {
            BackupClientFixture client = client(work, certs, proxy.port());
            BackupLogRow interrupted = killClientMidTransfer(client, proxy, file, work);

            proxy.throttle(0);
            client.set("schedule.enabled", "true")
                    .set("transfer.resume-on-start-delay-ms", "200");
            try (AppProcess daemon = AppProcess.start(client.commandLine(), work.resolve("daemon.log"))) {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .until(() -> client.logs().find(interrupted.id()).map(BackupLogRow::status)
                                .filter(BackupStatus.Completed::equals).isPresent());
            }
            assertCompletedOnce(client, server, interrupted, file);
        }
    }

    @Test
    void clientStoppedWithSigtermMidTransferKeepsItsFileAndTheDaemonResumesIt() throws Exception {
        Path work = TestPaths.scratch(ProcessKillIT.class);
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        Path file = RandomFiles.create(work.resolve("payload.bin"), SIZE, 10);
        try (BackupServerFixture server = BackupServerFixture.start(work, certs);
             FaultProxy proxy = FaultProxy.start("127.0.0.1", server.port())) {
            BackupClientFixture client = client(work, certs, proxy.port());
            proxy.throttle(THROTTLE);
            try (AppProcess send = AppProcess.start(client.commandLine("send", file.toString()), work.resolve("send.log"))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> proxy.clientToServerBytes() > SIZE / 2 || !send.isAlive());
                assertThat(send.isAlive()).as("send still running at the SIGTERM; log:%n%s", send.log()).isTrue();
                send.terminate();
                send.waitFor(60);
            }
            BackupLogRow stopped = client.logs().recent(1).get(0);
            assertThat(stopped.status()).as("a stopped transfer is not lost").isEqualTo(BackupStatus.Failed);
            assertThat(stopped.errorMessage()).contains("asked to stop during the transfer")
                    .contains("the transfer resumes");
            assertThat(stopped.resumeToken()).isNotBlank();
            assertThat(stopped.localFile()).isEqualTo(file.toString());

            proxy.throttle(0);
            client.set("schedule.enabled", "true").set("transfer.resume-on-start-delay-ms", "200");
            try (AppProcess daemon = AppProcess.start(client.commandLine(), work.resolve("daemon.log"))) {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .until(() -> client.logs().find(stopped.id()).map(BackupLogRow::status)
                                .filter(BackupStatus.Completed::equals).isPresent());
            }
            assertCompletedOnce(client, server, stopped, file);
        }
    }

    @Test
    void serverKilledMidTransferResumesWhenItIsBack() throws Exception {
        Path work = TestPaths.scratch(ProcessKillIT.class);
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        Path file = RandomFiles.create(work.resolve("payload.bin"), SIZE, 9);
        int serverPort = TestPaths.freePort();
        List<String> serverCommand = BackupServerFixture.commandLine(work, certs, serverPort);
        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", serverPort)) {
            proxy.throttle(THROTTLE);
            BackupClientFixture client = client(work, certs, proxy.port())
                    .set("transfer.retry.max-redeliveries", "30")
                    .set("transfer.retry.initial-delay-ms", "200")
                    .set("transfer.retry.max-delay-ms", "1000");
            CompletableFuture<BackupSummary> sending;
            try (AppProcess server = AppProcess.start(serverCommand, work.resolve("server-1.log"))) {
                awaitListening(serverPort);
                sending = CompletableFuture.supplyAsync(() -> {
                    try {
                        return client.send(file);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                await().atMost(Duration.ofSeconds(60)).until(() -> proxy.clientToServerBytes() > SIZE / 2);
                server.kill9();
            }
            proxy.throttle(0);
            try (AppProcess server = AppProcess.start(serverCommand, work.resolve("server-2.log"))) {
                BackupSummary summary = sending.get(120, TimeUnit.SECONDS);
                assertThat(summary.status()).as("outcome: %s", summary.error()).isEqualTo("Completed");
                Path stored = work.resolve("storage").resolve(summary.path());
                assertThat(Hashes.sha256(stored)).isEqualTo(Hashes.sha256(file));
                assertThat(server.log()).as("the restarted server resumed, not restarted, the transfer")
                        .containsPattern("resumes transfer \\S+: [1-9][0-9]* of " + CHUNKS + " chunks held");
            }
        }
    }

    /** Starts {@code send} in its own JVM and SIGKILLs it once about half the file went through. */
    private static BackupLogRow killClientMidTransfer(BackupClientFixture client, FaultProxy proxy, Path file, Path work)
            throws Exception {
        proxy.throttle(THROTTLE);
        try (AppProcess send = AppProcess.start(client.commandLine("send", file.toString()), work.resolve("send.log"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> proxy.clientToServerBytes() > SIZE / 2 || !send.isAlive());
            assertThat(send.isAlive()).as("send still running at the kill; log:%n%s", send.log()).isTrue();
            send.kill9();
        }
        List<BackupLogRow> rows = client.logs().recent(5);
        assertThat(rows).hasSize(1);
        BackupLogRow row = rows.get(0);
        assertThat(row.status()).as("a killed client leaves its row unfinished").isEqualTo(BackupStatus.Transferring);
        assertThat(row.resumeToken()).isNotBlank();
        assertThat(row.localFile()).isEqualTo(file.toString());
        return row;
    }

    private static void assertCompletedOnce(BackupClientFixture client, BackupServerFixture server, BackupLogRow row,
                                            Path file) throws Exception {
        BackupLogRow done = client.logs().find(row.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(BackupStatus.Completed);
        assertThat(done.resumeToken()).isNull();
        Path stored = server.storageRoot().resolve(done.filePath());
        assertThat(Hashes.sha256(stored)).isEqualTo(Hashes.sha256(file));
        // every chunk was acknowledged at most once over both runs: held chunks were not sent again
        assertThat(client.logs().chunksStored(row.id())).isBetween((long) CHUNKS - IN_FLIGHT, (long) CHUNKS);
        Optional<ReceiveLogRow> serverRow = server.logs().stream().filter(r -> r.transferId().equals(row.resumeToken()))
                .findFirst();
        assertThat(serverRow).get().extracting(ReceiveLogRow::status).isEqualTo("Completed");
        assertThat(server.storageRoot().resolve(".staging/" + row.resumeToken() + ".part")).doesNotExist();
    }

    private static BackupClientFixture client(Path work, TestCertificates certs, int port) throws Exception {
        return new BackupClientFixture(work.resolve("client"), port, certs.properties(certs.client("killed")))
                .set("transfer.chunk-size", Integer.toString(CHUNK))
                .set("transfer.chunks-in-flight", Integer.toString(IN_FLIGHT))
                .set("transfer.progress-interval-ms", "200");
    }

    private static void awaitListening(int port) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (java.io.IOException notYet) {
                return false;
            }
        });
    }
}
