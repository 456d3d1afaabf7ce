package org.mysqlbackup.client.run;

import java.time.Instant;
import java.util.Optional;

/**
 * How a backup ended.
 *
 * @param status       Completed, Failed or Cancelled
 * @param failedStep   the step it failed or was cancelled at; null when Completed
 * @param reason       why, for the operator; null when Completed
 * @param endedAt      when it ended
 * @param mysqlRunning whether the instance answered as itself when the backup ended (measured, not
 *                     inferred from the step); null when the run has no MySQL instance ({@code send})
 */
public record Outcome(BackupStatus status, BackupStep failedStep, String reason, Instant endedAt,
                      Boolean mysqlRunning) {

    /** @param mysqlRunning true for a backup (MySQL was verified after its start), null for a shipped file */
    public static Outcome completed(Instant at, Boolean mysqlRunning) {
        return new Outcome(BackupStatus.Completed, null, null, at, mysqlRunning);
    }

    public Optional<BackupStep> step() {
        return Optional.ofNullable(failedStep);
    }

    public Optional<String> failure() {
        return Optional.ofNullable(reason);
    }

    /** MySQL is known not to answer at the end: the operator must act now. */
    public boolean mysqlDown() {
        return Boolean.FALSE.equals(mysqlRunning);
    }
}
