package org.mysqlbackup.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Turns the byte stream of one connection into {@link Frame}s. Stateful: one instance per
 * channel, made by {@link FrameDecoderFactory}.
 *
 * <h2>Frame layout (big-endian)</h2>
 * <pre>
 * offset  size  field
 *      0     4  length    bytes that follow this field: 8 + metadata length + payload length
 *      4     2  magic     0x4D42 ("MB")
 *      6     1  version   1
 *      7     1  type      {@link FrameType} code
 *      8     4  metaLen   length M of the metadata, 0..65536
 *     12     M  metadata  UTF-8 JSON of the message record
 *   12+M     P  payload   raw bytes, P = length - 8 - M
 * </pre>
 * Example: a FINALIZE frame whose metadata is {@code {"transferId":"t1"}} (19 bytes), no payload:
 * <pre>
 * 00 00 00 1B  4D 42  01  05  00 00 00 13  7B 22 74 72 61 6E 73 66 65 72 49 64 22 3A 22 74 31 22 7D
 * length=27    magic  v1  FINALIZE  M=19   {"transferId":"t1"}
 * </pre>
 *
 * <p>Every length is checked before anything is allocated: the length prefix against the
 * configured maximum frame size (the netty {@link LengthFieldBasedFrameDecoder} fails fast on it
 * without buffering the body), the metadata length against {@link FrameLayout#MAX_METADATA_BYTES}
 * and against the frame it sits in. Any violation throws, and the channel's exception handler
 * closes that connection only. With a {@link ReceiveBudget}, a large (chunk) frame is only
 * buffered once the budget has room for it, so memory stays bounded however many clients send.
 */
public class FrameDecoder extends LengthFieldBasedFrameDecoder {
    /** Frames up to this size are requests of a few fields: they never wait for the budget. */
    private static final int SMALL_FRAME = FrameLayout.HEADER_BYTES + FrameLayout.MAX_METADATA_BYTES;

    private final ReceiveBudget budget;
    private final int maxFrameBytes;
    private long lease;
    /** Reads are paused until the budget has room for the frame at the front of the buffer. */
    private boolean waiting;

    /** @param maxFrameBytes largest accepted frame, length prefix included */
    public FrameDecoder(int maxFrameBytes) {
        this(maxFrameBytes, null);
    }

    /**
     * @param budget shared cap on the bytes of large frames held at once (null: no cap); a frame
     *               that does not fit pauses this connection's reads until it does
     */
    public FrameDecoder(int maxFrameBytes, ReceiveBudget budget) {
        super(maxFrameBytes, 0, FrameLayout.LENGTH_FIELD_BYTES, 0, FrameLayout.LENGTH_FIELD_BYTES, true);
        // a chunk frame of megabytes is kept as the TLS layer's buffers, never copied into ever larger ones
        setCumulator(COMPOSITE_CUMULATOR);
        this.budget = budget;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (!reserve(ctx, in)) {
            return null;
        }
        ByteBuf body = (ByteBuf) super.decode(ctx, in);
        if (body == null) {
            return null;
        }
        long frameLease = lease;
        lease = 0;
        try {
            Frame frame = parse(body);
            if (frameLease > 0) {
                frame.onRelease(() -> budget.release(frameLease));
            }
            return frame;
        } catch (RuntimeException e) {
            if (frameLease > 0) {
                budget.release(frameLease);
            }
            throw e;
        } finally {
            body.release();
        }
    }

    /**
     * Reserves the budget for the large frame whose length prefix is at the front of {@code in};
     * false (and reads paused) if it does not fit yet.
     */
    private boolean reserve(ChannelHandlerContext ctx, ByteBuf in) {
        if (budget == null || lease > 0 || in.readableBytes() < FrameLayout.LENGTH_FIELD_BYTES) {
            return true;
        }
        long length = in.getUnsignedInt(in.readerIndex());
        if (length <= SMALL_FRAME || length + FrameLayout.LENGTH_FIELD_BYTES > maxFrameBytes) {
            // small frames never wait; an oversized one must fail at once, not queue for budget
            return true;
        }
        if (budget.tryAcquire(length)) {
            lease = length;
            return true;
        }
        waiting = true;
        ctx.channel().config().setAutoRead(false);
        budget.whenReleased(() -> ctx.executor().execute(() -> resume(ctx)));
        return false;
    }

    /**
     * While paused, asks for no more bytes: the base class would otherwise request another read
     * whenever one produced no frame, which with reads switched off is exactly the paused case.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (waiting) {
            ctx.fireChannelReadComplete();
        } else {
            super.channelReadComplete(ctx);
        }
    }

    private void resume(ChannelHandlerContext ctx) {
        if (ctx.isRemoved()) {
            return;
        }
        waiting = false;
        ctx.channel().config().setAutoRead(true);
        try {
            // decode what is already buffered; more arrives through the reads switched back on
            channelRead(ctx, Unpooled.EMPTY_BUFFER);
        } catch (Exception e) {
            ctx.fireExceptionCaught(e);
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        if (lease > 0) {
            budget.release(lease);
            lease = 0;
        }
        super.handlerRemoved0(ctx);
    }

    /**
     * Parses one frame body (everything after the length prefix). A CHUNK's payload stays a slice
     * of {@code body} (retained, owned by the frame); other payloads are small and copied.
     */
    static Frame parse(ByteBuf body) {
        int length = body.readableBytes();
        if (length < FrameLayout.HEADER_BYTES) {
            throw new MalformedFrameException("frame of " + length + " bytes is shorter than the "
                    + FrameLayout.HEADER_BYTES + "-byte header");
        }
        short magic = body.readShort();
        if (magic != FrameLayout.MAGIC) {
            throw new MalformedFrameException(String.format("bad magic 0x%04X, not a mysql-backup peer", magic));
        }
        byte version = body.readByte();
        if (version != FrameLayout.VERSION) {
            throw new MalformedFrameException("unsupported protocol version " + version
                    + " (this side speaks " + FrameLayout.VERSION + ")");
        }
        FrameType type = FrameType.ofCode(body.readByte());
        int metadataLength = body.readInt();
        if (metadataLength < 0 || metadataLength > FrameLayout.MAX_METADATA_BYTES) {
            throw new MalformedFrameException("metadata length " + metadataLength + " outside 0.."
                    + FrameLayout.MAX_METADATA_BYTES);
        }
        if (metadataLength > body.readableBytes()) {
            throw new MalformedFrameException("metadata length " + metadataLength + " exceeds the "
                    + body.readableBytes() + " bytes left in the frame");
        }
        byte[] metadata = new byte[metadataLength];
        body.readBytes(metadata);
        if (type == FrameType.CHUNK) {
            return Frame.withBuffer(type, metadata, body.readRetainedSlice(body.readableBytes()));
        }
        byte[] payload = new byte[body.readableBytes()];
        body.readBytes(payload);
        return new Frame(type, metadata, payload);
    }
}
