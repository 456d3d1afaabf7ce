package org.mysqlbackup.fetch;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.mysqlbackup.protocol.BackupList;
import org.mysqlbackup.protocol.FetchChunk;
import org.mysqlbackup.protocol.FetchOpen;
import org.mysqlbackup.protocol.FetchReady;
import org.mysqlbackup.protocol.ListQuery;

/**
 * Sends fetch requests through route {@code client-fetch} (routes-client/fetch.camel.yaml), which
 * holds the request as the exchange property {@link #REQUEST} so every redelivery encodes it anew,
 * and leaves the checked reply in the body.
 */
public class RouteFetchChannel implements FetchChannel {
    public static final String ENDPOINT = "direct:fetch";
    /** The request record; a redelivery encodes it again (a frame is released once it is sent). */
    public static final String REQUEST = "fetchRequest";
    /** The bytes the chunk asked for must have. */
    public static final String CHUNK_LENGTH = "fetchChunkLength";

    private final ProducerTemplate template;

    public RouteFetchChannel(ProducerTemplate template) {
        this.template = template;
    }

    @Override
    public BackupList list(ListQuery query) {
        return send(query, null, BackupList.class);
    }

    @Override
    public FetchReady open(FetchOpen open) {
        return send(open, null, FetchReady.class);
    }

    @Override
    public ReceivedChunk chunk(FetchChunk chunk, int length) {
        return send(chunk, length, ReceivedChunk.class);
    }

    private <T> T send(Record request, Integer chunkLength, Class<T> replyType) {
        Exchange result = template.send(ENDPOINT, exchange -> {
            exchange.setProperty(REQUEST, request);
            if (chunkLength != null) {
                exchange.setProperty(CHUNK_LENGTH, chunkLength);
            }
        });
        if (result.getException() != null) {
            Exception failure = result.getException();
            throw failure instanceof RuntimeException runtime ? runtime : new java.io.UncheckedIOException(
                    failure instanceof java.io.IOException io ? io : new java.io.IOException(failure.getMessage(), failure));
        }
        Object body = result.getMessage().getBody();
        if (!replyType.isInstance(body)) {
            throw new IllegalStateException("route client-fetch answered " + (body == null ? "nothing"
                    : body.getClass().getSimpleName()) + " to " + request.getClass().getSimpleName());
        }
        return replyType.cast(body);
    }
}
