package org.mysqlbackup.server;

import java.time.Clock;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.protocol.ErrorCode;
import org.mysqlbackup.protocol.Frame;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.protocol.ProtocolException;
import org.mysqlbackup.protocol.TransferAccepted;
import org.mysqlbackup.server.overdue.OverdueStore;
import org.mysqlbackup.transfer.Digests;
import org.mysqlbackup.transfer.TransferLimits;

/**
 * Answers INIT: checks the announced file is sane, opens its transfer (new, resumed, or started
 * over; see {@link IncomingTransfers}) and replies with the bitmap of chunks already held.
 */
public class TransferInitHandler implements Processor {
    private final MessageCodec codec;
    private final IncomingTransfers transfers;
    private final StorageLayout storage;
    private final TransferLimits limits;
    private final OverdueStore overdue;
    private final Clock clock;

    /** @param overdue stores the interval a client sends for its configuration (the overdue check) */
    public TransferInitHandler(MessageCodec codec, IncomingTransfers transfers, StorageLayout storage,
                               TransferLimits limits, OverdueStore overdue, Clock clock) {
        this.codec = codec;
        this.transfers = transfers;
        this.storage = storage;
        this.limits = limits;
        this.overdue = overdue;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        String clientId = ClientIdentifier.clientId(exchange);
        InitTransfer init = codec.read(Frame.of(exchange), InitTransfer.class);
        validate(init);
        IncomingTransfers.Opened opened = transfers.open(clientId, init);
        if (init.expectedIntervalMs() != null && init.expectedIntervalMs() == InitTransfer.NO_SCHEDULE) {
            overdue.forget(clientId, init.configName());
        } else if (init.expectedIntervalMs() != null) {
            overdue.expect(clientId, init.configName(), Duration.ofMillis(init.expectedIntervalMs()), clock.instant());
        }
        exchange.getMessage().setBody(codec.frame(new TransferAccepted(init.transferId(), opened.chunkCount(),
                opened.held().cardinality()), opened.held().toByteArray()));
    }

    private void validate(InitTransfer init) {
        try {
            storage.stagingFile(init.transferId());
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
        if (init.configName() == null || init.configName().isBlank() || init.configName().length() > 128) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "configuration name must be 1 to 128 characters");
        }
        if (init.database() != null && init.database().length() > 128) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "database name must be at most 128 characters");
        }
        Long interval = init.expectedIntervalMs();
        if (interval != null && interval != InitTransfer.NO_SCHEDULE
                && (interval < InitTransfer.MIN_EXPECTED_INTERVAL_MS || interval > InitTransfer.MAX_EXPECTED_INTERVAL_MS)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "expected interval " + interval + " ms outside "
                    + InitTransfer.MIN_EXPECTED_INTERVAL_MS + ".." + InitTransfer.MAX_EXPECTED_INTERVAL_MS);
        }
        if (init.fileSize() < 0 || init.fileSize() > limits.maxFileSize()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "file size " + init.fileSize() + " outside 0.."
                    + limits.maxFileSize());
        }
        if (init.chunkSize() < TransferLimits.MIN_CHUNK_SIZE || init.chunkSize() > limits.maxChunkSize()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "chunk size " + init.chunkSize() + " outside "
                    + TransferLimits.MIN_CHUNK_SIZE + ".." + limits.maxChunkSize()
                    + " (the server's frame limit; lower transfer.chunk-size or raise server.max-frame-size)");
        }
        if ((init.fileSize() + init.chunkSize() - 1) / init.chunkSize() > Integer.MAX_VALUE) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "too many chunks; raise the chunk size");
        }
        if (!Digests.isSha256Hex(init.sha256()) || !Digests.isMd5Hex(init.md5())) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "checksums must be lower-case hex SHA-256 and MD5");
        }
    }
}
