package org.mysqlbackup.restore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.mysqlbackup.client.run.MySqlTarget;
import org.mysqlbackup.mysql.StopOutcome;

/**
 * Replaces the data directory of a running MySQL with a restored one, with the stop, the proof
 * and the start of the backup itself ({@link MySqlTarget}: the configuration's service strategy,
 * {@code ServiceStopSequence}'s escalation, {@code MySqlDownProof}'s process, pid file and port
 * checks, {@code MySqlAvailability}'s identity check):
 * <ol>
 *   <li>stop MySQL, prove it down;</li>
 *   <li>rename the data directory aside, rename the restored one into its place
 *       ({@link DataDirectorySwap});</li>
 *   <li>start MySQL (the start command retried with back-off) and wait until it answers as the
 *       configured instance;</li>
 *   <li>if it does not: stop it, put the old directory back (the restored one is kept beside it
 *       for a look), start and verify MySQL on it.</li>
 * </ol>
 * Every failure before the swap starts MySQL again on its own data directory. The restored copy is
 * unpacked, checked and owned before this runs, so MySQL is down only for the renames and a start.
 */
public final class InPlaceRestore {
    private static final Duration POLL = Duration.ofMillis(250);

    private final MySqlTarget mysql;
    private final int startRetries;
    private final Duration startRetryDelay;
    private final Duration answerWait;
    private final Consumer<String> say;

    /**
     * @param startRetries    {@code mysql.start.retries}: runs of the start command after a failed one
     * @param startRetryDelay {@code mysql.start.retry-delay-ms}, doubling
     * @param answerWait      how long MySQL may take to answer after its start command ({@code guard.verify-wait-ms})
     * @param say             one line per step, for the operator
     */
    public InPlaceRestore(MySqlTarget mysql, int startRetries, Duration startRetryDelay, Duration answerWait,
                          Consumer<String> say) {
        this.mysql = mysql;
        this.startRetries = startRetries;
        this.startRetryDelay = startRetryDelay;
        this.answerWait = answerWait;
        this.say = say;
    }

    /**
     * What happened: how MySQL was stopped, the version answering on the restored data, the downtime.
     */
    public record Result(String stopSummary, String version, Duration downtime) {
    }

    /**
     * @param staged the restored data directory, beside the live one (same file system)
     * @param aside  where the live data directory goes
     * @param failed where the restored one goes if MySQL does not come up on it
     */
    public Result swap(Path staged, Path aside, Path failed) throws RestoreStepException {
        Path datadir = mysql.mysql().dataDirectory();
        OptionalLong pid = mysql.proof().currentPid();
        Optional<Long> knownPid = pid.isPresent() ? Optional.of(pid.getAsLong()) : Optional.empty();
        say.accept("Stopping MySQL (" + mysql.mysql() + ")");
        long stopped = System.nanoTime();
        StopOutcome outcome;
        try {
            outcome = mysql.stopSequence().stop(knownPid);
            mysql.proof().awaitDown(outcome.pid());
        } catch (RuntimeException e) {
            throw new RestoreStepException("stop MySQL", "MySQL could not be stopped and proven down: "
                    + e.getMessage() + "; " + bringBack("its own data directory"), running(), e);
        }
        say.accept("MySQL is down (" + outcome.summary() + "); swapping " + datadir + " -> " + aside);
        try {
            DataDirectorySwap.swapIn(staged, datadir, aside);
        } catch (IOException e) {
            String back = bringBack("its own data directory");
            throw new RestoreStepException("swap the data directory", "cannot swap " + datadir + ": " + e.getMessage()
                    + "; " + back, running(), e);
        }
        String version;
        try {
            version = startAndAwait();
        } catch (RuntimeException e) {
            throw rollBack(datadir, aside, failed, e);
        }
        Duration down = Duration.ofNanos(System.nanoTime() - stopped);
        say.accept("MySQL " + version + " answers on the restored data directory");
        return new Result(outcome.summary(), version, down);
    }

    private RestoreStepException rollBack(Path datadir, Path aside, Path failed, RuntimeException why) {
        String reason = why.getMessage();
        say.accept("MySQL did not come up on the restored data (" + reason + "); putting the old data directory back");
        try {
            OptionalLong pid = mysql.proof().currentPid();
            StopOutcome outcome = mysql.stopSequence().stop(pid.isPresent() ? Optional.of(pid.getAsLong())
                    : Optional.empty());
            mysql.proof().awaitDown(outcome.pid());
            DataDirectorySwap.swapBack(datadir, aside, failed);
        } catch (RuntimeException | IOException e) {
            return new RestoreStepException("start MySQL on the restored data", "MySQL did not come up on the restored"
                    + " data (" + reason + ") and the old data directory could not be put back: " + e.getMessage()
                    + ". MySQL is NOT running. The old data directory is " + aside + "; act now", false, e);
        }
        try {
            String version = startAndAwait();
            return new RestoreStepException("start MySQL on the restored data", "MySQL did not come up on the restored"
                    + " data (" + reason + "); the old data directory is back in " + datadir + " and MySQL " + version
                    + " answers on it; the restored copy is kept in " + failed, true, why);
        } catch (RuntimeException e) {
            return new RestoreStepException("start MySQL on the restored data", "MySQL did not come up on the restored"
                    + " data (" + reason + "), the old data directory is back in " + datadir + " but MySQL does not"
                    + " answer on it either: " + e.getMessage() + ". MySQL is NOT running; act now", false, e);
        }
    }

    /** After a failure before the swap: start MySQL on what it had; the text says how that went. */
    private String bringBack(String what) {
        try {
            if (answersNow()) {
                return "MySQL still answers";
            }
            String version = startAndAwait();
            return "MySQL " + version + " was started again on " + what;
        } catch (RuntimeException e) {
            return "MySQL could not be started again (" + e.getMessage() + "): MySQL is NOT running, act now";
        }
    }

    private boolean running() {
        return answersNow();
    }

    private boolean answersNow() {
        try {
            mysql.availability().verify();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Runs the start command (retried with back-off), then waits for the configured instance to answer. */
    private String startAndAwait() {
        RuntimeException lastStartFailure = null;
        Duration delay = startRetryDelay;
        for (int attempt = 0; attempt <= startRetries; attempt++) {
            try {
                mysql.service().start(mysql.startTimeout());
                lastStartFailure = null;
                break;
            } catch (RuntimeException e) {
                lastStartFailure = e;
                if (attempt < startRetries) {
                    say.accept("Start command failed (" + e.getMessage() + "); again in " + delay.toMillis() + " ms");
                    sleep(delay);
                    delay = delay.multipliedBy(2);
                }
            }
        }
        long deadline = System.nanoTime() + answerWait.toNanos();
        RuntimeException lastAnswer;
        do {
            try {
                return mysql.availability().verify();
            } catch (RuntimeException e) {
                lastAnswer = e;
            }
            sleep(POLL);
        } while (System.nanoTime() < deadline);
        String start = lastStartFailure == null ? "" : " (the start command failed: " + lastStartFailure.getMessage() + ")";
        throw new IllegalStateException("MySQL does not answer " + answerWait.toSeconds() + " s after its start"
                + start + ": " + lastAnswer.getMessage(), lastAnswer);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
