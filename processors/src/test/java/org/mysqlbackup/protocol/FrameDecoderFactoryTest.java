package org.mysqlbackup.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

class FrameDecoderFactoryTest {
    private final FrameDecoderFactory factory = new FrameDecoderFactory(1024);

    @Test
    void everyChannelGetsItsOwnDecoder() {
        ChannelHandler first = factory.newChannelHandler();
        ChannelHandler second = factory.newChannelHandler();

        assertThat(first).isInstanceOf(FrameDecoder.class).isNotSameAs(second);
    }

    @Test
    void halfAFrameOnOneConnectionDoesNotLeakIntoAnother() {
        byte[] frame = Wire.encode(Wire.CODEC.frame(new FinalizeTransfer("t1")));
        EmbeddedChannel slow = new EmbeddedChannel(factory.newChannelHandler());
        EmbeddedChannel fast = new EmbeddedChannel(factory.newChannelHandler());

        slow.writeInbound(Unpooled.wrappedBuffer(frame, 0, 10));
        fast.writeInbound(Unpooled.wrappedBuffer(frame));

        assertThat(Wire.drain(fast)).hasSize(1);
        assertThat(Wire.drain(slow)).isEmpty();
        slow.finishAndReleaseAll();
        fast.finishAndReleaseAll();
    }

    @Test
    void aMalformedFrameOnOneConnectionLeavesAnotherWorking() {
        EmbeddedChannel bad = new EmbeddedChannel(factory.newChannelHandler());
        EmbeddedChannel good = new EmbeddedChannel(factory.newChannelHandler());

        assertThatThrownBy(() -> bad.writeInbound(Unpooled.wrappedBuffer(Wire.hex("00 00 00 08 00 00 01 05 00 00 00 00"))))
                .isInstanceOf(DecoderException.class);
        good.writeInbound(Unpooled.wrappedBuffer(Wire.encode(Wire.CODEC.frame(new FinalizeTransfer("t1")))));

        assertThat(Wire.drain(good)).hasSize(1);
        good.finishAndReleaseAll();
    }

    @Test
    void decodersHonourTheConfiguredMaximum() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoderFactory(64).newChannelHandler());
        byte[] frame = Wire.encode(new Frame(FrameType.CHUNK, null, new byte[53]));

        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(frame)))
                .isInstanceOf(io.netty.handler.codec.TooLongFrameException.class);
    }

    @Test
    void aMaximumThatCannotHoldAHeaderIsRefused() {
        assertThatThrownBy(() -> new FrameDecoderFactory(11))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("11");
        assertThat(new FrameDecoderFactory(12).maxFrameBytes()).isEqualTo(12);
    }
}
