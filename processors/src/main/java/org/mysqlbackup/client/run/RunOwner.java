package org.mysqlbackup.client.run;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.mysqlbackup.mysql.LocalProcesses;

/**
 * The process that runs a backup: its pid and when it started. A pid alone is not enough: after a
 * crash or a reboot another process may have the same pid; the start time tells them apart.
 *
 * @param pid       the process id
 * @param startedAt when that process started, to the second (what {@code /proc} gives); null if unknown
 */
public record RunOwner(long pid, Instant startedAt) {

    /** This JVM. */
    public static RunOwner current() {
        return of(ProcessHandle.current());
    }

    /** {@code process} as it runs now. */
    public static RunOwner of(ProcessHandle process) {
        return new RunOwner(process.pid(), process.info().startInstant().map(RunOwner::toSecond).orElse(null));
    }

    /** The owner recorded for a row, or empty for rows written before owners were recorded. */
    public static Optional<RunOwner> of(Long pid, Instant startedAt) {
        return pid == null ? Optional.empty() : Optional.of(new RunOwner(pid, startedAt));
    }

    /** Whether this very process still runs (not a zombie, not another process with the same pid). */
    public boolean isAlive() {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(h -> LocalProcesses.running(pid));
        if (handle.isEmpty()) {
            return false;
        }
        if (startedAt == null) {
            return true;
        }
        return handle.get().info().startInstant().map(RunOwner::toSecond).map(startedAt::equals).orElse(true);
    }

    public boolean isCurrentProcess() {
        return equals(current());
    }

    private static Instant toSecond(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }
}
