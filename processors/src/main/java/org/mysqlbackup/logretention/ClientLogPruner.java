package org.mysqlbackup.logretention;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.db.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the log retention policy to the client's {@code BackupLogs} (with their
 * {@code TransferLogs}). Pinned, never pruned: a backup that has not ended (Queued up to
 * Verifying; also one a killed client left unfinished, which the next start resumes or fails), and
 * any backup that still has a local file ({@code LocalFile}), which {@code resume} may ship.
 */
public class ClientLogPruner implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(ClientLogPruner.class);
    /** SQL truth of "may go", checked again by each delete. */
    static final String PRUNABLE = "Status IN ('Completed', 'Failed', 'Cancelled') AND LocalFile IS NULL";

    private final DataSource dataSource;
    private final Sql sql;
    private final LogRetentionPolicy policy;
    private final Clock clock;

    public ClientLogPruner(DataSource dataSource, LogRetentionPolicy policy, Clock clock) {
        this.dataSource = dataSource;
        this.sql = new Sql(dataSource, "client database");
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        prune();
    }

    /** @return how many backups' history was deleted */
    public int prune() {
        if (policy.isOff()) {
            return 0;
        }
        String size = RowSize.of(sql, "BackupLogs", "b") + " + COALESCE((SELECT SUM(" + RowSize.of(sql, "TransferLogs", "t")
                + ") FROM TransferLogs t WHERE t.BackupLogId = b.Id), 0)";
        List<HistoryEntry> entries = sql.query("SELECT b.Id, b.StartTime, " + size + ", NOT (" + PRUNABLE + ")"
                + " FROM BackupLogs b ORDER BY b.StartTime DESC, b.Id DESC",
                rs -> new HistoryEntry(rs.getLong(1), Instant.parse(rs.getString(2)), rs.getLong(3), rs.getBoolean(4)));
        List<Long> doomed = LogPrunePlanner.plan(entries, policy, clock.instant());
        if (doomed.isEmpty()) {
            return 0;
        }
        int deleted = BatchDelete.run(dataSource, doomed, List.of(
                "DELETE FROM TransferLogs WHERE BackupLogId = ? AND EXISTS (SELECT 1 FROM BackupLogs WHERE Id = ? AND "
                        + PRUNABLE + ")",
                "DELETE FROM BackupLogs WHERE Id = ? AND " + PRUNABLE));
        LOG.info("Log retention removed the history of {} backup(s); {} remain", deleted, entries.size() - deleted);
        return deleted;
    }
}
