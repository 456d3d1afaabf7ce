package org.mysqlbackup.server;

import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.protocol.ChunkHeader;
import org.mysqlbackup.protocol.ChunkStored;
import org.mysqlbackup.protocol.ErrorCode;
import org.mysqlbackup.protocol.Frame;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.protocol.ProtocolException;
import org.mysqlbackup.protocol.RetryableProtocolException;
import org.mysqlbackup.transfer.ChunkLayout;
import org.mysqlbackup.transfer.Digests;

/**
 * Answers CHUNK: the chunk must sit where the transfer's layout says, be as long as it says, and
 * hash to the SHA-256 in its header; only then is it written at its offset and acknowledged. A
 * chunk received twice (a retry after a lost acknowledgement) is acknowledged again, not rewritten.
 * A chunk the storage cannot take (full, unwritable) is refused with a reason for the client and an
 * alert for the server's operators ({@link StorageFailures}).
 */
public class ChunkReceiver implements Processor {
    private final MessageCodec codec;
    private final IncomingTransfers transfers;
    private final StorageFailures failures;

    public ChunkReceiver(MessageCodec codec, IncomingTransfers transfers, StorageFailures failures) {
        this.codec = codec;
        this.transfers = transfers;
        this.failures = failures;
    }

    @Override
    public void process(Exchange exchange) {
        Frame frame = Frame.of(exchange);
        ChunkHeader header = codec.read(frame, ChunkHeader.class);
        IncomingTransfer transfer = transfers.get(ClientIdentifier.clientId(exchange), header.transferId());
        ChunkLayout layout = transfer.layout();
        int index = header.index();
        if (index < 0 || index >= layout.chunkCount()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "chunk " + index + " outside 0.." + (layout.chunkCount() - 1));
        }
        if (header.offset() != layout.offset(index) || header.length() != layout.length(index)
                || frame.payloadLength() != header.length()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "chunk " + index + " must be " + layout.length(index)
                    + " bytes at offset " + layout.offset(index) + ", got " + frame.payloadLength() + " bytes at "
                    + header.offset());
        }
        if (!transfer.has(index)) {
            String actual = Digests.sha256Hex(frame.payloadNioBuffers());
            if (!actual.equals(header.sha256())) {
                throw new RetryableProtocolException(ErrorCode.CHUNK_CHECKSUM_MISMATCH, "chunk " + index
                        + " arrived with SHA-256 " + actual + " instead of " + header.sha256());
            }
            try {
                transfer.write(index, frame.payloadNioBuffers());
                transfers.chunkStored(transfer, index);
            } catch (IOException e) {
                // the staging path goes to the server's log only, never to the client
                throw failures.refusal(e, "chunk " + index, layout.length(index), transfer.stagingFile(),
                        transfer.clientId(), transfer.init().configName());
            }
        }
        exchange.getMessage().setBody(codec.frame(new ChunkStored(header.transferId(), index)));
    }
}
