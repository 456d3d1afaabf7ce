package org.mysqlbackup.cli;

import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.drill.ClientDrillLog;
import org.mysqlbackup.report.HistoryWriter;
import org.mysqlbackup.report.LocalHistory;
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
        Set<BackupStatus> wanted = LocalHistory.statuses("--status", statuses);
        Period period = LocalHistory.period("--from", from, "--to", to);
        DataSource db = ClientDatabase.open(client);
        try {
            LocalHistory history = new LocalHistory(db, client.app().settings().optional("backup.name").orElse(null));
            if (config != null) {
                history.requireKnown("--configuration", config);
            }
            List<BackupLogRow> rows = history.search(period, wanted, config, limit);
            Writer out = ClientDatabase.output(output, spec.commandLine().getOut());
            Map<Long, ClientDrillLog.LastDrill> drills = history.drills(rows);
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
}
