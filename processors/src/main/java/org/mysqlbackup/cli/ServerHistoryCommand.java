package org.mysqlbackup.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.mysqlbackup.config.ByteSize;
import org.mysqlbackup.config.CamelApp;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.report.DateArgument;
import org.mysqlbackup.server.history.ServerLog;
import org.mysqlbackup.server.history.ServerLogFilter;
import org.mysqlbackup.server.history.ServerLogRow;
import org.mysqlbackup.server.history.ServerLogWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backup-server --config FILE history [...]}: every transfer the server recorded, newest
 * first, with the filters of the console's log browser; CSV and JSON are the bytes the console's
 * export gives for the same filter. Reads only.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "List received transfers, newest first, filtered by start time, status, client,"
                + " configuration and text.")
public class ServerHistoryCommand implements Callable<Integer> {
    enum Format { table, csv, json }

    @ParentCommand
    ServerCommand server;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "DATE|TIME", description = "Transfers started at or after this (UTC).")
    String from;

    @Option(names = "--to", paramLabel = "DATE|TIME", description = "Transfers started before this (a date includes"
            + " that whole day, UTC).")
    String to;

    @Option(names = "--status", paramLabel = "STATUS", split = ",",
            description = "Only these statuses (comma-separated): Transferring, Verifying, Completed, Failed.")
    List<String> statuses = List.of();

    @Option(names = "--client", paramLabel = "CLIENT", description = "Only this client (its certificate's name).")
    String client;

    @Option(names = "--configuration", paramLabel = "NAME", description = "Only this backup configuration.")
    String configuration;

    @Option(names = "--grep", paramLabel = "TEXT", description = "Only rows whose error, file name or transfer id"
            + " holds TEXT (case-insensitive).")
    String text;

    @Option(names = "--limit", defaultValue = "100", description = "At most this many rows (0 = all)."
            + " Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv|json",
            description = "table, csv or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Override
    public Integer call() throws Exception {
        ServerLogFilter filter = new ServerLogFilter(from == null ? null : DateArgument.start("--from", from),
                to == null ? null : DateArgument.end("--to", to), Set.copyOf(statuses(statuses)), client,
                configuration, text, null, limit == 0 ? ServerLogFilter.MAX_LIMIT : limit);
        Settings settings = new Settings(CamelApp.properties(server.options.requireConfig(), server.options.properties));
        DataSource db = ServerDatabase.open(settings);
        try {
            List<ServerLogRow> rows = new ServerLog(db).search(filter).rows();
            Writer out = ClientDatabase.output(output, spec.commandLine().getOut());
            switch (format) {
                case csv -> ServerLogWriter.csv(rows, out);
                case json -> ServerLogWriter.json(rows, out);
                default -> table(rows, out);
            }
            if (output != null) {
                out.close();
            }
        } finally {
            ServerDatabase.close(db);
        }
        return ExitCodes.OK;
    }

    /** The status names as the database spells them, whatever case was typed. */
    static List<String> statuses(List<String> names) {
        return names.stream().map(String::strip).map(name -> ServerLogFilter.STATUSES.stream()
                .filter(s -> s.equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--status: '" + name + "' is not one of "
                        + String.join(", ", new java.util.TreeSet<>(ServerLogFilter.STATUSES))))).toList();
    }

    private static void table(List<ServerLogRow> rows, Writer writer) {
        PrintWriter out = new PrintWriter(writer);
        out.printf("%-7s %-24s %-16s %-16s %-12s %10s  %s%n", "ID", "START", "CLIENT", "CONFIGURATION", "STATUS", "SIZE",
                "FILE / ERROR");
        for (ServerLogRow row : rows) {
            out.printf("%-7d %-24s %-16s %-16s %-12s %10s  %s%n", row.id(), row.startTime(), row.client(),
                    row.configuration(), row.status(), ByteSize.format(row.fileSize()),
                    row.errorMessage() != null ? row.errorMessage() : row.filePath() == null ? "" : row.filePath());
        }
        out.println(rows.size() + " transfer(s).");
        out.flush();
    }
}
