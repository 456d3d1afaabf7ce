package org.mysqlbackup.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mysqlbackup.protocol.Wire.decodeFailure;
import static org.mysqlbackup.protocol.Wire.hex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every length and header field is checked, and a violation names the problem. */
class FrameDecoderLimitsTest {

    @Test
    void lengthPrefixAboveTheMaximumFailsOnTheFourPrefixBytesAlone() {
        EmbeddedChannel channel = Wire.decoderChannel(1024);

        // 1021 + 4 prefix bytes = 1025 > 1024; no body byte is ever sent, so the decoder cannot have waited for it
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.buffer(4).writeInt(1021)))
                .isInstanceOf(TooLongFrameException.class)
                .hasMessageContaining("1024")
                .hasMessageContaining("1025");
    }

    @Test
    void hugeLengthPrefixFailsBeforeAnyBodyIsBuffered() {
        EmbeddedChannel channel = Wire.decoderChannel(1 << 20);

        assertThatThrownBy(() -> channel.writeInbound(Unpooled.buffer(4).writeInt(Integer.MAX_VALUE)))
                .isInstanceOf(TooLongFrameException.class)
                .hasMessageContaining(String.valueOf(1 << 20));
    }

    @Test
    void lengthPrefixAtTheMaximumWaitsForTheBodyInsteadOfFailing() {
        EmbeddedChannel channel = Wire.decoderChannel(1024);

        boolean emitted = channel.writeInbound(Unpooled.buffer(4).writeInt(1020));

        assertThat(emitted).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void lengthPrefixWithTheTopBitSetIsReadUnsignedAndRejectedAsTooLong() {
        EmbeddedChannel channel = Wire.decoderChannel(1024);

        assertThatThrownBy(() -> channel.writeInbound(Unpooled.buffer(4).writeInt(-1)))
                .isInstanceOf(TooLongFrameException.class)
                .hasMessageContaining("4294967299");
    }

    @Test
    void frameShorterThanTheHeaderIsRejected() {
        Throwable failure = decodeFailure(hex("00 00 00 03  4D 42 01"));

        assertThat(failure).isInstanceOf(MalformedFrameException.class)
                .hasMessage("frame of 3 bytes is shorter than the 8-byte header");
    }

    @Test
    void emptyFrameIsRejected() {
        Throwable failure = decodeFailure(hex("00 00 00 00"));

        assertThat(failure).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("frame of 0 bytes is shorter");
    }

    @Test
    void badMagicIsRejected() {
        Throwable failure = decodeFailure(hex("00 00 00 08  47 45  01  05  00 00 00 00"));

        assertThat(failure).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("bad magic 0x4745");
    }

    @Test
    void httpRequestOnTheFramePortIsRejectedByTheLengthCap() {
        // "GET " read as a length prefix is 0x47455420: far above any sane maximum
        EmbeddedChannel channel = Wire.decoderChannel(64 << 20);

        assertThatThrownBy(() -> channel.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\n", StandardCharsets.US_ASCII)))
                .isInstanceOf(TooLongFrameException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 255})
    void otherProtocolVersionsAreRejected(int version) {
        byte[] frame = hex("00 00 00 08  4D 42  01  05  00 00 00 00");
        frame[6] = (byte) version;

        assertThat(decodeFailure(frame)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("unsupported protocol version " + (byte) version);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 20, 127, 255})
    void unknownFrameTypesAreRejected(int type) {
        byte[] frame = hex("00 00 00 08  4D 42  01  05  00 00 00 00");
        frame[7] = (byte) type;

        assertThat(decodeFailure(frame)).isInstanceOf(MalformedFrameException.class)
                .hasMessage("unknown frame type " + type);
    }

    @Test
    void negativeMetadataLengthIsRejected() {
        Throwable failure = decodeFailure(hex("00 00 00 08  4D 42  01  05  FF FF FF FF"));

        assertThat(failure).isInstanceOf(MalformedFrameException.class)
                .hasMessage("metadata length -1 outside 0..65536");
    }

    @Test
    void metadataLengthAboveSixtyFourKibIsRejectedEvenWhenTheFrameHoldsThatMuch() {
        int metadataLength = FrameLayout.MAX_METADATA_BYTES + 1;
        ByteBuf frame = Unpooled.buffer()
                .writeInt(FrameLayout.HEADER_BYTES + metadataLength)
                .writeShort(FrameLayout.MAGIC).writeByte(1).writeByte(FrameType.CHUNK.code())
                .writeInt(metadataLength)
                .writeZero(metadataLength);

        Throwable failure = decodeFailure(ByteBufUtil.getBytes(frame));

        assertThat(failure).isInstanceOf(MalformedFrameException.class)
                .hasMessage("metadata length 65537 outside 0..65536");
    }

    @Test
    void metadataLengthBeyondTheRestOfTheFrameIsRejected() {
        Throwable failure = decodeFailure(hex("00 00 00 0B  4D 42  01  05  00 00 00 04  7B 7D 20"));

        assertThat(failure).isInstanceOf(MalformedFrameException.class)
                .hasMessage("metadata length 4 exceeds the 3 bytes left in the frame");
    }

    @Test
    void metadataOfExactlySixtyFourKibIsAccepted() {
        byte[] bytes = Wire.encode(new Frame(FrameType.CHUNK, new byte[FrameLayout.MAX_METADATA_BYTES], new byte[1]));

        Frame frame = Wire.decode(bytes, bytes.length).get(0);

        assertThat(frame.metadata()).hasSize(FrameLayout.MAX_METADATA_BYTES);
        assertThat(frame.payload()).hasSize(1);
    }
}
