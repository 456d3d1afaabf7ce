package org.mysqlbackup.logretention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

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
        int deleted = 0;
        for (int start = 0; start < ids.size(); start += BATCH) {
            List<Long> batch = ids.subList(start, Math.min(ids.size(), start + BATCH));
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    for (long id : batch) {
                        int rows = 0;
                        for (String statement : statements) {
                            try (PreparedStatement ps = c.prepareStatement(statement)) {
                                int parameters = ps.getParameterMetaData().getParameterCount();
                                for (int i = 1; i <= parameters; i++) {
                                    ps.setLong(i, id);
                                }
                                rows = ps.executeUpdate();
                            }
                        }
                        deleted += rows;
                    }
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot prune the backup history: " + e.getMessage(), e);
            }
        }
        return deleted;
    }
}
