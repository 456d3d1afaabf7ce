package org.mysqlbackup.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the one jar both apps ship in. {@code bin/backup-client} runs it as
 * {@code client ...}, {@code bin/backup-server} as {@code server ...}.
 */
@Command(name = "mysql-backup", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Cold backups of MySQL and MariaDB, shipped over mutual TLS.",
        subcommands = {ClientCommand.class, ServerCommand.class})
public class MysqlBackupCommand {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new MysqlBackupCommand());
        commandLine.setExecutionExceptionHandler(new ErrorReporter());
        return commandLine;
    }
}
