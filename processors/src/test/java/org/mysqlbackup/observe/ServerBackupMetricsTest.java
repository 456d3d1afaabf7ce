package org.mysqlbackup.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.TestDatabases;
import org.mysqlbackup.db.Times;

/** The backup metrics as a scrape sees them, from a real server database. */
class ServerBackupMetricsTest {
    private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");

    @TempDir
    Path dir;
    private DataSource db;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private HistoryMetrics metrics;
    private int transfers;

    @BeforeEach
    void open() {
        db = TestDatabases.migrated(dir.resolve("server.db"), "server");
        metrics = ServerBackupMetrics.create(db);
        metrics.bindTo(registry);
    }

    @Test
    void theNewestCompletedBackupOfEachConfigurationAndItsCounts() {
        row("c1", "main", "Completed", T0, T0.plusSeconds(10), 1000, null, null);
        row("c1", "main", "Completed", T0.plusSeconds(3600), T0.plusSeconds(3604), 4000, "corrupt", null);
        row("c1", "main", "Failed", T0.plusSeconds(7200), T0.plusSeconds(7201), 9999, null, null);
        row("c1", "other", "Completed", T0, T0.plusSeconds(1), 10, null, "passed");
        row("c2", "main", "Failed", T0, T0.plusSeconds(1), 5, null, null);
        row("c2", "main", "Transferring", T0, null, 5, null, null);

        metrics.refresh();

        assertThat(value("mysql_backup_last_success_timestamp_seconds", "c1", "main"))
                .isCloseTo(T0.plusSeconds(3604).getEpochSecond(), within(0.01));
        assertThat(value("mysql_backup_last_success_size_bytes", "c1", "main")).isEqualTo(4000);
        assertThat(value("mysql_backup_last_success_duration_seconds", "c1", "main")).isCloseTo(4, within(0.01));
        assertThat(value("mysql_backup_last_success_throughput_bytes_per_second", "c1", "main"))
                .isCloseTo(1000, within(1.0));
        assertThat(value("mysql_backup_failed_transfers", "c1", "main")).isEqualTo(1);
        assertThat(value("mysql_backup_received_bytes", "c1", "main")).isEqualTo(5000);
        assertThat(value("mysql_backup_damaged_backups", "c1", "main")).isEqualTo(1);
        assertThat(value("mysql_backup_last_drill_passed", "c1", "other")).isEqualTo(1);
        assertThat(gauge("mysql_backup_last_drill_passed", "c1", "main")).isNull();
        // a configuration that never completed has counts, no last success
        assertThat(value("mysql_backup_failed_transfers", "c2", "main")).isEqualTo(1);
        assertThat(gauge("mysql_backup_last_success_timestamp_seconds", "c2", "main")).isNull();
        assertThat(registry.get("mysql_backup_transfers_running").gauge().value()).isEqualTo(1);
    }

    @Test
    void overdueAndAFailedDrillShowAndGoAway() {
        long backup = row("c1", "main", "Completed", T0, T0.plusSeconds(1), 10, null, "failed");
        new Sql(db, "test").insert("INSERT INTO OverdueStates (ClientId, ConfigName, WatchedSince, OverdueSince)"
                + " VALUES ('c1', 'main', ?, ?)", Times.format(T0), Times.format(T0.plusSeconds(86_400)));
        metrics.refresh();
        assertThat(value("mysql_backup_overdue", "c1", "main")).isEqualTo(1);
        assertThat(value("mysql_backup_last_drill_passed", "c1", "main")).isZero();

        new Sql(db, "test").update("UPDATE OverdueStates SET OverdueSince = NULL");
        new Sql(db, "test").update("DELETE FROM BackupLogs WHERE Id = ?", backup);
        metrics.refresh();
        assertThat(value("mysql_backup_overdue", "c1", "main")).isZero();
        // a configuration pruned from the history loses its series
        assertThat(gauge("mysql_backup_last_success_size_bytes", "c1", "main")).isNull();
        assertThat(gauge("mysql_backup_last_drill_passed", "c1", "main")).isNull();
    }

    @Test
    void nothingIsPublishedBeforeTheRegistryIsKnown() {
        HistoryMetrics unbound = ServerBackupMetrics.create(db);
        row("c1", "main", "Completed", T0, T0.plusSeconds(1), 10, null, null);
        unbound.refresh();
        metrics.refresh();
        assertThat(value("mysql_backup_last_success_size_bytes", "c1", "main")).isEqualTo(10);
    }

    private long row(String client, String config, String status, Instant start, Instant end, long size,
                     String verifyResult, String drillResult) {
        transfers++;
        return new Sql(db, "test").insert("INSERT INTO BackupLogs (TransferId, ClientId, ConfigName, StartTime, EndTime,"
                        + " Status, FileSize, ChunkSize, Sha256, Md5, VerifyResult, DrilledAt, DrillResult)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, 1, 'x', 'y', ?, ?, ?)",
                "t-" + transfers, client, config, Times.format(start), end == null ? null : Times.format(end), status,
                size, verifyResult, drillResult == null ? null : Times.format(end), drillResult);
    }

    private double value(String name, String client, String config) {
        Gauge gauge = gauge(name, client, config);
        assertThat(gauge).as("%s{client=%s,config=%s}", name, client, config).isNotNull();
        return gauge.value();
    }

    private Gauge gauge(String name, String client, String config) {
        return registry.find(name).tags("client", client, "config", config).gauge();
    }
}
