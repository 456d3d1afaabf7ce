package org.mysqlbackup.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.apache.camel.spi.PropertiesComponent;
import org.mysqlbackup.config.ByteSize;
import org.mysqlbackup.config.CamelApp;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.retention.RetentionEnforcer;
import org.mysqlbackup.retention.RetentionOutcome;
import org.mysqlbackup.retention.RetentionPolicies;
import org.mysqlbackup.retention.RetentionReview;
import org.mysqlbackup.server.alerts.LoggedServerAlerts;
import org.mysqlbackup.server.alerts.ServerAlerts;
import org.mysqlbackup.verify.VerifySettings;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backup-server --config FILE retention --dry-run | --apply}: shows what the retention rules
 * keep and delete, with reasons, or applies them now. Works beside a running server (the database
 * takes turns; a backup deleted by both is deleted and recorded once).
 */
@Command(name = "retention", mixinStandardHelpOptions = true,
        description = "Show (--dry-run) or apply now (--apply) the retention of stored backups.")
public class RetentionCommand implements Callable<Integer> {
    @ParentCommand
    ServerCommand server;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static class Mode {
        @Option(names = "--dry-run", required = true,
                description = "List what would be deleted and kept, with reasons; change nothing.")
        boolean dryRun;

        @Option(names = "--apply", required = true, description = "Delete what the rules let go, now.")
        boolean apply;
    }

    @Override
    public Integer call() throws Exception {
        PropertiesComponent properties = CamelApp.properties(server.options.requireConfig(), server.options.properties);
        Settings settings = new Settings(properties);
        DataSource db = ServerDatabase.open(settings);
        try {
            Path realRoot = ServerDatabase.storageRoot(settings);
            Clock clock = Clock.systemUTC();
            // the backup retention relies on is re-checked first, in a dry run too (the result is recorded)
            VerifySettings verify = VerifySettings.from(settings);
            ServerAlerts alerts = new LoggedServerAlerts();
            RetentionEnforcer enforcer = RetentionEnforcer.create(properties, db, realRoot, clock, alerts,
                    verify.proof(verify.verification(db, realRoot, alerts, clock), clock));
            PrintWriter out = spec.commandLine().getOut();
            int exit;
            if (mode.dryRun) {
                RetentionReview review = enforcer.reviewer().review();
                out.println("Retention dry run at " + review.at() + ": nothing is changed.");
                print(review, out);
                out.println(review.deletions().size() + " to delete (" + ByteSize.format(bytes(review)) + "), "
                        + review.kept().size() + " to keep.");
                exit = ExitCodes.OK;
            } else {
                RetentionOutcome outcome = enforcer.apply();
                out.println("Retention at " + outcome.review().at() + ":");
                outcome.deleted().forEach(d -> out.println("  deleted " + d.decision().row().filePath() + ": "
                        + d.reason()));
                outcome.failed().forEach(f -> out.println("  FAILED  " + f.decision().row().filePath() + ": "
                        + f.error()));
                printRefused(outcome.review(), out);
                out.println("Retention done: " + outcome.summary() + ".");
                exit = outcome.failed().isEmpty() ? ExitCodes.OK : ExitCodes.BACKUP_FAILED;
                if (!outcome.failed().isEmpty()) {
                    spec.commandLine().getErr().println("retention: could not delete " + outcome.failed().size()
                            + " backup(s); they stay, see the lines marked FAILED");
                }
            }
            out.flush();
            return exit;
        } finally {
            ServerDatabase.close(db);
        }
    }

    private static void print(RetentionReview review, PrintWriter out) {
        for (RetentionReview.Group group : review.groups()) {
            long deletions = group.decisions().stream().filter(RetentionReview.Decision::delete).count();
            out.println("client " + group.client() + ", configuration '" + group.config() + "' ("
                    + RetentionPolicies.describe(group.policy()) + "): " + deletions + " to delete, "
                    + (group.decisions().size() - deletions) + " to keep");
            for (RetentionReview.Decision d : group.decisions()) {
                out.println("  " + (d.delete() ? "delete" : "keep  ") + " " + d.row().filePath() + "  snapshot "
                        + d.row().createdAt() + ", " + ByteSize.format(d.row().fileSize()) + ": " + d.reason()
                        + (d.delete() && d.problem() != null ? " (" + d.problem() + ")" : ""));
            }
        }
        printRefused(review, out);
    }

    private static void printRefused(RetentionReview review, PrintWriter out) {
        for (RetentionReview.Refused refused : review.refused()) {
            out.println("  left alone: record " + refused.row().id() + " of client " + refused.row().clientId()
                    + ", configuration '" + refused.row().configName() + "': " + refused.why());
        }
    }

    private static long bytes(RetentionReview review) {
        // what is on disk: a corrupt file frees its bytes too, a missing one nothing
        return review.deletions().stream().filter(d -> Files.isRegularFile(d.file(), LinkOption.NOFOLLOW_LINKS))
                .mapToLong(d -> d.row().fileSize()).sum();
    }
}
