package org.mysqlbackup.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.snapshot.BackupManifest.TableChecksum;
import org.mysqlbackup.snapshot.DataDirectoryTables;

/**
 * An account that cannot read some tables collects no checksums for them without an error
 * (information_schema hides them); the backup's warning names them, from the data directory's
 * files, and the GRANT that lets the account read them.
 */
class UnreadableTablesWarningTest {
    @TempDir
    Path datadir;

    @BeforeEach
    void aDataDirectory() throws IOException {
        touch("ibdata1", "x");
        touch("aria_log_control", "x");
        touch("mysql/user.frm", "x");
        touch("mysql/user.MAD", "x");
        touch("shop/orders.frm", "binary frm");
        touch("shop/orders.ibd", "x");
        touch("shop/audit_log.frm", "binary frm");
        touch("shop/audit_log.MYD", "x");
        touch("shop/recent_orders.frm", "TYPE=VIEW\nquery=select ...");
        touch("shop/#sql-1a2b_3.frm", "x");
        touch("shop/db.opt", "default-character-set=utf8mb4");
        touch("my@002dapp/events.frm", "x");
        touch("#innodb_temp/temp_1.ibt", "x");
        touch("performance_schema/db.opt", "x");
    }

    private void touch(String name, String content) throws IOException {
        Path file = datadir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void theDataDirectoryListsItsTablesWithoutViewsTemporaryOrSystemOnes() {
        assertThat(DataDirectoryTables.list(datadir)).containsExactly("my-app.events", "shop.audit_log", "shop.orders");
    }

    @Test
    void tablesTheAccountCouldNotSeeAreNamedWithTheGrant() {
        List<TableChecksum> collected = List.of(new TableChecksum("shop", "orders", "InnoDB", 10, 1L));
        assertThat(TableChecksumCollector.unreadable(collected, datadir, () -> "backup@127.0.0.1")).hasValue(
                "2 table(s) in the data directory were not checksummed: the MySQL account 'backup'@'127.0.0.1' cannot"
                        + " read them (my-app.events, shop.audit_log), so a restore or drill cannot be checked against"
                        + " them. Grant it: GRANT SELECT ON `my-app`.* TO 'backup'@'127.0.0.1';"
                        + " GRANT SELECT ON `shop`.* TO 'backup'@'127.0.0.1';");
    }

    @Test
    void noWarningWhenEveryTableWasChecksummed() {
        List<TableChecksum> collected = List.of(new TableChecksum("shop", "orders", "InnoDB", 10, 1L),
                new TableChecksum("SHOP", "Audit_Log", "MyISAM", 3, 2L), new TableChecksum("my-app", "events", "Aria", 0, 0L));
        assertThat(TableChecksumCollector.unreadable(collected, datadir, () -> "backup@%")).isEmpty();
    }

    @Test
    void anUnreadableDataDirectoryGivesNoWarning() {
        assertThat(TableChecksumCollector.unreadable(List.of(), datadir.resolve("missing"), () -> "backup@%")).isEmpty();
    }
}
