package org.mysqlbackup.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.BitSet;
import org.mysqlbackup.transfer.ChunkLayout;
import org.mysqlbackup.transfer.Digests;

/**
 * The whole-file SHA-256 and MD5 of a staging file, computed while the transfer is still running:
 * whenever the chunks at the front of the file are all in, they are read back (from the page
 * cache) and hashed, and every {@code flushBytes} the file is flushed to disk. FINALIZE then only
 * has the tail to hash and to flush, instead of reading the whole file again and waiting for all
 * of it to reach the disk. After a server restart it starts from the front of the file again.
 */
final class StagingDigest {
    private static final int READ_BUFFER = 1 << 20;

    private final ChunkLayout layout;
    private final long flushBytes;
    private final MessageDigest sha256 = Digests.sha256();
    private final MessageDigest md5 = Digests.md5();
    private ByteBuffer buffer;
    private int nextChunk;
    private long hashed;
    private long flushedUpTo;
    private Result result;

    StagingDigest(ChunkLayout layout, long flushBytes) {
        this.layout = layout;
        this.flushBytes = flushBytes;
    }

    /** Hashes the chunks at the front of the file that have arrived since the last call. */
    synchronized void catchUp(FileChannel channel, BitSet received) throws IOException {
        while (nextChunk < layout.chunkCount() && received.get(nextChunk)) {
            hash(channel, layout.offset(nextChunk), layout.length(nextChunk));
            nextChunk++;
            if (hashed - flushedUpTo >= flushBytes) {
                channel.force(false);
                flushedUpTo = hashed;
            }
        }
    }

    /**
     * Completes the digests (every chunk must have arrived) and flushes the file to stable
     * storage. Asked again (a FINALIZE retried after a failure placing the file), it gives the
     * same answer: the digests cannot be completed twice.
     */
    synchronized Result finish(FileChannel channel, BitSet received) throws IOException {
        if (result != null) {
            return result;
        }
        catchUp(channel, received);
        if (nextChunk != layout.chunkCount()) {
            throw new IllegalStateException("chunk " + nextChunk + " is missing");
        }
        channel.force(true);
        buffer = null;
        result = new Result(hashed, Digests.hex(sha256), Digests.hex(md5));
        return result;
    }

    private void hash(FileChannel channel, long offset, int length) throws IOException {
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(READ_BUFFER);
        }
        long position = offset;
        long end = offset + length;
        while (position < end) {
            buffer.clear().limit((int) Math.min(READ_BUFFER, end - position));
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("staging file ends at " + position + ", before " + end);
            }
            buffer.flip();
            sha256.update(buffer.duplicate());
            md5.update(buffer);
            position += n;
        }
        hashed += length;
    }

    record Result(long size, String sha256, String md5) {
    }
}
