package org.mysqlbackup.verify;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import org.mysqlbackup.config.PositionedReadChannel;

/**
 * A read-only view of a file that digests its bytes in file order while a zip reader reads it, so
 * one pass over the file both checks the archive and hashes it. The zip reader jumps: it reads the
 * central directory at the end first (hashing is off then) and later skips the local headers
 * between entries; bytes read at or behind the hashed prefix are not digested again, and a read
 * ahead of it first digests the gap. {@link #finish()} digests what no read reached. Every byte
 * taken from the disk passes the rate limiter. Closing it leaves the file open; its opener closes it.
 */
final class HashingChannel extends PositionedReadChannel {
    private static final int GAP_BUFFER = 64 * 1024;

    private final FileChannel file;
    private final MessageDigest digest;
    private final ReadRateLimiter limiter;
    private long hashed;
    private boolean hashing;
    private long bytesRead;

    HashingChannel(FileChannel file, MessageDigest digest, ReadRateLimiter limiter) {
        this.file = file;
        this.digest = digest;
        this.limiter = limiter;
    }

    /** From now on reads are digested in file order. */
    void startHashing() {
        hashing = true;
    }

    /** Digests the rest of the file and returns the digest of all of it. */
    byte[] finish() throws IOException {
        hashUpTo(file.size());
        return digest.digest();
    }

    /** Bytes taken from the disk so far. */
    long bytesRead() {
        return bytesRead;
    }

    long hashedBytes() {
        return hashed;
    }

    @Override
    protected int readAt(ByteBuffer dst, long from) throws IOException {
        if (hashing && from > hashed) {
            hashUpTo(from);
        }
        int start = dst.position();
        int n = file.read(dst, from);
        if (n <= 0) {
            return n;
        }
        throttle(n);
        long end = from + n;
        if (hashing && end > hashed) {
            // digest only the part beyond the hashed prefix
            int skip = (int) (hashed - from);
            ByteBuffer fresh = dst.duplicate();
            fresh.position(start + skip).limit(start + n);
            digest.update(fresh);
            hashed = end;
        }
        return n;
    }

    private void hashUpTo(long end) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(GAP_BUFFER);
        while (hashed < end) {
            buffer.clear().limit((int) Math.min(GAP_BUFFER, end - hashed));
            int n = file.read(buffer, hashed);
            if (n < 0) {
                throw new IOException("the file ended at byte " + hashed + " while it was read");
            }
            throttle(n);
            buffer.flip();
            digest.update(buffer);
            hashed += n;
        }
    }

    private void throttle(int n) throws IOException {
        bytesRead += n;
        try {
            limiter.acquire(n);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("verify interrupted");
        }
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public boolean isOpen() {
        return file.isOpen();
    }

    /** Left open: the zip reader closes its channel when it gives up, the digest still has to be finished. */
    @Override
    public void close() {
    }
}
