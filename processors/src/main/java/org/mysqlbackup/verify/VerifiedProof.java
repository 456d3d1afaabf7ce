package org.mysqlbackup.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.mysqlbackup.retention.BackupProof;
import org.mysqlbackup.retention.RetentionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention's proof from verify: a backup whose last verify found it corrupt or missing is not
 * good; the one retention is about to rely on is re-read (and the result recorded and alerted like
 * any verify) unless it was verified intact after the file's last modification and within
 * {@code verify.max-age}.
 */
public class VerifiedProof implements BackupProof {
    private static final Logger LOG = LoggerFactory.getLogger(VerifiedProof.class);

    private final BackupVerification verification;
    private final Duration maxAge;
    private final Clock clock;

    public VerifiedProof(BackupVerification verification, Duration maxAge, Clock clock) {
        this.verification = verification;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public String knownDamage(RetentionStore.StoredRow row) {
        return verification.store().find(row.id())
                .filter(f -> f.verifyResult() != null && f.verifyResult() != VerifyResult.INTACT)
                .map(f -> "verify found it " + f.verifyResult().column() + " at " + f.verifiedAt()
                        + (f.verifyReason() == null ? "" : ": " + f.verifyReason()))
                .orElse(null);
    }

    @Override
    public String prove(RetentionStore.StoredRow row, Path file) throws InterruptedException {
        StoredFile stored = verification.store().find(row.id()).orElse(null);
        if (stored == null) {
            return "no longer a stored backup";
        }
        String stale = staleness(stored, file);
        if (stale == null) {
            return null;
        }
        LOG.info("Retention re-checks backup {} of client {}, configuration {} before relying on it: {}", stored.id(),
                stored.clientId(), stored.configName(), stale);
        Verdict verdict = verification.check(stored);
        return verdict.intact() ? null : "verify found it " + verdict.result().column() + ": " + verdict.reason();
    }

    /** Why the last verify is not enough to rely on, or null if it is. */
    String staleness(StoredFile stored, Path file) {
        if (stored.verifiedAt() == null || stored.verifyResult() == null) {
            return "never verified";
        }
        if (stored.verifyResult() != VerifyResult.INTACT) {
            return "last verified " + stored.verifyResult().column();
        }
        Instant now = clock.instant();
        if (!maxAge.isZero() && stored.verifiedAt().isBefore(now.minus(maxAge))) {
            return "last verified at " + stored.verifiedAt() + ", more than verify.max-age ago";
        }
        try {
            Instant modified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
            if (stored.verifiedAt().isBefore(modified.truncatedTo(java.time.temporal.ChronoUnit.MILLIS))) {
                return "the file changed at " + modified + ", after its last verify at " + stored.verifiedAt();
            }
        } catch (IOException e) {
            return "its modification time cannot be read (" + e.getMessage() + ")";
        }
        return null;
    }
}
