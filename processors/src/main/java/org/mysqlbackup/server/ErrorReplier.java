package org.mysqlbackup.server;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.protocol.Frame;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.protocol.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's failure handler: turns whatever went wrong with a request into an ERROR frame for
 * the client, so it learns the reason (and whether to retry) instead of waiting for a timeout.
 */
public class ErrorReplier implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorReplier.class);

    private final MessageCodec codec;

    public ErrorReplier(MessageCodec codec) {
        this.codec = codec;
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
        exchange.getMessage().setBody(codec.error(cause == null ? new IllegalStateException("unknown error") : cause));
    }
}
