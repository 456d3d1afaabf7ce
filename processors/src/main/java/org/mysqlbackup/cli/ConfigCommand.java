package org.mysqlbackup.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.mysqlbackup.configuration.BackupConfiguration;
import org.mysqlbackup.configuration.ConfigurationCatalog;
import org.mysqlbackup.configuration.ConfigurationFile;
import org.mysqlbackup.configuration.ExportedConfiguration;
import org.mysqlbackup.configuration.FieldError;
import org.mysqlbackup.configuration.InvalidConfigurationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backup-client config ...}: the stored backup configurations (one per MySQL instance of
 * this host). Invalid input is refused with one line per invalid field, and nothing is stored.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Manage the backup configurations stored in the client database.",
        subcommands = {ConfigCommand.Add.class, ConfigCommand.Set.class, ConfigCommand.SetSecret.class,
            ConfigCommand.ListConfigs.class, ConfigCommand.Show.class, ConfigCommand.Validate.class,
            ConfigCommand.Remove.class, ConfigCommand.Export.class, ConfigCommand.Import.class})
public class ConfigCommand {
    @ParentCommand
    ClientCommand client;

    ConfigurationCatalog catalog() {
        return client.app().configurations();
    }

    /** Runs {@code action}; a refused configuration prints each invalid field on its own line. */
    static int refusing(CommandSpec spec, Callable<Integer> action) throws Exception {
        try {
            return action.call();
        } catch (InvalidConfigurationException e) {
            printErrors(spec.commandLine().getErr(), e.configuration(), e.errors());
            return ExitCodes.USAGE;
        } catch (ConfigurationCatalog.InvalidImportException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("nothing imported; fix these and import again:");
            e.errors().forEach((name, errors) -> printErrors(err, name, errors));
            return ExitCodes.USAGE;
        }
    }

