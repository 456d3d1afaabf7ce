package org.mysqlbackup.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.mysqlbackup.config.ByteSize;
import org.mysqlbackup.config.CamelApp;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.report.DateArgument;
import org.mysqlbackup.server.alerts.LoggedServerAlerts;
import org.mysqlbackup.verify.BackupVerification;
import org.mysqlbackup.verify.VerifyReport;
import org.mysqlbackup.verify.VerifyRun;
import org.mysqlbackup.verify.VerifySelection;
import org.mysqlbackup.verify.VerifySettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backup-server --config FILE verify [--client C] [--config N] [--since DATE] [--all]}:
 * re-reads stored backups now, the least recently verified first, and records each result as the
 * scheduled run does. Without {@code --all} it stops starting new files after
 * {@code verify.max-duration}. Exit 0 when every file read is intact, 1 when any is corrupt or
 * missing, 2 for a bad command line or configuration. Alerts are the running server's: this
 * command logs what it finds and prints it.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Re-read stored backups now: whole-file SHA-256 and the zip's structure; record each result.",
                "Exit code: 0 all intact, 1 damage found (corrupt or missing), 2 usage or configuration error."})
public class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    ServerCommand server;

    @Spec
    CommandSpec spec;

    @Mixin
    StoredBackupFilter filter;

    @Option(names = "--since", paramLabel = "DATE",
            description = "Only backups taken at or after this day or time (2026-11-01, 2026-11-01T02:00:00Z).")
    String since;

    @Option(names = "--all", description = "Every selected backup, however long it takes (no verify.max-duration).")
    boolean all;

    @Override
    public Integer call() throws Exception {
        Settings settings = new Settings(CamelApp.properties(server.options.requireConfig(), server.options.properties));
        VerifySelection selection = new VerifySelection(filter.clientId, filter.configName,
                since == null ? null : DateArgument.start("--since", since));
        VerifySettings verify = VerifySettings.from(settings);
        Path root = ServerDatabase.storageRoot(settings);
        DataSource db = ServerDatabase.open(settings);
        try {
            Clock clock = Clock.systemUTC();
            BackupVerification verification = verify.verification(db, root, new LoggedServerAlerts(), clock);
            PrintWriter out = spec.commandLine().getOut();
            VerifyReport report = new VerifyRun(verification, all ? Duration.ZERO : verify.maxDuration())
                    .run(selection, (n, of, c) -> {
                        out.printf(Locale.ROOT, "[%d/%d] %-8s backup %d  %s/%s  %s  %s%s%n", n, of,
                                c.verdict().result().column(), c.backup().id(), c.backup().clientId(),
                                c.backup().configName(), c.backup().createdAt(), c.backup().filePath(),
                                c.verdict().reason() == null ? "" : "\n         " + c.verdict().reason());
                        out.flush();
                    });
            if (report.checked().isEmpty() && report.skipped() == 0) {
                out.println("No stored backup matches.");
            }
            out.printf(Locale.ROOT, "Verify: %s; %s read in %.1f s.%n", report.summary(),
                    ByteSize.format(report.bytesRead()), report.took().toMillis() / 1000.0);
            out.flush();
            if (report.damageFound()) {
                spec.commandLine().getErr().println("verify: damage found: take new backups of the configurations"
                        + " named above; retention keeps their older intact backups");
                spec.commandLine().getErr().flush();
                return ExitCodes.VERIFY_FOUND_DAMAGE;
            }
            return ExitCodes.OK;
        } finally {
            ServerDatabase.close(db);
        }
    }
}
