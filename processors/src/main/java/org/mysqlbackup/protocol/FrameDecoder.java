package org.mysqlbackup.protocol;

import io.netty.buffer.ByteBuf;
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
 * closes that connection only.
 */
public class FrameDecoder extends LengthFieldBasedFrameDecoder {

    /** @param maxFrameBytes largest accepted frame, length prefix included */
    public FrameDecoder(int maxFrameBytes) {
        super(maxFrameBytes, 0, FrameLayout.LENGTH_FIELD_BYTES, 0, FrameLayout.LENGTH_FIELD_BYTES, true);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        ByteBuf body = (ByteBuf) super.decode(ctx, in);
        if (body == null) {
            return null;
        }
        try {
            return parse(body);
        } finally {
            body.release();
        }
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
