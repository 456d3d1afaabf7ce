package org.mysqlbackup.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.protocol.ChunkHeader;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.transfer.ChunkRef;
import org.mysqlbackup.transfer.Digests;

/**
 * Reads one chunk of the snapshot and wraps it, with its SHA-256, in a CHUNK frame. The chunk to
 * read is the exchange property {@link #CHUNK_PROPERTY}, set by the splitter before the send, so a
 * redelivery (whose body is by then the server's reply) reads the same chunk again.
 */
public class ChunkLoader implements Processor {
    public static final String CHUNK_PROPERTY = "chunk";

    private final MessageCodec codec;

    public ChunkLoader(MessageCodec codec) {
        this.codec = codec;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = BackupRun.of(exchange);
        ChunkRef chunk = chunkOf(exchange);
        run.checkNotCancelled();
        if (run.outcome().isPresent()) {
            // a chunk still queued (or retrying) after the transfer failed: the backup is over
            throw new IllegalStateException("backup " + run.logId() + " has ended; chunk " + chunk.index() + " not sent");
        }
        byte[] bytes = read(run, chunk);
        exchange.getMessage().setBody(codec.frame(new ChunkHeader(run.delivery().transferId(), chunk.index(), chunk.offset(),
                chunk.length(), Digests.sha256Hex(bytes)), bytes));
    }

    static ChunkRef chunkOf(Exchange exchange) {
        ChunkRef chunk = exchange.getProperty(CHUNK_PROPERTY, ChunkRef.class);
        if (chunk == null) {
            throw new IllegalStateException("no '" + CHUNK_PROPERTY + "' property: the route must set it before a send");
        }
        return chunk;
    }

    private static byte[] read(BackupRun run, ChunkRef chunk) {
        byte[] bytes = new byte[chunk.length()];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try (FileChannel file = FileChannel.open(run.archive().zip().orElseThrow(), StandardOpenOption.READ)) {
            long position = chunk.offset();
            while (buffer.hasRemaining()) {
                int n = file.read(buffer, position);
                if (n < 0) {
                    throw new IOException("snapshot ended at " + position + " before chunk " + chunk.index() + " did");
                }
                position += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read chunk " + chunk.index() + " of " + run.archive().zip().orElseThrow()
                    + ": " + e.getMessage(), e);
        }
        return bytes;
    }
}
