package org.mysqlbackup.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.transfer.ChunkLayout;

/**
 * A transfer being received: its staging file, open for positional writes (chunks arrive on
 * several connections at once and in any order), and which chunks are in it.
 */
public final class IncomingTransfer implements AutoCloseable {
    private final String clientId;
    private final InitTransfer init;
    private final ChunkLayout layout;
    private final Path stagingFile;
    private final long logId;
    private final FileChannel channel;
    private final BitSet received;

    /** A new transfer: an empty staging file (an old one of the same name is truncated). */
    IncomingTransfer(String clientId, InitTransfer init, Path stagingFile, long logId) throws IOException {
        this(clientId, init, stagingFile, logId, new BitSet());
    }

    /**
     * A transfer continued from its staging file, which holds the chunks in {@code held}; an
     * empty {@code held} starts the file over.
     */
    IncomingTransfer(String clientId, InitTransfer init, Path stagingFile, long logId, BitSet held) throws IOException {
        this.clientId = clientId;
        this.init = init;
        this.layout = new ChunkLayout(init.fileSize(), init.chunkSize());
        this.stagingFile = stagingFile;
        this.logId = logId;
        this.received = (BitSet) held.clone();
        this.channel = held.isEmpty()
                ? FileChannel.open(stagingFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING)
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
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long position = layout.offset(index);
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        synchronized (received) {
            received.set(index);
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

    /** Flushes the staging file to stable storage. */
    public void sync() throws IOException {
        channel.force(true);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
