package org.mysqlbackup.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupLogStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backups whose file waits on this host to be shipped: a transfer that failed or was
 * interrupted (the client was killed), or a snapshot kept because MySQL did not come back. Files
 * kept longer than {@code maxAge} are given up: deleted (if the client made them) and their row
 * says why.
 */
public class PendingTransfers {
    private static final Logger LOG = LoggerFactory.getLogger(PendingTransfers.class);

    private final BackupLogStore store;
    private final Path workDirectory;
    private final Duration maxAge;
    private final Clock clock;

    public PendingTransfers(BackupLogStore store, Path workDirectory, Duration maxAge, Clock clock) {
        this.store = store;
        this.workDirectory = workDirectory.toAbsolutePath().normalize();
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** Rows to resume, oldest first, after expiring the ones kept too long. */
    public List<BackupLogRow> rows() {
        Instant cutoff = clock.instant().minus(maxAge);
        List<BackupLogRow> pending = new ArrayList<>();
        for (BackupLogRow row : store.resumable()) {
            if (!row.status().isFinal() && !row.isDead()) {
                // its process is running it now (a zip strategy's file is complete before MySQL is back)
                continue;
            }
            if (Instant.parse(row.startTime()).isBefore(cutoff)) {
                expire(row);
            } else {
                pending.add(row);
            }
        }
        return pending;
    }

    /** Whether the client made this file (a snapshot in its work folder), and so may delete it. */
    public boolean owns(Path file) {
        return file.toAbsolutePath().normalize().startsWith(workDirectory);
    }

    private void expire(BackupLogRow row) {
        Path file = Path.of(row.localFile());
        if (owns(file)) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("Could not delete expired file {}: {}", file, e.getMessage());
            }
        }
        store.forgetLocalFile(row.id(), "not shipped within " + maxAge.toHours() + " h; given up");
        LOG.warn("Gave up shipping backup {} of '{}' ({}): kept longer than {} h", row.id(), row.configName(), file,
                maxAge.toHours());
    }
}
