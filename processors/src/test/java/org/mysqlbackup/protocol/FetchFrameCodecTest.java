package org.mysqlbackup.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mysqlbackup.protocol.Wire.hex;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fetch frames (codes 10..15) are written exactly as their javadoc shows, and every length is capped. */
class FetchFrameCodecTest {
    private static final MessageCodec CODEC = Wire.CODEC;

    @Test
    void fetchChunkIsWrittenAsDocumented() {
        byte[] bytes = Wire.encode(CODEC.frame(new FetchChunk(7, 2, 1048576)));

        assertThat(bytes).isEqualTo(hex("""
                00 00 00 34  4D 42  01  0E  00 00 00 2C
                7B 22 62 61 63 6B 75 70 49 64 22 3A 37 2C 22 69 6E 64 65 78 22 3A 32 2C 22 63 68 75 6E 6B
                53 69 7A 65 22 3A 31 30 34 38 35 37 36 7D"""));
    }

    @Test
    void listQueryAndFetchOpenAreWrittenAsDocumented() {
        assertThat(Wire.encode(CODEC.frame(new ListQuery("db1", 0)))).isEqualTo(hex("""
                00 00 00 28  4D 42  01  0A  00 00 00 20
                7B 22 63 6F 6E 66 69 67 4E 61 6D 65 22 3A 22 64 62 31 22 2C 22 61 66 74 65 72 49 64 22 3A 30 7D"""));
        assertThat(Wire.encode(CODEC.frame(FetchOpen.byId(7, 4194304)))).isEqualTo(hex("""
                00 00 00 4B  4D 42  01  0C  00 00 00 43
                7B 22 62 61 63 6B 75 70 49 64 22 3A 37 2C 22 63 6F 6E 66 69 67 4E 61 6D 65 22 3A 6E 75 6C
                6C 2C 22 61 74 4D 73 22 3A 6E 75 6C 6C 2C 22 6D 61 78 43 68 75 6E 6B 53 69 7A 65 22 3A 34
                31 39 34 33 30 34 7D"""));
    }

    @Test
    void chunkDataCarriesItsBytesAsPayloadAfterTheMetadata() {
        byte[] bytes = Wire.encode(CODEC.frame(new ChunkData(7, 2, 2097152, 5, "ab"),
                "hello".getBytes(StandardCharsets.US_ASCII)));

        assertThat(bytes).isEqualTo(hex("""
                00 00 00 4F  4D 42  01  0F  00 00 00 42
                7B 22 62 61 63 6B 75 70 49 64 22 3A 37 2C 22 69 6E 64 65 78 22 3A 32 2C 22 6F 66 66 73 65
                74 22 3A 32 30 39 37 31 35 32 2C 22 6C 65 6E 67 74 68 22 3A 35 2C 22 73 68 61 32 35 36 22
                3A 22 61 62 22 7D  68 65 6C 6C 6F"""));
        Frame decoded = Wire.decode(bytes, 1 << 20).get(0);
        assertThat(decoded.type()).isEqualTo(FrameType.CHUNK_DATA);
        assertThat(CODEC.read(decoded, ChunkData.class)).isEqualTo(new ChunkData(7, 2, 2097152, 5, "ab"));
        assertThat(decoded.payload()).asString(StandardCharsets.US_ASCII).isEqualTo("hello");
    }

    @Test
    void theListExampleHasTheDocumentedLengths() {
        ListedBackup one = new ListedBackup(7, "db-host-1", "db1", 1764806400000L, 1048576, "0".repeat(64),
                "db-host-1_db1_20251204-000000.zip", null, null);
        byte[] bytes = Wire.encode(CODEC.frame(new BackupList(List.of(one), false)));

        assertThat(java.util.Arrays.copyOf(bytes, 12)).isEqualTo(hex("00 00 01 20  4D 42  01  0B  00 00 01 18"));
    }

