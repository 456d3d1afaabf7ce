package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.FrameSocket;
import org.mysqlbackup.testing.MariaDbSandbox;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;

/**
 * Only clients with a certificate from the server's CA get in: one signed by another CA, or none
 * at all, is refused during the TLS handshake, and nothing is stored.
 */
class UntrustedClientIT {
    private static final MessageCodec CODEC = new MessageCodec();

    private static Path work;
    private static TestCertificates certs;
    private static BackupServerFixture server;

    @BeforeAll
    static void startServer() throws Exception {
        work = TestPaths.scratch(UntrustedClientIT.class);
        certs = TestCertificates.create(work.resolve("certs"));
        server = BackupServerFixture.start(work, certs);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void backupWithACertificateFromAnotherCaFailsInPreflightBeforeMySqlIsStopped() throws Exception {
        try (MariaDbSandbox mysql = MariaDbSandbox.create(TestPaths.sandboxBase())) {
            mysql.start();
            BackupClientFixture client = new BackupClientFixture(work.resolve("rogue"), mysql, server.port(),
                    certs.properties(certs.untrustedClient("db-host-1")));
            BackupSummary summary = client.backupNow();

            assertThat(summary.status()).isEqualTo(BackupStatus.Failed.name());
            assertThat(summary.step()).isEqualTo("pre-flight");
            assertThat(summary.downtimeMs()).as("MySQL was not stopped").isNull();
            assertThat(summary.error()).containsIgnoringCase("certificate");
            assertThat(summary.mysqlRunning()).isTrue();
            assertThat(mysql.isRunning()).isTrue();
        }
        assertThat(server.storedFiles()).isEmpty();
        assertThat(server.logs()).isEmpty();
    }

    @Test
    void connectionWithoutAnyClientCertificateIsRefused() {
        assertRefused(null);
    }

    @Test
    void connectionWithACertificateFromAnotherCaIsRefused() throws Exception {
        assertRefused(certs.untrustedClient("db-host-9"));
    }

    private static void assertRefused(Path keyStore) {
        Throwable failure = catchThrowable(() -> {
            try (FrameSocket socket = FrameSocket.connect(server.port(), keyStore, certs.trustStore())) {
                // with TLS 1.3 the client learns of the refusal on its first read
                socket.send(CODEC.frame(new InitTransfer(UUID.randomUUID().toString(), "x", "x.zip", 1, 65536,
                        "0".repeat(64), "0".repeat(32), 0)));
                socket.receive();
            }
        });
        assertThat(failure).isInstanceOfAny(javax.net.ssl.SSLException.class, java.net.SocketException.class,
                java.io.EOFException.class);
        assertThat(server.storedFiles()).isEmpty();
        assertThat(server.logs()).isEmpty();
    }
}
