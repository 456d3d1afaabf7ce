package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.testing.AppProcess;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.FaultProxy;
import org.mysqlbackup.testing.Hashes;
import org.mysqlbackup.testing.MariaDbSandbox;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;

/**
 * The server's storage, a small tmpfs of its own, is filled by another writer in the middle of a
 * backup's transfer: the backup fails at the transfer with MySQL up, the client is told the
 * server's storage is full (free and needed bytes, no server path), the server raises its
 * STORAGE_FULL alert (one mail, to a real SMTP server); once the filler is gone, {@code backup-client resume} stores a file
 * identical to the one the client kept. Along the way: the server's ready and stopped lines, its
 * start-up report of a looser tree left from before, and the modes of what it creates itself
 * (files 0600, folders 0700).
 */
class StorageFullIT {
    private static final int CHUNK = 64 * 1024;
    private static final int CHUNKS_BEFORE_FILLING = 6;

    @Test
    void storageFilledMidTransferIsReportedAsFullAndTheTransferResumesOnceThereIsRoom() throws Exception {
        Path work = TestPaths.scratch(StorageFullIT.class);
        Path storage = Files.createDirectories(work.resolve("storage"));
        mountSmallFileSystem(storage);
        try (MariaDbSandbox mysql = MariaDbSandbox.create(TestPaths.sandboxBase())) {
            // a tree left from before the server created files private: to be reported at start-up
            Path old = Files.createDirectories(storage.resolve("old-client"));
            Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(old.resolve("old.zip"), "old");
            Files.setPosixFilePermissions(old.resolve("old.zip"), PosixFilePermissions.fromString("rw-r--r--"));

            mysql.start();
            mysql.loadSampleData();
            TestCertificates certs = TestCertificates.create(work.resolve("certs"));
            int serverPort = TestPaths.freePort();
            GreenMail smtp = new GreenMail(ServerSetup.SMTP.dynamicPort());
            smtp.start();
            List<String> serverCommand = new ArrayList<>(BackupServerFixture.commandLine(work, certs, serverPort));
            for (String setting : List.of("alert.mail.enabled=true", "alert.mail.host=127.0.0.1",
                    "alert.mail.port=" + smtp.getSmtp().getPort(), "alert.mail.security=none",
                    "alert.mail.from=mysql-backup@example.org", "alert.mail.to=ops@example.org",
                    "alert.host-name=storage-host")) {
                serverCommand.addAll(List.of("-D", setting));
            }
            try (AutoCloseable stopMail = smtp::stop;
                 AppProcess server = AppProcess.start(serverCommand, work.resolve("server.log"));
                 FaultProxy proxy = FaultProxy.start("127.0.0.1", serverPort)) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> server.log().contains("mysql-backup server ready") || !server.isAlive());
                assertThat(server.log()).as("server log")
                        .contains("mysql-backup server ready: listening on 127.0.0.1:" + serverPort
                                + " with TLS (mutual), storage " + storage.toRealPath())
                        .containsPattern("storage: 1 files and 1 folders readable by other users \\(e\\.g\\. .*old-client"
                                + ".*\\); chmod -R go-rwx " + storage.toRealPath());

                BackupClientFixture client = new BackupClientFixture(work.resolve("client"), mysql, proxy.port(),
                        certs.properties(certs.client("db-full")))
                        .set("transfer.chunk-size", Integer.toString(CHUNK))
                        .set("transfer.chunks-in-flight", "2");
                proxy.throttle(512 * 1024);
                AtomicReference<String> stagingMode = new AtomicReference<>();
                CompletableFuture<Path> filled = CompletableFuture.supplyAsync(
                        () -> fillWhenStagingHolds(storage, CHUNKS_BEFORE_FILLING * (long) CHUNK, stagingMode));

                BackupSummary failed = client.backupNow();

                Path filler = filled.get(30, TimeUnit.SECONDS);
                assertThat(failed.status()).as("%s", failed).isEqualTo("Failed");
                assertThat(failed.step()).as("%s", failed).isEqualTo("transfer");
                assertThat(failed.error()).as("%s", failed)
                        .containsPattern("the server's storage is full: [0-9.]+ [KMG]?i?B free, 64\\.0 KiB chunk \\d+"
                                + " plus the 0 B reserve needed")
                        .doesNotContain(storage.toString()).doesNotContain(work.toString()).doesNotContain(".staging");
                assertThat(failed.mysqlRunning()).isTrue();
                assertThat(mysql.isRunning()).isTrue();
                assertThat(stagingMode.get()).as("staging file mode").isEqualTo("rw-------");
                // the server's alert: one mail, however many chunks were refused
                await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length >= 1);
                assertThat(smtp.getReceivedMessages()).as("alert mails").hasSize(1);
                assertThat(smtp.getReceivedMessages()[0].getSubject())
                        .isEqualTo("[mysql-backup] CRITICAL on storage-host: storage full, refused client 'db-full'"
                                + " (config 'it')");
                assertThat(GreenMailUtil.getBody(smtp.getReceivedMessages()[0]))
                        .contains("Event:          STORAGE_FULL", "the server's storage is full");

