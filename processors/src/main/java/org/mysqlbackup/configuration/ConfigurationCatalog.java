package org.mysqlbackup.configuration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.schedule.Schedule;
import org.mysqlbackup.schedule.ScheduleCheck;
import org.mysqlbackup.schedule.ScheduleInput;
import org.mysqlbackup.schedule.ScheduleStore;
import org.mysqlbackup.schedule.ScheduleValidator;

/**
 * The backup configurations of this client, as the CLI (and later the web UI) manage them:
 * nothing reaches the database unless {@link ConfigurationValidator} accepts it, secrets are
 * encrypted before they are stored, and an import is validated whole before any of it is written.
 * Beyond each configuration's own validity, no two of them (client.properties' own included) may
 * back up one MySQL instance ({@link InstanceConflicts}).
 */
public class ConfigurationCatalog {
    private final ConfigurationStore store;
    private final ScheduleStore schedules;
    private final ConfigurationValidator validator;
    private final SecretCodec secrets;
    private final Settings base;
    private final InstanceConflicts conflicts;

    public ConfigurationCatalog(ConfigurationStore store, ScheduleStore schedules, ConfigurationValidator validator,
                                SecretCodec secrets, Settings base) {
        this(store, schedules, validator, secrets, base, new InstanceConflicts(base));
    }

    public ConfigurationCatalog(ConfigurationStore store, ScheduleStore schedules, ConfigurationValidator validator,
                                SecretCodec secrets, Settings base, InstanceConflicts conflicts) {
        this.store = store;
        this.schedules = schedules;
        this.validator = validator;
        this.secrets = secrets;
        this.base = base;
        this.conflicts = conflicts;
    }

    /** Every configuration with its schedules, as {@code config export} writes them. */
    public List<ExportedConfiguration> exportAll() {
        return store.list().stream().map(c -> new ExportedConfiguration(c,
                schedules.list(c.name()).stream().map(ConfigurationCatalog::asInput).toList())).toList();
    }

    /** A stored schedule as the text a file holds (read back by {@link ScheduleValidator}). */
    static ScheduleInput asInput(Schedule s) {
        return new ScheduleInput(s.configName(), s.type().name().toLowerCase(java.util.Locale.ROOT),
                s.time() == null ? null : s.time().toString(),
                s.dayOfWeek() != null ? s.dayOfWeek().name().substring(0, 3)
                        : s.dayOfMonth() != null ? s.dayOfMonth().toString() : null,
                s.cron(), s.timeZone().getId(), s.misfire() == null ? null : s.misfire().text(), s.enabled());
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

    /** What is wrong with {@code configuration} if it were stored beside the other stored ones; empty if nothing. */
    public List<FieldError> validate(BackupConfiguration configuration) {
        return validate(configuration, store.list());
    }

    /** @param others the other configurations as they would be (one of {@code configuration}'s name is its old form) */
    private List<FieldError> validate(BackupConfiguration configuration, List<BackupConfiguration> others) {
        List<FieldError> errors = validator.validate(configuration);
        // a configuration not valid on its own has no instance to compare yet
        return errors.isEmpty() ? conflicts.of(configuration, others) : errors;
    }

    private BackupConfiguration valid(BackupConfiguration configuration) {
        List<FieldError> errors = validate(configuration);
        if (!errors.isEmpty()) {
            throw new InvalidConfigurationException(configuration.name(), errors);
        }
        return configuration;
    }

    /** Stores a new configuration; refuses a name in use, and anything invalid. */
    public void add(BackupConfiguration configuration) {
        if (store.find(configuration.name()).isPresent()) {
            throw new IllegalArgumentException("a configuration named '" + configuration.name()
                    + "' exists already (change it with config set, or remove it first)");
        }
        store.save(entry(valid(configuration)));
    }

    /** Stores a changed version of an existing configuration, if it is valid. */
    public void update(BackupConfiguration configuration) {
        require(configuration.name());
        store.save(entry(valid(configuration)));
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

    /** Like {@link #importFile}, for configurations without schedules. */
    public void importAll(List<BackupConfiguration> configurations) {
        importFile(configurations.stream().map(c -> new ExportedConfiguration(c, null)).toList());
    }

    /**
     * Adds or replaces every configuration of a file, and the schedules of those that list them,
     * only if all of it is valid; otherwise stores nothing and reports every invalid field of every
     * configuration and schedule. The configurations are written in one transaction, then the
     * schedules of each (already validated); a schedule the file leaves as it was keeps its id.
     */
    public void importFile(List<ExportedConfiguration> file) {
        Map<String, List<Schedule>> newSchedules = new LinkedHashMap<>();
        Map<String, List<FieldError>> invalid = check(file, newSchedules);
        if (!invalid.isEmpty()) {
            throw new InvalidImportException(invalid);
        }
        store.saveAll(file.stream().map(item -> entry(item.configuration())).toList());
        newSchedules.forEach(schedules::importAll);
    }

    /** What {@link #importFile} would refuse in {@code file}, by configuration; empty if it is all valid. */
    public Map<String, List<FieldError>> check(List<ExportedConfiguration> file) {
        return check(file, new LinkedHashMap<>());
    }

    private Map<String, List<FieldError>> check(List<ExportedConfiguration> file, Map<String, List<Schedule>> newSchedules) {
        Map<String, List<FieldError>> invalid = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (ExportedConfiguration item : file) {
            names.add(item.name());
        }
        // the file's configurations against each other, and against the stored ones they leave in place
        List<BackupConfiguration> after = new ArrayList<>();
        file.forEach(item -> after.add(item.configuration()));
        store.list().stream().filter(stored -> !names.contains(stored.name())).forEach(after::add);
        List<String> seen = new ArrayList<>();
        for (ExportedConfiguration item : file) {
            BackupConfiguration configuration = item.configuration();
            List<FieldError> errors = new ArrayList<>();
            if (seen.contains(configuration.name())) {
                errors.add(new FieldError("name", "appears more than once in the file"));
            }
            seen.add(configuration.name());
            errors.addAll(validate(configuration, after));
            if (item.schedules() != null) {
                ScheduleValidator scheduleValidator = new ScheduleValidator(
                        name -> names.contains(name) || store.find(name).isPresent());
                List<Schedule> valid = new ArrayList<>();
                for (int i = 0; i < item.schedules().size(); i++) {
                    ScheduleCheck check = scheduleValidator.check(item.schedules().get(i));
                    int number = i + 1;
                    check.problems().forEach((field, problem) ->
                            errors.add(new FieldError("schedules[" + number + "]." + field, problem)));
                    if (check.valid()) {
                        valid.add(check.schedule());
                    }
                }
                newSchedules.put(configuration.name(), valid);
            }
            if (!errors.isEmpty()) {
                invalid.put(configuration.name(), errors);
            }
        }
        return invalid;
    }

    private ConfigurationStore.Entry entry(BackupConfiguration configuration) {
        return new ConfigurationStore.Entry(configuration, ConfigurationSettings.withoutSecrets(base, configuration));
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
