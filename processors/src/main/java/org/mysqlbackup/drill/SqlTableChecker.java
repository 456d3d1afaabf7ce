package org.mysqlbackup.drill;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.mysqlbackup.snapshot.BackupManifest.TableChecksum;
import org.mysqlbackup.snapshot.TableChecksums;

/**
 * {@code CHECK TABLE} on every base table of the restored copy outside the system databases, then,
 * for every table of the manifest, {@code SELECT COUNT(*)} and {@code CHECKSUM TABLE ... EXTENDED}
 * compared with what the manifest recorded before the backup's stop (the same queries as
 * {@link TableChecksums}, so equal data gives equal figures). A table of the manifest missing from
 * the copy is a problem; a table the manifest does not list (created after the checksums, or not
 * readable by the backup's account) is checked but not compared. All of it within one time limit.
 */
public final class SqlTableChecker implements TableChecker {
    private final Duration timeout;

    /** @param timeout longest all the checks together may take */
    public SqlTableChecker(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public TableReport check(RunningServer server, List<TableChecksum> expected) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TableProblem> problems = new ArrayList<>();
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            Map<String, String[]> present = new LinkedHashMap<>();
            statement.setQueryTimeout(secondsLeft(deadline));
            try (ResultSet rs = statement.executeQuery(TableChecksums.LIST_TABLES)) {
                while (rs.next()) {
                    String database = rs.getString(1);
                    if (!TableChecksums.SYSTEM_DATABASES.contains(database.toLowerCase(Locale.ROOT))) {
                        present.put(key(database, rs.getString(2)), new String[] {database, rs.getString(2)});
                    }
                }
            }
            for (String[] table : present.values()) {
                statement.setQueryTimeout(secondsLeft(deadline));
                String failure = checkTable(statement, table[0], table[1]);
                if (failure != null) {
                    problems.add(new TableProblem(table[0], table[1], "CHECK TABLE: " + failure));
                }
            }
            if (expected != null) {
                for (TableChecksum want : expected) {
                    if (!present.containsKey(key(want.database(), want.table()))) {
                        problems.add(new TableProblem(want.database(), want.table(),
                                "missing from the restored copy (the manifest lists it)"));
                        continue;
                    }
                    statement.setQueryTimeout(secondsLeft(deadline));
                    String mismatch = compare(statement, want);
                    if (mismatch != null) {
                        problems.add(new TableProblem(want.database(), want.table(), mismatch));
                    }
                }
            }
            return new TableReport(present.size(), problems);
        }
    }

    /** Null when CHECK TABLE ends with status OK; else its messages. */
    static String checkTable(Statement statement, String database, String table) throws SQLException {
        List<String> messages = new ArrayList<>();
        String lastStatus = null;
        boolean error = false;
        try (ResultSet rs = statement.executeQuery("CHECK TABLE " + quote(database) + "." + quote(table))) {
            while (rs.next()) {
                String type = Objects.requireNonNullElse(rs.getString("Msg_type"), "").toLowerCase(Locale.ROOT);
                String text = Objects.requireNonNullElse(rs.getString("Msg_text"), "");
                if (type.equals("status")) {
                    lastStatus = text;
                } else if (type.equals("error")) {
                    error = true;
                    messages.add(text);
                } else if (!type.equals("note") && !type.equals("info")) {
                    messages.add(type + ": " + text);
                }
            }
        } catch (SQLException e) {
            if (e instanceof SQLTimeoutException) {
                throw e;
            }
            // a table the server cannot even open is a failed check, not a failed drill
            return "could not be checked: " + e.getMessage();
        }
        boolean ok = lastStatus != null && (lastStatus.equalsIgnoreCase("OK")
                || lastStatus.equalsIgnoreCase("Table is already up to date"));
        if (ok && !error) {
            return null;
        }
        if (lastStatus != null && !ok) {
            messages.add(lastStatus);
        }
        return messages.isEmpty() ? "no status returned" : String.join("; ", messages);
    }

    /** Null when row count and checksum equal the manifest's. */
    static String compare(Statement statement, TableChecksum want) throws SQLException {
        String name = quote(want.database()) + "." + quote(want.table());
        long rows;
        Long checksum = null;
        try {
            try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + name)) {
                rs.next();
                rows = rs.getLong(1);
            }
            try (ResultSet rs = statement.executeQuery("CHECKSUM TABLE " + name + " EXTENDED")) {
                if (rs.next()) {
                    Object value = rs.getObject(2);
                    checksum = value == null ? null : ((Number) value).longValue();
                }
            }
        } catch (SQLException e) {
            if (e instanceof SQLTimeoutException) {
                throw e;
            }
            return "could not be read: " + e.getMessage();
        }
        List<String> differences = new ArrayList<>();
        if (rows != want.rows()) {
            differences.add(rows + " rows, the manifest says " + want.rows());
        }
        if (want.checksum() != null && !want.checksum().equals(checksum)) {
            differences.add("CHECKSUM TABLE " + checksum + " differs from the manifest's " + want.checksum());
        }
        return differences.isEmpty() ? null : String.join(", ", differences);
    }

    private static String key(String database, String table) {
        return database + "\u0000" + table;
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    private int secondsLeft(long deadline) throws SQLTimeoutException {
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            throw new SQLTimeoutException("the checks did not finish within " + timeout.toSeconds() + " s");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (nanos + 999_999_999L) / 1_000_000_000L));
    }
}
