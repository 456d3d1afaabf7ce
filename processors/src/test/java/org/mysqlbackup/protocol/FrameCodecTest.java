package org.mysqlbackup.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mysqlbackup.protocol.Wire.CODEC;
import static org.mysqlbackup.protocol.Wire.decode;
import static org.mysqlbackup.protocol.Wire.encode;
import static org.mysqlbackup.protocol.Wire.hex;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FrameEncoder} and {@link FrameDecoder} against the layout documented on {@link FrameDecoder}. */
class FrameCodecTest {
    /** The example printed in the javadoc of {@link FrameDecoder}, byte for byte. */
    private static final byte[] JAVADOC_FINALIZE = hex(
            "00 00 00 1B  4D 42  01  05  00 00 00 13  7B 22 74 72 61 6E 73 66 65 72 49 64 22 3A 22 74 31 22 7D");

    @Test
    void encoderWritesTheJavadocExampleForFinalizeT1() {
        byte[] bytes = encode(CODEC.frame(new FinalizeTransfer("t1")));

        assertThat(bytes).containsExactly(JAVADOC_FINALIZE);
    }

    @Test
    void decoderTurnsTheJavadocExampleBackIntoFinalizeT1() {
        List<Frame> frames = decode(JAVADOC_FINALIZE, 1024);

        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).type()).isEqualTo(FrameType.FINALIZE);
        assertThat(frames.get(0).payload()).isEmpty();
        assertThat(CODEC.read(frames.get(0), FinalizeTransfer.class)).isEqualTo(new FinalizeTransfer("t1"));
    }

    @Test
    void decoderEmitsNothingUntilTheLastByteOfAFrameArrives() {
        EmbeddedChannel channel = Wire.decoderChannel(1024);
        for (int i = 0; i < JAVADOC_FINALIZE.length - 1; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(JAVADOC_FINALIZE, i, 1));
            Frame early = channel.readInbound();
            assertThat(early).as("after byte %d", i).isNull();
        }
        channel.writeInbound(Unpooled.wrappedBuffer(JAVADOC_FINALIZE, JAVADOC_FINALIZE.length - 1, 1));

        Frame frame = channel.readInbound();
        assertThat(CODEC.read(frame, FinalizeTransfer.class)).isEqualTo(new FinalizeTransfer("t1"));
    }

    @Test
    void framePayloadFollowsTheMetadataAndIsCountedInTheLengthPrefix() {
        byte[] bytes = encode(new Frame(FrameType.CHUNK, "{}".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3}));

        assertThat(bytes).containsExactly(hex("00 00 00 0D  4D 42  01  03  00 00 00 02  7B 7D  01 02 03"));
    }

    @Test
    void frameWithoutMetadataOrPayloadIsJustTheHeader() {
        byte[] bytes = encode(new Frame(FrameType.ACCEPTED, null, null));

        assertThat(bytes).containsExactly(hex("00 00 00 08  4D 42  01  02  00 00 00 00"));
        Frame decoded = decode(bytes, 64).get(0);
        assertThat(decoded.type()).isEqualTo(FrameType.ACCEPTED);
        assertThat(decoded.metadata()).isEmpty();
        assertThat(decoded.payload()).isEmpty();
    }

    @Test
    void twoFramesInOneReadComeOutAsTwoFramesInOrder() {
        byte[] first = encode(CODEC.frame(new ChunkStored("t1", 0)));
        byte[] second = encode(CODEC.frame(new ChunkStored("t1", 1)));
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);

        List<Frame> frames = decode(both, 1024);

        assertThat(frames).extracting(f -> CODEC.read(f, ChunkStored.class))
                .containsExactly(new ChunkStored("t1", 0), new ChunkStored("t1", 1));
    }

    @Test
    void aFrameExactlyAtTheMaximumSizeIsAccepted() {
        byte[] bytes = encode(new Frame(FrameType.CHUNK, new byte[] {'{', '}'}, new byte[100]));

        assertThat(decode(bytes, bytes.length)).hasSize(1);
    }

    @Test
    void encoderIsSharableAcrossChannels() {
        assertThat(FrameEncoder.class.isAnnotationPresent(Sharable.class)).isTrue();
        // netty refuses to add a non-sharable handler instance to a second pipeline
        EmbeddedChannel one = new EmbeddedChannel(Wire.ENCODER);
        EmbeddedChannel two = new EmbeddedChannel(Wire.ENCODER);
        one.writeOutbound(CODEC.frame(new FinalizeTransfer("t1")));
        two.writeOutbound(CODEC.frame(new FinalizeTransfer("t1")));

        assertThat(one.outboundMessages()).hasSize(1);
        assertThat(two.outboundMessages()).hasSize(1);
        one.finishAndReleaseAll();
        two.finishAndReleaseAll();
    }
}
