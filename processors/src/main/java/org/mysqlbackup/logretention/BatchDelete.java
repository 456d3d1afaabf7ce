package org.mysqlbackup.logretention;

import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.mysqlbackup.db.Sql;

/**
 * Deletes rows by id, a few hundred per transaction, so a backup running meanwhile waits for the
 * write lock at most a moment. Each statement rechecks in SQL that the row may still go, inside
 * the transaction: a row that became pinned since it was planned (a failed transfer opened again)
 * stays.
 */
final class BatchDelete {
    private static final int BATCH = 200;

    private BatchDelete() {
    }

    /**
     * Runs every statement of {@code statements} (each with the id bound to all its parameters) for
     * each id; the last statement deletes the history row itself.
     *
     * @return how many history rows were deleted
     */
    static int run(DataSource dataSource, List<Long> ids, List<String> statements) {
        Sql sql = new Sql(dataSource, "backup history");
        int deleted = 0;
        for (int start = 0; start < ids.size(); start += BATCH) {
            List<Long> batch = ids.subList(start, Math.min(ids.size(), start + BATCH));
            deleted += sql.inTransaction("prune", tx -> {
                int rows = 0;
                for (long id : batch) {
                    int last = 0;
                    for (String statement : statements) {
                        last = tx.update(statement, Collections.nCopies(parameters(statement), id).toArray());
                    }
                    rows += last;
                }
                return rows;
            });
        }
        return deleted;
    }

    /** The statements are this package's own: every '?' is a parameter. */
    private static int parameters(String statement) {
        return (int) statement.chars().filter(c -> c == '?').count();
    }
}
