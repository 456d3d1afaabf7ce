package org.mysqlbackup.client;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.protocol.ChunkStored;
import org.mysqlbackup.protocol.ErrorCode;
import org.mysqlbackup.protocol.Frame;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.protocol.ProtocolException;
import org.mysqlbackup.transfer.ChunkRef;

/** Checks the server stored the chunk just sent and records it in {@code TransferLogs}. */
public class ChunkAcknowledger implements Processor {
    private final MessageCodec codec;
    private final BackupLogStore store;
    private final ProgressReporter progress;

    public ChunkAcknowledger(MessageCodec codec, BackupLogStore store, ProgressReporter progress) {
        this.codec = codec;
        this.store = store;
        this.progress = progress;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = BackupRun.of(exchange);
        ChunkRef chunk = ChunkLoader.chunkOf(exchange);
        ChunkStored stored = codec.read(Frame.of(exchange), ChunkStored.class);
        if (stored.index() != chunk.index() || !run.delivery().transferId().equals(stored.transferId())) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "server acknowledged chunk " + stored.index()
                    + " of " + stored.transferId() + " when chunk " + chunk.index() + " was sent");
        }
        store.chunkStored(run.logId(), chunk.index(), chunk.length());
        run.progress().confirmed(chunk.length());
        progress.chunkConfirmed(run);
        exchange.getMessage().setBody(null);
    }
}
