package org.mysqlbackup.verify;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.mysqlbackup.events.ServerEvents;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.server.alerts.ServerAlerts;

/**
 * The {@code verify.*} keys of server.properties: {@code verify.max-read-rate} (bytes per second,
 * 0 no limit), {@code verify.max-duration} (no new file after it, 0 no limit) and
 * {@code verify.max-age} (how old a verify retention still relies on). The defaults are those
 * written in server.properties, so a properties file older than verify still starts.
 *
 * @param maxReadRate bytes per second, 0 for no limit
 * @param maxDuration 0 for no limit
 * @param maxAge      a verify older than this is repeated before retention relies on it
 */
public record VerifySettings(long maxReadRate, Duration maxDuration, Duration maxAge) {
    public static final long DEFAULT_READ_RATE = 50L << 20;
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofHours(4);
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

    public static VerifySettings from(Settings settings) {
        return new VerifySettings(settings.bytes("verify.max-read-rate", DEFAULT_READ_RATE, 0, Long.MAX_VALUE),
                settings.duration("verify.max-duration", DEFAULT_MAX_DURATION),
                settings.duration("verify.max-age", DEFAULT_MAX_AGE));
    }

    /** Verification of the stored backups of {@code db} under {@code root} (a real path), read at the rate limit. */
    public BackupVerification verification(DataSource db, Path root, ServerAlerts alerts, Clock clock) {
        return verification(db, root, alerts, clock, ServerEvents.none());
    }

    /** The same, publishing each result ({@code verify.result}) to {@code events}. */
    public BackupVerification verification(DataSource db, Path root, ServerAlerts alerts, Clock clock,
                                           ServerEvents events) {
        return new BackupVerification(root, new BackupFileVerifier(maxReadRate), new VerifyStore(db), alerts, clock,
                events);
    }

    /** The scheduled or command-line run, within {@code verify.max-duration}. */
    public VerifyRun run(BackupVerification verification) {
        return new VerifyRun(verification, maxDuration);
    }

    /** What retention asks before it relies on a backup as the newest good one. */
    public VerifiedProof proof(BackupVerification verification, Clock clock) {
        return new VerifiedProof(verification, maxAge, clock);
    }
}
