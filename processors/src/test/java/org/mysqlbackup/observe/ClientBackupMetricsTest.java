package org.mysqlbackup.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.TestDatabases;
import org.mysqlbackup.db.Times;

/** The client's backup metrics (downtime is known only here), from a real client database. */
class ClientBackupMetricsTest {
    private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theNewestCompletedBackupItsDowntimeAndWhetherMysqlCameBack() {
        DataSource db = TestDatabases.migrated(dir.resolve("client.db"), "client");
        backup(db, "main", "Completed", T0.plusSeconds(60), 2000, 4500, 30_000, true);
        backup(db, "main", "Completed", T0, 1000, 9000, 50_000, true);
        backup(db, "main", "Failed", T0.plusSeconds(120), null, 8000, 9000, false);
        backup(db, "other", "Transferring", null, null, null, null, null);
        long backupId = backup(db, "other", "Failed", T0, null, null, 100, true);
        new Sql(db, "test").insert("INSERT INTO DrillResults (BackupLogId, ConfigName, Source, DrilledAt, Result, Reason)"
                + " VALUES (?, 'other', 'server', ?, 'failed', 'table t1 differs')", backupId, Times.format(T0));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HistoryMetrics metrics = ClientBackupMetrics.create(db);
        metrics.bindTo(registry);

        metrics.refresh();

        assertThat(value(registry, "mysql_backup_last_success_timestamp_seconds", "main"))
                .isCloseTo(T0.plusSeconds(60).getEpochSecond(), within(0.01));
        assertThat(value(registry, "mysql_backup_last_success_size_bytes", "main")).isEqualTo(2000);
        assertThat(value(registry, "mysql_backup_last_success_downtime_seconds", "main")).isEqualTo(4.5);
        assertThat(value(registry, "mysql_backup_last_success_duration_seconds", "main")).isEqualTo(30);
        assertThat(value(registry, "mysql_backup_failed_backups", "main")).isEqualTo(1);
        // the newest finished backup of 'main' failed and MySQL did not answer after it
        assertThat(value(registry, "mysql_backup_mysql_running", "main")).isZero();
        assertThat(value(registry, "mysql_backup_mysql_running", "other")).isEqualTo(1);
        assertThat(value(registry, "mysql_backup_last_drill_passed", "other")).isZero();
        assertThat(registry.find("mysql_backup_last_success_timestamp_seconds").tags("config", "other").gauge())
                .isNull();
        assertThat(registry.get("mysql_backup_backups_running").gauge().value()).isEqualTo(1);
    }

    private static long backup(DataSource db, String config, String status, Instant end, Integer size, Integer downtimeMs,
                               Integer durationMs, Boolean mysqlRunning) {
        return new Sql(db, "test").insert("INSERT INTO BackupLogs (ConfigName, StartTime, EndTime, Status, FileSize,"
                        + " DowntimeMs, DurationMs, MySqlRunningAfter) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                config, Times.format(T0.minusSeconds(600)), end == null ? null : Times.format(end), status, size,
                downtimeMs, durationMs, mysqlRunning);
    }

    private static double value(SimpleMeterRegistry registry, String name, String config) {
        Gauge gauge = registry.find(name).tags("config", config).gauge();
        assertThat(gauge).as("%s{config=%s}", name, config).isNotNull();
        return gauge.value();
    }
}
