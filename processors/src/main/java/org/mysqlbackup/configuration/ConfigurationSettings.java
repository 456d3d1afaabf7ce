package org.mysqlbackup.configuration;

import java.util.Optional;
import org.mysqlbackup.config.Settings;

/** The settings one configuration runs with: its own keys (secrets revealed) over client.properties. */
public final class ConfigurationSettings {
    private ConfigurationSettings() {
    }

    public static Settings of(Settings base, BackupConfiguration configuration, SecretCodec secrets) {
        return new Settings(key -> {
            String own = configuration.settings().get(key);
            if (own == null) {
                return base.optional(key);
            }
            return Optional.of(ConfigurationKeys.SECRETS.contains(key) ? secrets.reveal(key, own) : own);
        });
    }
}
