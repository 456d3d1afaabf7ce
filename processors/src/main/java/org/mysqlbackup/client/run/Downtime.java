package org.mysqlbackup.client.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the cold phase of one backup did to MySQL: when the stop was asked for, when MySQL was proven
 * down, when it was started and answered again, and what went wrong on the way back. Immutable: each
 * step of the cold phase returns the next value ({@link #stopRequested}, {@link #provenDown}, ...), the
 * way pgBackRest's backup steps return their {@code BackupStartResult}/{@code BackupStopResult}.
 *
 * @param stopRequestedAt     when the stop command was about to run; null while MySQL was not touched
 * @param pidBefore           MySQL's pid read from its pid file before the stop, if there was one
 * @param provenDownAt        when process, pid file and port all showed MySQL down
 * @param startRequestedAt    when the start command first ran
 * @param availableAt         when MySQL answered again as the configured instance
 * @param recorded            the downtime of an earlier run whose file this run ships (resume)
 * @param startCommandFailure why the start command failed for the last time, if it did
 * @param restartFailure      why MySQL could not be brought back; null if it answers (or was never stopped)
 * @param interruptedStep     the step that was running when the restart began before the snapshot was complete
 * @param coldPhaseDone       stop, proof and capture all worked: the restart interrupts nothing
 */
public record Downtime(Instant stopRequestedAt, Long pidBefore, Instant provenDownAt, Instant startRequestedAt,
                       Instant availableAt, Duration recorded, String startCommandFailure, String restartFailure,
                       BackupStep interruptedStep, boolean coldPhaseDone) {

    /** MySQL has not been touched. */
    public static final Downtime NONE = new Downtime(null, null, null, null, null, null, null, null, null, false);

    /** The downtime of a snapshot taken by an earlier run (a resumed transfer); null if unknown. */
    public static Downtime recorded(Duration downtime) {
        return new Downtime(null, null, null, null, null, downtime, null, null, null, false);
    }

    /** From here on every path must start MySQL again. */
    public Downtime stopRequested(Instant at, Long pid) {
        return new Downtime(at, pid, null, null, null, recorded, null, null, null, false);
    }

    public Downtime provenDown(Instant at) {
        return new Downtime(stopRequestedAt, pidBefore, at, startRequestedAt, availableAt, recorded,
                startCommandFailure, restartFailure, interruptedStep, coldPhaseDone);
    }

    public Downtime startRequested(Instant at) {
        return startRequestedAt != null ? this : new Downtime(stopRequestedAt, pidBefore, provenDownAt, at, availableAt,
                recorded, startCommandFailure, restartFailure, interruptedStep, coldPhaseDone);
    }

    /** MySQL answers again as itself; an earlier failure to bring it back no longer holds. */
    public Downtime available(Instant at) {
        return new Downtime(stopRequestedAt, pidBefore, provenDownAt, startRequestedAt, at, recorded,
                startCommandFailure, null, interruptedStep, coldPhaseDone);
    }

    /** The start command failed for the last time; the verification still decides. */
    public Downtime startCommandFailed(String reason) {
        return new Downtime(stopRequestedAt, pidBefore, provenDownAt, startRequestedAt, availableAt, recorded, reason,
                restartFailure, interruptedStep, coldPhaseDone);
    }

    public Downtime restartFailed(String reason) {
        return new Downtime(stopRequestedAt, pidBefore, provenDownAt, startRequestedAt, availableAt, recorded,
                startCommandFailure, reason, interruptedStep, coldPhaseDone);
    }

    /** The restart begins while {@code step} had not finished: that step is the one that failed. */
    public Downtime interrupted(BackupStep step) {
        return new Downtime(stopRequestedAt, pidBefore, provenDownAt, startRequestedAt, availableAt, recorded,
                startCommandFailure, restartFailure, step, coldPhaseDone);
    }

    public Downtime coldPhaseCompleted() {
        return new Downtime(stopRequestedAt, pidBefore, provenDownAt, startRequestedAt, availableAt, recorded,
                startCommandFailure, restartFailure, interruptedStep, true);
    }

    public boolean stopped() {
        return stopRequestedAt != null;
    }

    /** From the stop command to MySQL answering again; empty while it has not been stopped and verified. */
    public Optional<Duration> duration() {
        if (stopRequestedAt == null || availableAt == null) {
            return Optional.ofNullable(recorded);
        }
        return Optional.of(Duration.between(stopRequestedAt, availableAt));
    }

    public Optional<Long> pid() {
        return Optional.ofNullable(pidBefore);
    }

    public Optional<String> restartFailed() {
        return Optional.ofNullable(restartFailure);
    }

    public Optional<String> startCommandFailed() {
        return Optional.ofNullable(startCommandFailure);
    }

    public Optional<BackupStep> interrupted() {
        return Optional.ofNullable(interruptedStep);
    }
}
