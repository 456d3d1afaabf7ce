package org.mysqlbackup.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.mysqlbackup.config.ByteSize;
import org.mysqlbackup.fetch.FetchException;
import org.mysqlbackup.fetch.ServerUnreachableException;
import org.mysqlbackup.fetch.StoredBackupInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backup-client --config FILE list [--config NAME]}: this client's backups stored on
 * the server, asked of the server over the same mutual TLS as a transfer (only this certificate's
 * own backups are listed), one line each: id, snapshot time, size, SHA-256, verify and drill state.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List this client's backups stored on the server: id, time, size, SHA-256, verify, drill.")
public class ListCommand implements Callable<Integer> {
    @ParentCommand
    ClientCommand client;

    @Spec
    CommandSpec spec;

    @Option(names = {"--config", "--configuration"}, paramLabel = "NAME",
            description = "Only this backup configuration's backups.")
    String configName;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<StoredBackupInfo> backups;
        try {
            backups = client.app().withFetcher(fetcher -> fetcher.list(configName));
        } catch (ServerUnreachableException e) {
            err.println("list: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        } catch (FetchException e) {
            err.println("list: " + e.getMessage());
            err.flush();
            return ExitCodes.BACKUP_FAILED;
        }
        out.println(line("ID", "TIME", "CONFIGURATION", "SIZE", "SHA-256", "VERIFY", "DRILL"));
        for (StoredBackupInfo backup : backups) {
            out.println(line(Long.toString(backup.id()), backup.createdAt().toString(), backup.configName(),
                    ByteSize.format(backup.size()), backup.sha256(), orDash(backup.verifyState()),
                    orDash(backup.drillState())));
        }
        if (backups.isEmpty()) {
            err.println("list: the server has no stored backup of this client"
                    + (configName == null ? "" : " for configuration '" + configName + "'"));
        }
        out.flush();
        err.flush();
        return ExitCodes.OK;
    }

    private static String orDash(String state) {
        return state == null || state.isBlank() ? "-" : state;
    }

    private static String line(String id, String time, String config, String size, String sha, String verify,
                               String drill) {
        return String.format("%-6s %-24s %-16s %10s %-64s %-10s %s", id, time, config, size, sha, verify, drill);
    }
}