                BackupLogRow row = client.logs().recent(1).get(0);
                assertThat(row.status()).isEqualTo(BackupStatus.Failed);
                assertThat(row.resumeToken()).isNotBlank();
                Path kept = Path.of(row.localFile());
                assertThat(kept).exists();
                String keptSha256 = Hashes.sha256(kept);

                Files.delete(filler);
                proxy.throttle(0);
                try (AppProcess resume = AppProcess.start(client.commandLine("resume"), work.resolve("resume.log"))) {
                    assertThat(resume.waitFor(120)).as("resume exit code; log:%n%s", resume.log()).isZero();
                }
                BackupLogRow done = client.logs().find(row.id()).orElseThrow();
                assertThat(done.status()).isEqualTo(BackupStatus.Completed);
                Path stored = storage.resolve(done.filePath());
                assertThat(Hashes.sha256(stored)).isEqualTo(keptSha256);
                assertThat(mysql.isRunning()).isTrue();

                assertThat(mode(stored)).isEqualTo("rw-------");
                assertThat(mode(stored.getParent())).isEqualTo("rwx------");
                assertThat(mode(storage.resolve(".staging"))).isEqualTo("rwx------");

                server.terminate();
                assertThat(server.waitFor(60)).isNotNegative();
                assertThat(server.log()).containsPattern("mysql-backup server stopped after PT");
            }
        } finally {
            unmount(storage);
        }
    }

    /**
     * Waits until a staging file holds {@code bytes}, notes its mode, then writes a file that
     * takes every byte left on the file system, as another writer would, and returns it.
     */
    private static Path fillWhenStagingHolds(Path storage, long bytes, AtomicReference<String> stagingMode) {
        Path staging = storage.resolve(".staging");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() -> {
            try (Stream<Path> parts = Files.list(staging)) {
                return parts.anyMatch(part -> size(part) >= bytes);
            }
        });
        try (Stream<Path> parts = Files.list(staging)) {
            stagingMode.set(mode(parts.findFirst().orElseThrow()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Path filler = storage.resolve("filler.bin");
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            return filler;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException gone) {
            return 0;
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static void mountSmallFileSystem(Path at) throws Exception {
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64m,mode=0700", "tmpfs", at.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes());
        boolean done = mount.waitFor(30, TimeUnit.SECONDS);
        Assumptions.assumeTrue(done && mount.exitValue() == 0, "cannot mount a 64 MiB tmpfs for the server's "
                + "storage (this test needs root or CAP_SYS_ADMIN): " + output.strip());
    }

    private static void unmount(Path at) throws Exception {
        for (List<String> command : List.of(List.of("umount", at.toString()), List.of("umount", "-l", at.toString()))) {
            Process umount = new ProcessBuilder(command).redirectErrorStream(true).start();
            umount.getInputStream().readAllBytes();
            if (umount.waitFor(30, TimeUnit.SECONDS) && umount.exitValue() == 0) {
                return;
            }
        }
    }
}
