package org.mysqlbackup.retention;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import javax.sql.DataSource;
import org.apache.camel.Processor;
import org.apache.camel.spi.PropertiesComponent;
import org.mysqlbackup.alert.AlertSeverity;
import org.mysqlbackup.server.alerts.LoggedServerAlerts;
import org.mysqlbackup.server.alerts.ServerAlert;
import org.mysqlbackup.server.alerts.ServerAlertKind;
import org.mysqlbackup.server.alerts.ServerAlerts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies retention now: reviews the stored backups, deletes each file the policies let go,
 * records when and why in its {@code BackupLogs} row, logs one line per deletion, and removes the
 * folders that leaves empty (never a folder directly below the storage root, such as a client's
 * own, and never the root). The file goes first and the record second: a crash between them
 * leaves a row whose file is missing, which the next run records; the other order could leave a
 * file no record knows, which retention would never delete. A file that cannot be deleted is
 * logged and reported and the others go on.
 */
public class RetentionEnforcer implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionEnforcer.class);

    private final RetentionReviewer reviewer;
    private final RetentionStore store;
    private final Clock clock;
    private final ServerAlerts alerts;

    /** Failures are only logged: for the command line, whose operator reads its output. */
    public RetentionEnforcer(RetentionReviewer reviewer, RetentionStore store, Clock clock) {
        this(reviewer, store, clock, new LoggedServerAlerts());
    }

    /** @param alerts gets one RETENTION_FAILED alert per file that could not be deleted or recorded */
    public RetentionEnforcer(RetentionReviewer reviewer, RetentionStore store, Clock clock, ServerAlerts alerts) {
        this.reviewer = reviewer;
        this.store = store;
        this.clock = clock;
        this.alerts = alerts;
    }

    /**
     * Retention of the stored backups of the database {@code db} under the storage {@code root},
     * with the policies of {@code properties}.
     */
    public static RetentionEnforcer create(PropertiesComponent properties, DataSource db, Path root, Clock clock) {
        return create(properties, db, root, clock, new LoggedServerAlerts());
    }

    /** As {@link #create(PropertiesComponent, DataSource, Path, Clock)}, failures alerted through {@code alerts}. */
    public static RetentionEnforcer create(PropertiesComponent properties, DataSource db, Path root, Clock clock,
                                           ServerAlerts alerts) {
        return create(properties, db, root, clock, alerts, BackupProof.SIZE_ONLY);
    }

    /**
     * As {@link #create(PropertiesComponent, DataSource, Path, Clock, ServerAlerts)}, relying only on
     * backups {@code proof} does not know to be damaged, the newest of each configuration proven first.
     */
    public static RetentionEnforcer create(PropertiesComponent properties, DataSource db, Path root, Clock clock,
                                           ServerAlerts alerts, BackupProof proof) {
        RetentionStore store = new RetentionStore(db);
        return new RetentionEnforcer(new RetentionReviewer(store, RetentionPolicies.from(properties), root, clock,
                proof), store, clock, alerts);
    }

    public RetentionReviewer reviewer() {
        return reviewer;
    }

    /** The scheduled run: the outcome becomes the message body. */
    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setBody(apply());
    }

    public RetentionOutcome apply() {
        RetentionReview review = reviewer.review();
        for (RetentionReview.Refused refused : review.refused()) {
            LOG.warn("Retention leaves backup record {} of client {}, configuration {} alone: {}", refused.row().id(),
                    refused.row().clientId(), refused.row().configName(), refused.why());
        }
        List<RetentionOutcome.Deleted> deleted = new ArrayList<>();
        List<RetentionOutcome.Failed> failed = new ArrayList<>();
        for (RetentionReview.Decision decision : review.deletions()) {
            RetentionStore.StoredRow row = decision.row();
            boolean missing;
            try {
                missing = delete(decision.file());
            } catch (IOException e) {
                String error = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.error("Retention could not delete {} of client {}, configuration {}: {}", row.filePath(),
                        row.clientId(), row.configName(), error);
                failed.add(new RetentionOutcome.Failed(decision, error));
                alert(row, "could not delete " + row.filePath() + ": " + error);
                continue;
            }
            String reason = decision.reason() + (missing ? " (the file was already missing)" : "");
            try {
                store.deleted(row.id(), clock.instant(), reason);
            } catch (RuntimeException e) {
                LOG.error("Retention deleted {} of client {}, configuration {} but could not record it: {}",
                        row.filePath(), row.clientId(), row.configName(), e.getMessage());
                failed.add(new RetentionOutcome.Failed(decision, "deleted, not recorded: " + e.getMessage()));
                alert(row, "deleted " + row.filePath() + " but could not record it: " + e.getMessage());
                continue;
            }
            LOG.info("Retention deleted {} of client {}, configuration {} ({} bytes, snapshot {}): {}", row.filePath(),
                    row.clientId(), row.configName(), row.fileSize(), row.createdAt(), reason);
            deleted.add(new RetentionOutcome.Deleted(decision, reason));
            removeEmptyFolders(decision.file().getParent());
        }
        RetentionOutcome outcome = new RetentionOutcome(review, deleted, failed);
        if (failed.isEmpty()) {
            LOG.info("Retention done: {}", outcome.summary());
        } else {
            LOG.warn("Retention done with errors: {}", outcome.summary());
        }
        return outcome;
    }

    private void alert(RetentionStore.StoredRow row, String reason) {
        alerts.raise(new ServerAlert(ServerAlertKind.RETENTION_FAILED, AlertSeverity.FAILURE, row.clientId(),
                row.configName(), "retention " + reason,
                "Nothing was lost, but the storage keeps a backup retention meant to delete. Check the file's"
                        + " permissions and attributes (lsattr), the file system (read-only, errors in dmesg) and"
                        + " the server database; then run backup-server retention --apply."));
    }

    /** @return true if there was nothing to delete */
    private static boolean delete(Path file) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("not a regular file; left in place");
        }
        try {
            Files.delete(file);
            return false;
        } catch (NoSuchFileException e) {
            return true;
        }
    }

    private void removeEmptyFolders(Path folder) {
        Path root = reviewer.root();
        for (Path current = folder; current != null && current.startsWith(root) && !current.equals(root)
                && !current.getParent().equals(root); current = current.getParent()) {
            try {
                Files.delete(current);
                LOG.info("Retention removed the empty folder {}", root.relativize(current));
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            } catch (IOException e) {
                LOG.warn("Retention could not remove the empty folder {}: {}", current, e.getMessage());
                return;
            }
        }
    }
}
