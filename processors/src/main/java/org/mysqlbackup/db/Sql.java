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

/** The few JDBC shapes the stores need, with parameters bound in order and errors that say which table. */
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

    public int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    public long insert(String sql, Object... args) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, args);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no generated key");
                }
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    public long count(String sql, Object... args) {
        return query(sql, rs -> rs.getLong(1), args).get(0);
    }

    /** Reads a nullable INTEGER column as a Long. */
    public static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
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
