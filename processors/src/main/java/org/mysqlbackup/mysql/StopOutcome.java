package org.mysqlbackup.mysql;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How MySQL was stopped.
 *
 * @param stage    the step after which it was proven down
 * @param elapsed  from the first stop command to the proof
 * @param attempts everything that was done, in order
 * @param pid      the pid read from the pid file before the stop, if there was one
 */
public record StopOutcome(StopStage stage, Duration elapsed, List<StopAttempt> attempts, Optional<Long> pid) {
    public StopOutcome {
        attempts = List.copyOf(attempts);
    }

    /** True when MySQL was killed: the data directory is as after a power cut, not a clean shutdown. */
    public boolean crashConsistent() {
        return stage == StopStage.KILLED;
    }

    /** One line for logs. */
    public String summary() {
        return "MySQL stopped by " + stage.description() + " in " + Durations.describe(elapsed)
                + (crashConsistent() ? " (crash-consistent: InnoDB runs crash recovery on the next start)" : "")
                + "; " + String.join("; ", attempts.stream().map(StopAttempt::toString).toList());
    }
}
