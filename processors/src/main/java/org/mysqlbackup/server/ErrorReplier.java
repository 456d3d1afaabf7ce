package org.mysqlbackup.server;

import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.protocol.ErrorCode;
import org.mysqlbackup.protocol.Frame;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.protocol.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's failure handler: turns whatever went wrong with a request into an ERROR frame for
 * the client, so it learns the reason (and whether to retry) instead of waiting for a timeout.
 * A client never sees a server path: a refusal ({@link ProtocolException}) carries a reason
 * written for clients, anything else only its type (the server's log has the whole of it), and
 * the storage root is cut out of whatever is sent, should a reason still name it.
 */
public class ErrorReplier implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorReplier.class);

    private final MessageCodec codec;
    private final String storageRoot;

    public ErrorReplier(MessageCodec codec, Path storageRoot) {
        this.codec = codec;
        this.storageRoot = storageRoot.toString();
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Object body = exchange.getMessage().getBody();
        String request = body instanceof Frame frame ? frame.type().name() : "request";
        String client = ClientIdentifier.clientId(exchange);
        if (cause instanceof ProtocolException refused) {
            LOG.warn("Refused {} from {}: {} ({})", request, client, refused.getMessage(), refused.code());
        } else {
            LOG.error("Failed to handle {} from {}", request, client, cause);
        }
        exchange.getMessage().setBody(codec.error(forClient(request, cause)));
    }

    ProtocolException forClient(String request, Throwable cause) {
        if (cause instanceof ProtocolException refused) {
            String message = String.valueOf(refused.getMessage()).replace(storageRoot, "<storage>");
            return new ProtocolException(refused.code(), message);
        }
        return new ProtocolException(ErrorCode.INTERNAL, "the server failed to handle the " + request + " ("
                + (cause == null ? "unknown error" : cause.getClass().getSimpleName()) + "); its log has the details");
    }
}
