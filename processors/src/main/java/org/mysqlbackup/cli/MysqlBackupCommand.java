package org.mysqlbackup.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Entry point of the one jar both apps ship in. {@code bin/backup-client} runs it as
 * {@code client ...}, {@code bin/backup-server} as {@code server ...}.
 */
@Command(name = "mysql-backup", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Cold backups of MySQL and MariaDB, shipped over mutual TLS.",
        subcommands = {ClientCommand.class, ServerCommand.class})
public class MysqlBackupCommand {
    @Option(names = CommandLogging.VERBOSE, scope = ScopeType.INHERIT,
            description = "Log everything (schema migrations, start-up); by default a command shows only its answer,"
                    + " warnings and errors.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new MysqlBackupCommand());
        commandLine.setExecutionExceptionHandler(new ErrorReporter());
        commandLine.setExecutionStrategy(parsed -> {
            CommandLogging.apply(CommandLogging.mode(parsed, Terminal.interactive()));
            return new CommandLine.RunLast().execute(parsed);
        });
        return commandLine;
    }
}
