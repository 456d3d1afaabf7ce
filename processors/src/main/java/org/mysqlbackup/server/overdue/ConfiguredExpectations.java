package org.mysqlbackup.server.overdue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Optional;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;

/**
 * Reads {@code overdue.expect}: a comma-separated list of {@code client/config=interval}, e.g.
 * {@code web-1/nightly=24h, db-2/main=7d}, for clients that never sent their schedules (older
 * clients, or a new client that has not sent anything yet). An interval the client sends with a
 * transfer takes precedence.
 */
public final class ConfiguredExpectations {
    public static final String KEY = "overdue.expect";
    public static final String SOURCE = "server.properties";
    private static final Pattern ENTRY = Pattern.compile("([^/=\\s]+)/([^/=\\s]+)\\s*=\\s*(\\d+(?:d|h|m|s|ms)?(?:\\d+(?:d|h|m|s|ms))*)",
            Pattern.CASE_INSENSITIVE);

    private ConfiguredExpectations() {
    }

    /** The list's expectations, in order; empty for an empty or missing value. */
    public static List<Expectation> parse(String value) {
        List<Expectation> expectations = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return expectations;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            Matcher m = ENTRY.matcher(entry.strip());
            if (!m.matches()) {
                throw new InvalidSettingException(KEY, "'" + entry.strip() + "' is not client/config=interval"
                        + " (e.g. web-1/nightly=24h)");
            }
            // the one duration syntax of every other key, checked the same way
            Duration interval = new Settings(key -> Optional.of(m.group(3))).duration(KEY, Duration.ZERO);
            if (interval.isZero()) {
                throw new InvalidSettingException(KEY, "the interval of " + m.group(1) + "/" + m.group(2)
                        + " must be more than 0");
            }
            if (!seen.add(m.group(1) + "/" + m.group(2))) {
                throw new InvalidSettingException(KEY, m.group(1) + "/" + m.group(2) + " is listed twice");
            }
            expectations.add(new Expectation(m.group(1), m.group(2), interval, SOURCE));
        }
        return expectations;
    }
}
