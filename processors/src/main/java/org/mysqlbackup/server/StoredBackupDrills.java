package org.mysqlbackup.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.alert.AlertSeverity;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.drill.DrillNotPossibleException;
import org.mysqlbackup.drill.DrillOutcome;
import org.mysqlbackup.drill.DrillResult;
import org.mysqlbackup.drill.DrillTimings;
import org.mysqlbackup.drill.RestorabilityDrill;
import org.mysqlbackup.events.ServerEvents;
import org.mysqlbackup.protocol.ProtocolException;
import org.mysqlbackup.server.alerts.ServerAlert;
import org.mysqlbackup.server.alerts.ServerAlertKind;
import org.mysqlbackup.server.alerts.ServerAlerts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restorability drills of the stored backups, reading their files where they are: each drilled
 * backup's result is recorded in {@code BackupLogs} (DrilledAt, DrillResult, DrillReason) and a
 * failed one raises {@link ServerAlertKind#DRILL_FAILED}. As a processor (route
 * {@code server-drill}) it drills the newest stored backup of every client's configuration.
 */
public class StoredBackupDrills implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(StoredBackupDrills.class);
    public static final String NEWEST = "newest";
    public static final String ALL = "all";

    /** One drilled backup: the stored row, and the result or why there is none. */
    public record Drilled(StoredBackupCatalog.Row row, DrillResult result, String notPossible) {
    }

    private final StoredBackupCatalog catalog;
    private final StoredBackups stored;
    private final Sql sql;
    private final Supplier<RestorabilityDrill> drill;
    private final ServerAlerts alerts;
    private final Clock clock;
    private final String scope;
    private final ServerEvents events;

    /**
     * @param drill made when a drill runs, so a server without mariadbd starts and only its drills fail
     * @param scope what the scheduled drill takes ({@code drill.scope}): {@value #NEWEST}, the newest stored backup
     *              of every client's configuration, or {@value #ALL}, every stored backup
     */
    public StoredBackupDrills(DataSource db, StoredBackupCatalog catalog, StoredBackups stored,
                              Supplier<RestorabilityDrill> drill, ServerAlerts alerts, Clock clock, String scope) {
        this(db, catalog, stored, drill, alerts, clock, scope, ServerEvents.none());
    }

    /** @param events where each recorded result is published ({@code drill.result}) */
    public StoredBackupDrills(DataSource db, StoredBackupCatalog catalog, StoredBackups stored,
                              Supplier<RestorabilityDrill> drill, ServerAlerts alerts, Clock clock, String scope,
                              ServerEvents events) {
        this.events = events;
        if (!NEWEST.equals(scope) && !ALL.equals(scope)) {
            throw new InvalidSettingException("drill.scope", "is '" + scope + "'; use " + NEWEST
                    + " (the newest backup of each configuration) or " + ALL + " (every stored backup)");
        }
        this.scope = scope;
        this.catalog = catalog;
        this.stored = stored;
        this.sql = new Sql(db, "server database");
        this.drill = drill;
        this.alerts = alerts;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        List<StoredBackupCatalog.Row> rows = ALL.equals(scope) ? all(null, null) : newest(null, null);
        LOG.info("Scheduled drill: {} backup(s), {}", rows.size(),
                ALL.equals(scope) ? "every stored backup" : "the newest of each configuration");
        List<Drilled> results = drillAll(rows);
        exchange.getMessage().setBody(results);
    }

    /**
     * The newest stored backup of every configuration of every client (or of {@code clientId},
     * of {@code configName}, when given), oldest configuration first.
     */
    public List<StoredBackupCatalog.Row> newest(String clientId, String configName) {
        Map<String, StoredBackupCatalog.Row> byConfig = new LinkedHashMap<>();
        for (StoredBackupCatalog.Row row : all(clientId, configName)) {
            byConfig.merge(row.clientId() + "\u0000" + row.configName(), row,
                    (a, b) -> b.createdAt().isAfter(a.createdAt()) || b.createdAt().equals(a.createdAt()) && b.id() > a.id()
                            ? b : a);
        }
        return new ArrayList<>(byConfig.values());
    }

    /** Stored backup {@code id}, if it is one. */
    public Optional<StoredBackupCatalog.Row> byId(long id) {
        return catalog.find(id);
    }

    /** Every stored backup (of {@code clientId}, of {@code configName}, when given). */
    public List<StoredBackupCatalog.Row> all(String clientId, String configName) {
        List<String> clients = clientId != null ? List.of(clientId)
                : sql.query("SELECT DISTINCT ClientId FROM BackupLogs WHERE Status = 'Completed' AND FilePath IS NOT NULL"
                        + " AND DeletedAt IS NULL ORDER BY ClientId", rs -> rs.getString(1));
        List<StoredBackupCatalog.Row> rows = new ArrayList<>();
        for (String client : clients) {
            rows.addAll(catalog.of(client, configName));
        }
        return rows;
    }

    /** Drills each backup in turn, one at a time; one that cannot be drilled does not stop the others. */
    public List<Drilled> drillAll(List<StoredBackupCatalog.Row> rows) {
        List<Drilled> results = new ArrayList<>();
        for (StoredBackupCatalog.Row row : rows) {
            results.add(drill(row));
        }
        return results;
    }

    /** Drills one stored backup, records the result and alerts when it failed. */
    public Drilled drill(StoredBackupCatalog.Row row) {
        Path file;
        try {
            file = stored.byId(row.clientId(), row.id()).file();
        } catch (ProtocolException e) {
            // gone or damaged on disk: it cannot be restored, which is what the drill is for
            return finish(row, new DrillResult(DrillOutcome.FAILED, true, 0, List.of(), e.getMessage(),
                    DrillTimings.NONE));
        }
        try {
            LOG.info("Drill of backup {} ({} of client {}, configuration '{}')", row.id(), row.fileName(), row.clientId(),
                    row.configName());
            return finish(row, drill.get().drill(folder -> file));
        } catch (DrillNotPossibleException e) {
            LOG.error("Drill of backup {} not possible on this host: {}", row.id(), e.getMessage());
            alerts.raise(new ServerAlert(ServerAlertKind.DRILL_FAILED, AlertSeverity.FAILURE, row.clientId(),
                    row.configName(), "backup " + row.id() + " (" + row.fileName() + ") could not be drilled on this"
                    + " server: " + e.getMessage(),
                    "Nothing is known yet about the backup itself. Fix what the reason names (drill.server-binary,"
                            + " drill.scratch-dir), then run: backup-server --config FILE drill --backup " + row.id()));
            return new Drilled(row, null, e.getMessage());
        } catch (IOException e) {
            return finish(row, new DrillResult(DrillOutcome.FAILED, true, 0, List.of(),
                    "the stored file cannot be read: " + e.getMessage(), DrillTimings.NONE));
        }
    }

    private Drilled finish(StoredBackupCatalog.Row row, DrillResult result) {
        sql.update("UPDATE BackupLogs SET DrilledAt = ?, DrillResult = ?, DrillReason = ? WHERE Id = ?",
                clock.instant().toString(), result.outcome().label(), result.reason(), row.id());
        events.drilled(row.clientId(), row.configName(), row.id(), row.filePath(), result.outcome().label(),
                result.reason());
        if (result.passed()) {
            LOG.info("Drill of backup {} {}; {}", row.id(), result.summary(), result.timings().line());
        } else {
            LOG.error("Drill of backup {} ({} of client {}) {}", row.id(), row.fileName(), row.clientId(), result.summary());
            alerts.raise(new ServerAlert(ServerAlertKind.DRILL_FAILED, AlertSeverity.FAILURE, row.clientId(),
                    row.configName(), "backup " + row.id() + " (" + row.fileName() + ", taken " + row.createdAt()
                    + ") failed its restorability drill: " + result.reason(), action(result)));
        }
        return new Drilled(row, result, null);
    }

    static String action(DrillResult result) {
        String keep = " Until a backup of this configuration passes a drill, do not rely on this one: keep the older"
                + " backups that passed (see backup-server list).";
        return switch (result.outcome()) {
            case COULD_NOT_BOOT -> "Read the error log tail in the reason: a damaged system tablespace or log"
                    + " (ibdata1, ib_logfile*, aria_log_control) means the copy was taken while MySQL was not fully"
                    + " stopped or was damaged since; run verify on it and take a new backup now." + keep;
            case FAILED -> "A table that differs from the manifest was written between the checksums and the stop,"
                    + " or the copy is damaged; a table failing CHECK TABLE is damaged. Take a new backup (with the"
                    + " tables at rest) and drill it: backup-server --config FILE drill --client C --latest." + keep;
            case PASSED -> "";
        };
    }
}
