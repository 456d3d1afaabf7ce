package org.mysqlbackup.protocol;

import java.util.Objects;

/**
 * One protocol message: a type, small JSON metadata and an optional raw payload.
 * See {@link FrameDecoder} for the byte layout.
 */
public final class Frame {
    private static final byte[] EMPTY = new byte[0];

    private final FrameType type;
    private final byte[] metadata;
    private final byte[] payload;

    public Frame(FrameType type, byte[] metadata, byte[] payload) {
        this.type = Objects.requireNonNull(type, "type");
        this.metadata = metadata == null ? EMPTY : metadata;
        this.payload = payload == null ? EMPTY : payload;
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

    /** Raw bytes (a chunk, a bitmap); empty for most types. Not copied, like {@link #metadata()}. */
    public byte[] payload() {
        return payload;
    }

    @Override
    public String toString() {
        return "Frame[" + type + ", metadata=" + metadata.length + " B, payload=" + payload.length + " B]";
    }
}
