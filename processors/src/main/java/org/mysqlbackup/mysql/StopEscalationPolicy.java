package org.mysqlbackup.mysql;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;

/**
 * How hard {@link ServiceStopSequence} tries. Round one runs the stop command with
 * {@code stopTimeout} and waits {@code downTimeout} for proof; round two multiplies both by
 * {@code factor}; then, only if {@code allowKill}, the process from the pid file gets SIGTERM, after
 * {@code killGrace} SIGKILL, and {@code killWait} to exit.
 *
 * @param killProcessNames the process must have one of these names to be signalled, so that a stale
 *                         pid file never gets an unrelated process killed
 */
public record StopEscalationPolicy(Duration stopTimeout, Duration downTimeout, double factor, boolean allowKill,
                                   Duration killGrace, Duration killWait, List<String> killProcessNames) {
    public static final String STOP_TIMEOUT = "mysql.stop.timeout-ms";
    public static final String DOWN_TIMEOUT = "mysql.down.timeout-ms";
    public static final String FACTOR = "mysql.stop.escalation-factor";
    public static final String ALLOW_KILL = "mysql.stop.allow-kill";
    public static final String KILL_GRACE = "mysql.stop.kill-grace-ms";
    public static final String KILL_WAIT = "mysql.stop.kill-wait-ms";
    public static final String KILL_PROCESS_NAMES = "mysql.stop.kill-process-names";

    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_DOWN_TIMEOUT = Duration.ofMinutes(2);
    public static final double DEFAULT_FACTOR = 2.0;
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofMinutes(1);
    public static final Duration DEFAULT_KILL_WAIT = Duration.ofSeconds(30);
    public static final List<String> DEFAULT_KILL_PROCESS_NAMES = List.of("mysqld", "mariadbd");

    private static final double MAX_FACTOR = 10.0;

    public StopEscalationPolicy {
        if (!(factor >= 1.0 && factor <= MAX_FACTOR)) {
            throw new IllegalArgumentException("escalation factor " + factor + " is outside 1..10");
        }
        killProcessNames = List.copyOf(killProcessNames);
    }

    public static StopEscalationPolicy fromSettings(Settings settings) {
        return new StopEscalationPolicy(
                settings.duration(STOP_TIMEOUT, DEFAULT_STOP_TIMEOUT),
                settings.duration(DOWN_TIMEOUT, DEFAULT_DOWN_TIMEOUT),
                factor(settings),
                settings.bool(ALLOW_KILL, false),
                settings.duration(KILL_GRACE, DEFAULT_KILL_GRACE),
                settings.duration(KILL_WAIT, DEFAULT_KILL_WAIT),
                processNames(settings));
    }

    /** A timeout of the second round. */
    public Duration escalated(Duration first) {
        double millis = first.toMillis() * factor;
        return Duration.ofMillis(millis >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE / 2 : Math.round(millis));
    }

    private static double factor(Settings settings) {
        String text = settings.optional(FACTOR).orElse(null);
        if (text == null) {
            return DEFAULT_FACTOR;
        }
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(FACTOR, "'" + text + "' is not a number (examples: 2, 1.5)");
        }
        if (!(value >= 1.0 && value <= MAX_FACTOR)) {
            throw new InvalidSettingException(FACTOR, text + " is outside the allowed range 1..10");
        }
        return value;
    }

    private static List<String> processNames(Settings settings) {
        List<String> names = settings.optional(KILL_PROCESS_NAMES)
                .map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(n -> !n.isEmpty()).toList())
                .orElse(DEFAULT_KILL_PROCESS_NAMES);
        if (names.isEmpty()) {
            throw new InvalidSettingException(KILL_PROCESS_NAMES, "names no process (example: mysqld,mariadbd)");
        }
        for (String name : names) {
            if (!name.matches("[A-Za-z0-9._+-]+")) {
                throw new InvalidSettingException(KILL_PROCESS_NAMES, "'" + name + "' is not a process name");
            }
        }
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT).endsWith(".exe") ? n.substring(0, n.length() - 4) : n)
                .toList();
    }
}
