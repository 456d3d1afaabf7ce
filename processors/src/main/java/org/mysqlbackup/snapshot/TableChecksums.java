package org.mysqlbackup.snapshot;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mysqlbackup.mysql.MySqlInstance;
import org.mysqlbackup.snapshot.BackupManifest.TableChecksum;

/**
 * Row counts and {@code CHECKSUM TABLE ... EXTENDED} of every base table outside the system
 * databases, for the backup manifest; taken while MySQL runs, before the stop, so a restore can
 * prove it got the same rows back. A table written to between these queries and the stop will not
 * match later, so the figures prove a restore only for tables at rest during the backup.
 *
 * <p>The account needs {@code SELECT} on the tables: information_schema lists only the tables an
 * account may see, so one without it collects nothing (and says so in the result's size, not an
 * error). Reads every row of every table, so it takes about as long as reading the data directory;
 * the whole collection has one time limit.
 */
public final class TableChecksums {
    public static final Set<String> SYSTEM_DATABASES = Set.of("mysql", "information_schema", "performance_schema", "sys");
    public static final String LIST_TABLES = "SELECT TABLE_SCHEMA, TABLE_NAME, ENGINE FROM information_schema.TABLES"
            + " WHERE TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')"
            + " AND TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')"
            + " ORDER BY TABLE_SCHEMA, TABLE_NAME";
    /** MySQL's SQLSTATE for a table that does not exist (dropped since it was listed). */
    private static final String NO_SUCH_TABLE = "42S02";

    /** Opens a connection to the MySQL whose tables are checksummed. */
    @FunctionalInterface
    public interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private final Duration timeout;

    /** @param timeout longest the whole collection may take */
    public TableChecksums(Connector connector, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("checksum timeout " + timeout + " is not positive");
        }
        this.connector = connector;
        this.timeout = timeout;
    }

    /** Connects to {@code mysql} through {@link DriverManager} with its JDBC URL, user and password. */
    public static TableChecksums of(MySqlInstance mysql, Duration timeout) {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        return new TableChecksums(() -> DriverManager.getConnection(mysql.jdbcUrl(millis), mysql.user(), mysql.password()),
                timeout);
    }

    /** {@code SELECT VERSION()}, e.g. {@code 10.11.6-MariaDB-0+deb12u1}. */
    public String serverVersion() {
        Deadline deadline = new Deadline(timeout);
        try (Connection connection = connector.connect(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(deadline.secondsLeft("the server version"));
            try (ResultSet rs = statement.executeQuery("SELECT VERSION()")) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw failure("cannot read the server version", e, deadline);
        }
    }

    /** {@code SELECT CURRENT_USER()}: the account as the server knows it, e.g. {@code backup@127.0.0.1}. */
    public String currentUser() {
        Deadline deadline = new Deadline(timeout);
        try (Connection connection = connector.connect(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(deadline.secondsLeft("the current user"));
            try (ResultSet rs = statement.executeQuery("SELECT CURRENT_USER()")) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw failure("cannot read the current user", e, deadline);
        }
    }

    /**
     * Every base table of every non-system database, ordered by database and table.
     *
     * @throws SnapshotException naming the table, or how far it got when the time ran out
     */
    public List<TableChecksum> collect() {
        return collect(Checkpoint.none());
    }

    /** As {@link #collect()}, asking {@code checkpoint} before each table (a cancelled backup stops there). */
    public List<TableChecksum> collect(Checkpoint checkpoint) {
        Deadline deadline = new Deadline(timeout);
        List<TableChecksum> result = new ArrayList<>();
        List<String[]> tables = new ArrayList<>();
        String current = "the list of tables";
        try (Connection connection = connector.connect(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(deadline.secondsLeft(current));
            try (ResultSet rs = statement.executeQuery(LIST_TABLES)) {
                while (rs.next()) {
                    String database = rs.getString(1);
                    // the query excludes them already; a server that compares names differently must not slip one in
                    if (!SYSTEM_DATABASES.contains(database.toLowerCase(Locale.ROOT))) {
                        tables.add(new String[] {database, rs.getString(2), rs.getString(3)});
                    }
                }
            }
            for (String[] table : tables) {
                checkpoint.check();
                String name = quote(table[0]) + "." + quote(table[1]);
                current = name + " (" + result.size() + " of " + tables.size() + " tables done)";
                Long rows = null;
                Long checksum = null;
                boolean exists = true;
                statement.setQueryTimeout(deadline.secondsLeft(current));
                try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + name)) {
                    rs.next();
                    rows = rs.getLong(1);
                } catch (SQLException e) {
                    if (!NO_SUCH_TABLE.equals(e.getSQLState())) {
                        throw e;
                    }
                    exists = false;
                }
                if (!exists) {
                    continue;
                }
                statement.setQueryTimeout(deadline.secondsLeft(current));
                try (ResultSet rs = statement.executeQuery("CHECKSUM TABLE " + name + " EXTENDED")) {
                    if (rs.next()) {
                        Object value = rs.getObject(2);
                        checksum = value == null ? null : ((Number) value).longValue();
                    }
                }
                result.add(new TableChecksum(table[0], table[1], table[2], rows, checksum));
            }
        } catch (SQLException e) {
            throw failure("cannot checksum " + current, e, deadline);
        }
        return List.copyOf(result);
    }

    /** A MySQL identifier in backquotes, inner backquotes doubled. */
    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    private SnapshotException failure(String what, SQLException e, Deadline deadline) {
        if (e instanceof SQLTimeoutException || deadline.expired()) {
            return new SnapshotException("table checksums did not finish within " + timeout.toMillis() + " ms: stopped at "
                    + what.replaceFirst("^cannot (checksum|read) ", ""), e);
        }
        return new SnapshotException(what + ": " + e.getMessage(), e);
    }

    private final class Deadline {
        private final long end;

        Deadline(Duration timeout) {
            this.end = System.nanoTime() + timeout.toNanos();
        }

        boolean expired() {
            return System.nanoTime() - end >= 0;
        }

        /** Seconds left for the next statement (at least 1, JDBC's 0 means none); throws once none are left. */
        int secondsLeft(String next) throws SQLTimeoutException {
            long nanos = end - System.nanoTime();
            if (nanos <= 0) {
                throw new SQLTimeoutException("no time left for " + next);
            }
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (nanos + 999_999_999L) / 1_000_000_000L));
        }
    }
}
