package org.mysqlbackup.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.mysqlbackup.config.ByteSize;
import org.mysqlbackup.config.CamelApp;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.server.StoredBackupCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backup-server --config FILE list [--client C] [--config N]}: the stored backups (Completed,
 * not deleted by retention), one line each: id, snapshot time, client, configuration, size,
 * SHA-256, verify state (intact, corrupt, missing; - never verified) and drill state. Reads only.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List stored backups: id, time, client, configuration, size, SHA-256, verify and drill state.")
public class ServerListCommand implements Callable<Integer> {
    @ParentCommand
    ServerCommand server;

    @Spec
    CommandSpec spec;

    @Mixin
    StoredBackupFilter filter;

    @Override
    public Integer call() throws Exception {
        Settings settings = new Settings(CamelApp.properties(server.options.requireConfig(), server.options.properties));
        DataSource db = ServerDatabase.open(settings);
        try {
            List<StoredBackupCatalog.Row> rows = new StoredBackupCatalog(db).all(filter.clientId, filter.configName);
            PrintWriter out = spec.commandLine().getOut();
            out.println(line("ID", "TIME", "CLIENT", "CONFIGURATION", "SIZE", "SHA-256", "VERIFY", "DRILL"));
            for (StoredBackupCatalog.Row row : rows) {
                out.println(line(Long.toString(row.id()), row.createdAt().toString(), row.clientId(), row.configName(),
                        ByteSize.format(row.size()), row.sha256(), orDash(row.verifyState()),
                        orDash(row.drillState())));
            }
            out.println(rows.size() + " stored backup(s).");
            out.flush();
            return ExitCodes.OK;
        } finally {
            ServerDatabase.close(db);
        }
    }

    private static String orDash(String state) {
        return state == null || state.isBlank() ? "-" : state;
    }

    private static String line(String id, String time, String client, String config, String size, String sha,
                               String verify, String drill) {
        return String.format("%-6s %-24s %-16s %-16s %10s %-64s %-8s %s", id, time, client, config, size, sha, verify,
                drill);
    }
}
