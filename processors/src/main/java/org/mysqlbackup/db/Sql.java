package org.mysqlbackup.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The few JDBC shapes the stores need, with parameters bound in order (null as SQL NULL) and errors
 * that say which database. Each call runs on its own pooled connection; {@link #inTransaction} runs
 * several on one connection, all or nothing.
 */
public class Sql {
    private final DataSource dataSource;
    private final String name;

    /** @param name what the database is, for error messages ("client database") */
    public Sql(DataSource dataSource, String name) {
        this.dataSource = dataSource;
        this.name = name;
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** The statements of one transaction; a failure rolls the whole transaction back. */
    public final class Transaction {
        private final Connection connection;

        private Transaction(Connection connection) {
            this.connection = connection;
        }

        public int update(String sql, Object... args) throws SQLException {
            return Sql.update(connection, sql, args);
        }

        public long insert(String sql, Object... args) throws SQLException {
            return Sql.insert(connection, sql, args);
        }

        public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
            return Sql.query(connection, sql, mapper, args);
        }
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Transaction tx) throws SQLException;
    }

    public int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection()) {
            return update(c, sql, args);
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    public long insert(String sql, Object... args) {
        try (Connection c = dataSource.getConnection()) {
            return insert(c, sql, args);
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        try (Connection c = dataSource.getConnection()) {
            return query(c, sql, mapper, args);
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    public long count(String sql, Object... args) {
        return query(sql, rs -> rs.getLong(1), args).get(0);
    }

    /**
     * Runs {@code work} on one connection in one transaction: committed when it returns, rolled back
     * when it throws (a runtime exception comes out as it was thrown).
     *
     * @param action what the work does, for the error message ("replace the schedules of 'x' in")
     */
    public <T> T inTransaction(String action, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(new Transaction(c));
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw failure(action, e);
        }
    }

    /** Reads a nullable INTEGER column as a Long. */
    public static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static long insert(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, args);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no generated key");
                }
                return keys.getLong(1);
            }
        }
    }

    private static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            return rows;
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                ps.setNull(i + 1, Types.NULL);
            } else {
                ps.setObject(i + 1, args[i]);
            }
        }
    }

    private IllegalStateException failure(String action, SQLException e) {
        return new IllegalStateException("cannot " + action + " the " + name + ": " + e.getMessage(), e);
    }
}
