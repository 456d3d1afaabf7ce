package org.mysqlbackup.fetch;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Optional;
import org.mysqlbackup.config.PositionedReadChannel;

/**
 * A backup file being fetched, readable while its chunks arrive: {@link #channel()} is a read-only
 * channel whose reads wait until every chunk they touch is written (and checked against its
 * SHA-256). A reader can so unpack entries right behind the download. It has no say on whether the
 * file is good: {@link #awaitVerified()} waits for the whole-file SHA-256, which the reader must
 * see before it lets anything it made from the bytes go into use.
 *
 * <p>Every wait is bounded by {@code stall}: the longest time without a new chunk (or, at the end,
 * the verification) before a read fails; a failed fetch fails every waiting and later read with
 * its reason.
 */
public final class ArrivingFile implements FetchObserver, AutoCloseable {
    private final Duration stall;
    private StoredBackupInfo info;
    private long size = -1;
    private int chunkSize;
    private BitSet done;
    private FileChannel file;
    private Throwable failure;
    private Path verified;
    private boolean closed;
    private final ArrayDeque<Integer> wanted = new ArrayDeque<>();
    private final BitSet asked = new BitSet();

    public ArrivingFile(Duration stall) {
        this.stall = stall;
    }

    @Override
    public synchronized void started(StoredBackupInfo info, Path part, int chunkSize, BitSet done) {
        try {
            this.file = FileChannel.open(part, StandardOpenOption.READ);
        } catch (IOException e) {
            failure = e;
        }
        this.info = info;
        this.size = info.size();
        this.chunkSize = chunkSize;
        this.done = (BitSet) done.clone();
        notifyAll();
    }

    @Override
    public synchronized void written(int index) {
        done.set(index);
        notifyAll();
    }

    @Override
    public synchronized void verified(Path zip) {
        verified = zip;
        notifyAll();
    }

    @Override
    public synchronized void failed(Throwable failure) {
        if (this.failure == null) {
            this.failure = failure;
        }
        notifyAll();
    }

    /** The backup being fetched, once the server has answered. */
    public synchronized StoredBackupInfo info() throws IOException {
        awaitStart();
        return info;
    }

    @Override
    public synchronized int wanted() {
        Integer next = wanted.poll();
        return next == null ? -1 : next;
    }

    /** Why the fetch stopped, once it has (every read fails with it from then on). */
    public synchronized Optional<IOException> failure() {
        return failure == null ? Optional.empty() : Optional.of(stopped());
    }

    /** A read-only channel over the file, its reads waiting for their chunks. Not thread-safe (a position). */
    public SeekableByteChannel channel() throws IOException {
        synchronized (this) {
            awaitStart();
        }
        return new Reader();
    }

    /** Waits for the whole-file SHA-256 to be checked; the fetched file's path. */
    public synchronized Path awaitVerified() throws IOException {
        long deadline = deadline();
        while (verified == null) {
            check();
            deadline = waitUntil(deadline, false);
        }
        return verified;
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        notifyAll();
        if (file != null) {
            file.close();
        }
    }

    private void awaitStart() throws IOException {
        long deadline = deadline();
        while (size < 0) {
            check();
            deadline = waitUntil(deadline, false);
        }
        check();
    }

    /** Waits until the chunks holding bytes [position, position + length) are written. */
    private synchronized void awaitBytes(long position, long length) throws IOException {
        if (length <= 0) {
            return;
        }
        int first = (int) (position / chunkSize);
        int last = (int) ((position + length - 1) / chunkSize);
        long deadline = deadline();
        while (true) {
            check();
            int missing = done.nextClearBit(first);
            if (missing > last) {
                return;
            }
            for (int index = missing; index <= last && index < missing + 8; index++) {
                if (!done.get(index) && !asked.get(index)) {
                    asked.set(index);
                    wanted.add(index);
                }
            }
            deadline = waitUntil(deadline, true);
        }
    }

    private void check() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        if (failure != null) {
            throw stopped();
        }
    }

    private IOException stopped() {
        return new IOException("the fetch stopped: " + failure.getMessage(), failure);
    }

    private long deadline() {
        return System.nanoTime() + stall.toNanos();
    }

    /** Waits for a notification; a new chunk gives the next one a fresh {@code stall}. */
    private long waitUntil(long deadline, boolean chunkCounts) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new IOException("no progress from the fetch for " + stall.toSeconds() + " s"
                    + (info == null ? "" : " (backup " + info.id() + ")"));
        }
        int before = done == null ? 0 : done.cardinality();
        try {
            wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the fetch");
        }
        boolean progressed = done != null && done.cardinality() != before;
        return chunkCounts && progressed ? deadline() : deadline;
    }

    private final class Reader extends PositionedReadChannel {
        @Override
        protected int readAt(ByteBuffer dst, long at) throws IOException {
            if (at >= size) {
                return -1;
            }
            int length = (int) Math.min(dst.remaining(), size - at);
            awaitBytes(at, length);
            ByteBuffer window = dst.slice().limit(length);
            int read = file.read(window, at);
            if (read > 0) {
                dst.position(dst.position() + read);
            }
            return read;
        }

        @Override
        public long size() {
            return size;
        }
    }
}
