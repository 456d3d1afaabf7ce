package org.mysqlbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandLoggingTest {
    private static CommandLogging.Mode mode(boolean terminal, String... args) {
        return CommandLogging.mode(MysqlBackupCommand.commandLine().parseArgs(args), terminal);
    }

    @Test
    void aCommandIsQuietUnlessVerbose() {
        assertThat(mode(false, "client", "--config", "c.properties", "history")).isEqualTo(CommandLogging.Mode.QUIET);
        assertThat(mode(false, "client", "--config", "c.properties", "history", "--verbose"))
                .isEqualTo(CommandLogging.Mode.VERBOSE);
        assertThat(mode(true, "client", "--verbose", "--config", "c.properties", "config", "list"))
                .isEqualTo(CommandLogging.Mode.VERBOSE);
        assertThat(mode(true, "server", "--config", "s.properties", "retention", "--dry-run"))
                .isEqualTo(CommandLogging.Mode.QUIET);
    }

    @Test
    void theDaemonsKeepTheirInfoLog() {
        assertThat(mode(false, "client", "--config", "c.properties")).isEqualTo(CommandLogging.Mode.CONFIGURED);
        assertThat(mode(false, "server", "--config", "s.properties")).isEqualTo(CommandLogging.Mode.CONFIGURED);
    }

    @Test
    void aBackupWithNoPersonWatchingKeepsItsStepAndTransferLinesAndATerminalGetsTheBarInstead() {
        for (String command : new String[] {"backup-now", "resume"}) {
            assertThat(mode(false, "client", "--config", "c.properties", command))
                    .isEqualTo(CommandLogging.Mode.QUIET_WITH_PROGRESS_LINES);
            assertThat(mode(true, "client", "--config", "c.properties", command)).isEqualTo(CommandLogging.Mode.QUIET);
        }
    }

    @Test
    void everyCommandTakesVerbose() {
        CommandLine root = MysqlBackupCommand.commandLine();
        root.getSubcommands().values().forEach(this::assertVerbose);
    }

    private void assertVerbose(CommandLine command) {
        assertThat(command.getCommandSpec().findOption(CommandLogging.VERBOSE)).as(command.getCommandName()).isNotNull();
        command.getSubcommands().values().forEach(this::assertVerbose);
    }
}
