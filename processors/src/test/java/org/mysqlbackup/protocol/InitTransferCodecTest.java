package org.mysqlbackup.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The expected interval on INIT: it round-trips, and old and new peers read each other's frames. */
class InitTransferCodecTest {
    private static final String SHA = "a".repeat(64);
    private static final String MD5 = "b".repeat(32);
    private final MessageCodec codec = new MessageCodec();

    /** INIT as clients sent it before the expected interval existed. */
    record OldInitTransfer(String transferId, String configName, String fileName, long fileSize, int chunkSize,
                           String sha256, String md5, long createdAtMs, String database) {
    }

    @Test
    void anOldClientsInitReadsWithoutAnInterval() throws Exception {
        byte[] old = new ObjectMapper().writeValueAsBytes(new OldInitTransfer("t1", "main", "main.zip", 10, 65536, SHA,
                MD5, 1764813600000L, "db1"));
        InitTransfer read = codec.read(new Frame(FrameType.INIT, old, null), InitTransfer.class);
        assertThat(read).isEqualTo(new InitTransfer("t1", "main", "main.zip", 10, 65536, SHA, MD5, 1764813600000L,
                "db1"));
        assertThat(read.expectedIntervalMs()).isNull();
    }

    @Test
    void anOldServerReadsANewClientsInitIgnoringTheInterval() throws Exception {
        Frame frame = codec.frame(new InitTransfer("t1", "main", "main.zip", 10, 65536, SHA, MD5, 1764813600000L,
                "db1", 86_400_000L));
        // the same reader settings as MessageCodec has always had
        ObjectMapper oldServer = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        assertThat(oldServer.readValue(frame.metadata(), OldInitTransfer.class))
                .isEqualTo(new OldInitTransfer("t1", "main", "main.zip", 10, 65536, SHA, MD5, 1764813600000L, "db1"));
    }

    @Test
    void theIntervalAddsThirtyBytesAsTheJavadocShows() {
        byte[] without = codec.frame(new InitTransfer("t1", "main", "main.zip", 10, 65536, SHA, MD5, 1L, "db1"))
                .metadata();
        byte[] with = codec.frame(new InitTransfer("t1", "main", "main.zip", 10, 65536, SHA, MD5, 1L, "db1",
                86_400_000L)).metadata();
        String text = new String(with, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\"database\":\"db1\",\"expectedIntervalMs\":86400000}");
        // the null interval of the older form is written as a field too; without it the frame is as before
        String nullField = ",\"expectedIntervalMs\":null";
        assertThat(with.length - (without.length - nullField.length())).isEqualTo(30);
    }

    @Property(tries = 200, seed = "20261204")
    void theIntervalRoundTripsThroughAFrame(@ForAll @LongRange(min = InitTransfer.MIN_EXPECTED_INTERVAL_MS,
            max = InitTransfer.MAX_EXPECTED_INTERVAL_MS) long intervalMs, @ForAll boolean sent) {
        InitTransfer init = new InitTransfer("t-" + intervalMs, "main", "main.zip", intervalMs, 65536, SHA, MD5,
                intervalMs, sent ? "db1" : null, sent ? intervalMs : null);
        Frame frame = codec.frame(init);
        assertThat(codec.read(new Frame(frame.type(), frame.metadata(), null), InitTransfer.class)).isEqualTo(init);
    }
}
