package org.mysqlbackup.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.protocol.ChunkData;
import org.mysqlbackup.protocol.ErrorCode;
import org.mysqlbackup.protocol.FetchChunk;
import org.mysqlbackup.protocol.FetchReady;
import org.mysqlbackup.protocol.Frame;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.protocol.ProtocolException;
import org.mysqlbackup.transfer.Digests;
import org.mysqlbackup.transfer.TransferLimits;

/**
 * Answers FETCH_CHUNK with the chunk's bytes and their SHA-256, read from the stored file at the
 * chunk's offset (one chunk in memory, never the file). Keeps no state between requests: the
 * backup is selected and authorized again for every chunk, so a client may ask on any connection,
 * in any order, after a restart of either side.
 */
public class FetchChunkHandler implements Processor {
    private final MessageCodec codec;
    private final StoredBackups backups;
    private final TransferLimits limits;
    private final AtomicLong served = new AtomicLong();

    public FetchChunkHandler(MessageCodec codec, StoredBackups backups, TransferLimits limits) {
        this.codec = codec;
        this.backups = backups;
        this.limits = limits;
    }

    @Override
    public void process(Exchange exchange) {
        FetchChunk asked = codec.read(Frame.of(exchange), FetchChunk.class);
        if (asked.chunkSize() < TransferLimits.MIN_CHUNK_SIZE || asked.chunkSize() > limits.maxChunkSize()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "chunk size " + asked.chunkSize() + " outside "
                    + TransferLimits.MIN_CHUNK_SIZE + ".." + limits.maxChunkSize());
        }
        StoredBackups.Readable backup = backups.byId(ClientIdentifier.clientId(exchange), asked.backupId());
        long size = backup.row().size();
        int count = FetchReady.chunkCount(size, asked.chunkSize());
        if (asked.index() < 0 || asked.index() >= count) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "backup " + asked.backupId() + " has chunks 0.."
                    + (count - 1) + " in chunks of " + asked.chunkSize() + ", not " + asked.index());
        }
        long offset = (long) asked.index() * asked.chunkSize();
        byte[] bytes = read(backup, offset, (int) Math.min(asked.chunkSize(), size - offset));
        served.incrementAndGet();
        exchange.getMessage().setBody(codec.frame(new ChunkData(asked.backupId(), asked.index(), offset, bytes.length,
                Digests.sha256Hex(bytes)), bytes));
    }

    /** Chunks sent since start (a counter for tests and the operator). */
    public long chunksServed() {
        return served.get();
    }

    private static byte[] read(StoredBackups.Readable backup, long offset, int length) {
        byte[] bytes = new byte[length];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try (FileChannel file = FileChannel.open(backup.file(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long position = offset;
            while (buffer.hasRemaining()) {
                int n = file.read(buffer, position);
                if (n < 0) {
                    throw new IOException("the file ended at " + position + ", before the recorded size");
                }
                position += n;
            }
        } catch (IOException e) {
            // the path stays in the server's log (ErrorReplier sends the client the type only)
            throw new UncheckedIOException("cannot read " + length + " bytes at " + offset + " of " + backup.file()
                    + ": " + e.getMessage(), e);
        }
        return bytes;
    }
}
