package org.mysqlbackup.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.transfer.ChunkLayout;

/**
 * A transfer being received: its staging file, open for positional writes (chunks arrive on
 * several connections at once and in any order), which chunks are in it, and the whole-file
 * digests, advanced in the background as the front of the file fills ({@link StagingDigest}).
 */
public final class IncomingTransfer implements AutoCloseable {
    /** Flush the staging file every so many bytes, so FINALIZE waits only for the tail to reach the disk. */
    static final long DEFAULT_FLUSH_BYTES = 64L << 20;

    private final String clientId;
    private final InitTransfer init;
    private final ChunkLayout layout;
    private final Path stagingFile;
    private final long logId;
    private final FileChannel channel;
    private final BitSet received;
    private final StagingDigest digest;
    private final Executor digestExecutor;
    private final AtomicBoolean digestQueued = new AtomicBoolean();
    private volatile IOException digestFailure;

    /** A new transfer, digested on the writing thread: an empty staging file (an old one is truncated). */
    IncomingTransfer(String clientId, InitTransfer init, Path stagingFile, long logId) throws IOException {
        this(clientId, init, stagingFile, logId, new BitSet(), Runnable::run, DEFAULT_FLUSH_BYTES);
    }

    /**
     * A transfer continued from its staging file, which holds the chunks in {@code held} (an
     * empty {@code held} starts the file over); its digests advance on {@code digestExecutor} and
     * the file is flushed every {@code flushBytes}.
     */
    IncomingTransfer(String clientId, InitTransfer init, Path stagingFile, long logId, BitSet held,
                     Executor digestExecutor, long flushBytes) throws IOException {
        this.clientId = clientId;
        this.init = init;
        this.layout = new ChunkLayout(init.fileSize(), init.chunkSize());
        this.stagingFile = stagingFile;
        this.logId = logId;
        this.received = (BitSet) held.clone();
        this.digest = new StagingDigest(layout, flushBytes);
        this.digestExecutor = digestExecutor;
        // created 0600: the stored backup is this file, hard-linked, so it keeps the mode
        this.channel = held.isEmpty()
                ? FileChannel.open(stagingFile, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING), StorageLayout.privateFile())
                : FileChannel.open(stagingFile, StandardOpenOption.WRITE, StandardOpenOption.READ);
    }

    public String transferId() {
        return init.transferId();
    }

    public String clientId() {
        return clientId;
    }

    public InitTransfer init() {
        return init;
    }

    public ChunkLayout layout() {
        return layout;
    }

    public Path stagingFile() {
        return stagingFile;
    }

    public long logId() {
        return logId;
    }

    /** Writes a verified chunk at its offset; safe to call from several threads for different chunks. */
    public void write(int index, byte[] bytes) throws IOException {
        write(index, ByteBuffer.wrap(bytes));
    }

    /** Like {@link #write(int, byte[])}, from buffers (a direct buffer goes to the file without a copy). */
    public void write(int index, ByteBuffer... buffers) throws IOException {
        long position = layout.offset(index);
        for (ByteBuffer source : buffers) {
            ByteBuffer buffer = source.duplicate();
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
        }
        synchronized (received) {
            received.set(index);
        }
        scheduleDigest();
    }

    /**
     * Completes the whole-file digests and flushes the file to stable storage; every chunk must
     * be in.
     */
    StagingDigest.Result finishDigest() throws IOException {
        if (digestFailure != null) {
            throw digestFailure;
        }
        return digest.finish(channel, received());
    }

    private void scheduleDigest() {
        if (digestQueued.compareAndSet(false, true)) {
            digestExecutor.execute(() -> {
                digestQueued.set(false);
                try {
                    digest.catchUp(channel, received());
                } catch (IOException e) {
                    digestFailure = e;
                }
            });
        }
    }

    public boolean has(int index) {
        synchronized (received) {
            return received.get(index);
        }
    }

    public BitSet received() {
        synchronized (received) {
            return (BitSet) received.clone();
        }
    }

    public int missing() {
        synchronized (received) {
            return layout.chunkCount() - received.cardinality();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
