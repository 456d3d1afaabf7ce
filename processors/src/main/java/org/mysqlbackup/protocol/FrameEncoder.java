package org.mysqlbackup.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes {@link Frame}s in the layout documented on {@link FrameDecoder}. Stateless and shared
 * by all channels. The payload is wrapped, not copied, so a chunk is not duplicated in memory on
 * its way to the TLS handler.
 *
 * <p>camel-netty writes the exception itself as the reply when a server route fails without
 * handling it; such a throwable leaves as an {@link FrameType#ERROR} frame so the client learns
 * the reason instead of waiting for a timeout.
 */
@Sharable
public class FrameEncoder extends MessageToMessageEncoder<Object> {
    private final MessageCodec codec;

    public FrameEncoder(MessageCodec codec) {
        this.codec = codec;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        Frame frame = msg instanceof Throwable failure ? codec.error(failure) : (Frame) msg;
        ByteBuf header = ctx.alloc().buffer(FrameLayout.LENGTH_FIELD_BYTES + FrameLayout.HEADER_BYTES);
        header.writeInt(FrameLayout.HEADER_BYTES + frame.metadata().length + frame.payloadLength());
        header.writeShort(FrameLayout.MAGIC);
        header.writeByte(FrameLayout.VERSION);
        header.writeByte(frame.type().code());
        header.writeInt(frame.metadata().length);
        // the encoder releases the frame after this method; the payload lives on in the composite
        out.add(Unpooled.wrappedBuffer(header, Unpooled.wrappedBuffer(frame.metadata()), frame.retainedPayload()));
    }
}
