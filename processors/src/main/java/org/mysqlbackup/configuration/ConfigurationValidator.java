package org.mysqlbackup.configuration;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.mysqlbackup.client.run.MySqlTarget;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;

/**
 * Decides whether a configuration may be stored, with one message per invalid field (seed
 * property 4). Each key is first checked on its own by the same code that will use it at backup
 * time ({@code targets}, given a neutral value for every other key), so the limits live in one
 * place; then the whole configuration, laid over client.properties, must build a complete target
 * (required keys, keys that depend on each other).
 */
public class ConfigurationValidator {
    /** Valid values for every key a target needs, so a single key can be tried alone. */
    private static final Map<String, String> NEUTRAL = Map.of(
            "mysql.user", "probe",
            "mysql.datadir", "/probe/data",
            "snapshot.work-dir", "/probe/work",
            "mysql.service.strategy", "command",
            "mysql.service.name", "probe",
            "mysql.service.stop-command", "true",
            "mysql.service.start-command", "true");

    private final Settings base;
    private final Function<Settings, MySqlTarget> targets;
    private final SecretCodec secrets;

    public ConfigurationValidator(Settings base, Function<Settings, MySqlTarget> targets, SecretCodec secrets) {
        this.base = base;
        this.targets = targets;
        this.secrets = secrets;
    }

    public List<FieldError> validate(BackupConfiguration configuration) {
        List<FieldError> errors = new ArrayList<>();
        if (configuration.name() == null || !ConfigurationKeys.NAME.matcher(configuration.name()).matches()) {
            errors.add(new FieldError("name", "'" + configuration.name() + "' is not a configuration name: 1 to 64"
                    + " letters, digits, '.', '-' or '_', starting with a letter or digit"));
        }
        configuration.settings().forEach((key, value) -> checkKey(key, value).ifPresent(errors::add));
        if (errors.isEmpty()) {
            checkWhole(configuration).ifPresent(errors::add);
        }
        return errors;
    }

    /** Throws {@link InvalidConfigurationException} unless {@code configuration} is valid. */
    public BackupConfiguration require(BackupConfiguration configuration) {
        List<FieldError> errors = validate(configuration);
        if (!errors.isEmpty()) {
            throw new InvalidConfigurationException(configuration.name(), errors);
        }
        return configuration;
    }

    private Optional<FieldError> checkKey(String key, String value) {
        if (!ConfigurationKeys.allowed(key)) {
            return Optional.of(new FieldError(key, "is not a setting of a backup configuration (allowed: "
                    + String.join(", ", ConfigurationKeys.ALLOWED) + ")"));
        }
        if (value == null || value.indexOf('\0') >= 0 || value.contains("\n") || value.contains("\r")) {
            return Optional.of(new FieldError(key, "must be one line of text without NUL"));
        }
        if (ConfigurationKeys.SECRETS.contains(key)) {
            return secrets.problem(value).map(problem -> new FieldError(key, problem));
        }
        if (ConfigurationKeys.PATHS.contains(key)) {
            Optional<String> problem = pathProblem(value);
            if (problem.isPresent()) {
                return problem.map(p -> new FieldError(key, p));
            }
        }
        Map<String, String> alone = new HashMap<>(NEUTRAL);
        alone.put(key, value);
        return build(new Settings(k -> Optional.ofNullable(alone.get(k))))
                .map(e -> new FieldError(key, key.equals(e.field()) ? e.message() : e.field() + " " + e.message()));
    }

    private Optional<FieldError> checkWhole(BackupConfiguration configuration) {
        // secrets are checked above; revealing them needs the run-time environment
        Settings whole = ConfigurationSettings.withoutSecrets(base, configuration);
        Optional<FieldError> problem = build(whole);
        if (problem.isPresent()) {
            return problem;
        }
        Path data = Path.of(whole.string("mysql.datadir")).toAbsolutePath().normalize();
        Path work = Path.of(whole.string("snapshot.work-dir")).toAbsolutePath().normalize();
        if (work.startsWith(data)) {
            return Optional.of(new FieldError("snapshot.work-dir", "'" + work + "' is inside the data directory " + data
                    + "; the snapshot would copy itself"));
        }
        return Optional.empty();
    }

    private Optional<FieldError> build(Settings settings) {
        try {
            targets.apply(settings);
            return Optional.empty();
        } catch (InvalidSettingException e) {
            return Optional.of(new FieldError(e.key(), stripKey(e)));
        } catch (InvalidPathException e) {
            return Optional.of(new FieldError("path", e.getMessage()));
        }
    }

    /** InvalidSettingException says "configuration key 'k' problem": the field is shown beside it already. */
    private static String stripKey(InvalidSettingException e) {
        String prefix = "configuration key '" + e.key() + "' ";
        return e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
    }

    private static Optional<String> pathProblem(String value) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path path = Path.of(value);
            if (!path.isAbsolute()) {
                return Optional.of("'" + value + "' is not an absolute path");
            }
            return Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.of("'" + value + "' is not a path: " + e.getReason());
        }
    }
}
