package org.mysqlbackup.server;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.protocol.ErrorCode;
import org.mysqlbackup.protocol.FetchOpen;
import org.mysqlbackup.protocol.FetchReady;
import org.mysqlbackup.protocol.Frame;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.protocol.ProtocolException;
import org.mysqlbackup.transfer.TransferLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers FETCH_OPEN: selects the client's stored backup and says how it is cut. The chunk size is
 * the one the backup was uploaded with, within this server's maximum and the client's.
 */
public class FetchOpenHandler implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(FetchOpenHandler.class);

    private final MessageCodec codec;
    private final StoredBackups backups;
    private final TransferLimits limits;

    public FetchOpenHandler(MessageCodec codec, StoredBackups backups, TransferLimits limits) {
        this.codec = codec;
        this.backups = backups;
        this.limits = limits;
    }

    @Override
    public void process(Exchange exchange) {
        FetchOpen open = codec.read(Frame.of(exchange), FetchOpen.class);
        if (open.maxChunkSize() < TransferLimits.MIN_CHUNK_SIZE) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "chunks of at most " + open.maxChunkSize()
                    + " bytes are too small (" + TransferLimits.MIN_CHUNK_SIZE + " at least)");
        }
        String client = ClientIdentifier.clientId(exchange);
        StoredBackups.Readable backup = backups.select(client, open);
        int chunkSize = chunkSize(backup.row().chunkSize(), Math.min(limits.maxChunkSize(), open.maxChunkSize()));
        LOG.info("Client {} fetches backup {} ({}, {} bytes, chunks of {})", client, backup.row().id(),
                backup.row().fileName(), backup.row().size(), chunkSize);
        exchange.getMessage().setBody(codec.frame(new FetchReady(backup.listed(), chunkSize,
                FetchReady.chunkCount(backup.row().size(), chunkSize))));
    }

    static int chunkSize(int recorded, int max) {
        return Math.max(TransferLimits.MIN_CHUNK_SIZE, Math.min(recorded <= 0 ? max : recorded, max));
    }
}
