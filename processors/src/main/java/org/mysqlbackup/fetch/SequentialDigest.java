package org.mysqlbackup.fetch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.BitSet;
import org.mysqlbackup.transfer.Digests;

/**
 * The whole-file SHA-256 of a file whose chunks arrive in any order, computed while they arrive:
 * a chunk that continues the hashed prefix is hashed from memory as it is written; one that arrives
 * early is hashed later from the part file (the page cache, usually), when the prefix reaches it.
 * At most one thread hashes at a time and none waits for it: a thread that finds another hashing
 * only marks its chunk, and the hashing thread goes on through it. So the file is read back only
 * for chunks that overtook others, and the check is done when the last chunk is.
 */
final class SequentialDigest {
    private final FileChannel file;
    private final long size;
    private final int chunkSize;
    private final int chunkCount;
    private final MessageDigest digest = Digests.sha256();
    private final BitSet done;
    private ByteBuffer readBack;
    private int next;
    private boolean hashing;

    SequentialDigest(FileChannel file, long size, int chunkSize, int chunkCount, BitSet written) {
        this.file = file;
        this.size = size;
        this.chunkSize = chunkSize;
        this.chunkCount = chunkCount;
        this.done = (BitSet) written.clone();
    }

    /** Chunk {@code index} is in the file; {@code bytes} are its bytes, hashed now if they are next. */
    void written(int index, byte[] bytes) throws IOException {
        byte[] first;
        synchronized (this) {
            done.set(index);
            if (hashing || !done.get(next) || next >= chunkCount) {
                return;
            }
            hashing = true;
            first = index == next ? bytes : null;
        }
        hashFromNext(first);
    }

    /** Hashes whatever written prefix is not hashed yet (chunks found written at the start). */
    void catchUp() throws IOException {
        synchronized (this) {
            if (hashing || next >= chunkCount || !done.get(next)) {
                return;
            }
            hashing = true;
        }
        hashFromNext(null);
    }

    private void hashFromNext(byte[] first) throws IOException {
        byte[] bytes = first;
        try {
            while (true) {
                int index;
                synchronized (this) {
                    index = next;
                }
                if (bytes != null) {
                    digest.update(bytes);
                } else {
                    hashFromFile(index);
                }
                bytes = null;
                synchronized (this) {
                    next++;
                    if (next >= chunkCount || !done.get(next)) {
                        hashing = false;
                        return;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                hashing = false;
            }
            throw e;
        }
    }

    private void hashFromFile(int index) throws IOException {
        long offset = (long) index * chunkSize;
        int length = (int) Math.min(chunkSize, size - offset);
        if (readBack == null) {
            readBack = ByteBuffer.allocate(chunkSize);
        }
        readBack.clear().limit(length);
        long position = offset;
        while (readBack.hasRemaining()) {
            int n = file.read(readBack, position);
            if (n < 0) {
                throw new IOException("the part file ended at " + position + " before chunk " + index + " did");
            }
            position += n;
        }
        readBack.flip();
        digest.update(readBack);
    }

    /** The hex SHA-256, once every chunk is hashed. */
    synchronized String hex() {
        if (next < chunkCount || hashing) {
            throw new IllegalStateException("only " + next + " of " + chunkCount + " chunks are hashed");
        }
        return Digests.hex(digest);
    }
}
