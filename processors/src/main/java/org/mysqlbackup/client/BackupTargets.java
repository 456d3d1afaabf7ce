package org.mysqlbackup.client;

import java.util.Optional;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.configuration.BackupConfiguration;
import org.mysqlbackup.configuration.ConfigurationSettings;
import org.mysqlbackup.configuration.ConfigurationStore;
import org.mysqlbackup.configuration.SecretCodec;

/**
 * Which MySQL instance a backup of configuration {@code name} is of: the stored configuration of
 * that name laid over client.properties, or client.properties alone for the configuration named
 * by {@code backup.name} when no stored one has that name. Read at each backup, so a change made
 * with {@code backup-client config} applies to the next run without a restart.
 */
public class BackupTargets {
    private final Settings base;
    private final String defaultName;
    private final ConfigurationStore store;
    private final SecretCodec secrets;
    private final MySqlTargets targets;

    public BackupTargets(Settings base, String defaultName, ConfigurationStore store, SecretCodec secrets,
                         MySqlTargets targets) {
        this.base = base;
        this.defaultName = defaultName;
        this.store = store;
        this.secrets = secrets;
        this.targets = targets;
    }

    public String defaultName() {
        return defaultName;
    }

    public MySqlTarget target(String name) {
        Optional<BackupConfiguration> stored = store.find(name);
        if (stored.isPresent()) {
            if (!stored.get().active()) {
                throw new IllegalArgumentException("configuration '" + name
                        + "' is inactive (backup-client config activate " + name + ")");
            }
            return targets.build(ConfigurationSettings.of(base, stored.get(), secrets));
        }
        if (name.equals(defaultName)) {
            return targets.build(base);
        }
        throw new IllegalArgumentException("no backup configuration named '" + name
                + "' (backup-client config list shows them; '" + defaultName + "' is client.properties' own)");
    }
}
