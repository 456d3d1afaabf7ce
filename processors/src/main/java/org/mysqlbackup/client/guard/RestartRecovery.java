package org.mysqlbackup.client.guard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.mysqlbackup.client.run.InstanceBusyException;
import org.mysqlbackup.client.run.InstanceLock;
import org.mysqlbackup.client.run.MySqlTarget;
import org.mysqlbackup.client.run.RunOwner;
import org.mysqlbackup.mysql.CommandFailedException;
import org.mysqlbackup.mysql.DataDirectoryUsage;
import org.mysqlbackup.mysql.MySqlUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings back the MySQL a restart intent names, the one way every guard does it (the watchdog of
 * a backup whose process died, the daemon, {@code backup-client recover}):
 * <ol>
 *   <li>take the instance's backup lock, so no second guard and no new backup acts at the same time;</li>
 *   <li>rebuild the instance from the configuration and make sure it is still the one the intent names;</li>
 *   <li>if it answers as itself, MySQL is running: done;</li>
 *   <li>wait for a stop or start command the dead process left running, then give what it asked for
 *       {@code guard.settle-ms} to show: a MySQL that still answers after a stop was asked may be
 *       about to go down, one started may be about to answer;</li>
 *   <li>if a server still holds the data directory (shutting down after a stop the dead process
 *       began, or starting after its start command), wait for it to answer or to be gone, never
 *       starting a second server on files in use;</li>
 *   <li>if MySQL ran since the backup proved it down (its InnoDB or Aria files changed after that
 *       moment), someone else started and stopped it: leave it as it is;</li>
 *   <li>run the start command and wait for MySQL to answer as itself, starting again with back-off
 *       if it does not.</li>
 * </ol>
 * The intent is removed once MySQL answers (or was left alone), kept otherwise.
 */
