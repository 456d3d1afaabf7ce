package org.mysqlbackup.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.TimeUtils;

/**
 * Typed, validated access to the application's properties (the {@code --config} file, with
 * Camel's placeholders and environment overrides already applied). Every error names the key and
 * the offending value, so a typo in a properties file is reported at start-up, not mid-backup.
 */
public class Settings {
    /** Milliseconds, or amounts with d, h, m, s, ms units; a sign only on plain milliseconds. */
    private static final Pattern DURATION = Pattern.compile("-?\\d+|(\\d+(d|h|m|s|ms))+", Pattern.CASE_INSENSITIVE);

    private final Function<String, Optional<String>> source;

    public Settings(PropertiesComponent properties) {
        this(properties::resolveProperty);
    }

    public Settings(Function<String, Optional<String>> source) {
        this.source = source;
    }

    public Optional<String> optional(String key) {
        return source.apply(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String string(String key) {
        return optional(key).orElseThrow(() -> new InvalidSettingException(key, "is required but not set"));
    }

    public String string(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    public int integer(String key, int defaultValue, int min, int max) {
        long value = optional(key).map(v -> parseLong(key, v)).orElse((long) defaultValue);
        return (int) checkRange(key, value, min, max);
    }

    public long longValue(String key, long defaultValue, long min, long max) {
        long value = optional(key).map(v -> parseLong(key, v)).orElse(defaultValue);
        return checkRange(key, value, min, max);
    }

    public boolean bool(String key, boolean defaultValue) {
        return optional(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new InvalidSettingException(key, "'" + v + "' is not true or false");
        }).orElse(defaultValue);
    }

    /** Durations as Camel writes them: {@code 500} (milliseconds), {@code 30s}, {@code 2m}, {@code 1h30m}. */
    public Duration duration(String key, Duration defaultValue) {
        Duration value = optional(key).map(v -> {
            // Camel's parser skips what it does not understand: "abc" or "30x" would silently become 0
            if (!DURATION.matcher(v).matches()) {
                throw new InvalidSettingException(key, "'" + v + "' is not a duration (examples: 500, 30s, 2m, 1h30m)");
            }
            try {
                return TimeUtils.toDuration(v);
            } catch (RuntimeException e) {
                throw new InvalidSettingException(key, "'" + v + "' is not a duration (examples: 500, 30s, 2m, 1h30m)");
            }
        }).orElse(defaultValue);
        if (value.isNegative()) {
            throw new InvalidSettingException(key, "must not be negative");
        }
        return value;
    }

    /** Sizes in bytes, with an optional binary suffix: {@code 4194304}, {@code 512KiB}, {@code 4MiB}, {@code 2GiB}. */
    public long bytes(String key, long defaultValue, long min, long max) {
        long value = optional(key).map(v -> ByteSize.parse(key, v)).orElse(defaultValue);
        return checkRange(key, value, min, max);
    }

    public Path path(String key) {
        return Path.of(string(key));
    }

    public Optional<Path> optionalPath(String key) {
        return optional(key).map(Path::of);
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, "'" + value + "' is not a whole number");
        }
    }

    private static long checkRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidSettingException(key, value + " is outside the allowed range " + min + ".." + max);
        }
        return value;
    }
}
