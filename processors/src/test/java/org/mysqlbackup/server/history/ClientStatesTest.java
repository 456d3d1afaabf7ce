package org.mysqlbackup.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.TestDatabases;

class ClientStatesTest {
    @TempDir
    Path dir;

    @Test
    void eachConfigurationShowsItsWorstStateAndItsLastStoredBackup() {
        DataSource db = TestDatabases.migrated(dir.resolve("server.db"), "server");
        Sql sql = new Sql(db, "test");
        // db-1/main: stored, then a failure: failed, last stored still shown
        row(sql, "a", "db-1", "main", "2026-12-01T02:00:00.000Z", "2026-12-01T02:00:30.000Z", "Completed", null, null);
        row(sql, "b", "db-1", "main", "2026-12-02T02:00:00.000Z", "2026-12-02T02:00:05.000Z", "Failed", null, null);
        // db-1/reports: stored and intact: ok
        row(sql, "c", "db-1", "reports", "2026-12-02T03:00:00.000Z", "2026-12-02T03:01:00.000Z", "Completed", "intact",
                null);
        // db-2/main: stored but corrupt beats a failed drill
        row(sql, "d", "db-2", "main", "2026-12-02T03:00:00.000Z", "2026-12-02T03:01:00.000Z", "Completed", "corrupt",
                "failed");
        // db-2/reports: a transfer open now
        row(sql, "e", "db-2", "reports", "2026-12-02T04:00:00.000Z", null, "Transferring", null, null);
        // db-3/main: announced a schedule, never sent: none, and overdue once the watch says so
        sql.update("INSERT INTO ExpectedBackups (ClientId, ConfigName, IntervalMs, UpdatedAt) VALUES ('db-3', 'main',"
                + " 86400000, '2026-12-01T00:00:00.000Z')");
        sql.update("INSERT INTO ExpectedBackups (ClientId, ConfigName, IntervalMs, UpdatedAt) VALUES ('db-1', 'reports',"
                + " 3600000, '2026-12-01T00:00:00.000Z')");

        List<ClientStates.State> states = new ClientStates(db).all();
        assertThat(states).extracting(s -> s.client() + "/" + s.configuration() + "=" + s.state()).containsExactly(
                "db-1/main=failed", "db-1/reports=ok", "db-2/main=corrupt", "db-2/reports=running", "db-3/main=none");
        ClientStates.State main = states.get(0);
        assertThat(main.lastStoredAt()).isEqualTo("2026-12-01T02:00:30.000Z");
        assertThat(main.lastDurationMs()).isEqualTo(30_000);
        assertThat(main.lastFailedAt()).isEqualTo("2026-12-02T02:00:05.000Z");
        assertThat(states.get(1).nextExpectedAt()).as("stored at 03:01 plus the hourly interval")
                .isEqualTo("2026-12-02T04:01:00.000Z");

        sql.update("INSERT INTO OverdueStates (ClientId, ConfigName, WatchedSince, OverdueSince) VALUES ('db-1',"
                + " 'reports', '2026-12-01T00:00:00.000Z', '2026-12-02T04:01:00.000Z')");
        assertThat(new ClientStates(db).all().get(1).state()).isEqualTo("overdue");
    }

    private static void row(Sql sql, String id, String client, String config, String start, String end, String status,
                            String verify, String drill) {
        sql.insert("INSERT INTO BackupLogs (TransferId, ClientId, ConfigName, StartTime, EndTime, Status, FileSize,"
                + " ChunkSize, Sha256, Md5, FilePath, VerifyResult, DrillResult) VALUES (?, ?, ?, ?, ?, ?, 100, 10, 'x',"
                + " 'y', ?, ?, ?)", id, client, config, start, end, status, status.equals("Completed") ? id + ".zip" : null,
                verify, drill);
    }
}
