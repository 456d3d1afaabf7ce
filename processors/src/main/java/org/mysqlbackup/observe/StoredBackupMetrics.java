package org.mysqlbackup.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's backup metrics for Prometheus, per client and configuration, read from its
 * history ({@code BackupLogs}, {@code OverdueStates}) by {@link #publish} (route
 * {@code server-metrics}, routes-server/observe.camel.yaml). A scrape reads the last refresh and
 * never touches the database. The meters go into the registry Camel serves (bound as
 * {@value MicrometerConstants#METRICS_REGISTRY_NAME}), found at the first refresh.
 *
 * <pre>
 * mysql_backup_last_success_timestamp_seconds{client,config}   end of the newest completed transfer
 * mysql_backup_last_success_size_bytes{client,config}          its stored size
 * mysql_backup_last_success_duration_seconds{client,config}    its transfer, first request to stored
 * mysql_backup_last_success_throughput_bytes_per_second{client,config}
 * mysql_backup_failed_transfers{client,config}                 failed transfers in the kept history
 * mysql_backup_received_bytes{client,config}                   bytes of the completed transfers in the kept history
 * mysql_backup_overdue{client,config}                          1 while an OVERDUE alert stands, else 0
 * mysql_backup_damaged_backups{client,config}                  stored backups verify found corrupt or missing
 * mysql_backup_last_drill_passed{client,config}                1 or 0: the newest drilled backup's result
 * mysql_backup_transfers_running                               transfers receiving or verifying now
 * </pre>
 * Counts cover the history log retention keeps ({@code log.*}), so they are gauges: alert on
 * their {@code delta()}, not on a {@code rate()} of a counter.
 */
public final class StoredBackupMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(StoredBackupMetrics.class);

    private static final String PER_CONFIGURATION = """
            SELECT ClientId, ConfigName,
                   SUM(CASE WHEN Status = 'Failed' THEN 1 ELSE 0 END),
                   SUM(CASE WHEN Status = 'Completed' THEN FileSize ELSE 0 END),
                   SUM(CASE WHEN Status = 'Completed' AND VerifyResult IN ('corrupt', 'missing') THEN 1 ELSE 0 END)
              FROM BackupLogs GROUP BY ClientId, ConfigName""";
    private static final String LAST_SUCCESS = """
            SELECT b.ClientId, b.ConfigName, b.StartTime, b.EndTime, b.FileSize FROM BackupLogs b
             WHERE b.Status = 'Completed' AND b.EndTime IS NOT NULL
               AND b.Id = (SELECT n.Id FROM BackupLogs n WHERE n.ClientId = b.ClientId
                             AND n.ConfigName = b.ConfigName AND n.Status = 'Completed' AND n.EndTime IS NOT NULL
                           ORDER BY n.EndTime DESC, n.Id DESC LIMIT 1)""";
    private static final String LAST_DRILL = """
            SELECT b.ClientId, b.ConfigName, b.DrillResult FROM BackupLogs b
             WHERE b.DrillResult IS NOT NULL
               AND b.Id = (SELECT n.Id FROM BackupLogs n WHERE n.ClientId = b.ClientId
                             AND n.ConfigName = b.ConfigName AND n.DrillResult IS NOT NULL
                           ORDER BY n.DrilledAt DESC, n.Id DESC LIMIT 1)""";
    private static final String OVERDUE = "SELECT ClientId, ConfigName, OverdueSince IS NOT NULL FROM OverdueStates";
    private static final String RUNNING = "SELECT COUNT(*) FROM BackupLogs WHERE Status IN ('Transferring', 'Verifying')";

    private final DataSource db;
    private Meters meters;

    public StoredBackupMetrics(DataSource db) {
        this.db = db;
    }

    /**
     * Registers the meters in {@code registry} (at the first refresh, once Camel's metrics
     * service made the registry it serves).
     */
    public synchronized void bindTo(MeterRegistry registry) {
        if (meters == null) {
            meters = new Meters(registry);
        }
    }

    /** The refresh of route {@code server-metrics}, into the registry Camel serves on /observe/metrics. */
    public void publish(CamelContext context) {
        if (meters == null) {
            MeterRegistry registry = context.getRegistry().lookupByNameAndType(
                    MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
            if (registry == null) {
                registry = context.getRegistry().findSingleByType(MeterRegistry.class);
            }
            if (registry == null) {
                LOG.warn("Backup metrics not published: no metrics registry (camel.metrics.enabled = false?)");
                return;
            }
            bindTo(registry);
        }
        refresh();
    }

    /** The meters, registered once. */
    private static final class Meters {
        private final MultiGauge lastSuccess;
        private final MultiGauge lastSize;
        private final MultiGauge lastDuration;
        private final MultiGauge lastThroughput;
        private final MultiGauge failed;
        private final MultiGauge received;
        private final MultiGauge overdue;
        private final MultiGauge damaged;
        private final MultiGauge drillPassed;
        private final AtomicInteger running = new AtomicInteger();

        Meters(MeterRegistry registry) {
            lastSuccess = gauge(registry, "mysql_backup_last_success_timestamp_seconds",
                    "End of the newest completed transfer (Unix time)", "seconds");
            lastSize = gauge(registry, "mysql_backup_last_success_size_bytes",
                    "Stored size of the newest completed backup", "bytes");
            lastDuration = gauge(registry, "mysql_backup_last_success_duration_seconds",
                    "Transfer time of the newest completed backup, first request to stored", "seconds");
            lastThroughput = gauge(registry, "mysql_backup_last_success_throughput_bytes_per_second",
                    "Size over transfer time of the newest completed backup", null);
            failed = gauge(registry, "mysql_backup_failed_transfers", "Failed transfers in the kept history", null);
            received = gauge(registry, "mysql_backup_received_bytes",
                    "Bytes of the completed transfers in the kept history", "bytes");
            overdue = gauge(registry, "mysql_backup_overdue",
                    "1 while the configuration's next backup is overdue (OVERDUE alert), else 0", null);
            damaged = gauge(registry, "mysql_backup_damaged_backups",
                    "Stored backups that verify found corrupt or missing", null);
            drillPassed = gauge(registry, "mysql_backup_last_drill_passed",
                    "1 if the newest drilled backup passed its restorability drill, 0 if not", null);
            Gauge.builder("mysql_backup_transfers_running", running, AtomicInteger::get)
                    .description("Transfers receiving or verifying now").register(registry);
        }
    }

    private static MultiGauge gauge(MeterRegistry registry, String name, String description, String unit) {
        MultiGauge.Builder builder = MultiGauge.builder(name).description(description);
        if (unit != null) {
            builder.baseUnit(unit);
        }
        return builder.register(registry);
    }

    /**
     * Reads the history once and replaces every series (nothing before {@link #bindTo}); a configuration no longer in the history
     * disappears. A failed read keeps the previous values and is logged.
     */
    public synchronized void refresh() {
        if (meters == null) {
            return;
        }
        Map<Tags, Values> values = new LinkedHashMap<>();
        Map<Tags, Integer> overdueNow = new LinkedHashMap<>();
        Map<Tags, Integer> drills = new LinkedHashMap<>();
        int runningNow;
        try (Connection connection = db.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(PER_CONFIGURATION);
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Values v = values.computeIfAbsent(tags(rows), t -> new Values());
                    v.failed = rows.getLong(3);
                    v.received = rows.getLong(4);
                    v.damaged = rows.getLong(5);
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(LAST_SUCCESS);
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Values v = values.computeIfAbsent(tags(rows), t -> new Values());
                    Instant start = instant(rows.getString(3));
                    Instant end = instant(rows.getString(4));
                    if (end != null) {
                        v.lastEnd = end;
                        v.lastSize = rows.getLong(5);
                        v.lastDuration = start == null ? null : Duration.between(start, end);
                    }
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(LAST_DRILL);
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    drills.put(tags(rows), "passed".equals(rows.getString(3)) ? 1 : 0);
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(OVERDUE);
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    overdueNow.put(tags(rows), rows.getInt(3));
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(RUNNING);
                 ResultSet rows = statement.executeQuery()) {
                runningNow = rows.next() ? rows.getInt(1) : 0;
            }
        } catch (SQLException e) {
            LOG.warn("Backup metrics not refreshed (the values of the last refresh stay): {}", e.getMessage());
            return;
        }
        List<MultiGauge.Row<?>> success = new ArrayList<>();
        List<MultiGauge.Row<?>> size = new ArrayList<>();
        List<MultiGauge.Row<?>> duration = new ArrayList<>();
        List<MultiGauge.Row<?>> throughput = new ArrayList<>();
        List<MultiGauge.Row<?>> failures = new ArrayList<>();
        List<MultiGauge.Row<?>> bytes = new ArrayList<>();
        List<MultiGauge.Row<?>> damage = new ArrayList<>();
        values.forEach((tags, v) -> {
            failures.add(MultiGauge.Row.of(tags, v.failed));
            bytes.add(MultiGauge.Row.of(tags, v.received));
            damage.add(MultiGauge.Row.of(tags, v.damaged));
            if (v.lastEnd != null) {
                success.add(MultiGauge.Row.of(tags, v.lastEnd.toEpochMilli() / 1000.0));
                size.add(MultiGauge.Row.of(tags, v.lastSize));
                if (v.lastDuration != null) {
                    double seconds = Math.max(v.lastDuration.toMillis(), 1) / 1000.0;
                    duration.add(MultiGauge.Row.of(tags, seconds));
                    throughput.add(MultiGauge.Row.of(tags, v.lastSize / seconds));
                }
            }
        });
        meters.lastSuccess.register(success, true);
        meters.lastSize.register(size, true);
        meters.lastDuration.register(duration, true);
        meters.lastThroughput.register(throughput, true);
        meters.failed.register(failures, true);
        meters.received.register(bytes, true);
        meters.damaged.register(damage, true);
        meters.overdue.register(rows(overdueNow), true);
        meters.drillPassed.register(rows(drills), true);
        meters.running.set(runningNow);
    }

    private static List<MultiGauge.Row<?>> rows(Map<Tags, Integer> values) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        values.forEach((tags, value) -> rows.add(MultiGauge.Row.of(tags, value)));
        return rows;
    }

    private static Tags tags(ResultSet row) throws SQLException {
        return Tags.of("client", row.getString(1), "config", row.getString(2));
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static final class Values {
        long failed;
        long received;
        long damaged;
        Instant lastEnd;
        long lastSize;
        Duration lastDuration;
    }
}