    static void printErrors(PrintWriter err, String name, List<FieldError> errors) {
        errors.forEach(error -> err.println("configuration '" + name + "': " + error));
        err.flush();
    }

    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        ConfigCommand config;

        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        /** Says what was done, on standard output. */
        int done(String what) {
            out().println(what);
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a configuration. Keys not given come from the properties file (--config).")
    static class Add extends Sub {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A setting (mysql.*, snapshot.*; repeatable).")
        Map<String, String> settings = new LinkedHashMap<>();

        @Option(names = "--inactive", description = "Store it inactive: not run until activated.")
        boolean inactive;

        @Override
        public Integer call() throws Exception {
            return refusing(spec, () -> {
                config.catalog().add(new BackupConfiguration(name, !inactive, new TreeMap<>(settings)));
                return done("Added configuration '" + name + "'.");
            });
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Change settings of a configuration.")
    static class Set extends Sub {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set a key (repeatable).")
        Map<String, String> settings = new LinkedHashMap<>();

        @Option(names = "--unset", paramLabel = "KEY", description = "Remove a key: the properties file's value applies.")
        List<String> unset = new ArrayList<>();

        @Option(names = "--active", negatable = true, description = "Activate (--active) or deactivate (--no-active).")
        Boolean active;

        @Override
        public Integer call() throws Exception {
            return refusing(spec, () -> {
                ConfigurationCatalog catalog = config.catalog();
                BackupConfiguration current = catalog.require(name);
                TreeMap<String, String> changed = new TreeMap<>(current.settings());
                unset.forEach(changed::remove);
                changed.putAll(settings);
                catalog.update(new BackupConfiguration(name, active == null ? current.active() : active, changed));
                return done("Changed configuration '" + name + "'.");
            });
        }
    }

    @Command(name = "set-secret", mixinStandardHelpOptions = true,
            description = "Read a secret from standard input (one line) and store it encrypted.")
    static class SetSecret extends Sub {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "KEY", defaultValue = "mysql.password",
                description = "mysql.password (default) or mysql.service.shutdown-password.")
        String key;

        @Override
        public Integer call() throws Exception {
            String secret = System.console() != null
                    ? new String(System.console().readPassword("%s of '%s': ", key, name))
                    : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (secret == null) {
                throw new IllegalArgumentException("no secret on standard input");
            }
            return refusing(spec, () -> {
                config.catalog().setSecret(name, key, secret);
                return done("Stored " + key + " of '" + name + "' encrypted.");
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the configurations.")
    static class ListConfigs extends Sub {
        @Override
        public Integer call() {
            List<BackupConfiguration> all = config.catalog().list();
            if (all.isEmpty()) {
                out().println("No configuration is stored; backups use the properties file's own (backup.name).");
            }
            for (BackupConfiguration c : all) {
                out().printf("%-24s %-8s datadir=%s service=%s%n", c.name(), c.active() ? "active" : "inactive",
                        c.settings().getOrDefault("mysql.datadir", "(properties file)"),
                        c.settings().getOrDefault("mysql.service.strategy", "(properties file)"));
            }
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print one configuration as YAML.")
    static class Show extends Sub {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            ConfigurationCatalog catalog = config.catalog();
            catalog.require(name);
            out().print(new ConfigurationFile().write(catalog.exportAll().stream()
                    .filter(c -> c.name().equals(name)).toList()));
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check a stored configuration, every stored one, or those of a file (--file); stores nothing.")
    static class Validate extends Sub {
        @Parameters(arity = "0..1", paramLabel = "NAME")
        String name;

        @Option(names = "--file", paramLabel = "FILE", description = "A file written by config export.")
        Path file;

        @Override
        public Integer call() throws Exception {
            ConfigurationCatalog catalog = config.catalog();
            Map<String, List<FieldError>> invalid = new LinkedHashMap<>();
            List<String> names;
            if (file != null) {
                List<ExportedConfiguration> read = new ConfigurationFile().read(Files.readString(file));
                invalid.putAll(catalog.check(read));
                names = read.stream().map(ExportedConfiguration::name).toList();
            } else {
                List<BackupConfiguration> stored = name != null ? List.of(catalog.require(name)) : catalog.list();
                stored.forEach(c -> {
                    List<FieldError> errors = catalog.validate(c);
                    if (!errors.isEmpty()) {
                        invalid.put(c.name(), errors);
                    }
                });
                names = stored.stream().map(BackupConfiguration::name).toList();
            }
            for (String checked : names) {
                if (invalid.containsKey(checked)) {
                    printErrors(spec.commandLine().getErr(), checked, invalid.get(checked));
                } else {
                    out().println("configuration '" + checked + "': valid");
                }
            }
            boolean valid = invalid.isEmpty();
            out().flush();
            return valid ? ExitCodes.OK : ExitCodes.USAGE;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a configuration and its schedules; its backup history stays.")
    static class Remove extends Sub {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            if (!config.catalog().remove(name)) {
                throw new IllegalArgumentException("no backup configuration named '" + name + "'");
            }
            return done("Removed configuration '" + name + "'.");
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write every configuration as YAML (to standard output, or --file).")
    static class Export extends Sub {
        @Option(names = "--file", paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() throws IOException {
            List<ExportedConfiguration> all = config.catalog().exportAll();
            String text = new ConfigurationFile().write(all);
            if (file == null) {
                out().print(text);
                out().flush();
            } else {
                Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".export", ".tmp");
                try {
                    Files.writeString(temp, text);
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temp);
                }
                return done("Exported " + all.size() + " configurations to " + file + ".");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Add or replace the configurations of a YAML file, all or none.")
    static class Import extends Sub {
        @Option(names = "--file", paramLabel = "FILE", required = true)
        Path file;

        @Override
        public Integer call() throws Exception {
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("cannot read " + file);
            }
            List<ExportedConfiguration> read = new ConfigurationFile().read(Files.readString(file));
            return refusing(spec, () -> {
                config.catalog().importFile(read);
                return done("Imported " + read.size() + " configurations from " + file + ".");
            });
        }
    }
}
