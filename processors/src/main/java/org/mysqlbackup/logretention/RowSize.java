package org.mysqlbackup.logretention;

import java.util.List;
import java.util.stream.Collectors;
import org.mysqlbackup.db.Sql;

/**
 * The size of a history row, as the space limit counts it: the bytes of its stored values, every
 * column (text as UTF-8, a number as its decimal digits, NULL as nothing). SQLite's page and
 * index overhead is not counted, so the database file is somewhat larger than the sum; the
 * measure does not depend on how full the pages happen to be, so pruning is repeatable.
 */
final class RowSize {
    private RowSize() {
    }

    /** An SQL expression for the size of the row of {@code table} called {@code alias}, all its columns. */
    static String of(Sql sql, String table, String alias) {
        List<String> columns = sql.query("SELECT name FROM pragma_table_info(?)", rs -> rs.getString(1), table);
        if (columns.isEmpty()) {
            throw new IllegalStateException("table " + table + " has no columns (is the schema migrated?)");
        }
        return columns.stream()
                .map(c -> "COALESCE(LENGTH(CAST(" + alias + ".\"" + c.replace("\"", "\"\"") + "\" AS BLOB)), 0)")
                .collect(Collectors.joining(" + ", "(", ")"));
    }
}
