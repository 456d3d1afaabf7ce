package org.mysqlbackup.server;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives up on transfers that received nothing for {@code maxAge}: their staging file and resume
 * data are deleted and their row says why. Staging files no transfer knows of (left by a crash
 * between creating the file and recording it) go after the same age.
 */
public class StagingExpiry implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(StagingExpiry.class);

    private final IncomingTransfers transfers;
    private final ReceiveLogStore log;
    private final StorageLayout storage;
    private final Duration maxAge;
    private final Clock clock;

    public StagingExpiry(IncomingTransfers transfers, ReceiveLogStore log, StorageLayout storage, Duration maxAge,
                         Clock clock) {
        this.transfers = transfers;
        this.log = log;
        this.storage = storage;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        Instant cutoff = clock.instant().minus(maxAge);
        for (ReceiveLogRow row : log.idleSince(cutoff)) {
            transfers.abandon(row.transferId());
            delete(storage.stagingFile(row.transferId()));
            log.forgetChunks(row.transferId());
            log.failed(row.id(), "expired: nothing received for " + maxAge.toHours() + " h; the client starts over");
            LOG.warn("Expired transfer {} from {}: nothing received since before {}", row.transferId(), row.clientId(),
                    cutoff);
        }
        deleteOrphans(cutoff);
    }

    private void deleteOrphans(Instant cutoff) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(storage.root().resolve(".staging"), "*.part")) {
            for (Path file : files) {
                String id = file.getFileName().toString().replaceFirst("\\.part$", "");
                boolean known = log.byTransferId(id).filter(ReceiveLogRow::isOpen).isPresent();
                if (!known && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    delete(file);
                    LOG.warn("Deleted orphan staging file {}", file.getFileName());
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not list the staging folder: {}", e.getMessage());
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", file, e.getMessage());
        }
    }
}
