package org.mysqlbackup.protocol;

import io.netty.channel.ChannelHandler;
import org.apache.camel.component.netty.DefaultChannelHandlerFactory;

/**
 * Gives camel-netty a fresh {@link FrameDecoder} for every channel (decoders keep per-connection
 * state). Referenced from the route URIs as {@code decoders=#frameDecoder}.
 */
public class FrameDecoderFactory extends DefaultChannelHandlerFactory {
    private final int maxFrameBytes;
    private final ReceiveBudget budget;

    /** @param maxFrameBytes largest accepted frame, length prefix included */
    public FrameDecoderFactory(int maxFrameBytes) {
        this(maxFrameBytes, null);
    }

    /** @param budget shared by the decoders of all connections; null for no cap */
    public FrameDecoderFactory(int maxFrameBytes, ReceiveBudget budget) {
        if (maxFrameBytes < FrameLayout.LENGTH_FIELD_BYTES + FrameLayout.HEADER_BYTES) {
            throw new IllegalArgumentException("maximum frame size " + maxFrameBytes + " cannot hold a frame header");
        }
        this.maxFrameBytes = maxFrameBytes;
        this.budget = budget;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    @Override
    public ChannelHandler newChannelHandler() {
        return new FrameDecoder(maxFrameBytes, budget);
    }
}
