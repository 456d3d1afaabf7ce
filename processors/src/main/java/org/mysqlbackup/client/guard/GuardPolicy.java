package org.mysqlbackup.client.guard;

import java.nio.file.Path;
import java.time.Duration;
import org.mysqlbackup.config.Settings;

/**
 * How a restart guard waits and tries.
 *
 * @param intentDirectory where the restart intents are kept ({@code guard.intent-dir})
 * @param watchdog        whether each backup starts a watchdog process while MySQL is down ({@code guard.watchdog})
 * @param inUseWait       how long to wait for a server still shutting down or starting on the data
 *                        directory before giving up ({@code guard.in-use-wait-ms})
 * @param verifyWait      how long after a start MySQL may take to answer before the next start or
 *                        giving up ({@code guard.verify-wait-ms})
 * @param startRetries    starts after the first ({@code mysql.start.retries})
 * @param retryDelay      first wait between starts, doubling ({@code mysql.start.retry-delay-ms})
 * @param settle          how long a stop or start the dead process asked for may take to show
 *                        ({@code guard.settle-ms}): a command that returns before its effect (sc.exe, a
 *                        script that backgrounds the server) must not be undone or doubled by the guard
 * @param checkInterval   how often the daemon looks for intents of ended processes ({@code guard.check-interval-ms})
 * @param poll            how often a guard looks again while it waits
 */
public record GuardPolicy(Path intentDirectory, boolean watchdog, Duration inUseWait, Duration verifyWait,
                          int startRetries, Duration retryDelay, Duration settle, Duration checkInterval,
                          Duration poll) {
    public static final String INTENT_DIR = "guard.intent-dir";

    public static GuardPolicy fromSettings(Settings settings) {
        Path intents = settings.optional(INTENT_DIR).filter(v -> !v.isBlank()).map(Path::of)
                .orElseGet(() -> settings.path("db.file").toAbsolutePath().resolveSibling("restart-intents"));
        return new GuardPolicy(intents,
                settings.bool("guard.watchdog", true),
                settings.duration("guard.in-use-wait-ms", Duration.ofMinutes(2)),
                settings.duration("guard.verify-wait-ms", Duration.ofMinutes(2)),
                settings.integer("mysql.start.retries", 3, 0, 100),
                settings.duration("mysql.start.retry-delay-ms", Duration.ofSeconds(2)),
                settings.duration("guard.settle-ms", Duration.ofSeconds(30)),
                settings.duration("guard.check-interval-ms", Duration.ofSeconds(10)),
                Duration.ofMillis(100));
    }
}
