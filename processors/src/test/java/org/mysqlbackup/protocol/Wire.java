package org.mysqlbackup.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Pushes frames and raw bytes through the real netty handlers on an {@link EmbeddedChannel}. */
final class Wire {
    static final MessageCodec CODEC = new MessageCodec();
    static final FrameEncoder ENCODER = new FrameEncoder(CODEC);

    private Wire() {
    }

    /** The bytes {@link FrameEncoder} writes for {@code message} (a {@link Frame} or a {@link Throwable}). */
    static byte[] encode(Object message) {
        EmbeddedChannel channel = new EmbeddedChannel(ENCODER);
        channel.writeOutbound(message);
        ByteBuf out = channel.readOutbound();
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
            channel.finishAndReleaseAll();
        }
    }

    static EmbeddedChannel decoderChannel(int maxFrameBytes) {
        return new EmbeddedChannel(new FrameDecoder(maxFrameBytes));
    }

    /** Feeds {@code bytes} in one piece and returns every frame the decoder emitted. */
    static List<Frame> decode(byte[] bytes, int maxFrameBytes) {
        EmbeddedChannel channel = decoderChannel(maxFrameBytes);
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        List<Frame> frames = drain(channel);
        channel.finishAndReleaseAll();
        return frames;
    }

    static List<Frame> drain(EmbeddedChannel channel) {
        List<Frame> frames = new ArrayList<>();
        Frame frame;
        while ((frame = channel.readInbound()) != null) {
            frames.add(frame);
        }
        return frames;
    }

    /** The exception the decoder raises for {@code bytes}, unwrapped from netty's {@link DecoderException}. */
    static Throwable decodeFailure(byte[] bytes) {
        EmbeddedChannel channel = decoderChannel(1 << 20);
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        } catch (DecoderException e) {
            return e.getCause() instanceof MalformedFrameException ? e.getCause() : e;
        } finally {
            channel.finishAndReleaseAll();
        }
        throw new AssertionError("decoder accepted " + HexFormat.ofDelimiter(" ").formatHex(bytes));
    }

    /** Parses "00 00 00 1B  4D 42 ..." (any whitespace) into bytes. */
    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s+", ""));
    }
}
