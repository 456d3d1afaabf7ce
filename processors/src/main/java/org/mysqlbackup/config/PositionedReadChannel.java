package org.mysqlbackup.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only channel whose reads are made at its position by {@link #readAt}: it keeps the
 * position, refuses writing and truncating, and is closed by {@link #close()}. Not thread-safe.
 */
public abstract class PositionedReadChannel implements SeekableByteChannel {
    private long position;
    private boolean open = true;

    /** Reads into {@code dst} from byte {@code at}; the bytes read, or -1 at the end. */
    protected abstract int readAt(ByteBuffer dst, long at) throws IOException;

    @Override
    public final int read(ByteBuffer dst) throws IOException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
        int n = readAt(dst, position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public final int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public final long position() {
        return position;
    }

    @Override
    public final SeekableByteChannel position(long newPosition) {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public final SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        open = false;
    }
}
