package org.mysqlbackup.configuration;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One MySQL instance to back up, as stored in {@code BackupConfigurations}: a name, whether it is
 * active, and its own settings (the {@code mysql.*} and {@code snapshot.*} keys of
 * {@link ConfigurationKeys}); every key it does not set comes from client.properties. Secret values
 * are only ever held in their stored form ({@code env:NAME} or {@code enc:v1:...}, see
 * {@link SecretCodec}).
 */
public record BackupConfiguration(String name, boolean active, SortedMap<String, String> settings) {
    public BackupConfiguration {
        settings = Collections.unmodifiableSortedMap(new TreeMap<>(settings));
    }

    public static BackupConfiguration of(String name, Map<String, String> settings) {
        return new BackupConfiguration(name, true, new TreeMap<>(settings));
    }

    public BackupConfiguration with(String key, String value) {
        TreeMap<String, String> changed = new TreeMap<>(settings);
        changed.put(key, value);
        return new BackupConfiguration(name, active, changed);
    }

    public BackupConfiguration active(boolean isActive) {
        return new BackupConfiguration(name, isActive, settings);
    }
}
