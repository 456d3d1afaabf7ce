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

    public SpaceQueryHandler(MessageCodec codec, StorageLayout storage, long reserveBytes) {
        this.codec = codec;
        this.storage = storage;
        this.reserveBytes = reserveBytes;
    }

    @Override
    public void process(Exchange exchange) {
        SpaceQuery query = codec.read(Frame.of(exchange), SpaceQuery.class);
        try {
            long free = Files.getFileStore(storage.root()).getUsableSpace();
            exchange.getMessage().setBody(codec.frame(new SpaceAnswer(free, reserveBytes,
                    query.bytes() >= 0 && free - query.bytes() >= reserveBytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the free space of " + storage.root(), e);
        }
    }
}
