package org.mysqlbackup.fetch;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.protocol.BackupList;
import org.mysqlbackup.protocol.ChunkData;
import org.mysqlbackup.protocol.ErrorCode;
import org.mysqlbackup.protocol.FetchChunk;
import org.mysqlbackup.protocol.FetchOpen;
import org.mysqlbackup.protocol.FetchReady;
import org.mysqlbackup.protocol.Frame;
import org.mysqlbackup.protocol.ListQuery;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.protocol.RetryableProtocolException;
import org.mysqlbackup.transfer.Digests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the server's reply to a fetch request and checks it before anything is written: a page
 * no longer than a page, a FETCH_READY that describes its file, a chunk that is the one asked for
 * and whose bytes match its SHA-256. A damaged chunk throws a {@link RetryableProtocolException},
 * so the client's transfer retry policy asks for it again (a bounded number of times).
 */
public class FetchReplyReader implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(FetchReplyReader.class);

    private final MessageCodec codec;
    private final int maxChunkSize;

    public FetchReplyReader(MessageCodec codec, int maxChunkSize) {
        this.codec = codec;
        this.maxChunkSize = maxChunkSize;
    }

    @Override
    public void process(Exchange exchange) {
        Object request = exchange.getProperty(RouteFetchChannel.REQUEST);
        Frame reply = Frame.of(exchange);
        Object result;
        if (request instanceof ListQuery) {
            result = codec.read(reply, BackupList.class).requireValid();
        } else if (request instanceof FetchOpen) {
            result = codec.read(reply, FetchReady.class).requireValid(maxChunkSize);
        } else if (request instanceof FetchChunk asked) {
            result = chunk(asked, exchange.getProperty(RouteFetchChannel.CHUNK_LENGTH, Integer.class), reply);
        } else {
            throw new IllegalStateException("not a fetch request: " + request);
        }
        exchange.getMessage().setBody(result);
    }

    private ReceivedChunk chunk(FetchChunk asked, Integer expectedLength, Frame reply) {
        ChunkData data = codec.read(reply, ChunkData.class);
        byte[] bytes = reply.payload();
        data.requireMatches(asked, expectedLength == null ? -1 : expectedLength, bytes.length);
        String actual = Digests.sha256Hex(bytes);
        if (!actual.equals(data.sha256())) {
            LOG.warn("Chunk {} of backup {} arrived damaged (SHA-256 {}, the server sent {}): asking again",
                    asked.index(), asked.backupId(), actual, data.sha256());
            throw new RetryableProtocolException(ErrorCode.CHUNK_CHECKSUM_MISMATCH, "chunk " + asked.index()
                    + " of backup " + asked.backupId() + " arrived damaged: its SHA-256 is " + actual
                    + ", the server sent " + data.sha256());
        }
        return new ReceivedChunk(data, bytes);
    }
}
