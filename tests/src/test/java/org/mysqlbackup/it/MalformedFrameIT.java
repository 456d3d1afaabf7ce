package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.protocol.ChunkHeader;
import org.mysqlbackup.protocol.ChunkStored;
import org.mysqlbackup.protocol.ErrorCode;
import org.mysqlbackup.protocol.Frame;
import org.mysqlbackup.protocol.FrameLayout;
import org.mysqlbackup.protocol.FrameType;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.protocol.ProtocolError;
import org.mysqlbackup.protocol.TransferAccepted;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.FrameSocket;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;
import org.mysqlbackup.transfer.Digests;

/**
 * Bad bytes on one connection close that connection only: a transfer open on another connection
 * goes on, and new connections are served.
 */
class MalformedFrameIT {
    private static final MessageCodec CODEC = new MessageCodec();
    private static final int CHUNK = 64 * 1024;

    private static BackupServerFixture server;
    private static TestCertificates certs;
    private static Path clientKeys;

    @BeforeAll
    static void startServer() throws Exception {
        Path work = TestPaths.scratch(MalformedFrameIT.class);
        certs = TestCertificates.create(work.resolve("certs"));
        clientKeys = certs.client("db-host-3");
        // a small frame cap, so "oversized" is cheap to send
        server = BackupServerFixture.start(work, certs, java.util.Map.of("server.max-chunk-size", "64KiB"));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void badFramesCloseOnlyTheirConnection() throws Exception {
        byte[] file = new byte[2 * CHUNK];
        new java.util.Random(7).nextBytes(file);
        String transferId = UUID.randomUUID().toString();
        try (FrameSocket healthy = connect()) {
            TransferAccepted accepted = CODEC.read(request(healthy, init(transferId, file)), TransferAccepted.class);
            assertThat(accepted.chunkCount()).isEqualTo(2);

            assertClosed(rawFrame((short) 0x1234, FrameLayout.VERSION, FrameType.INIT.code(), 0, new byte[0]));
            assertClosed(rawFrame(FrameLayout.MAGIC, (byte) 99, FrameType.INIT.code(), 0, new byte[0]));
            assertClosed(rawFrame(FrameLayout.MAGIC, FrameLayout.VERSION, (byte) 42, 0, new byte[0]));
            assertClosed(rawFrame(FrameLayout.MAGIC, FrameLayout.VERSION, FrameType.INIT.code(), 1000, new byte[10]));
            assertClosed(ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array());
            assertClosed(ByteBuffer.allocate(4).putInt(-5).array());
            assertClosed(ByteBuffer.allocate(4).putInt(server_maxFrame() + 1).array());

            // the transfer on the first connection is unharmed
            for (int i = 0; i < 2; i++) {
                byte[] chunk = java.util.Arrays.copyOfRange(file, i * CHUNK, (i + 1) * CHUNK);
                Frame reply = request(healthy, CODEC.frame(new ChunkHeader(transferId, i, (long) i * CHUNK, CHUNK,
                        Digests.sha256Hex(chunk)), chunk));
                assertThat(CODEC.read(reply, ChunkStored.class).index()).isEqualTo(i);
            }
        }
        // and a new connection sees both chunks held
        try (FrameSocket later = connect()) {
            Frame reply = request(later, init(transferId, file));
            assertThat(BitSet.valueOf(reply.payload()).cardinality()).isEqualTo(2);
        }
    }

    @Test
    void wellFormedNonsenseIsRefusedWithAReasonAndTheConnectionStaysOpen() throws Exception {
        try (FrameSocket socket = connect()) {
            Frame reply = request(socket, CODEC.frame(new ProtocolError(ErrorCode.INTERNAL, "clients do not send this")));
            assertThat(reply.type()).isEqualTo(FrameType.ERROR);
            assertThat(CODEC.read(reply, ProtocolError.class).code()).isEqualTo(ErrorCode.BAD_REQUEST);

            Frame unknown = request(socket, CODEC.frame(new ChunkHeader("no-such-transfer", 0, 0, 1, "00"), new byte[1]));
            assertThat(CODEC.read(unknown, ProtocolError.class).code()).isEqualTo(ErrorCode.UNKNOWN_TRANSFER);

            Frame oversizedChunk = request(socket, init(UUID.randomUUID().toString(), new byte[10], 1 << 20));
            assertThat(CODEC.read(oversizedChunk, ProtocolError.class).message()).contains("chunk size");
        }
    }

    private static int server_maxFrame() {
        return CHUNK + FrameLayout.LENGTH_FIELD_BYTES + FrameLayout.HEADER_BYTES + FrameLayout.MAX_METADATA_BYTES;
    }

    private static void assertClosed(byte[] bytes) throws Exception {
        try (FrameSocket socket = connect()) {
            socket.sendRaw(bytes);
            assertThat(socket.isClosedByPeer()).as("connection closed after %d bad bytes", bytes.length).isTrue();
        }
    }

    private static byte[] rawFrame(short magic, byte version, byte type, int metadataLength, byte[] rest) {
        return ByteBuffer.allocate(12 + rest.length).putInt(8 + rest.length).putShort(magic).put(version).put(type)
                .putInt(metadataLength).put(rest).array();
    }

    private static Frame init(String transferId, byte[] file) {
        return init(transferId, file, CHUNK);
    }

    private static Frame init(String transferId, byte[] file, int chunkSize) {
        String md5 = java.util.HexFormat.of().formatHex(Digests.md5().digest(file));
        return CODEC.frame(new InitTransfer(transferId, "it", "f.zip", file.length, chunkSize,
                Digests.sha256Hex(file), md5, System.currentTimeMillis()));
    }

    private static Frame request(FrameSocket socket, Frame frame) throws Exception {
        socket.send(frame);
        return socket.receive();
    }

    private static FrameSocket connect() throws Exception {
        return FrameSocket.connect(server.port(), clientKeys, certs.trustStore());
    }
}
