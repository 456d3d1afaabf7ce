package org.mysqlbackup.server;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.protocol.Frame;

/**
 * Puts the type of the request frame in the header {@link #FRAME_TYPE}, which the receive route's
 * choice reads. A header and not {@code ${body.type}}: Simple's method calls on the body go
 * through the bean component, whose BeanInfo cache keeps a reference to each body it saw, which
 * for chunk frames means megabytes per request that are never freed.
 */
public class FrameClassifier implements Processor {
    public static final String FRAME_TYPE = "MysqlBackupFrameType";

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setHeader(FRAME_TYPE, Frame.of(exchange).type().name());
    }
}
