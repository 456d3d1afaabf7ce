package org.mysqlbackup.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.snapshot.SnapshotStrategies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a backup's temporary files when its exchange completes, successfully or not. Runs as
 * the doFinally of the backup route, so no path can forget it. A copy of the data directory not
 * yet zipped is removed, unless MySQL did not come back (it is then the newest copy of the data). Kept: a complete snapshot whose
 * transfer failed (a later run resumes it) or whose MySQL did not come back (it may be the newest
 * copy of the data), and files the operator handed to {@code send}.
 */
public class WorkFiles implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(WorkFiles.class);

    @Override
    public void process(Exchange exchange) {
        BackupRun run = exchange.getProperty(BackupRun.PROPERTY, BackupRun.class);
        if (run == null) {
            return;
        }
        run.archive().pendingCapture().ifPresent(captured -> captured.copyDirectory().ifPresent(copy -> {
            if (run.downtime().restartFailed().isPresent()) {
                LOG.warn("MySQL did not come back; keeping {}, a cold copy of its data directory taken while it was down",
                        copy);
                return;
            }
            try {
                SnapshotStrategies.deleteCopy(captured);
                LOG.info("Removed the copy {}", copy);
            } catch (RuntimeException e) {
                LOG.warn("Could not remove the copy {}: {}", copy, e.getMessage());
            }
        }));
        if (!run.archive().owned()) {
            return;
        }
        if (run.resumable()) {
            run.archive().zip().ifPresent(zip -> LOG.warn(run.downtime().restartFailed().isPresent()
                    ? "MySQL did not come back; keeping the snapshot {} (ship it with: backup-client resume)"
                    : "Keeping {} so the transfer resumes where it stopped (next run, or: backup-client resume)", zip));
            return;
        }
        run.archive().zip().ifPresent(WorkFiles::delete);
    }

    /** A configuration name made safe as part of a file name. */
    public static String sanitize(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "_");
        return safe.isEmpty() ? "backup" : safe;
    }

    private static void delete(Path file) {
        try {
            if (Files.deleteIfExists(file)) {
                LOG.info("Removed temporary file {}", file);
            }
        } catch (IOException e) {
            LOG.warn("Could not remove temporary file {}: {}", file, e.getMessage());
        }
    }
}
