package org.mysqlbackup.mysql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops MySQL and proves it down, escalating when a stop does not take:
 * <ol>
 *   <li>the stop command with the first timeout, then up to the first down timeout for proof;</li>
 *   <li>the stop command again with both timeouts multiplied by the escalation factor;</li>
 *   <li>only with {@code mysql.stop.allow-kill=true}: SIGTERM to the process from the pid file (read
 *       before the first stop), SIGKILL after the grace period, then proof again;</li>
 *   <li>otherwise, or when that fails too: {@link MySqlStopFailedException}, which asks for a person.</li>
 * </ol>
 * A stop command that fails is only noted: what counts is the proof ({@link MySqlDownProof}), because
 * a script may fail after stopping the server, or the server may stop on its own schedule after
 * {@code sc.exe stop} or {@code SHUTDOWN} returned.
 */
public class ServiceStopSequence {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceStopSequence.class);
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(30);

    private final ServiceControl service;
    private final MySqlDownProof proof;
    private final StopEscalationPolicy policy;
    private final ProcessTerminator terminator;

    public ServiceStopSequence(ServiceControl service, MySqlDownProof proof, StopEscalationPolicy policy) {
        this(service, proof, policy, new ProcessTerminator());
    }

    /** How hard this sequence tries, and which process names it may signal. */
    public StopEscalationPolicy policy() {
        return policy;
    }

    ServiceStopSequence(ServiceControl service, MySqlDownProof proof, StopEscalationPolicy policy,
                        ProcessTerminator terminator) {
        this.service = service;
        this.proof = proof;
        this.policy = policy;
        this.terminator = terminator;
    }

    /** Reads the pid from the pid file now, then stops. */
    public StopOutcome stop() {
        OptionalLong pid = proof.currentPid();
        return stop(pid.isPresent() ? Optional.of(pid.getAsLong()) : Optional.empty());
    }

    /**
     * @param pid the pid read from the pid file just before, if there was one; without it MySQL cannot
     *            be terminated and the proof cannot check its process
     * @return how MySQL went down
     * @throws MySqlStopFailedException when MySQL could not be proven down by any allowed means
     */
    public StopOutcome stop(Optional<Long> pid) {
        return stop(pid, process -> { });
    }

    /** Like {@link #stop(Optional)}, telling {@code command} which process runs each stop command. */
    public StopOutcome stop(Optional<Long> pid, Consumer<ProcessHandle> command) {
        long started = System.nanoTime();
        Optional<ProcessIdentity> process = pid.flatMap(ProcessIdentity::capture);
        List<StopAttempt> attempts = new ArrayList<>();

        if (stopAndAwait(policy.stopTimeout(), policy.downTimeout(), pid, attempts, started, command)) {
            return done(StopStage.GRACEFUL, started, attempts, pid);
        }
        Duration stopTimeout = policy.escalated(policy.stopTimeout());
        Duration downTimeout = policy.escalated(policy.downTimeout());
        LOG.warn("MySQL is still running after the stop command of {}; trying again with a {} stop timeout and"
                + " {} to go down: {}", service.describe(), Durations.describe(stopTimeout),
                Durations.describe(downTimeout), attempts.get(attempts.size() - 1).result());
        if (stopAndAwait(stopTimeout, downTimeout, pid, attempts, started, command)) {
            return done(StopStage.ESCALATED, started, attempts, pid);
        }
        if (!policy.allowKill()) {
            throw failure(started, attempts, pid, "terminating the process is not allowed ("
                    + StopEscalationPolicy.ALLOW_KILL + "=false)");
        }
        return terminate(process, pid, attempts, started);
    }

    private boolean stopAndAwait(Duration stopTimeout, Duration downTimeout, Optional<Long> pid,
                                 List<StopAttempt> attempts, long started, Consumer<ProcessHandle> command) {
        requireNotInterrupted(started, attempts, pid);
        String action = "stop command of " + service.describe() + " (timeout " + Durations.describe(stopTimeout) + ")";
        long t0 = System.nanoTime();
        try {
            service.stop(stopTimeout, command);
            attempts.add(new StopAttempt(action, Durations.since(t0), "finished"));
        } catch (CommandFailedException e) {
            attempts.add(new StopAttempt(action, Durations.since(t0), "failed: " + e.getMessage()));
            LOG.warn("Stop of {} failed, checking whether MySQL goes down anyway: {}", service.describe(),
                    e.getMessage());
        }
        return awaitDown(downTimeout, pid, attempts, started);
    }

    private boolean awaitDown(Duration timeout, Optional<Long> pid, List<StopAttempt> attempts, long started) {
        requireNotInterrupted(started, attempts, pid);
        String action = "wait for proof that MySQL is down (up to " + Durations.describe(timeout) + ")";
        long t0 = System.nanoTime();
        try {
            proof.awaitDown(pid, timeout);
            attempts.add(new StopAttempt(action, Durations.since(t0), "MySQL is down"));
            return true;
        } catch (MySqlStillRunningException e) {
            attempts.add(new StopAttempt(action, Durations.since(t0), "still running: "
                    + String.join("; ", proof.signsOfLife(pid))));
            requireNotInterrupted(started, attempts, pid);
            return false;
        }
    }

    private StopOutcome terminate(Optional<ProcessIdentity> process, Optional<Long> pid, List<StopAttempt> attempts,
                                  long started) {
        if (pid.isEmpty()) {
            throw failure(started, attempts, pid, "there is no process to terminate: no pid file was read before"
                    + " the stop (set mysql.pid-file)");
        }
        if (process.isEmpty()) {
            throw failure(started, attempts, pid, "process " + pid.get() + " from the pid file was not running"
                    + " when the stop began, so what keeps MySQL up is not a process this backup may terminate");
        }
        ProcessIdentity target = process.get();
        if (!target.nameIsOneOf(policy.killProcessNames())) {
            throw failure(started, attempts, pid, "process " + target.pid() + " is '" + target.name()
                    + "', not one of " + policy.killProcessNames() + " (" + StopEscalationPolicy.KILL_PROCESS_NAMES
                    + "), so it was not terminated");
        }
        LOG.warn("MySQL ({} pid {}) is still running after two stop commands; terminating it: SIGTERM, then SIGKILL"
                + " after {}", target.name(), target.pid(), Durations.describe(policy.killGrace()));
        long t0 = System.nanoTime();
        ProcessTerminator.Result result = terminator.terminate(target, policy.killGrace(), policy.killWait());
        String action = "terminate " + target.name() + " (pid " + target.pid() + "): SIGTERM, SIGKILL after "
                + Durations.describe(policy.killGrace());
        StopStage stage;
        switch (result) {
            case ALREADY_GONE -> {
                attempts.add(new StopAttempt(action, Durations.since(t0), "it had exited before any signal"));
                stage = StopStage.ESCALATED;
            }
            case EXITED_ON_SIGTERM -> {
                attempts.add(new StopAttempt(action, Durations.since(t0), "exited on SIGTERM"));
                LOG.warn("MySQL (pid {}) exited on SIGTERM, which mysqld handles as a normal shutdown", target.pid());
                stage = StopStage.TERMINATED;
            }
            case KILLED -> {
                attempts.add(new StopAttempt(action, Durations.since(t0), "killed with SIGKILL"));
                LOG.warn("MySQL (pid {}) was killed with SIGKILL: InnoDB will run crash recovery on the next start,"
                        + " and the snapshot is crash-consistent (as after a power cut), not a clean-shutdown copy;"
                        + " MyISAM and Aria tables that were being written may need a repair", target.pid());
                stage = StopStage.KILLED;
            }
            case SURVIVED -> {
                attempts.add(new StopAttempt(action, Durations.since(t0), "still running "
                        + Durations.describe(policy.killWait()) + " after SIGKILL"));
                throw failure(started, attempts, pid, "process " + target.pid() + " survived SIGKILL");
            }
            case NOT_PERMITTED -> {
                attempts.add(new StopAttempt(action, Durations.since(t0), "not permitted"));
                throw failure(started, attempts, pid, "this user may not signal process " + target.pid());
            }
            default -> {
                attempts.add(new StopAttempt(action, Durations.since(t0), "interrupted before SIGKILL"));
                throw failure(started, attempts, pid, "interrupted");
            }
        }
        removeStalePidFile(target, attempts);
        if (awaitDown(policy.downTimeout(), pid, attempts, started)) {
            return done(stage, started, attempts, pid);
        }
        throw failure(started, attempts, pid, "MySQL shows signs of life even though process " + target.pid()
                + " is gone (did a supervisor such as systemd or mysqld_safe restart it?)");
    }

    /** A killed mysqld leaves its pid file behind; it would fail the proof and mislead the next start. */
    private void removeStalePidFile(ProcessIdentity target, List<StopAttempt> attempts) {
        Path pidFile = proof.instance().pidFile();
        OptionalLong named = proof.currentPid();
        if (pidFile == null || named.isEmpty() || named.getAsLong() != target.pid() || target.handle().isPresent()) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            Files.deleteIfExists(pidFile);
            attempts.add(new StopAttempt("remove stale pid file " + pidFile, Durations.since(t0), "removed"));
            LOG.warn("Removed {}, left behind by the terminated process {}", pidFile, target.pid());
        } catch (IOException e) {
            attempts.add(new StopAttempt("remove stale pid file " + pidFile, Durations.since(t0),
                    "failed: " + e.getMessage()));
        }
    }

    private StopOutcome done(StopStage stage, long started, List<StopAttempt> attempts, Optional<Long> pid) {
        StopOutcome outcome = new StopOutcome(stage, Durations.since(started), attempts, pid);
        if (stage == StopStage.GRACEFUL) {
            LOG.info(outcome.summary());
        } else {
            LOG.warn(outcome.summary());
        }
        return outcome;
    }

    private void requireNotInterrupted(long started, List<StopAttempt> attempts, Optional<Long> pid) {
        if (Thread.currentThread().isInterrupted()) {
            throw failure(started, attempts, pid, "interrupted before MySQL was proven down");
        }
    }

    private MySqlStopFailedException failure(long started, List<StopAttempt> attempts, Optional<Long> pid,
                                             String reason) {
        List<String> signs = proof.signsOfLife(pid);
        StringBuilder message = new StringBuilder("MySQL could not be stopped (")
                .append(Durations.describe(Durations.since(started))).append("): ").append(reason).append(". Tried: ");
        for (int i = 0; i < attempts.size(); i++) {
            message.append(i == 0 ? "" : "; ").append(i + 1).append(") ").append(attempts.get(i));
        }
        message.append(". Still running: ").append(signs.isEmpty() ? "no sign left just now" : String.join("; ", signs));
        serviceStatus().ifPresent(status -> message.append("; ").append(status));
        message.append(". Manual intervention needed: stop MySQL by hand (its error log says why it does not stop),"
                + " then run the backup again.");
        MySqlStopFailedException failure = new MySqlStopFailedException(message.toString(), attempts, signs);
        LOG.error(failure.getMessage());
        return failure;
    }

    private Optional<String> serviceStatus() {
        if (Thread.currentThread().isInterrupted()) {
            return Optional.empty();
        }
        try {
            ServiceState state = service.status(STATUS_TIMEOUT);
            return state == ServiceState.UNKNOWN ? Optional.empty()
                    : Optional.of(service.describe() + " reports " + state.name().toLowerCase(Locale.ROOT));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
