package org.mysqlbackup.logretention;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.db.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the log retention policy to the server's {@code BackupLogs}. Pinned, never pruned: an
 * open transfer (Transferring, Verifying), a failed transfer that still holds chunks in
 * {@code ReceivedChunks} (it may resume), and any backup whose file is still stored: a Completed
 * row that file retention has not recorded deleted ({@code DeletedAt}), or any row whose file is
 * still on disk. File retention decides about those files and needs their rows. If the storage
 * root is missing (an unmounted volume) nothing is pruned. A stored transfer's chunk rows are its
 * chunk log (the console's detail page), not resume data: they go with its row.
 */
public class ServerLogPruner implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(ServerLogPruner.class);
    /** SQL truth of "may go" apart from the file on disk, checked again by the delete. */
    static final String PRUNABLE = "Status IN ('Completed', 'Failed')"
            + " AND NOT (Status = 'Completed' AND FilePath IS NOT NULL AND DeletedAt IS NULL)"
            + " AND NOT (Status = 'Failed' AND EXISTS (SELECT 1 FROM ReceivedChunks r"
            + " WHERE r.TransferId = BackupLogs.TransferId))";

    private final DataSource dataSource;
    private final Sql sql;
    private final Path storageRoot;
    private final LogRetentionPolicy policy;
    private final Clock clock;

    public ServerLogPruner(DataSource dataSource, Path storageRoot, LogRetentionPolicy policy, Clock clock) {
        this.dataSource = dataSource;
        this.sql = new Sql(dataSource, "server database");
        this.storageRoot = storageRoot.toAbsolutePath().normalize();
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        prune();
    }

    /** @return how many transfers' history was deleted */
    public int prune() {
        if (policy.isOff()) {
            return 0;
        }
        if (!Files.isDirectory(storageRoot)) {
            LOG.warn("Log retention skipped: the storage root {} is not there", storageRoot);
            return 0;
        }
        List<HistoryEntry> entries = new ArrayList<>();
        sql.query("SELECT Id, StartTime, " + RowSize.of(sql, "BackupLogs", "BackupLogs") + ", NOT (" + PRUNABLE + "),"
                + " FilePath FROM BackupLogs ORDER BY StartTime DESC, Id DESC", rs -> entries.add(new HistoryEntry(
                        rs.getLong(1), Instant.parse(rs.getString(2)), rs.getLong(3),
                        rs.getBoolean(4) || stillStored(rs.getString(5)))));
        List<Long> doomed = LogPrunePlanner.plan(entries, policy, clock.instant());
        if (doomed.isEmpty()) {
            return 0;
        }
        // a stored transfer's chunk log goes with its history row
        int deleted = BatchDelete.run(dataSource, doomed, List.of(
                "DELETE FROM ReceivedChunks WHERE TransferId IN (SELECT TransferId FROM BackupLogs WHERE Id = ? AND "
                        + PRUNABLE + ")",
                "DELETE FROM BackupLogs WHERE Id = ? AND " + PRUNABLE));
        LOG.info("Log retention removed the history of {} transfer(s); {} remain", deleted, entries.size() - deleted);
        return deleted;
    }

    /** Whether the file of a row is still in the storage; a path that leaves the root counts as stored. */
    private boolean stillStored(String filePath) {
        if (filePath == null || filePath.isBlank()) {
            return false;
        }
        try {
            Path file = storageRoot.resolve(filePath).normalize();
            return !file.startsWith(storageRoot) || Files.exists(file);
        } catch (RuntimeException e) {
            return true;
        }
    }
}
