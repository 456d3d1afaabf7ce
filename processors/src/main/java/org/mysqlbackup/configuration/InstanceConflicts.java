package org.mysqlbackup.configuration;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;

/**
 * Finds two configurations that would back up the same MySQL instance of this host: one would
 * stop MySQL while the other copies its files, or both would stop and start it. Two are the same
 * instance when their effective {@code mysql.port} is equal, or their {@code mysql.datadir} is the
 * same directory, or their {@code mysql.pid-file} the same file (absolute and normalized, so
 * {@code /srv/a/} and {@code /srv/x/../a} are one). Effective: the configuration's own value, else
 * client.properties', else the default, as the backup reads them.
 *
 * <p>client.properties' own instance (named by {@code backup.name}) takes part too, unless a
 * configuration of that name replaces it, as {@code BackupTargets} does at backup time.
 */
public class InstanceConflicts {
    /** The name of client.properties' own configuration when {@code backup.name} is not set. */
    public static final String DEFAULT_OWN_NAME = "main";
    static final String ADVICE = "two configurations must not back up one instance: give each its own mysql.port,"
            + " mysql.datadir and mysql.pid-file";
    private static final int DEFAULT_PORT = 3306;

    private final Settings base;
    private final String ownName;

    public InstanceConflicts(Settings base) {
        this.base = base;
        this.ownName = base.string("backup.name", DEFAULT_OWN_NAME);
    }

    /** The instance one configuration backs up: what is unreadable in it is left out (reported elsewhere). */
    private record Instance(String name, boolean own, Integer port, Path datadir, Path pidFile) {
        String described() {
            return "configuration '" + name + "'" + (own ? " (client.properties)" : "");
        }
    }

    /**
     * One error per key {@code candidate} shares with one of {@code others} (those of its own name
     * are its earlier form and left out) or with client.properties' own instance.
     *
     * @param others every other configuration as it will be once {@code candidate} is stored
     */
    public List<FieldError> of(BackupConfiguration candidate, Collection<BackupConfiguration> others) {
        Instance mine = instance(candidate, false);
        List<Instance> theirs = new ArrayList<>();
        ownInstance(candidate, others).ifPresent(theirs::add);
        others.stream().filter(o -> !Objects.equals(o.name(), candidate.name()))
                .map(o -> instance(o, false)).forEach(theirs::add);
        List<FieldError> errors = new ArrayList<>();
        shared(errors, "mysql.port", "port", mine.port(), theirs, Instance::port);
        shared(errors, "mysql.datadir", "data directory", mine.datadir(), theirs, Instance::datadir);
        shared(errors, "mysql.pid-file", "pid file", mine.pidFile(), theirs, Instance::pidFile);
        return errors;
    }

    /**
     * client.properties' own instance, unless a configuration of its name replaces it. Without
     * {@code mysql.datadir} client.properties describes no instance (the client would not start
     * with it), so there is nothing to share.
     */
    private Optional<Instance> ownInstance(BackupConfiguration candidate, Collection<BackupConfiguration> others) {
        boolean replaced = ownName.equals(candidate.name()) || others.stream().anyMatch(o -> ownName.equals(o.name()));
        if (replaced || base.optional("mysql.datadir").isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(instance(BackupConfiguration.of(ownName, Map.of()), true));
    }

    private Instance instance(BackupConfiguration configuration, boolean own) {
        Settings s = ConfigurationSettings.withoutSecrets(base, configuration);
        return new Instance(configuration.name(), own,
                readable(() -> s.integer("mysql.port", DEFAULT_PORT, 1, 65535)),
                readable(() -> s.optionalPath("mysql.datadir").map(InstanceConflicts::normalized).orElse(null)),
                readable(() -> s.optionalPath("mysql.pid-file").map(InstanceConflicts::normalized).orElse(null)));
    }

    private static Path normalized(Path path) {
        return path.toAbsolutePath().normalize();
    }

    /** A value the configuration's own checks refuse cannot be shared: {@code null}. */
    private static <T> T readable(Supplier<T> value) {
        try {
            return value.get();
        } catch (InvalidSettingException | InvalidPathException e) {
            return null;
        }
    }

    /** One error on {@code key} for each of {@code theirs} with the value {@code mine} has. */
    private static <T> void shared(List<FieldError> errors, String key, String what, T mine, List<Instance> theirs,
                                   Function<Instance, T> value) {
        if (mine == null) {
            return;
        }
        String shown = mine instanceof Path ? "'" + mine + "'" : mine.toString();
        theirs.stream().filter(other -> mine.equals(value.apply(other))).forEach(other -> errors.add(new FieldError(key,
                shown + " is also the " + what + " of " + other.described() + "; " + ADVICE)));
    }
}
