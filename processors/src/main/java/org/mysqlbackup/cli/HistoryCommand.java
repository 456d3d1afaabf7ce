package org.mysqlbackup.cli;

import java.io.Writer;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.drill.ClientDrillLog;
import org.mysqlbackup.report.BackupHistory;
import org.mysqlbackup.report.DateArgument;
import org.mysqlbackup.report.HistoryFilter;
import org.mysqlbackup.report.HistoryWriter;
import org.mysqlbackup.report.Period;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backup-client --config FILE history [...]}: the backups recorded in the client database,
 * newest first, filtered by start time, status and configuration. Reads only; safe while a backup runs.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "List recorded backups, newest first, filtered by start time, status and configuration.")
public class HistoryCommand implements Callable<Integer> {
    enum Format { table, csv, json }

    @ParentCommand
    ClientCommand client;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "DATE|TIME",
            description = "Backups started at or after this (2026-11-01 = midnight UTC, or 2026-11-01T02:00:00Z).")
    String from;

    @Option(names = "--to", paramLabel = "DATE|TIME",
            description = "Backups started before this (a date includes that whole day, UTC).")
    String to;

    @Option(names = "--status", paramLabel = "STATUS", split = ",",
            description = "Only these statuses (comma-separated): Queued, StoppingMySQL, Compressing, Transferring,"
                    + " StartingMySQL, Verifying, Completed, Failed, Cancelled.")
    List<String> statuses = List.of();

    @Option(names = "--configuration", paramLabel = "NAME", description = "Only this backup configuration (backup.name, or a name from config list).")
    String config;

    @Option(names = "--limit", defaultValue = "100", description = "At most this many backups (0 = all). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv|json", description = "table, csv or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Override
    public Integer call() throws Exception {
        Set<BackupStatus> wanted = statuses(statuses);
        Set<BackupStatus> stored = EnumSet.noneOf(BackupStatus.class);
        stored.addAll(wanted);
        if (wanted.contains(BackupStatus.Failed)) {
            // a dead run is stored with the status it died in
            java.util.Arrays.stream(BackupStatus.values()).filter(s -> !s.isFinal()).forEach(stored::add);
        }
        HistoryFilter filter = new HistoryFilter(new Period(from == null ? null : DateArgument.start("--from", from),
                to == null ? null : DateArgument.end("--to", to)), stored, config, limit);
        DataSource db = ClientDatabase.open(client);
        try {
            if (config != null) {
                requireKnown(db, config, client.app().settings().optional("backup.name").orElse(null));
            }
            // a backup whose process died shows as the Failed row the next guard records, never as running
            List<BackupLogRow> rows = new BackupHistory(db).search(filter).stream().map(BackupLogRow::asSeenNow)
                    .filter(row -> wanted.isEmpty() || wanted.contains(row.status())).toList();
            Writer out = ClientDatabase.output(output, spec.commandLine().getOut());
            Map<Long, ClientDrillLog.LastDrill> drills = new ClientDrillLog(db, java.time.Clock.systemUTC())
                    .lastOf(rows.stream().map(BackupLogRow::id).toList());
            switch (format) {
                case csv -> HistoryWriter.csv(rows, drills, out);
                case json -> HistoryWriter.json(rows, drills, out);
                default -> HistoryWriter.table(rows, drills, out);
            }
            if (output != null) {
                out.close();
            }
        } finally {
            ClientDatabase.close(db);
        }
        return ExitCodes.OK;
    }

    /**
     * A name that is no configuration (stored, or client.properties' backup.name) and has no
     * backup in the history is a typo: say so, instead of an empty table and exit 0.
     */
    private static void requireKnown(DataSource db, String name, String defaultName) {
        if (name.equals(defaultName)) {
            return;
        }
        List<String> known = new org.mysqlbackup.db.Sql(db, "client database").query(
                "SELECT ConfigName FROM BackupLogs UNION SELECT Name FROM BackupConfigurations ORDER BY 1",
                rs -> rs.getString(1));
        if (!known.contains(name)) {
            List<String> names = new java.util.ArrayList<>(known);
            if (defaultName != null && !names.contains(defaultName)) {
                names.add(0, defaultName);
            }
            throw new IllegalArgumentException("--configuration: no configuration or recorded backup is named '" + name
                    + "'" + (names.isEmpty() ? "" : "; known: " + String.join(", ", names)));
        }
    }

    static Set<BackupStatus> statuses(List<String> names) {
        Set<BackupStatus> set = EnumSet.noneOf(BackupStatus.class);
        for (String name : names) {
            set.add(java.util.Arrays.stream(BackupStatus.values())
                    .filter(s -> s.name().equalsIgnoreCase(name.strip()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--status: '" + name + "' is not one of "
                            + java.util.Arrays.toString(BackupStatus.values()).replaceAll("[\\[\\]]", ""))));
        }
        return set;
    }
}
