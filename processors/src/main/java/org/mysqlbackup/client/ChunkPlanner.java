package org.mysqlbackup.client;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.protocol.Frame;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.protocol.TransferAccepted;
import org.mysqlbackup.transfer.ChunkLayout;
import org.mysqlbackup.transfer.ChunkRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the server's ACCEPTED answer and lists the chunks it does not hold yet. The list holds
 * positions only; bytes are read by {@link ChunkLoader} when a chunk's turn comes, so memory is
 * bounded by the chunks in flight, not by the file.
 */
public class ChunkPlanner implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkPlanner.class);

    private final MessageCodec codec;
    private final ProgressReporter progress;

    public ChunkPlanner(MessageCodec codec, ProgressReporter progress) {
        this.codec = codec;
        this.progress = progress;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = BackupRun.of(exchange);
        Frame frame = Frame.of(exchange);
        TransferAccepted accepted = codec.read(frame, TransferAccepted.class);
        ChunkLayout layout = new ChunkLayout(run.archive().size(), run.chunkSize());
        if (accepted.chunkCount() != layout.chunkCount()) {
            throw new IllegalStateException("server expects " + accepted.chunkCount() + " chunks, client has "
                    + layout.chunkCount());
        }
        BitSet held = BitSet.valueOf(frame.payload());
        List<ChunkRef> toSend = new ArrayList<>(layout.chunkCount() - held.cardinality());
        long bytesToSend = 0;
        for (int i = 0; i < layout.chunkCount(); i++) {
            if (!held.get(i)) {
                toSend.add(new ChunkRef(i, layout.offset(i), layout.length(i)));
                bytesToSend += layout.length(i);
            }
        }
        run.progress().start(run.archive().size(), run.archive().size() - bytesToSend);
        LOG.info("Transfer {}: {} chunks of {} bytes, server holds {}, sending {}", run.delivery().transferId(),
                layout.chunkCount(), run.chunkSize(), held.cardinality(), toSend.size());
        progress.report(run);
        exchange.getMessage().setBody(toSend);
    }
}
