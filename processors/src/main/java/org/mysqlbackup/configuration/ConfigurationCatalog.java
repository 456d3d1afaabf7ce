package org.mysqlbackup.configuration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mysqlbackup.config.Settings;

/**
 * The backup configurations of this client, as the CLI (and later the web UI) manage them:
 * nothing reaches the database unless {@link ConfigurationValidator} accepts it, secrets are
 * encrypted before they are stored, and an import is validated whole before any of it is written.
 */
public class ConfigurationCatalog {
    private final ConfigurationStore store;
    private final ConfigurationValidator validator;
    private final SecretCodec secrets;
    private final Settings base;

    public ConfigurationCatalog(ConfigurationStore store, ConfigurationValidator validator, SecretCodec secrets,
                                Settings base) {
        this.store = store;
        this.validator = validator;
        this.secrets = secrets;
        this.base = base;
    }

    public List<BackupConfiguration> list() {
        return store.list();
    }

    public Optional<BackupConfiguration> find(String name) {
        return store.find(name);
    }

    public BackupConfiguration require(String name) {
        return store.find(name).orElseThrow(() -> new IllegalArgumentException("no backup configuration named '" + name
                + "' (backup-client config list shows them)"));
    }

    public List<FieldError> validate(BackupConfiguration configuration) {
        return validator.validate(configuration);
    }

    /** Stores a new configuration; refuses a name in use, and anything invalid. */
    public void add(BackupConfiguration configuration) {
        if (store.find(configuration.name()).isPresent()) {
            throw new IllegalArgumentException("a configuration named '" + configuration.name()
                    + "' exists already (change it with config set, or remove it first)");
        }
        store.save(entry(validator.require(configuration)));
    }

    /** Stores a changed version of an existing configuration, if it is valid. */
    public void update(BackupConfiguration configuration) {
        require(configuration.name());
        store.save(entry(validator.require(configuration)));
    }

    /** Encrypts {@code clear} and stores it as the value of the secret {@code key}. */
    public void setSecret(String name, String key, String clear) {
        if (!ConfigurationKeys.SECRETS.contains(key)) {
            throw new IllegalArgumentException("'" + key + "' is not a secret; secrets are "
                    + String.join(", ", ConfigurationKeys.SECRETS));
        }
        update(require(name).with(key, secrets.encrypt(clear)));
    }

    public boolean remove(String name) {
        return store.remove(name);
    }

    /**
     * Adds or replaces every configuration of {@code configurations} in one transaction, only if
     * all are valid; otherwise stores nothing and reports every invalid field of every one.
     */
    public void importAll(List<BackupConfiguration> configurations) {
        Map<String, List<FieldError>> invalid = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (BackupConfiguration configuration : configurations) {
            if (names.contains(configuration.name())) {
                invalid.computeIfAbsent(configuration.name(), n -> new ArrayList<>())
                        .add(new FieldError("name", "appears more than once in the file"));
            }
            names.add(configuration.name());
            List<FieldError> errors = validator.validate(configuration);
            if (!errors.isEmpty()) {
                invalid.computeIfAbsent(configuration.name(), n -> new ArrayList<>()).addAll(errors);
            }
        }
        if (!invalid.isEmpty()) {
            throw new InvalidImportException(invalid);
        }
        store.saveAll(configurations.stream().map(this::entry).toList());
    }

    private ConfigurationStore.Entry entry(BackupConfiguration configuration) {
        Settings effective = new Settings(key -> ConfigurationKeys.SECRETS.contains(key) ? Optional.empty()
                : Optional.ofNullable(configuration.settings().get(key)).or(() -> base.optional(key)));
        return new ConfigurationStore.Entry(configuration, effective);
    }

    /** An import refused: the invalid fields of each configuration in the file. */
    public static class InvalidImportException extends IllegalArgumentException {
        private final Map<String, List<FieldError>> errors;

        public InvalidImportException(Map<String, List<FieldError>> errors) {
            super("nothing imported: " + errors.entrySet().stream()
                    .map(e -> "configuration '" + e.getKey() + "': " + e.getValue().stream().map(FieldError::toString)
                            .reduce((a, b) -> a + "; " + b).orElse(""))
                    .reduce((a, b) -> a + " | " + b).orElse(""));
            this.errors = Map.copyOf(errors);
        }

        public Map<String, List<FieldError>> errors() {
            return errors;
        }
    }
}
