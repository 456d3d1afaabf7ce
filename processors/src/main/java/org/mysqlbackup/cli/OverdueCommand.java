package org.mysqlbackup.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.mysqlbackup.config.AppHome;
import org.mysqlbackup.config.CamelApp;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.db.SchemaMigrator;
import org.mysqlbackup.db.SqliteDatabase;
import org.mysqlbackup.db.Times;
import org.mysqlbackup.server.alerts.LoggedServerAlerts;
import org.mysqlbackup.server.overdue.LateBackup;
import org.mysqlbackup.server.overdue.OverdueSettings;
import org.mysqlbackup.server.overdue.OverdueStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backup-server --config FILE overdue}: lists the configurations whose next Completed
 * backup is due more than {@code overdue.grace-ms} ago. Exit 0 when none is late, 1 otherwise,
 * so a monitoring check can run it. Reads only; the alerts are the running server's.
 */
@Command(name = "overdue", mixinStandardHelpOptions = true,
        description = {"List the client configurations whose backup is overdue.",
                "Exit code: 0 nothing is late, 1 at least one configuration is late."})
public class OverdueCommand implements Callable<Integer> {
    @ParentCommand
    ServerCommand server;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Settings settings = new Settings(CamelApp.properties(server.options.requireConfig(), server.options.properties));
        Path dbFile = settings.path("db.file");
        if (!Files.isRegularFile(dbFile)) {
            throw new InvalidSettingException("db.file", "names " + dbFile + ", which is not a server database");
        }
        DataSource db = SqliteDatabase.open(dbFile, settings.duration("db.busy-timeout-ms", Duration.ofSeconds(10)));
        try {
            new SchemaMigrator(db, settings.optionalPath("db.schema-dir")
                    .orElse(AppHome.resolve().resolve("config/schema/server"))).migrate();
            List<LateBackup> late = OverdueSettings.watch(settings, new OverdueStore(db), new LoggedServerAlerts(),
                    Clock.systemUTC()).late();
            PrintWriter out = spec.commandLine().getOut();
            if (late.isEmpty()) {
                out.println("No backup is overdue.");
            } else {
                out.printf("%-24s %-20s %-26s %-26s %s%n", "CLIENT", "CONFIGURATION", "LAST COMPLETED", "DUE SINCE",
                        "EXPECTED EVERY");
                for (LateBackup b : late) {
                    out.printf("%-24s %-20s %-26s %-26s %s%n", b.expectation().clientId(),
                            b.expectation().configName(),
                            b.lastCompleted() == null ? "never" : Times.format(b.lastCompleted()),
                            Times.format(b.dueSince()), b.expectation().interval().toMillis() + " ms ("
                                    + b.expectation().source() + ")");
                }
                out.println(late.size() + " configuration(s) overdue.");
            }
            out.flush();
            return late.isEmpty() ? ExitCodes.OK : ExitCodes.BACKUP_FAILED;
        } finally {
            if (db instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
