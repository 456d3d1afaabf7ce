package org.mysqlbackup.configuration;

import java.util.Map;
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

    /**
     * The same layering with every secret left unset, for checking and describing a configuration:
     * revealing a secret needs the run-time environment. One place, so the validator, the instance
     * check and the stored columns all see the values a backup would use.
     */
    static Settings withoutSecrets(Settings base, BackupConfiguration configuration) {
        Map<String, String> own = configuration.settings();
        return new Settings(key -> ConfigurationKeys.SECRETS.contains(key) ? Optional.empty()
                : own.containsKey(key) ? Optional.ofNullable(own.get(key)) : base.optional(key));
    }
}
