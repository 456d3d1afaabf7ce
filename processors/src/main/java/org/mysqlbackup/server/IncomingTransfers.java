package org.mysqlbackup.server;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mysqlbackup.protocol.ErrorCode;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.protocol.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The transfers this server is receiving, by transfer id. Each belongs to the client that opened it. */
public class IncomingTransfers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IncomingTransfers.class);

    private final Map<String, IncomingTransfer> byId = new ConcurrentHashMap<>();

    public interface Opener {
        IncomingTransfer open() throws IOException;
    }

    /**
     * The transfer with this id, opened with {@code opener} if new. A known id must come from the
     * same client with the same file, or it is refused.
     */
    public IncomingTransfer openOrResume(String clientId, InitTransfer init, Opener opener) {
        IncomingTransfer transfer = byId.computeIfAbsent(init.transferId(), id -> {
            try {
                return opener.open();
            } catch (IOException e) {
                throw new ProtocolException(ErrorCode.INTERNAL, "cannot open staging file: " + e.getMessage());
            }
        });
        if (!transfer.clientId().equals(clientId)) {
            throw new ProtocolException(ErrorCode.NOT_AUTHORIZED, "transfer " + init.transferId()
                    + " belongs to another client");
        }
        InitTransfer known = transfer.init();
        if (known.fileSize() != init.fileSize() || known.chunkSize() != init.chunkSize()
                || !known.sha256().equals(init.sha256())) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "transfer " + init.transferId()
                    + " is already open for a different file");
        }
        return transfer;
    }

    /** @throws ProtocolException if the id is unknown or belongs to another client */
    public IncomingTransfer get(String clientId, String transferId) {
        IncomingTransfer transfer = transferId == null ? null : byId.get(transferId);
        if (transfer == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TRANSFER, "no open transfer " + transferId);
        }
        if (!transfer.clientId().equals(clientId)) {
            throw new ProtocolException(ErrorCode.NOT_AUTHORIZED, "transfer " + transferId + " belongs to another client");
        }
        return transfer;
    }

    public void remove(IncomingTransfer transfer) {
        byId.remove(transfer.transferId(), transfer);
        closeQuietly(transfer);
    }

    public int size() {
        return byId.size();
    }

    @Override
    public void close() {
        byId.values().forEach(IncomingTransfers::closeQuietly);
        byId.clear();
    }

    private static void closeQuietly(IncomingTransfer transfer) {
        try {
            transfer.close();
        } catch (IOException e) {
            LOG.warn("Could not close staging file {}: {}", transfer.stagingFile(), e.getMessage());
        }
    }
}
