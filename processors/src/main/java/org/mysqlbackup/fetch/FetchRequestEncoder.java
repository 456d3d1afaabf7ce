package org.mysqlbackup.fetch;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.protocol.MessageCodec;

/** Puts the frame of the fetch request (exchange property {@link RouteFetchChannel#REQUEST}) in the body. */
public class FetchRequestEncoder implements Processor {
    private final MessageCodec codec;

    public FetchRequestEncoder(MessageCodec codec) {
        this.codec = codec;
    }

    @Override
    public void process(Exchange exchange) {
        Record request = exchange.getProperty(RouteFetchChannel.REQUEST, Record.class);
        if (request == null) {
            throw new IllegalStateException("no '" + RouteFetchChannel.REQUEST + "' property: nothing to send");
        }
        exchange.getMessage().setBody(codec.frame(request));
    }
}
