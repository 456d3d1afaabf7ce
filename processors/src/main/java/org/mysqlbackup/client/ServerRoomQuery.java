package org.mysqlbackup.client;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.PreflightException;
import org.mysqlbackup.config.ByteSize;
import org.mysqlbackup.protocol.Frame;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.protocol.SpaceAnswer;
import org.mysqlbackup.protocol.SpaceQuery;

/**
 * Pre-flight with the server, before MySQL is stopped: {@link #ask} builds a SPACE_QUERY for the
 * size of the data (the zip is at most about that), {@link #check} refuses the backup if the
 * server answered that it has no room. A server that cannot be reached (or refuses this client's
 * certificate) fails the request itself. Used by route client-server-preflight.
 */
public class ServerRoomQuery {
    private final MessageCodec codec;

    public ServerRoomQuery(MessageCodec codec) {
        this.codec = codec;
    }

    public Processor ask() {
        return exchange -> exchange.getMessage().setBody(codec.frame(new SpaceQuery(BackupRun.of(exchange).estimatedBytes())));
    }

    public Processor check() {
        return this::verify;
    }

    private void verify(Exchange exchange) {
        BackupRun run = BackupRun.of(exchange);
        SpaceAnswer answer = codec.read(Frame.of(exchange), SpaceAnswer.class);
        if (!answer.enough()) {
            throw new PreflightException("the server has " + ByteSize.format(answer.freeBytes()) + " free and keeps a reserve of "
                    + ByteSize.format(answer.reserveBytes()) + ": no room for up to " + ByteSize.format(run.estimatedBytes())
                    + " (MySQL was not stopped)");
        }
    }
}
