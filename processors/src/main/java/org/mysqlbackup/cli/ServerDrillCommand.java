package org.mysqlbackup.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.apache.camel.impl.DefaultCamelContext;
import org.mysqlbackup.alert.AlertSettings;
import org.mysqlbackup.config.CamelApp;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.server.ServerBeans;
import org.mysqlbackup.server.StoredBackupCatalog;
import org.mysqlbackup.server.StoredBackupDrills;
import org.mysqlbackup.server.StoredBackups;
import org.mysqlbackup.server.alerts.ChannelServerAlerts;
import org.mysqlbackup.server.alerts.RepeatedAlerts;
import org.mysqlbackup.server.alerts.ServerAlerts;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backup-server --config FILE drill [--client C] [--config N] [--latest | --backup ID]}:
 * restorability drills of stored backups, read where they are stored: the newest of each
 * configuration (of one client, of one configuration) by default, or one backup by id. Each
 * result is recorded and a failed one alerted (DRILL_FAILED). Exit 0 when every drill passed,
 * 12 when one failed, 2 when nothing could be drilled (no such backup, no usable mariadbd).
 */
@Command(name = "drill", mixinStandardHelpOptions = true,
        description = "Restorability drill: boot stored backups on a throwaway mariadbd and check every table.")
public class ServerDrillCommand implements Callable<Integer> {
    @ParentCommand
    ServerCommand server;

    @Spec
    CommandSpec spec;

    static class Selection {
        @Option(names = "--latest", description = "The newest stored backup of each configuration (the default).")
        boolean latest;

        @Option(names = "--backup", paramLabel = "ID", description = "The stored backup with this id.")
        Long backupId;
    }

    @ArgGroup(exclusive = true)
    Selection selection;

    @Mixin
    StoredBackupFilter filter;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Settings settings = new Settings(CamelApp.properties(server.options.requireConfig(), server.options.properties));
        if (selection != null && selection.backupId != null
                && (filter.clientId != null || filter.configName != null)) {
            throw new IllegalArgumentException("--backup ID selects one backup; --client and --config go with --latest");
        }
        DataSource db = ServerDatabase.open(settings);
        // alerts go through camel-mail and camel-http: a bare context, no route
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Path root = ServerDatabase.storageRoot(settings);
            camel.start();
            Clock clock = Clock.systemUTC();
            // delivered before the command ends (the calling thread sends)
            ServerAlerts alerts = new ChannelServerAlerts(AlertSettings.notifier(settings, camel.createProducerTemplate()),
                    settings.optional("alert.host-name").or(() -> settings.optional("storage.server-name"))
                            .orElseGet(org.mysqlbackup.config.HostName::local),
                    new RepeatedAlerts(Duration.ZERO, 1), clock, Runnable::run);
            StoredBackupCatalog catalog = new StoredBackupCatalog(db);
            StoredBackupDrills drills = ServerBeans.drills(settings, db, new StoredBackups(catalog, root),
                    alerts, clock);
            List<StoredBackupCatalog.Row> rows = selection != null && selection.backupId != null
                    ? drills.byId(selection.backupId).map(List::of).orElse(List.of())
                    : drills.newest(filter.clientId, filter.configName);
            if (rows.isEmpty()) {
                err.println("drill: " + (selection != null && selection.backupId != null
                        ? "no stored backup with id " + selection.backupId
                        : "no stored backup" + (filter.clientId == null ? "" : " of client " + filter.clientId)
                        + (filter.configName == null ? "" : " of configuration '" + filter.configName + "'")));
                err.flush();
                return ExitCodes.USAGE;
            }
            int exit = ExitCodes.OK;
            for (StoredBackupCatalog.Row row : rows) {
                StoredBackupDrills.Drilled drilled = drills.drill(row);
                String what = "backup " + row.id() + " (client " + row.clientId() + ", configuration '" + row.configName()
                        + "', taken " + row.createdAt() + ")";
                if (drilled.result() == null) {
                    err.println("drill: " + what + " could not be drilled: " + drilled.notPossible());
                    exit = exit == ExitCodes.OK ? ExitCodes.USAGE : exit;
                    continue;
                }
                DrillOutput.print(what, drilled.result(), out);
                if (!drilled.result().passed()) {
                    exit = ExitCodes.DRILL_FAILED;
                }
            }
            out.flush();
            err.flush();
            return exit;
        } finally {
            ServerDatabase.close(db);
        }
    }
}
