package org.mysqlbackup.fetch;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.mysqlbackup.protocol.BackupList;
import org.mysqlbackup.protocol.ChunkData;
import org.mysqlbackup.protocol.ErrorCode;
import org.mysqlbackup.protocol.FetchChunk;
import org.mysqlbackup.protocol.FetchOpen;
import org.mysqlbackup.protocol.FetchReady;
import org.mysqlbackup.protocol.ListQuery;
import org.mysqlbackup.protocol.ListedBackup;
import org.mysqlbackup.protocol.ProtocolException;
import org.mysqlbackup.transfer.Digests;

/**
 * A server that holds one backup in memory and answers as the real one does: chunks cut from the
 * file at their offset, each with its SHA-256. It can lose the network after a number of chunks
 * and can announce a whole-file SHA-256 that the bytes do not have.
 */
final class MemoryFetchChannel implements FetchChannel {
    final List<Integer> asked = Collections.synchronizedList(new ArrayList<>());
    private final byte[] file;
    private final int chunkSize;
    private final String announcedSha256;
    private final AtomicInteger served = new AtomicInteger();
    private volatile int failAfter = Integer.MAX_VALUE;

    MemoryFetchChannel(byte[] file, int chunkSize) {
        this(file, chunkSize, Digests.sha256Hex(file));
    }

    MemoryFetchChannel(byte[] file, int chunkSize, String announcedSha256) {
        this.file = file;
        this.chunkSize = chunkSize;
        this.announcedSha256 = announcedSha256;
    }

    /** After {@code chunks} more chunks, every request fails as a cut network does. */
    void cutAfter(int chunks) {
        served.set(0);
        failAfter = chunks;
    }

    void heal() {
        failAfter = Integer.MAX_VALUE;
    }

    ListedBackup listed() {
        return new ListedBackup(7, "c1", "db1", 1_000L, file.length, announcedSha256, "c1_db1.zip", null, null);
    }

    @Override
    public BackupList list(ListQuery query) {
        return new BackupList(List.of(listed()), false);
    }

    @Override
    public FetchReady open(FetchOpen open) {
        if (open.backupId() != null && open.backupId() != 7) {
            throw new ProtocolException(ErrorCode.NO_SUCH_BACKUP, "no stored backup with id " + open.backupId());
        }
        int size = Math.min(chunkSize, open.maxChunkSize());
        return new FetchReady(listed(), size, FetchReady.chunkCount(file.length, size));
    }

    @Override
    public ReceivedChunk chunk(FetchChunk chunk, int length) {
        if (served.incrementAndGet() > failAfter) {
            throw new UncheckedIOException(new java.net.SocketException("Connection reset"));
        }
        asked.add(chunk.index());
        int offset = chunk.index() * chunk.chunkSize();
        byte[] bytes = Arrays.copyOfRange(file, offset, offset + length);
        return new ReceivedChunk(new ChunkData(7, chunk.index(), offset, length, Digests.sha256Hex(bytes)), bytes);
    }
}
