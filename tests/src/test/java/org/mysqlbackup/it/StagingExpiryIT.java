package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.protocol.ChunkHeader;
import org.mysqlbackup.protocol.ChunkStored;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.protocol.TransferAccepted;
import org.mysqlbackup.server.ReceiveLogRow;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.FrameSocket;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;
import org.mysqlbackup.transfer.Digests;

/**
 * A transfer its client abandons is given up once it received nothing for the configured age:
 * staging file and resume data deleted, the row says why, and the same transfer id may start over.
 */
class StagingExpiryIT {
    private static final MessageCodec CODEC = new MessageCodec();
    private static final int CHUNK = 64 * 1024;

    @Test
    void idleTransferExpiresAndCanStartOver() throws Exception {
        Path work = TestPaths.scratch(StagingExpiryIT.class);
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        Path keys = certs.client("abandoner");
        byte[] file = new byte[3 * CHUNK];
        new Random(5).nextBytes(file);
        String transferId = UUID.randomUUID().toString();
        InitTransfer init = new InitTransfer(transferId, "it", "f.zip", file.length, CHUNK, Digests.sha256Hex(file),
                HexFormat.of().formatHex(Digests.md5().digest(file)), System.currentTimeMillis());
        try (BackupServerFixture server = BackupServerFixture.start(work, certs, Map.of(
                "storage.staging-max-age-ms", "1500", "storage.staging-check-interval-ms", "200"))) {
            Path staging = server.storageRoot().resolve(".staging/" + transferId + ".part");
            try (FrameSocket socket = FrameSocket.connect(server.port(), keys, certs.trustStore())) {
                socket.send(CODEC.frame(init));
                CODEC.read(socket.receive(), TransferAccepted.class);
                byte[] chunk = java.util.Arrays.copyOf(file, CHUNK);
                socket.send(CODEC.frame(new ChunkHeader(transferId, 0, 0, CHUNK, Digests.sha256Hex(chunk)), chunk));
                CODEC.read(socket.receive(), ChunkStored.class);
            }
            assertThat(staging).exists();

            await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(staging));
            ReceiveLogRow row = server.logs().get(0);
            assertThat(row.status()).isEqualTo("Failed");
            assertThat(row.errorMessage()).startsWith("expired");

            try (FrameSocket socket = FrameSocket.connect(server.port(), keys, certs.trustStore())) {
                socket.send(CODEC.frame(init));
                TransferAccepted again = CODEC.read(socket.receive(), TransferAccepted.class);
                assertThat(again.chunksHeld()).as("an expired transfer starts over").isZero();
            }
            assertThat(server.logs().get(0).status()).isEqualTo("Transferring");
        }
    }
}
