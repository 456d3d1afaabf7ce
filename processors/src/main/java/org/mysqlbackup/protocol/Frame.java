package org.mysqlbackup.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One protocol message: a type, small JSON metadata and an optional raw payload. See
 * {@link FrameDecoder} for the byte layout.
 *
 * <p>The payload is either a byte array (small payloads, and everything the client sees) or a
 * slice of netty's receive buffer (chunks arriving at the server, so megabytes are not copied
 * once more on their way to disk). A frame is {@link ReferenceCounted}: camel-netty's channel
 * handler releases it when the exchange that carried it is done, which returns a chunk's buffer
 * to netty's pool; for an array payload releasing does nothing.
 */
public final class Frame extends AbstractReferenceCounted {
    private static final byte[] EMPTY = new byte[0];

    private final FrameType type;
    private final byte[] metadata;
    private final byte[] payloadArray;
    private final ByteBuf payloadBuffer;
    private volatile Runnable onRelease;

    public Frame(FrameType type, byte[] metadata, byte[] payload) {
        this.type = Objects.requireNonNull(type, "type");
        this.metadata = metadata == null ? EMPTY : metadata;
        this.payloadArray = payload == null ? EMPTY : payload;
        this.payloadBuffer = null;
    }

    /** A frame that owns {@code payload}: it is released with the frame. */
    public static Frame withBuffer(FrameType type, byte[] metadata, ByteBuf payload) {
        return new Frame(type, metadata, Objects.requireNonNull(payload, "payload"));
    }

    private Frame(FrameType type, byte[] metadata, ByteBuf payload) {
        this.type = Objects.requireNonNull(type, "type");
        this.metadata = metadata == null ? EMPTY : metadata;
        this.payloadArray = null;
        this.payloadBuffer = payload;
    }

    /** The frame in the body of {@code exchange}. */
    public static Frame of(org.apache.camel.Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof Frame frame) {
            return frame;
        }
        throw new IllegalStateException("expected a protocol frame in exchange " + exchange.getExchangeId()
                + ", got " + (body == null ? "no body" : body.getClass().getName()));
    }

    public FrameType type() {
        return type;
    }

    /** UTF-8 JSON of the message record for this type. Not copied: frames are handed over, not shared. */
    public byte[] metadata() {
        return metadata;
    }

    public int payloadLength() {
        return payloadArray != null ? payloadArray.length : payloadBuffer.readableBytes();
    }

    /** The payload as an array: the array itself, or a copy of a buffer payload (keep those small). */
    public byte[] payload() {
        return payloadArray != null ? payloadArray : ByteBufUtil.getBytes(payloadBuffer);
    }

    /** The payload without copying, as NIO buffers to hash or write; valid until the frame is released. */
    public ByteBuffer[] payloadNioBuffers() {
        return payloadArray != null ? new ByteBuffer[] {ByteBuffer.wrap(payloadArray)} : payloadBuffer.nioBuffers();
    }

    /** The payload as a netty buffer the caller must release (for the encoder). */
    ByteBuf retainedPayload() {
        return payloadArray != null ? Unpooled.wrappedBuffer(payloadArray) : payloadBuffer.retainedDuplicate();
    }

    /** Runs {@code action} when the frame is released (gives back its share of a receive budget). */
    void onRelease(Runnable action) {
        this.onRelease = action;
    }

    @Override
    protected void deallocate() {
        if (payloadBuffer != null) {
            payloadBuffer.release();
        }
        Runnable action = onRelease;
        if (action != null) {
            action.run();
        }
    }

    @Override
    public ReferenceCounted touch(Object hint) {
        if (payloadBuffer != null) {
            payloadBuffer.touch(hint);
        }
        return this;
    }

    @Override
    public String toString() {
        return "Frame[" + type + ", metadata=" + metadata.length + " B, payload=" + payloadLength() + " B]";
    }
}
