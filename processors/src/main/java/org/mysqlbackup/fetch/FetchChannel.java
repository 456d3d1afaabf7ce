package org.mysqlbackup.fetch;

import org.mysqlbackup.protocol.BackupList;
import org.mysqlbackup.protocol.FetchChunk;
import org.mysqlbackup.protocol.FetchOpen;
import org.mysqlbackup.protocol.FetchReady;
import org.mysqlbackup.protocol.ListQuery;

/**
 * The requests of a fetch, each one frame out and one back, retried as the client's transfer
 * policy says. A failure is thrown as it comes (a {@link org.mysqlbackup.protocol.ProtocolException}
 * for a refusal, an I/O or Camel exception for the network).
 */
public interface FetchChannel {
    BackupList list(ListQuery query);

    FetchReady open(FetchOpen open);

    /** Chunk {@code chunk.index()}, checked to be the chunk asked for, {@code length} bytes, intact. */
    ReceivedChunk chunk(FetchChunk chunk, int length);
}
