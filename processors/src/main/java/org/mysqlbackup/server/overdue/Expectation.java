package org.mysqlbackup.server.overdue;

import java.time.Duration;
import java.util.Objects;

/**
 * A configuration of a client that should complete a backup at least every {@code interval}.
 *
 * @param source where the interval comes from: {@code client} (sent with its last transfer) or
 *               {@code server.properties} ({@code overdue.expect})
 */
public record Expectation(String clientId, String configName, Duration interval, String source) {
    public Expectation {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(configName, "configName");
        Objects.requireNonNull(source, "source");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive");
        }
    }
}
