package org.mysqlbackup.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.BitSet;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.config.ByteSize;
import org.mysqlbackup.transfer.Digests;
import org.mysqlbackup.protocol.ErrorCode;
import org.mysqlbackup.protocol.Frame;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.protocol.ProtocolException;
import org.mysqlbackup.protocol.TransferAccepted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers INIT: checks the announced file is sane and fits on disk, opens its staging file (or
 * finds the open one) and replies with the bitmap of chunks already held.
 */
public class TransferInitHandler implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(TransferInitHandler.class);

    private final MessageCodec codec;
    private final IncomingTransfers transfers;
    private final StorageLayout storage;
    private final ReceiveLogStore log;
    private final TransferLimits limits;

    public TransferInitHandler(MessageCodec codec, IncomingTransfers transfers, StorageLayout storage,
                               ReceiveLogStore log, TransferLimits limits) {
        this.codec = codec;
        this.transfers = transfers;
        this.storage = storage;
        this.log = log;
        this.limits = limits;
    }

    @Override
    public void process(Exchange exchange) {
        String clientId = ClientIdentifier.clientId(exchange);
        InitTransfer init = codec.read(Frame.of(exchange), InitTransfer.class);
        validate(init);
        IncomingTransfer transfer = transfers.openOrResume(clientId, init, () -> {
            ensureSpace(init.fileSize());
            long logId = log.started(clientId, init);
            LOG.info("Client {} opens transfer {} of '{}': {} in chunks of {}", clientId, init.transferId(),
                    init.configName(), ByteSize.format(init.fileSize()), ByteSize.format(init.chunkSize()));
            return new IncomingTransfer(clientId, init, storage.stagingFile(init.transferId()), logId);
        });
        BitSet held = transfer.received();
        exchange.getMessage().setBody(codec.frame(new TransferAccepted(init.transferId(),
                transfer.layout().chunkCount(), held.cardinality()), held.toByteArray()));
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

    private void ensureSpace(long fileSize) {
        try {
            long usable = Files.getFileStore(storage.root()).getUsableSpace();
            if (usable - fileSize < limits.reserveBytes()) {
                throw new ProtocolException(ErrorCode.NO_SPACE, "server has " + ByteSize.format(usable)
                        + " free; a file of " + ByteSize.format(fileSize) + " would leave less than the reserve of "
                        + ByteSize.format(limits.reserveBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read free space of " + storage.root(), e);
        }
    }
}
