package org.mysqlbackup.drill;

import java.sql.SQLException;
import java.util.List;
import org.mysqlbackup.snapshot.BackupManifest.TableChecksum;

/** Checks the tables of a booted restored copy. */
@FunctionalInterface
public interface TableChecker {
    /**
     * @param expected the manifest's tables, or null when it has none: CHECK TABLE only
     * @throws SQLException when the checks could not be carried out (the server went away, time ran out)
     */
    TableReport check(RunningServer server, List<TableChecksum> expected) throws SQLException;
}
