package org.mysqlbackup.drill;

/**
 * One table of the restored copy that is not what the manifest says, e.g.
 * {@code shop.orders: CHECKSUM TABLE 123 differs from the manifest's 456}.
 */
public record TableProblem(String database, String table, String reason) {
    public String name() {
        return database + "." + table;
    }

    @Override
    public String toString() {
        return name() + ": " + reason;
    }
}
