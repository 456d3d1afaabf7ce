package org.mysqlbackup.server.overdue;

import java.time.Clock;
import java.time.Duration;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.server.alerts.ServerAlerts;

/**
 * Reads the {@code overdue.*} keys: {@code overdue.grace-ms} (1 h) and {@code overdue.expect}
 * (see {@link ConfiguredExpectations}); {@code overdue.enabled} and
 * {@code overdue.check-interval-ms} are the route's.
 */
public final class OverdueSettings {
    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);

    private OverdueSettings() {
    }

    public static OverdueWatch watch(Settings settings, OverdueStore store, ServerAlerts alerts, Clock clock) {
        return new OverdueWatch(store, ConfiguredExpectations.parse(settings.optional(ConfiguredExpectations.KEY)
                .orElse("")), settings.duration("overdue.grace-ms", DEFAULT_GRACE), alerts, clock);
    }
}
