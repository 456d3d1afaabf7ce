package org.mysqlbackup.server;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.protocol.ErrorCode;
import org.mysqlbackup.protocol.Frame;
import org.mysqlbackup.protocol.ProtocolException;

/** A well-formed frame of a type clients do not send (a reply type, say): refused, connection kept. */
public class UnexpectedFrameRejector implements Processor {
    @Override
    public void process(Exchange exchange) {
        throw new ProtocolException(ErrorCode.BAD_REQUEST, "a client may not send " + Frame.of(exchange).type() + " frames");
    }
}
