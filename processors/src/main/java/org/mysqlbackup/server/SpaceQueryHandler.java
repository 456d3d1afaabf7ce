package org.mysqlbackup.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.protocol.Frame;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.protocol.SpaceAnswer;
import org.mysqlbackup.protocol.SpaceQuery;

/** Answers SPACE_QUERY: a client's pre-flight, before it stops MySQL for a backup this server could not take. */
public class SpaceQueryHandler implements Processor {
    private final MessageCodec codec;
    private final StorageLayout storage;
    private final long reserveBytes;
    private final StorageFailures failures;

    /** @param failures alerts the operators when a client is told there is no room */
    public SpaceQueryHandler(MessageCodec codec, StorageLayout storage, long reserveBytes, StorageFailures failures) {
        this.failures = failures;
        this.codec = codec;
        this.storage = storage;
        this.reserveBytes = reserveBytes;
    }

    @Override
    public void process(Exchange exchange) {
        SpaceQuery query = codec.read(Frame.of(exchange), SpaceQuery.class);
        try {
            long free = Files.getFileStore(storage.root()).getUsableSpace();
            boolean room = query.bytes() >= 0 && free - query.bytes() >= reserveBytes;
            if (!room && query.bytes() >= 0) {
                failures.noRoom(free, query.bytes(), ClientIdentifier.clientId(exchange), null, "at its pre-flight");
            }
            exchange.getMessage().setBody(codec.frame(new SpaceAnswer(free, reserveBytes, room)));
        } catch (IOException e) {
            // the path stays in the server's log (ErrorReplier sends the client the type only)
            throw new UncheckedIOException("cannot read the free space of " + storage.root(), e);
        }
    }
}
