package org.mysqlbackup.cli;

import java.util.concurrent.Callable;
import org.mysqlbackup.client.ClientApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code backup-client --config FILE}: runs the client daemon (scheduled backups) in the foreground. */
@Command(name = "client", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Backup client. Without a subcommand it runs as a daemon and backs up on its schedule.",
        subcommands = {BackupNowCommand.class, ConfigCommand.class, ScheduleCommand.class, ResumeCommand.class,
            SendCommand.class, StatusCommand.class, CancelCommand.class, HistoryCommand.class, ReportCommand.class,
            RecoverCommand.class, ListCommand.class, FetchCommand.class, RestoreCommand.class, DrillCommand.class,
            ConsoleUserCommand.class})
public class ClientCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        return app().runDaemon();
    }

    ClientApp app() {
        return new ClientApp(options.requireConfig(), options.properties);
    }

    /** The app of a command that runs backups (backup-now, resume, send): a bar on a terminal, else the log lines. */
    ClientApp app(java.io.PrintWriter err) {
        return new ClientApp(options.requireConfig(), options.properties,
                RunProgressWatcher.observer(ProgressView.of(Terminal.interactive(), err, ProgressView.NONE)));
    }
}
