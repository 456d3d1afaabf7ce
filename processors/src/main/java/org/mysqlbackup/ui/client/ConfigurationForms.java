package org.mysqlbackup.ui.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.configuration.BackupConfiguration;
import org.mysqlbackup.configuration.ConfigurationCatalog;
import org.mysqlbackup.configuration.ConfigurationKeys;
import org.mysqlbackup.configuration.FieldError;
import org.mysqlbackup.configuration.InvalidConfigurationException;
import org.mysqlbackup.configuration.SecretCodec;

/**
 * The console's configuration forms over {@link ConfigurationCatalog}, the service behind
 * {@code backup-client config}: the same validation and per-field messages, secrets encrypted as
 * {@code config set-secret} stores them. A secret never leaves here: an answer says only whether
 * it is set.
 *
 * <p>A form (JSON object) holds {@code name}, {@code active}, {@code settings} (key to value; a
 * blank value means "from client.properties"), {@code secrets} (key to a clear value, to be
 * encrypted) and {@code unsetSecrets} (keys whose secret is removed). A secret not named in a form
 * keeps its stored value.
 */
public class ConfigurationForms {
    static final String SET = "set";
    static final String NOT_SET = "not set";

    private final ConfigurationCatalog catalog;
    private final SecretCodec secrets;
    private final Settings base;

    public ConfigurationForms(ConfigurationCatalog catalog, SecretCodec secrets, Settings base) {
        this.catalog = catalog;
        this.secrets = secrets;
        this.base = base;
    }

    /** A configuration as the console shows it: no secret value, only whether each secret is set. */
    public record ConfigurationView(String name, boolean active, Map<String, String> settings,
                                    Map<String, String> secrets) {
    }

    /** One key a form may set: whether it is a secret, and client.properties' value when it is not. */
    public record KeyView(String key, boolean secret, boolean path, String inherited) {
    }

    /** The outcome of a check: valid, or one message per invalid field (those of {@code config validate}). */
    public record Validation(String name, boolean valid, List<FieldError> fields) {
    }

    public List<ConfigurationView> list() {
        return catalog.list().stream().map(ConfigurationForms::view).toList();
    }

    public ConfigurationView get(String name) {
        return view(stored(name));
    }

    /** The keys of a form, in client.properties' order of the documentation. */
    public List<KeyView> keys() {
        return ConfigurationKeys.ALLOWED.stream().map(key -> {
            boolean secret = ConfigurationKeys.SECRETS.contains(key);
            return new KeyView(key, secret, ConfigurationKeys.PATHS.contains(key),
                    secret ? null : base.optional(key).orElse(null));
        }).toList();
    }

    public ConfigurationView create(Map<String, Object> form) {
        BackupConfiguration configuration = fromForm(text(form.get("name")), form, new TreeMap<>(), true);
        catalog.add(withSecrets(configuration, form));
        return get(configuration.name());
    }

    public ConfigurationView update(String name, Map<String, Object> form) {
        BackupConfiguration current = stored(name);
        BackupConfiguration configuration = fromForm(name, form, current.settings(), current.active());
        catalog.update(withSecrets(configuration, form));
        return get(name);
    }

    /**
     * Checks a form without storing anything: as a new configuration, or ({@code name} given) as
     * the new form of a stored one. Secrets typed into the form are left out (any text is a valid
     * secret once encrypted), so nothing is encrypted for a check.
     */
    public Validation validate(String name, Map<String, Object> form) {
        BackupConfiguration configuration;
        if (name == null) {
            configuration = fromForm(text(form.get("name")), form, new TreeMap<>(), true);
        } else {
            BackupConfiguration current = stored(name);
            configuration = fromForm(name, form, current.settings(), current.active());
        }
        return validation(configuration);
    }

    /** {@code config validate NAME}: the stored configuration as it is. */
    public Validation validateStored(String name) {
        return validation(stored(name));
    }

    public void delete(String name) {
        if (!catalog.remove(name)) {
            throw missing(name);
        }
    }

    private Validation validation(BackupConfiguration configuration) {
        List<FieldError> errors = catalog.validate(configuration);
        return new Validation(configuration.name(), errors.isEmpty(), errors);
    }

    private BackupConfiguration stored(String name) {
        return catalog.find(name).orElseThrow(() -> missing(name));
    }

    private static NoSuchElementException missing(String name) {
        return new NoSuchElementException("no backup configuration named '" + name + "'");
    }

    /**
     * The configuration a form describes: its settings replace the non-secret ones of {@code current};
     * stored secrets stay unless the form's settings give them or unsetSecrets names them.
     */
    private static BackupConfiguration fromForm(String name, Map<String, Object> form, Map<String, String> current,
                                                boolean currentActive) {
        TreeMap<String, String> settings = new TreeMap<>();
        current.forEach((key, value) -> {
            if (ConfigurationKeys.SECRETS.contains(key)) {
                settings.put(key, value);
            }
        });
        Object given = form.get("settings");
        if (given != null && !(given instanceof Map)) {
            throw new IllegalArgumentException("settings must be an object of key to value");
        }
        if (given instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                String text = text(value);
                if (text != null && !text.isBlank()) {
                    settings.put(String.valueOf(key), text);
                }
            });
        }
        for (String key : keyList(form.get("unsetSecrets"), "unsetSecrets")) {
            settings.remove(key);
        }
        Object active = form.get("active");
        return new BackupConfiguration(name, active == null ? currentActive : Boolean.parseBoolean(active.toString()),
                settings);
    }

    /** Encrypts each clear secret of the form into the configuration, as {@code config set-secret} does. */
    private BackupConfiguration withSecrets(BackupConfiguration configuration, Map<String, Object> form) {
        Object given = form.get("secrets");
        if (given == null) {
            return configuration;
        }
        if (!(given instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("secrets must be an object of key to value");
        }
        BackupConfiguration result = configuration;
        List<FieldError> wrong = new ArrayList<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            String clear = entry.getValue() == null ? "" : entry.getValue().toString();
            if (clear.isEmpty()) {
                continue;
            }
            if (!ConfigurationKeys.SECRETS.contains(key)) {
                wrong.add(new FieldError(key, "is not a secret; secrets are "
                        + String.join(", ", new java.util.TreeSet<>(ConfigurationKeys.SECRETS))));
            } else if (clear.contains("\n") || clear.contains("\r") || clear.indexOf('\0') >= 0) {
                wrong.add(new FieldError(key, "must be one line of text without NUL"));
            } else {
                result = result.with(key, secrets.encrypt(clear));
            }
        }
        if (!wrong.isEmpty()) {
            throw new InvalidConfigurationException(configuration.name(), wrong);
        }
        return result;
    }

    private static List<String> keyList(Object value, String field) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof Collection<?> keys)) {
            throw new IllegalArgumentException(field + " must be a list of keys");
        }
        return keys.stream().map(String::valueOf).toList();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    static ConfigurationView view(BackupConfiguration configuration) {
        Map<String, String> settings = new LinkedHashMap<>();
        configuration.settings().forEach((key, value) -> {
            if (!ConfigurationKeys.SECRETS.contains(key)) {
                settings.put(key, value);
            }
        });
        Map<String, String> secretStates = new TreeMap<>();
        for (String key : ConfigurationKeys.SECRETS) {
            String stored = configuration.settings().get(key);
            secretStates.put(key, stored == null || stored.isEmpty() ? NOT_SET : SET);
        }
        return new ConfigurationView(configuration.name(), configuration.active(), settings, secretStates);
    }
}