public class RestartRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(RestartRecovery.class);
    /** Files a server writes when it starts; a file system may round their times to a second or two. */
    private static final List<String> WRITTEN_AT_START = List.of("ib_logfile0", "ibdata1", "aria_log_control");
    private static final Duration MTIME_SLACK = Duration.ofSeconds(2);

    private final Function<String, MySqlTarget> targets;
    private final RestartIntents intents;
    private final GuardPolicy policy;
    private final Clock clock;

    /** @param targets the instance of a configuration, as the backup would build it */
    public RestartRecovery(Function<String, MySqlTarget> targets, RestartIntents intents, GuardPolicy policy,
                           Clock clock) {
        this.targets = targets;
        this.intents = intents;
        this.policy = policy;
        this.clock = clock;
    }

    public RecoveryResult recover(RestartIntent intent) {
        MySqlTarget target;
        try {
            target = targets.apply(intent.configName());
        } catch (RuntimeException e) {
            return notStarted(intent, "its configuration '" + intent.configName() + "' cannot be read: "
                    + e.getMessage());
        }
        if (!intent.isAbout(target.mysql())) {
            return notStarted(intent, "configuration '" + intent.configName() + "' now names "
                    + target.mysql().host() + ":" + target.mysql().port() + " (" + target.mysql().dataDirectory()
                    + "), not the instance the backup stopped");
        }
        try (InstanceLock lock = InstanceLock.acquire(target.workDirectory(), target.mysql().dataDirectory())) {
            return recover(intent, target);
        } catch (InstanceBusyException e) {
            return new RecoveryResult(RecoveryResult.Kind.BUSY, e.getMessage(), null);
        } catch (IOException e) {
            return notStarted(intent, "cannot take the lock in " + target.workDirectory() + ": " + e.getMessage());
        }
    }

    private RecoveryResult recover(RestartIntent intent, MySqlTarget target) {
        Optional<RecoveryResult> commandRuns = awaitCommandEnd(intent);
        if (commandRuns.isPresent()) {
            return commandRuns.get();
        }
        settle(intent, target);
        Optional<RecoveryResult> settled = awaitDataDirectoryFree(intent, target);
        if (settled.isPresent()) {
            return settled.get();
        }
        Optional<Instant> ranSince = ranSinceProvenDown(intent, target.mysql().dataDirectory());
        if (ranSince.isPresent()) {
            intents.clear(intent.backupId());
            return new RecoveryResult(RecoveryResult.Kind.LEFT_ALONE, "MySQL " + intent.describeInstance()
                    + " has run since backup " + intent.backupId() + " stopped it (its files changed at "
                    + ranSince.get() + "), so it was started and stopped by someone else; left as it is", null);
        }
        intents.record(intent.startRequested(clock.instant()));
        String lastFailure = "it did not answer";
        Duration delay = policy.retryDelay();
        for (int attempt = 0; attempt <= policy.startRetries(); attempt++) {
            if (attempt > 0) {
                sleep(delay);
                delay = delay.multipliedBy(2);
            }
            try {
                LOG.warn("Restart guard: starting MySQL {} for backup {} ({})", intent.describeInstance(),
                        intent.backupId(), target.service().startCommandLine());
                target.service().start(target.startTimeout());
            } catch (CommandFailedException e) {
                // a supervisor may start it anyway: the answer decides
                lastFailure = "the start command failed (" + e.getMessage() + ")";
            }
            Optional<Instant> back = awaitAnswer(target, policy.verifyWait());
            if (back.isPresent()) {
                intents.clear(intent.backupId());
                return new RecoveryResult(RecoveryResult.Kind.STARTED, "started MySQL " + intent.describeInstance()
                        + " for backup " + intent.backupId() + " with " + target.service().startCommandLine(),
                        back.get());
            }
        }
        return notStarted(intent, lastFailure + "; MySQL does not answer " + policy.verifyWait().toSeconds()
                + " s after the last of " + (policy.startRetries() + 1) + " start(s)");
    }

    /**
     * A stop command still running (systemctl waits for its job; a script for the server to exit)
     * would stop MySQL after the guard saw it answer, and a start command still running may be
     * about to launch it: nothing is decided before it ends. Empty once it has; a result if it runs
     * past {@code guard.in-use-wait-ms}.
     */
    private Optional<RecoveryResult> awaitCommandEnd(RestartIntent intent) {
        Optional<RunOwner> command = intent.command();
        if (command.isEmpty()) {
            return Optional.empty();
        }
        Instant deadline = clock.instant().plus(policy.inUseWait());
        while (command.get().isAlive()) {
            if (clock.instant().isAfter(deadline)) {
                return Optional.of(notStarted(intent, "its stop or start command (process " + command.get().pid()
                        + ") still runs after " + policy.inUseWait().toSeconds() + " s"));
            }
            sleep(policy.poll());
        }
        return Optional.empty();
    }

    /**
     * Before the stop was proven, MySQL answering means little: the stop asked for may still take
     * it down (sc.exe stop returns at once). After a start was run, MySQL not answering means little:
     * it may still come up. Waits, up to {@code guard.settle-ms}, for the change asked for.
     */
    private void settle(RestartIntent intent, MySqlTarget target) {
        boolean started = intent.startedAt().isPresent() && intent.command().isPresent();
        boolean stopping = !started && intent.downSince().isEmpty();
        if (!stopping && !started) {
            return;
        }
        Instant deadline = clock.instant().plus(policy.settle());
        while (clock.instant().isBefore(deadline)) {
            if (answers(target) == started) {
                return;
            }
            sleep(policy.poll());
        }
    }

    /**
     * Empty when no server holds the data directory; a result when the instance answers (it was
     * starting) or stays held without answering past {@code guard.in-use-wait-ms}.
     */
    private Optional<RecoveryResult> awaitDataDirectoryFree(RestartIntent intent, MySqlTarget target) {
        DataDirectoryUsage usage = new DataDirectoryUsage(target.mysql().dataDirectory(), target.mysql().pidFile(),
                target.stopSequence().policy().killProcessNames());
        Instant deadline = clock.instant().plus(policy.inUseWait());
        while (true) {
            if (answers(target)) {
                intents.clear(intent.backupId());
                return Optional.of(new RecoveryResult(RecoveryResult.Kind.ALREADY_RUNNING, "MySQL "
                        + intent.describeInstance() + " is running", clock.instant()));
            }
            Optional<String> holder = usage.holder();
            if (holder.isEmpty()) {
                return Optional.empty();
            }
            if (clock.instant().isAfter(deadline)) {
                return Optional.of(notStarted(intent, "its data directory is in use (" + holder.get()
                        + ") but MySQL does not answer after " + policy.inUseWait().toSeconds()
                        + " s; a server may be stuck shutting down or starting"));
            }
            sleep(policy.poll());
        }
    }

    private Optional<Instant> awaitAnswer(MySqlTarget target, Duration wait) {
        Instant deadline = clock.instant().plus(wait);
        do {
            if (answers(target)) {
                return Optional.of(clock.instant());
            }
            sleep(policy.poll());
        } while (!clock.instant().isAfter(deadline));
        return Optional.empty();
    }

    private static boolean answers(MySqlTarget target) {
        try {
            target.availability().verify();
            return true;
        } catch (MySqlUnavailableException e) {
            return false;
        }
    }

    /**
     * When files MySQL writes at start-up changed after the backup last had a hand in them, if
     * they did: after the proof of down while no start was asked for, or after the backup gave up
     * on its restart. Not asked while the backup's own start may have written them (it died while
     * starting), nor before the stop was proven (the shutdown writes them).
     */
    private static Optional<Instant> ranSinceProvenDown(RestartIntent intent, Path dataDirectory) {
        Optional<Instant> since = intent.gaveUpAt()
                .or(() -> intent.startedAt().isPresent() ? Optional.empty() : intent.downSince());
        if (since.isEmpty()) {
            return Optional.empty();
        }
        Instant provenDown = since.get().plus(MTIME_SLACK);
        Instant latest = null;
        for (String name : WRITTEN_AT_START) {
            try {
                Instant modified = Files.getLastModifiedTime(dataDirectory.resolve(name)).toInstant();
                if (modified.isAfter(provenDown) && (latest == null || modified.isAfter(latest))) {
                    latest = modified;
                }
            } catch (IOException absent) {
                // not every engine's file exists
            }
        }
        return Optional.ofNullable(latest);
    }

    private RecoveryResult notStarted(RestartIntent intent, String reason) {
        return new RecoveryResult(RecoveryResult.Kind.NOT_STARTED, "could not start MySQL "
                + intent.describeInstance() + " for backup " + intent.backupId() + ": " + reason, null);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while bringing MySQL back", e);
        }
    }
}
