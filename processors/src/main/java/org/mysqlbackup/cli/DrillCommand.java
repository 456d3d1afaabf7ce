package org.mysqlbackup.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.camel.impl.DefaultCamelContext;
import org.mysqlbackup.alert.Alert;
import org.mysqlbackup.alert.AlertSettings;
import org.mysqlbackup.alert.AlertSeverity;
import org.mysqlbackup.client.ClientApp;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.drill.ClientDrillLog;
import org.mysqlbackup.drill.DrillNotPossibleException;
import org.mysqlbackup.drill.DrillResult;
import org.mysqlbackup.drill.DrillSettings;
import org.mysqlbackup.drill.RestorabilityDrill;
import org.mysqlbackup.fetch.BackupSelector;
import org.mysqlbackup.fetch.FetchException;
import org.mysqlbackup.fetch.FetchedBackup;
import org.mysqlbackup.fetch.ServerUnreachableException;
import org.mysqlbackup.snapshot.BackupManifest;
import org.mysqlbackup.snapshot.SnapshotException;
import org.mysqlbackup.transfer.Digests;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backup-client --config FILE drill [--config NAME] [--latest | --backup ID | --file ZIP]}:
 * a restorability drill of one of this client's backups, fetched from the server into the scratch
 * folder ({@code drill.scratch-dir}), or of a local zip. The result is recorded beside the backup's
 * history row (shown by {@code history}) and a failed drill is alerted. Exit 0 passed,
 * 12 failed, 2 when it could not be drilled (no server, no usable mariadbd, bad options).
 */
@Command(name = "drill", mixinStandardHelpOptions = true,
        description = "Restorability drill: boot a backup on a throwaway mariadbd and check every table.")
public class DrillCommand implements Callable<Integer> {
    @ParentCommand
    ClientCommand client;

    @Spec
    CommandSpec spec;

    static class Selection {
        @Option(names = "--latest", description = "The newest stored backup (the default).")
        boolean latest;

        @Option(names = "--backup", paramLabel = "ID", description = "The stored backup with this id (see list).")
        Long backupId;

        @Option(names = "--file", paramLabel = "ZIP", description = "A backup zip on this host (the server is not asked).")
        Path file;
    }

    @ArgGroup(exclusive = true)
    Selection selection;

    @Option(names = {"--config", "--configuration"}, paramLabel = "NAME",
            description = "With --latest: the newest backup of this configuration (default: any).")
    String configName;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Long backupId = selection == null ? null : selection.backupId;
        Path file = selection == null ? null : selection.file;
        if (configName != null && (backupId != null || file != null)) {
            throw new IllegalArgumentException("--config goes with --latest, not --backup or --file");
        }
        if (file != null && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--file " + file + " is not a file");
        }
        ClientApp app = client.app();
        Settings settings = app.settings();
        DrillSettings drillSettings = DrillSettings.from(settings, settings.path("snapshot.work-dir").resolve("drill"));
        DrillResult result;
        String what;
        String sha256;
        Long serverId = null;
        String config;
        try {
            RestorabilityDrill drill = drillSettings.drill();
            if (file != null) {
                result = drill.drill(folder -> file);
                sha256 = sha256(file);
                config = manifestConfig(file);
                what = "file " + file;
            } else {
                BackupSelector selector = backupId != null ? BackupSelector.byId(backupId) : BackupSelector.latest(configName);
                AtomicReference<FetchedBackup> fetched = new AtomicReference<>();
                result = app.withFetcher(fetcher -> {
                    try {
                        return drill.drill(folder -> {
                            fetched.set(fetcher.fetch(selector, folder, new FetchCommand.Printed(err)));
                            return fetched.get().zip();
                        });
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                serverId = fetched.get().info().id();
                sha256 = fetched.get().info().sha256();
                config = fetched.get().info().configName();
                what = "backup " + serverId + " (configuration '" + config + "', taken " + fetched.get().info().createdAt()
                        + ")";
            }
        } catch (DrillNotPossibleException e) {
            err.println("drill: not possible on this host: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        } catch (ServerUnreachableException e) {
            err.println("drill: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        } catch (FetchException e) {
            err.println("drill: the fetch failed: " + e.getMessage());
            err.flush();
            return ExitCodes.BACKUP_FAILED;
        }
        Optional<Long> historyRow = record(app, sha256, serverId, config, file == null ? "server" : "file", result);
        if (!result.passed()) {
            alert(settings, config, historyRow.orElse(0L), what, result);
        }
        DrillOutput.print(what, result, out);
        out.flush();
        return result.passed() ? ExitCodes.OK : ExitCodes.DRILL_FAILED;
    }

    private static Optional<Long> record(ClientApp app, String sha256, Long serverId, String config, String source,
                                         DrillResult result) {
        DataSource db = app.database();
        try {
            return new ClientDrillLog(db, Clock.systemUTC()).record(sha256, serverId, config, source, result);
        } finally {
            ClientDatabase.closeQuietly(db);
        }
    }

    /** Through the client's alert channels (alert.*), like a failed backup. */
    private static void alert(Settings settings, String config, long historyRow, String what, DrillResult result)
            throws IOException {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            AlertSettings.notifier(settings, camel.createProducerTemplate()).notify(Alert.now(AlertSeverity.FAILURE, null,
                    AlertSettings.hostName(settings), config == null ? "(unknown)" : config, historyRow, "drill",
                    what + " failed its restorability drill (" + result.outcome().label() + "): " + result.reason(),
                    "Do not rely on this backup until one of this configuration passes a drill; keep the older ones"
                            + " that passed. A table differing from the manifest was written between the checksums and"
                            + " the stop, or the copy is damaged; a server that does not boot shows why in the error"
                            + " log tail. Take a new backup and drill it: backup-client --config FILE drill --latest."));
        }
    }

    private static String manifestConfig(Path zip) {
        try {
            return BackupManifest.findIn(zip).map(BackupManifest::configurationName).orElse(null);
        } catch (SnapshotException e) {
            return null;
        }
    }

    private static String sha256(Path file) throws IOException {
        return Digests.sha256Hex(file, done -> { });
    }
}