    @Test
    void aFullPageOfBackupsWithTheLongestTextsFitsInTheMetadataCap() {
        String longest = "x".repeat(ListedBackup.MAX_TEXT);
        ListedBackup widest = new ListedBackup(Long.MAX_VALUE, "c".repeat(64), longest, Long.MAX_VALUE, Long.MAX_VALUE,
                "f".repeat(64), longest, longest, longest);
        Frame frame = CODEC.frame(new BackupList(Collections.nCopies(BackupList.MAX_PAGE, widest), true));

        assertThat(frame.metadata().length).isLessThanOrEqualTo(FrameLayout.MAX_METADATA_BYTES);
    }

    @Test
    void textLongerThanTheCapIsCut() {
        assertThat(ListedBackup.cut("y".repeat(500))).hasSize(ListedBackup.MAX_TEXT).endsWith("...");
        assertThat(ListedBackup.cut("short")).isEqualTo("short");
        assertThat(ListedBackup.cut(null)).isNull();
    }

    @Test
    void aPageLongerThanAPageIsRefused() {
        ListedBackup one = new ListedBackup(1, "c", "db1", 0, 0, "0".repeat(64), "f.zip", null, null);
        BackupList tooLong = new BackupList(Collections.nCopies(BackupList.MAX_PAGE + 1, one), false);

        assertThatThrownBy(tooLong::requireValid).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("at most " + BackupList.MAX_PAGE);
    }

    @Test
    void aChunkDataFrameLargerThanTheClientsCapFailsOnItsLengthPrefix() {
        // the client caps its reply frames at its largest chunk plus header and metadata
        int cap = new org.mysqlbackup.transfer.TransferLimits(0, 64 * 1024, 0).maxFrameBytes();
        EmbeddedChannel channel = Wire.decoderChannel(cap);

        assertThatThrownBy(() -> channel.writeInbound(Unpooled.buffer(4).writeInt(cap - 3)))
                .isInstanceOf(TooLongFrameException.class);
    }

    @Test
    void fetchReadyMustDescribeItsFile() {
        ListedBackup backup = new ListedBackup(7, "c", "db1", 0, 10L << 20, "0".repeat(64), "f.zip", null, null);

        assertThat(new FetchReady(backup, 1 << 20, 10).requireValid(1 << 20).chunkCount()).isEqualTo(10);
        assertThatThrownBy(() -> new FetchReady(backup, 1 << 20, 11).requireValid(1 << 20))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> new FetchReady(backup, 2 << 20, 5).requireValid(1 << 20))
                .as("chunks larger than the client takes").isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> new FetchReady(null, 1 << 20, 0).requireValid(1 << 20))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void chunkDataMustAnswerTheChunkAsked() {
        FetchChunk asked = new FetchChunk(7, 2, 1 << 20);
        ChunkData right = new ChunkData(7, 2, 2L << 20, 100, "ab");

        assertThat(right.requireMatches(asked, 100, 100)).isSameAs(right);
        assertThatThrownBy(() -> new ChunkData(8, 2, 2L << 20, 100, "ab").requireMatches(asked, 100, 100))
                .as("another backup").isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> new ChunkData(7, 3, 3L << 20, 100, "ab").requireMatches(asked, 100, 100))
                .as("another chunk").isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> new ChunkData(7, 2, 0, 100, "ab").requireMatches(asked, 100, 100))
                .as("another offset").isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> right.requireMatches(asked, 100, 99))
                .as("a payload shorter than announced").isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> right.requireMatches(asked, 101, 100))
                .as("not the length the chunk must have").isInstanceOf(ProtocolException.class);
    }

    @Test
    void aRefusalOfAFetchArrivesAsANonRetryableNoSuchBackup() {
        Frame error = CODEC.frame(new ProtocolError(ErrorCode.NO_SUCH_BACKUP, "no stored backup with id 7"));

        assertThatThrownBy(() -> CODEC.read(error, FetchReady.class))
                .isExactlyInstanceOf(ProtocolException.class)
                .hasMessageContaining("no stored backup with id 7");
    }
}
