package org.mysqlbackup.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.mysqlbackup.config.ByteSize;
import org.mysqlbackup.events.ServerEvents;
import org.mysqlbackup.protocol.ErrorCode;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.protocol.ProtocolException;
import org.mysqlbackup.transfer.ChunkLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transfers this server is receiving, by transfer id, each owned by the client that opened
 * it. Open transfers live in memory with their staging file open; their rows in
 * {@code BackupLogs} and {@code ReceivedChunks} let a restarted server pick them up again, so a
 * client resumes from the chunks already held instead of starting over.
 */
public class IncomingTransfers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IncomingTransfers.class);

    private final Map<String, IncomingTransfer> byId = new ConcurrentHashMap<>();
    private final StorageLayout storage;
    private final ReceiveLogStore log;
    private final long reserveBytes;
    private final Executor digestExecutor;
    private final StorageFailures failures;
    private final ServerEvents events;

    public IncomingTransfers(StorageLayout storage, ReceiveLogStore log, long reserveBytes, Executor digestExecutor,
                             StorageFailures failures) {
        this(storage, log, reserveBytes, digestExecutor, failures, ServerEvents.none());
    }

    /**
     * @param digestExecutor runs the background whole-file digests of the staging files
     * @param failures       alerts the operators when a transfer is refused for want of room
     * @param events         where a transfer opened ({@code transfer.started}) or refused is published
     */
    public IncomingTransfers(StorageLayout storage, ReceiveLogStore log, long reserveBytes, Executor digestExecutor,
                             StorageFailures failures, ServerEvents events) {
        this.events = events;
        this.failures = failures;
        this.storage = storage;
        this.log = log;
        this.reserveBytes = reserveBytes;
        this.digestExecutor = digestExecutor;
    }

    /** What an INIT gets: the transfer (null if it was stored already) and the chunks held. */
    public record Opened(IncomingTransfer transfer, int chunkCount, BitSet held) {
    }

    /**
     * Opens the transfer of {@code init}: the one in memory, or the one recorded in the database
     * (after a server restart), or a failed one started over, or a new one. A known id must come
     * from the same client with the same file.
     */
    public Opened open(String clientId, InitTransfer init) {
        IncomingTransfer transfer = byId.get(init.transferId());
        if (transfer == null) {
            Optional<ReceiveLogRow> row = log.byTransferId(init.transferId());
            if (row.isPresent()) {
                checkSameFile(clientId, init, row.get().clientId(), row.get().init());
                if (row.get().status().equals("Completed")) {
                    int count = new ChunkLayout(init.fileSize(), init.chunkSize()).chunkCount();
                    BitSet all = new BitSet(count);
                    all.set(0, count);
                    return new Opened(null, count, all);
                }
            }
            transfer = byId.computeIfAbsent(init.transferId(), id -> load(clientId, init, row));
        }
        checkSameFile(clientId, init, transfer.clientId(), transfer.init());
        return new Opened(transfer, transfer.layout().chunkCount(), transfer.received());
    }

    /**
     * The open transfer {@code transferId} of {@code clientId}, picked up from the database if the
     * server was restarted since it was opened.
     *
     * @throws ProtocolException if the id is unknown, closed, or belongs to another client
     */
    public IncomingTransfer get(String clientId, String transferId) {
        IncomingTransfer transfer = transferId == null ? null : byId.get(transferId);
        if (transfer == null && transferId != null) {
            Optional<ReceiveLogRow> row = log.byTransferId(transferId).filter(ReceiveLogRow::isOpen);
            if (row.isPresent() && row.get().clientId().equals(clientId)) {
                transfer = byId.computeIfAbsent(transferId, id -> load(clientId, row.get().init(), row));
            }
        }
        if (transfer == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TRANSFER, "no open transfer " + transferId);
        }
        if (!transfer.clientId().equals(clientId)) {
            throw new ProtocolException(ErrorCode.NOT_AUTHORIZED, "transfer " + transferId + " belongs to another client");
        }
        return transfer;
    }

    /** Records a chunk as held, so it survives a restart of the server. */
    public void chunkStored(IncomingTransfer transfer, int index) {
        log.chunkReceived(transfer.transferId(), index);
    }

    /** Closes a transfer that was refused and deletes its resume data. */
    public void finish(IncomingTransfer transfer) {
        finishStored(transfer);
        log.forgetChunks(transfer.transferId());
    }

    /**
     * Closes a transfer that was stored. Its chunk rows stay as the transfer's log (when each chunk
     * arrived, shown by the console's detail page) until log retention prunes its history row.
     */
    public void finishStored(IncomingTransfer transfer) {
        byId.remove(transfer.transferId(), transfer);
        closeQuietly(transfer);
    }

    /** Drops an open transfer from memory (it expired); its files are the caller's to delete. */
    public void abandon(String transferId) {
        IncomingTransfer transfer = byId.remove(transferId);
        if (transfer != null) {
            closeQuietly(transfer);
        }
    }

    /**
     * Closes the open transfers of {@code clientId} in memory (its certificate was revoked). Their
     * staging files and resume data stay: the client resumes them with its next valid certificate.
     *
     * @return the ids of the transfers closed
     */
    public List<String> closeClient(String clientId) {
        List<String> closed = new ArrayList<>();
        byId.values().removeIf(transfer -> {
            if (!transfer.clientId().equals(clientId)) {
                return false;
            }
            closeQuietly(transfer);
            closed.add(transfer.transferId());
            return true;
        });
        return closed;
    }

    /** The transfers open now, for the console's live view; a snapshot, changing while it is read. */
    public java.util.Collection<IncomingTransfer> openNow() {
        return java.util.List.copyOf(byId.values());
    }

    public int size() {
        return byId.size();
    }

    @Override
    public void close() {
        byId.values().forEach(IncomingTransfers::closeQuietly);
        byId.clear();
    }

    private IncomingTransfer load(String clientId, InitTransfer init, Optional<ReceiveLogRow> row) {
        try {
            Path staging = storage.stagingFile(init.transferId());
            if (row.isEmpty()) {
                ensureSpace(clientId, init);
                long logId = log.started(clientId, init);
                LOG.info("Client {} opens transfer {} of '{}': {} in chunks of {}", clientId, init.transferId(),
                        init.configName(), ByteSize.format(init.fileSize()), ByteSize.format(init.chunkSize()));
                events.transferStarted(clientId, init.configName(), logId, init.transferId(), init.fileSize(),
                        init.sha256());
                return new IncomingTransfer(clientId, init, staging, logId, new BitSet(), digestExecutor,
                        IncomingTransfer.DEFAULT_FLUSH_BYTES);
            }
            ReceiveLogRow known = row.get();
            BitSet held = known.isOpen() && Files.exists(staging) ? log.receivedChunks(init.transferId()) : new BitSet();
            if (held.isEmpty()) {
                ensureSpace(clientId, init);
                log.forgetChunks(init.transferId());
                log.restarted(known.id());
                LOG.info("Client {} starts transfer {} over ({})", clientId, init.transferId(),
                        known.isOpen() ? "no chunk was kept" : "it had failed: " + known.errorMessage());
                events.transferStarted(clientId, init.configName(), known.id(), init.transferId(), init.fileSize(),
                        init.sha256());
            } else {
                LOG.info("Client {} resumes transfer {}: {} of {} chunks held", clientId, init.transferId(),
                        held.cardinality(), new ChunkLayout(init.fileSize(), init.chunkSize()).chunkCount());
            }
            return new IncomingTransfer(clientId, init, staging, known.id(), held, digestExecutor,
                    IncomingTransfer.DEFAULT_FLUSH_BYTES);
        } catch (IOException e) {
            // full or unwritable: the client gets the reason without the path, the operators an alert
            ProtocolException refused = failures.refusal(e, "the staging file of transfer " + init.transferId(), 0,
                    storage.stagingFile(init.transferId()), clientId, init.configName());
            events.transferRejected(clientId, init.configName(), init.transferId(), init.fileSize(),
                    refused.getMessage());
            throw refused;
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, e.getMessage());
        }
    }

    private static void checkSameFile(String clientId, InitTransfer init, String ownerId, InitTransfer known) {
        if (!ownerId.equals(clientId)) {
            throw new ProtocolException(ErrorCode.NOT_AUTHORIZED, "transfer " + init.transferId()
                    + " belongs to another client");
        }
        if (known.fileSize() != init.fileSize() || known.chunkSize() != init.chunkSize()
                || !known.sha256().equals(init.sha256())) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "transfer " + init.transferId()
                    + " was opened for a different file");
        }
    }

    private void ensureSpace(String clientId, InitTransfer init) throws IOException {
        long fileSize = init.fileSize();
        long usable = Files.getFileStore(storage.root()).getUsableSpace();
        if (usable - fileSize < reserveBytes) {
            failures.noRoom(usable, fileSize, clientId, init.configName(), "at INIT");
            ProtocolException refused = new ProtocolException(ErrorCode.NO_SPACE, "server has "
                    + ByteSize.format(usable) + " free; a file of " + ByteSize.format(fileSize)
                    + " would leave less than the reserve of " + ByteSize.format(reserveBytes));
            events.transferRejected(clientId, init.configName(), init.transferId(), fileSize, refused.getMessage());
            throw refused;
        }
    }

    private static void closeQuietly(IncomingTransfer transfer) {
        try {
            transfer.close();
        } catch (IOException e) {
            LOG.warn("Could not close staging file {}: {}", transfer.stagingFile(), e.getMessage());
        }
    }
}
