package org.mysqlbackup.client;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.mysqlbackup.client.run.MySqlTarget;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.configuration.BackupConfiguration;
import org.mysqlbackup.configuration.ConfigurationSettings;
import org.mysqlbackup.configuration.ConfigurationStore;
import org.mysqlbackup.configuration.SecretCodec;

/**
 * Which MySQL instance a backup of configuration {@code name} is of: the stored configuration of
 * that name laid over client.properties, or client.properties alone for the configuration named
 * by {@code backup.name} when no stored one has that name. The stored configuration is read at
 * each backup, so a change made with {@code backup-client config} applies to the next run without
 * a restart; its target is built again only when it changed.
 */
public class BackupTargets {
    private final Settings base;
    private final String defaultName;
    private final MySqlTarget defaultTarget;
    private final ConfigurationStore store;
    private final SecretCodec secrets;
    private final MySqlTargets targets;
    /** The target last built for each stored configuration, with the configuration it was built from. */
    private final Map<String, Map.Entry<BackupConfiguration, MySqlTarget>> built = new ConcurrentHashMap<>();

    /** @param defaultTarget client.properties' own instance, built (and so checked) at start-up */
    public BackupTargets(Settings base, String defaultName, MySqlTarget defaultTarget, ConfigurationStore store,
                         SecretCodec secrets, MySqlTargets targets) {
        this.base = base;
        this.defaultName = defaultName;
        this.defaultTarget = defaultTarget;
        this.store = store;
        this.secrets = secrets;
        this.targets = targets;
    }

    public String defaultName() {
        return defaultName;
    }

    /** client.properties' own instance. */
    public MySqlTarget defaultTarget() {
        return defaultTarget;
    }

    /** The instance of configuration {@code name}; an inactive configuration cannot be backed up. */
    public MySqlTarget target(String name) {
        return target(name, true);
    }

    /** Like {@link #target(String)}, also for an inactive configuration: a guard brings its MySQL back all the same. */
    public MySqlTarget anyTarget(String name) {
        return target(name, false);
    }

    private MySqlTarget target(String name, boolean activeOnly) {
        Optional<BackupConfiguration> stored = store.find(name);
        if (stored.isPresent()) {
            if (activeOnly && !stored.get().active()) {
                throw new IllegalArgumentException("configuration '" + name
                        + "' is inactive (activate it: backup-client config set " + name + " --active)");
            }
            BackupConfiguration configuration = stored.get();
            return built.compute(name, (key, last) -> last != null && last.getKey().equals(configuration) ? last
                    : Map.entry(configuration, targets.build(ConfigurationSettings.of(base, configuration, secrets))))
                    .getValue();
        }
        if (name.equals(defaultName)) {
            return defaultTarget;
        }
        throw new IllegalArgumentException("no backup configuration named '" + name
                + "' (backup-client config list shows them; '" + defaultName + "' is client.properties' own)");
    }
}
