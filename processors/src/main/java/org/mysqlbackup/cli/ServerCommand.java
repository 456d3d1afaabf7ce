package org.mysqlbackup.cli;

import java.util.concurrent.Callable;
import org.mysqlbackup.server.ServerApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code backup-server --config FILE}: runs the file receiver server in the foreground;
 * {@code retention} shows or applies the retention of stored backups; {@code overdue} lists late
 * backups (exit 1 when any is); {@code verify} re-reads stored backups (exit 1 when one is
 * damaged); {@code list} shows the stored backups with their verify and drill state.
 */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "File receiver server. Without a subcommand it runs in the foreground.",
        subcommands = {CertsCommand.class, RetentionCommand.class, OverdueCommand.class, VerifyCommand.class,
                ServerListCommand.class, ServerDrillCommand.class, ServerHistoryCommand.class,
                ConsoleUserCommand.class})
public class ServerCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        return new ServerApp(options.requireConfig(), options.properties).run();
    }
}
