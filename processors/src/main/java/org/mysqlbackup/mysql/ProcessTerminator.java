package org.mysqlbackup.mysql;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a process the way an operator would: SIGTERM (for mysqld a normal shutdown), a grace period,
 * then SIGKILL. Every signal goes only to the process captured before the stop, never to a process
 * that reused its pid. A zombie counts as gone: it holds no file, port or lock, and on hosts whose
 * pid 1 does not reap orphans it would otherwise look alive forever.
 */
public class ProcessTerminator {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessTerminator.class);
    private static final Duration POLL = Duration.ofMillis(50);

    /** How a termination ended. */
    public enum Result {
        /** Exited before any signal. */
        ALREADY_GONE,
        EXITED_ON_SIGTERM,
        KILLED,
        /** Still running after SIGKILL and the wait (uninterruptible I/O, or a different user's process). */
        SURVIVED,
        NOT_PERMITTED,
        /** The thread was interrupted before SIGKILL; the process may still run. */
        INTERRUPTED
    }

    /**
     * @param grace    how long to wait for an exit after SIGTERM before sending SIGKILL
     * @param killWait how long to wait for an exit after SIGKILL
     */
    public Result terminate(ProcessIdentity target, Duration grace, Duration killWait) {
        Optional<ProcessHandle> handle = target.handle();
        if (handle.isEmpty()) {
            return Result.ALREADY_GONE;
        }
        if (handle.get().supportsNormalTermination()) {
            LOG.warn("Sending SIGTERM to {} (pid {}), SIGKILL follows in {} if it does not exit", target.name(),
                    target.pid(), Durations.describe(grace));
            if (!handle.get().destroy() && target.handle().isPresent()) {
                return Result.NOT_PERMITTED;
            }
            if (awaitGone(target, grace)) {
                return Result.EXITED_ON_SIGTERM;
            }
            if (Thread.currentThread().isInterrupted()) {
                return Result.INTERRUPTED;
            }
        }
        Optional<ProcessHandle> still = target.handle();
        if (still.isEmpty()) {
            return Result.EXITED_ON_SIGTERM;
        }
        LOG.warn("Sending SIGKILL to {} (pid {})", target.name(), target.pid());
        if (!still.get().destroyForcibly() && target.handle().isPresent()) {
            return Result.NOT_PERMITTED;
        }
        return awaitGone(target, killWait) ? Result.KILLED : Result.SURVIVED;
    }

    private static boolean awaitGone(ProcessIdentity target, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (target.handle().isPresent()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return target.handle().isEmpty();
            }
        }
        return true;
    }
}
