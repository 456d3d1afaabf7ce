package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.protocol.FrameType;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.testing.AppProcess;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.CertsCli;
import org.mysqlbackup.testing.FrameSocket;
import org.mysqlbackup.testing.RandomFiles;
import org.mysqlbackup.testing.TestPaths;

/**
 * Issue 11: a client certificate revoked with {@code backup-server certs revoke} (the launcher)
 * while the server process runs is refused from its next handshake, its open connection and
 * transfer are closed, another client's backup over the same server completes, and a certificate
 * issued anew for the same id works, all without a restart of the server.
 */
class CertificateRevocationIT {
    private static final MessageCodec CODEC = new MessageCodec();

    @Test
    void aRevokedClientIsCutOffWhileTheOthersGoOnAndAReissuedCertificateWorks() throws Exception {
        Path work = TestPaths.scratch(CertificateRevocationIT.class);
        Path certs = work.resolve("certs");
        CertsCli.run(certs, "init");
        CertsCli.run(certs, "server", "--name", "localhost", "--san", "127.0.0.1");
        CertsCli.run(certs, "client", "--id", "db-revoked");
        CertsCli.run(certs, "client", "--id", "db-good");
        Path revokedKeystore = work.resolve("db-revoked-old.p12");
        Files.copy(certs.resolve("client-db-revoked.p12"), revokedKeystore);
        Files.copy(certs.resolve("client-db-revoked.p12.password"), work.resolve("db-revoked-old.p12.password"));

        int port = TestPaths.freePort();
        Path storage = work.resolve("storage");
        try (AppProcess server = AppProcess.start(serverCommand(work, certs, port), work.resolve("server.log"))) {
            awaitListening(port, server);

            // an open transfer of the client about to be revoked
            String transferId = UUID.randomUUID().toString();
            try (FrameSocket open = FrameSocket.connect(port, revokedKeystore, certs.resolve("truststore.p12"))) {
                open.send(CODEC.frame(new InitTransfer(transferId, "it", "x.zip", 1 << 20, 65536,
                        "0".repeat(64), "0".repeat(32), 0)));
                assertThat(open.receive().type()).isEqualTo(FrameType.ACCEPTED);

                try (AppProcess revoke = AppProcess.start(List.of(TestPaths.home().resolve("bin/backup-server").toString(),
                        "certs", "--dir", certs.toString(), "revoke", "--id", "db-revoked"), work.resolve("revoke.log"))) {
                    assertThat(revoke.waitFor(60)).as("revoke exit code; output:%n%s", revoke.log()).isZero();
                    assertThat(revoke.log()).contains("Revoked the certificate of client db-revoked");
                }

                assertThat(open.isClosedByPeer()).as("the revoked client's open connection is closed").isTrue();
            }
            assertThat(storage.resolve(".staging")).isDirectoryContaining(p -> p.getFileName().toString()
                    .contains(transferId));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.log().contains("Closed the connection of client"
                    + " db-revoked"));
            assertThat(server.log()).contains("open transfers closed: " + transferId);

            // its next connection is refused at the handshake, and the client says why
            Path file = RandomFiles.create(work.resolve("backup.zip"), 3 << 20, 11);
            BackupSummary refused = client(work.resolve("client-revoked"), port, certs, revokedKeystore).send(file);
            assertThat(refused.status()).isEqualTo(BackupStatus.Failed.name());
            assertThat(refused.error()).contains("the server refused this client's certificate: it has been revoked");
            Throwable handshake = catchThrowable(() -> {
                try (FrameSocket socket = FrameSocket.connect(port, revokedKeystore, certs.resolve("truststore.p12"))) {
                    socket.send(CODEC.frame(new InitTransfer(UUID.randomUUID().toString(), "it", "y.zip", 1, 65536,
                            "0".repeat(64), "0".repeat(32), 0)));
                    socket.receive();
                }
            });
            assertThat(handshake).hasMessageContaining("certificate_revoked");
            await().atMost(Duration.ofSeconds(10)).until(() -> server.log().contains("TLS handshake refused: client"
                    + " db-revoked"));
            // the server's alert, as its notifier logs it (mail and webhook are ServerAlertsIT's)
            await().atMost(Duration.ofSeconds(10)).until(() -> server.log().contains("TLS handshake refused for client"
                    + " 'db-revoked' | kind HANDSHAKE_REFUSED"));

            // the other client is not affected
            BackupSummary good = client(work.resolve("client-good"), port, certs,
                    certs.resolve("client-db-good.p12")).send(file);
            assertThat(good.status()).as("error: %s", good.error()).isEqualTo(BackupStatus.Completed.name());

            // a new certificate for the same id works, the server still running
            String issued = CertsCli.run(certs, "client", "--id", "db-revoked");
            assertThat(issued).contains("valid until");
            BackupSummary again = client(work.resolve("client-reissued"), port, certs,
                    certs.resolve("client-db-revoked.p12")).send(file);
            assertThat(again.status()).as("error: %s", again.error()).isEqualTo(BackupStatus.Completed.name());

            String list = CertsCli.run(certs, "list");
            assertThat(list).containsPattern("client\\s+db-revoked\\s+\\S+\\s+revoked")
                    .containsPattern("client\\s+db-revoked\\s+\\S+\\s+valid")
                    .containsPattern("client\\s+db-good\\s+\\S+\\s+valid");
            assertThat(server.isAlive()).as("never restarted").isTrue();
        }
    }

    private static BackupClientFixture client(Path workDir, int port, Path certs, Path keystore) {
        Map<String, String> tls = new HashMap<>();
        tls.put("tls.key-store", keystore.toString());
        tls.put("tls.key-store-password-file", keystore + ".password");
        tls.put("tls.trust-store", certs.resolve("truststore.p12").toString());
        tls.put("tls.trust-store-password-file", certs.resolve("truststore.p12.password").toString());
        return new BackupClientFixture(workDir, port, tls);
    }

    private static List<String> serverCommand(Path work, Path certs, int port) {
        Map<String, String> properties = new HashMap<>();
        properties.put("tls.key-store", certs.resolve("server.p12").toString());
        properties.put("tls.key-store-password-file", certs.resolve("server.p12.password").toString());
        properties.put("tls.trust-store", certs.resolve("truststore.p12").toString());
        properties.put("tls.trust-store-password-file", certs.resolve("truststore.p12.password").toString());
        properties.put("tls.revocation-check-interval-ms", "300");
        properties.put("server.host", "127.0.0.1");
        properties.put("server.port", Integer.toString(port));
        properties.put("storage.root", work.resolve("storage").toString());
        properties.put("storage.reserve", "0");
        properties.put("db.file", work.resolve("server.db").toString());
        List<String> command = new ArrayList<>(List.of(TestPaths.home().resolve("bin/backup-server").toString(),
                "--config", TestPaths.serverConfig().toString()));
        properties.forEach((key, value) -> {
            command.add("-D");
            command.add(key + "=" + value);
        });
        return command;
    }

    private static void awaitListening(int port, AppProcess server) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(server.isAlive()).as("server log:%n%s", server.log()).isTrue();
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (java.io.IOException notYet) {
                return false;
            }
        });
    }
}
