package org.mysqlbackup.cli;

import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.mysqlbackup.report.DateArgument;
import org.mysqlbackup.report.Period;
import org.mysqlbackup.report.PeriodReport;
import org.mysqlbackup.report.PeriodReporter;
import org.mysqlbackup.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backup-client --config FILE report --from ... [--to ...]}: per configuration and in total,
 * how many backups started in the period, how they ended, the bytes stored, durations and MySQL
 * downtime, as CSV or JSON. The figures come from the same rows {@code history} lists.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Summarize the backups started in a period, per configuration and in total, as CSV or JSON.")
public class ReportCommand implements Callable<Integer> {
    enum Format { csv, json }

    @ParentCommand
    ClientCommand client;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "DATE|TIME",
            description = "Start of the period, included (2026-11-01 = midnight UTC, or 2026-11-01T02:00:00Z).")
    String from;

    @Option(names = "--to", paramLabel = "DATE|TIME",
            description = "End of the period, excluded; a date includes that whole day (UTC). Default: now.")
    String to;

    @Option(names = "--configuration", paramLabel = "NAME", description = "Only this backup configuration (backup.name, or a name from config list).")
    String config;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "csv|json", description = "csv or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    /** Now, as a bound that keeps every backup started up to this millisecond (stored times have no finer part). */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
    }

    @Override
    public Integer call() throws Exception {
        Period period = new Period(DateArgument.start("--from", from),
                to == null ? now() : DateArgument.end("--to", to));
        DataSource db = ClientDatabase.open(client);
        try {
            PeriodReport report = new PeriodReporter(db).report(period, config);
            Writer out = ClientDatabase.output(output, spec.commandLine().getOut());
            if (format == Format.json) {
                ReportWriter.json(report, out);
            } else {
                ReportWriter.csv(report, out);
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
