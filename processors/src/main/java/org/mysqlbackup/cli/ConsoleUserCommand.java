package org.mysqlbackup.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.mysqlbackup.config.CamelApp;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.ui.ConsoleUsers;
import org.mysqlbackup.ui.PasswordHasher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ui-user add|remove|list}: the people who may log in to this side's web console, kept in
 * the side's own database as Argon2id hashes. The password is read from a file, from standard
 * input, or asked for at the terminal; never from the command line, where {@code ps} and the shell
 * history would show it.
 */
@Command(name = "ui-user", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Manage the web console's users (add, remove, list).",
        subcommands = {ConsoleUserCommand.Add.class, ConsoleUserCommand.Remove.class, ConsoleUserCommand.List.class})
public class ConsoleUserCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** The side's database: the client's or the server's, whichever command this sits under. */
    DataSource open() {
        Object side = spec.parent().userObject();
        if (side instanceof ClientCommand client) {
            return ClientDatabase.open(client);
        }
        ServerCommand server = (ServerCommand) side;
        return ServerDatabase.openOrCreate(new Settings(CamelApp.properties(server.options.requireConfig(),
                server.options.properties)));
    }

    /** Runs {@code work} on the side's console users, the database closed after it. */
    <T> T withUsers(java.util.function.Function<ConsoleUsers, T> work) throws Exception {
        DataSource db = open();
        try {
            return work.apply(new ConsoleUsers(db, new PasswordHasher(), Clock.systemUTC()));
        } finally {
            ClientDatabase.close(db);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a console user, or with --replace"
            + " give an existing one a new password.")
    static class Add implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        ConsoleUserCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME", description = "the login name")
        String name;
        @Option(names = "--password-file", paramLabel = "FILE",
                description = "read the password from the first line of FILE")
        Path passwordFile;
        @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
        boolean passwordStdin;
        @Option(names = "--replace", description = "set a new password for an existing user")
        boolean replace;

        @Override
        public Integer call() throws Exception {
            char[] password = password();
            try {
                parent.withUsers(users -> {
                    users.save(name, password, replace);
                    return null;
                });
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("ui-user add: " + e.getMessage());
                return ExitCodes.USAGE;
            } finally {
                Arrays.fill(password, '\0');
            }
            spec.commandLine().getOut().println("Console user " + name + (replace ? " saved." : " added."));
            return ExitCodes.OK;
        }

        private char[] password() throws IOException {
            if (passwordFile != null) {
                return firstLine(Files.newBufferedReader(passwordFile, StandardCharsets.UTF_8));
            }
            if (passwordStdin) {
                return firstLine(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
            }
            Console console = System.console();
            if (console == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "no terminal to ask for the password: give --password-file FILE or --password-stdin");
            }
            char[] first = console.readPassword("Password for %s: ", name);
            char[] again = console.readPassword("Same password again: ");
            if (first == null || !Arrays.equals(first, again)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "the two passwords differ");
            }
            return first;
        }

        private static char[] firstLine(BufferedReader reader) throws IOException {
            try (reader) {
                String line = reader.readLine();
                return line == null ? new char[0] : line.toCharArray();
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a console user.")
    static class Remove implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        ConsoleUserCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            if (!parent.withUsers(users -> users.remove(name))) {
                spec.commandLine().getErr().println("ui-user remove: no console user named " + name);
                return ExitCodes.USAGE;
            }
            spec.commandLine().getOut().println("Console user " + name + " removed; a running console ends its"
                    + " sessions within a minute.");
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the console users.")
    static class List implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        ConsoleUserCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            java.util.List<ConsoleUsers.User> users = parent.withUsers(ConsoleUsers::list);
            spec.commandLine().getOut().printf("%-24s %-26s %s%n", "USER", "CREATED", "LAST LOGIN");
            for (ConsoleUsers.User user : users) {
                spec.commandLine().getOut().printf("%-24s %-26s %s%n", user.name(), user.createdAt(),
                        user.lastLoginAt() == null ? "-" : user.lastLoginAt());
            }
            spec.commandLine().getOut().println(users.size() + " console user(s).");
            return ExitCodes.OK;
        }
    }
}
