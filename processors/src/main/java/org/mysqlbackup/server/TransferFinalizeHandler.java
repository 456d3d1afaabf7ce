package org.mysqlbackup.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.protocol.ErrorCode;
import org.mysqlbackup.protocol.FinalizeTransfer;
import org.mysqlbackup.protocol.Frame;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.protocol.ProtocolException;
import org.mysqlbackup.protocol.RetryableProtocolException;
import org.mysqlbackup.protocol.TransferStored;
import org.mysqlbackup.alert.AlertSeverity;
import org.mysqlbackup.events.ServerEvents;
import org.mysqlbackup.server.alerts.ServerAlert;
import org.mysqlbackup.server.alerts.ServerAlertKind;
import org.mysqlbackup.server.alerts.ServerAlerts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers FINALIZE: every chunk must be present; the whole-file size, SHA-256 and MD5 (computed in
 * the background as chunks arrived, see {@link StagingDigest}) must match what the client
 * announced and the file is flushed to disk; then it is given its final name
 * with a hard link, which fails rather than replace an existing file, so no backup is ever
 * overwritten. A file that fails verification is deleted and the transfer logged Failed.
 * A FINALIZE repeated after a lost answer gets the same answer again.
 */
public class TransferFinalizeHandler implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(TransferFinalizeHandler.class);

    private final MessageCodec codec;
    private final IncomingTransfers transfers;
    private final StorageLayout storage;
    private final ReceiveLogStore log;
    private final StoredFileNamer namer;
    private final StoredDirectoryNamer directories;
    private final ServerAlerts alerts;
    private final StorageFailures failures;
    private final ServerEvents events;

    /** @param events where a stored ({@code transfer.stored}) or rejected ({@code transfer.failed}) file is published */
    public TransferFinalizeHandler(MessageCodec codec, IncomingTransfers transfers, StorageLayout storage,
                                   ReceiveLogStore log, StoredFileNamer namer, StoredDirectoryNamer directories,
                                   ServerAlerts alerts, StorageFailures failures, ServerEvents events) {
        this.events = events;
        this.failures = failures;
        this.codec = codec;
        this.transfers = transfers;
        this.storage = storage;
        this.log = log;
        this.namer = namer;
        this.directories = directories;
        this.alerts = alerts;
    }

    @Override
    public void process(Exchange exchange) {
        String clientId = ClientIdentifier.clientId(exchange);
        FinalizeTransfer request = codec.read(Frame.of(exchange), FinalizeTransfer.class);
        Optional<TransferStored> earlier = alreadyStored(clientId, request.transferId());
        if (earlier.isPresent()) {
            exchange.getMessage().setBody(codec.frame(earlier.get()));
            return;
        }
        IncomingTransfer transfer = transfers.get(clientId, request.transferId());
        int missing = transfer.missing();
        if (missing > 0) {
            throw new RetryableProtocolException(ErrorCode.INCOMPLETE, missing + " of "
                    + transfer.layout().chunkCount() + " chunks have not arrived");
        }
        log.status(transfer.logId(), "Verifying");
        try {
            verify(transfer);
            Path stored = place(transfer);
            transfers.finishStored(transfer);
            String relative = storage.relative(stored);
            log.completed(transfer.logId(), stored.getFileName().toString(), relative);
            InitTransfer init = transfer.init();
            LOG.info("Stored transfer {} from {} as {} ({} bytes, SHA-256 {})", init.transferId(), clientId, relative,
                    init.fileSize(), init.sha256());
            events.transferStored(clientId, init.configName(), transfer.logId(), init.transferId(), relative,
                    init.fileSize(), init.sha256());
            exchange.getMessage().setBody(codec.frame(new TransferStored(init.transferId(),
                    stored.getFileName().toString(), relative, init.fileSize(), init.sha256(), init.md5())));
        } catch (ProtocolException e) {
            discard(transfer, e.getMessage());
            refused(transfer, e);
            throw e;
        } catch (IOException e) {
            // the paths go to the server's log only, never to the client
            throw failures.refusal(e, "the file of transfer " + transfer.transferId(), transfer.init().fileSize(),
                    transfer.stagingFile(), transfer.clientId(), transfer.init().configName());
        }
    }

    private Optional<TransferStored> alreadyStored(String clientId, String transferId) {
        return log.byTransferId(transferId)
                .filter(row -> row.clientId().equals(clientId) && row.status().equals("Completed"))
                .map(row -> new TransferStored(row.transferId(), row.fileName(), row.filePath(), row.fileSize(),
                        row.sha256(), row.md5()));
    }

    private static void verify(IncomingTransfer transfer) throws IOException {
        InitTransfer init = transfer.init();
        StagingDigest.Result actual = transfer.finishDigest();
        if (actual.size() != init.fileSize() || !actual.sha256().equals(init.sha256()) || !actual.md5().equals(init.md5())) {
            throw new ProtocolException(ErrorCode.FILE_CHECKSUM_MISMATCH, "assembled file has " + actual.size()
                    + " bytes, SHA-256 " + actual.sha256() + ", MD5 " + actual.md5() + "; the client announced "
                    + init.fileSize() + " bytes, SHA-256 " + init.sha256() + ", MD5 " + init.md5());
        }
    }

    private Path place(IncomingTransfer transfer) throws IOException {
        InitTransfer init = transfer.init();
        Instant createdAt = Instant.ofEpochMilli(init.createdAtMs());
        Path directory = StorageLayout.createPrivateDirectories(storage.backupDirectory(
                directories.segments(transfer.clientId(), init.configName(), init.databaseOrConfig(), createdAt)));
        for (int n = 1; ; n++) {
            Path target = directory.resolve(namer.name(transfer.clientId(), init.configName(), init.databaseOrConfig(), createdAt, n));
            storage.relative(target);
            try {
                Files.createLink(target, transfer.stagingFile());
                Files.delete(transfer.stagingFile());
                syncDirectory(directory);
                return target;
            } catch (FileAlreadyExistsException taken) {
                LOG.info("{} exists already; trying the next name", target.getFileName());
            }
        }
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("Cannot sync directory {} on this platform: {}", directory, e.getMessage());
        }
    }

    /** One alert per refused transfer: a FINALIZE repeated after it finds the transfer gone, not refused again. */
    private void refused(IncomingTransfer transfer, ProtocolException e) {
        if (e.code() != ErrorCode.FILE_CHECKSUM_MISMATCH) {
            return;
        }
        InitTransfer init = transfer.init();
        alerts.raise(new ServerAlert(ServerAlertKind.FINALIZE_REFUSED, AlertSeverity.CRITICAL, transfer.clientId(),
                init.configName(), "transfer " + init.transferId() + " (" + init.fileName() + ", " + init.fileSize()
                + " bytes) did not verify and was deleted: " + e.getMessage(),
                "This backup was not stored. Check the client's disk and memory and the network path (a file that"
                        + " changes between its checksum and its transfer, or bit flips); the client sends it again"
                        + " on its next backup. Repeated refusals from one client point at that host."));
    }

    private void discard(IncomingTransfer transfer, String reason) {
        transfers.finish(transfer);
        log.failed(transfer.logId(), reason);
        try {
            Files.deleteIfExists(transfer.stagingFile());
        } catch (IOException e) {
            LOG.warn("Could not delete rejected staging file {}: {}", transfer.stagingFile(), e.getMessage());
        }
        LOG.error("Rejected transfer {} from {}: {}", transfer.transferId(), transfer.clientId(), reason);
        events.transferFailed(transfer.clientId(), transfer.init().configName(), transfer.logId(),
                transfer.transferId(), reason);
    }
}
