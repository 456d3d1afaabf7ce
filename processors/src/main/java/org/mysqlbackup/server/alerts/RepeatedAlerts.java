package org.mysqlbackup.server.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps a condition that recurs (a storage that stays full, a file retention fails to delete on
 * every run) from mailing the operators on every attempt: an alert identical to one let through
 * less than {@code quietPeriod} ago (same kind, client, configuration and reason) is held back.
 * Distinct events differ in their reason (a transfer id, a file), so each still gets its alert.
 * Bounded: remembers at most {@code capacity} alerts, oldest forgotten first. Thread-safe.
 */
public final class RepeatedAlerts {
    private record Key(ServerAlertKind kind, String clientId, String configName, String reason) {
    }

    private final Duration quietPeriod;
    private final Map<Key, Instant> sent;

    /** @param quietPeriod 0 lets every alert through */
    public RepeatedAlerts(Duration quietPeriod, int capacity) {
        if (quietPeriod.isNegative()) {
            throw new IllegalArgumentException("quietPeriod must not be negative");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.quietPeriod = quietPeriod;
        this.sent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Instant> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True (and remembered) if the alert should go out now; false if an identical one did recently. */
    public synchronized boolean firstIn(ServerAlert alert, Instant now) {
        Objects.requireNonNull(alert, "alert");
        Key key = new Key(alert.kind(), alert.clientId(), alert.configName(), alert.reason());
        Instant last = sent.get(key);
        if (last != null && now.isBefore(last.plus(quietPeriod))) {
            return false;
        }
        sent.put(key, now);
        return true;
    }
}
