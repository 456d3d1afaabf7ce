package org.mysqlbackup.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stop escalation against real processes standing in for mysqld (a pid file and a process that
 * ignores or obeys SIGTERM) and a real port held open by a server socket. The service is fake: each
 * test decides what its stop command achieves. Timings are asserted as lower bounds only.
 */
class ServiceStopSequenceTest {
    private static final Duration STOP_TIMEOUT = Duration.ofMillis(200);
    private static final Duration DOWN_TIMEOUT = Duration.ofMillis(300);
    private static final Duration KILL_GRACE = Duration.ofMillis(400);
    private static final int SIGTERM_EXIT = 128 + 15;
    private static final int SIGKILL_EXIT = 128 + 9;

    @TempDir
    Path dir;

    private Path pidFile;
    private ServerSocket port;
    private final List<StandInProcess> processes = new ArrayList<>();
    private final List<Duration> stopTimeouts = new ArrayList<>();

    @BeforeEach
    void openPort() throws IOException {
        pidFile = dir.resolve("mysqld.pid");
        port = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void cleanUp() throws IOException {
        processes.forEach(StandInProcess::close);
        closePort();
    }

    @Test
    void aStopThatWorksEndsAfterTheFirstStopCommand() {
        StandInProcess mysqld = started(StandInProcess.ignoringSigterm(pidFile));

        StopOutcome outcome = sequence(onStop(call -> shutDown(mysqld)), policy(true)).stop();

        assertThat(outcome.stage()).isEqualTo(StopStage.GRACEFUL);
        assertThat(outcome.pid()).contains(mysqld.pid());
        assertThat(outcome.crashConsistent()).isFalse();
        assertThat(stopTimeouts).containsExactly(STOP_TIMEOUT);
        assertThat(outcome.attempts()).extracting(StopAttempt::result).containsExactly("finished", "MySQL is down");
        assertThat(outcome.summary()).startsWith("MySQL stopped by stop command in ");
    }

    @Test
    void aFailingStopCommandIsNoFailureWhenMySqlGoesDown() {
        StandInProcess mysqld = started(StandInProcess.ignoringSigterm(pidFile));

        StopOutcome outcome = sequence(onStop(call -> {
            shutDown(mysqld);
            throw new CommandFailedException("stop command 'x' exited with 1");
        }), policy(false)).stop();

        assertThat(outcome.stage()).isEqualTo(StopStage.GRACEFUL);
        assertThat(outcome.attempts().get(0).result()).isEqualTo("failed: stop command 'x' exited with 1");
    }

    @Test
    void aSecondStopWithLongerTimeoutsFollowsAFirstThatDidNotTake() {
        StandInProcess mysqld = started(StandInProcess.ignoringSigterm(pidFile));

        StopOutcome outcome = sequence(onStop(call -> {
            if (call == 2) {
                shutDown(mysqld);
            }
        }), policy(false)).stop();

        assertThat(outcome.stage()).isEqualTo(StopStage.ESCALATED);
        assertThat(stopTimeouts).containsExactly(STOP_TIMEOUT, STOP_TIMEOUT.multipliedBy(2));
        assertThat(outcome.elapsed()).isGreaterThanOrEqualTo(DOWN_TIMEOUT);
        assertThat(outcome.attempts()).hasSize(4);
        assertThat(outcome.attempts().get(1).result()).contains("process " + mysqld.pid() + " is alive");
        assertThat(outcome.attempts().get(1).took()).isGreaterThanOrEqualTo(DOWN_TIMEOUT);
    }

    @Test
    void aProcessIgnoringSigtermIsKilledWhenAllowed() throws Exception {
        StandInProcess mysqld = started(StandInProcess.ignoringSigterm(pidFile));
        closePort();
        long before = System.nanoTime();

        StopOutcome outcome = sequence(onStop(call -> { }), policy(true)).stop();

        Duration wall = Duration.ofNanos(System.nanoTime() - before);
        assertThat(outcome.stage()).isEqualTo(StopStage.KILLED);
        assertThat(outcome.crashConsistent()).isTrue();
        assertThat(mysqld.awaitExitCode()).isEqualTo(SIGKILL_EXIT);
        assertThat(stopTimeouts).containsExactly(STOP_TIMEOUT, STOP_TIMEOUT.multipliedBy(2));
        Duration minimum = DOWN_TIMEOUT.plus(DOWN_TIMEOUT.multipliedBy(2)).plus(KILL_GRACE);
        assertThat(outcome.elapsed()).isGreaterThanOrEqualTo(minimum);
        assertThat(wall).isGreaterThanOrEqualTo(minimum);
        assertThat(outcome.attempts()).extracting(StopAttempt::result).contains("killed with SIGKILL", "removed");
        assertThat(outcome.attempts().get(outcome.attempts().size() - 1).result()).isEqualTo("MySQL is down");
        assertThat(pidFile).doesNotExist();
        assertThat(outcome.summary()).contains("SIGKILL", "crash recovery");
    }

    @Test
    void aProcessThatObeysSigtermIsNotKilled() throws Exception {
        StandInProcess mysqld = started(StandInProcess.dyingOnSigterm(pidFile));
        closePort();

        StopOutcome outcome = sequence(onStop(call -> { }), policy(true)).stop();

        assertThat(outcome.stage()).isEqualTo(StopStage.TERMINATED);
        assertThat(outcome.crashConsistent()).isFalse();
        assertThat(mysqld.awaitExitCode()).isEqualTo(SIGTERM_EXIT);
        assertThat(outcome.attempts()).extracting(StopAttempt::result).contains("exited on SIGTERM");
        assertThat(outcome.elapsed()).isGreaterThanOrEqualTo(DOWN_TIMEOUT.multipliedBy(3));
    }

    @Test
    void withoutPermissionToKillAPersonIsAskedFor() {
        StandInProcess mysqld = started(StandInProcess.ignoringSigterm(pidFile));
        long before = System.nanoTime();

        assertThatThrownBy(() -> sequence(onStop(call -> { }), policy(false)).stop())
                .isInstanceOfSatisfying(MySqlStopFailedException.class, e -> {
                    assertThat(e).isInstanceOf(MySqlStillRunningException.class);
                    assertThat(e.getMessage())
                            .startsWith("MySQL could not be stopped (")
                            .contains("terminating the process is not allowed (mysql.stop.allow-kill=false)")
                            .contains("1) stop command of fake service (timeout 200 ms): finished")
                            .contains("4) wait for proof that MySQL is down (up to 600 ms): still running")
                            .contains("Still running: process " + mysqld.pid() + " is alive; pid file " + pidFile
                                    + " exists; port 127.0.0.1:" + port.getLocalPort() + " accepts connections")
                            .contains("fake service reports running")
                            .endsWith("Manual intervention needed: stop MySQL by hand (its error log says why it"
                                    + " does not stop), then run the backup again.");
                    assertThat(e.attempts()).hasSize(4);
                    assertThat(e.signsOfLife()).hasSize(3);
                });

        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(DOWN_TIMEOUT.multipliedBy(3));
        assertThat(mysqld.alive()).isTrue();
        assertThat(pidFile).exists();
        assertThat(stopTimeouts).hasSize(2);
    }

    @Test
    void anOpenPortAloneKeepsMySqlFromBeingProvenDown() {
        StandInProcess mysqld = started(StandInProcess.ignoringSigterm(pidFile));

        StopOutcome outcome = sequence(onStop(call -> {
            if (call == 1) {
                // the process goes, the port stays (another mysqld? a proxy?)
                mysqld.stopNow();
                deletePidFile();
            } else {
                closePort();
            }
        }), policy(false)).stop();

        assertThat(outcome.stage()).isEqualTo(StopStage.ESCALATED);
        assertThat(outcome.attempts().get(1).result())
                .isEqualTo("still running: port 127.0.0.1:" + port.getLocalPort() + " accepts connections");
    }

    @Test
    void aPortStillOpenAfterTheKillIsReported() throws Exception {
        StandInProcess mysqld = started(StandInProcess.ignoringSigterm(pidFile));

        assertThatThrownBy(() -> sequence(onStop(call -> { }), policy(true)).stop())
                .isInstanceOfSatisfying(MySqlStopFailedException.class, e -> assertThat(e.getMessage())
                        .contains("killed with SIGKILL")
                        .contains("did a supervisor such as systemd or mysqld_safe restart it?")
                        .contains("Still running: port 127.0.0.1:" + port.getLocalPort() + " accepts connections")
                        .contains("Manual intervention needed"));

        assertThat(mysqld.awaitExitCode()).isEqualTo(SIGKILL_EXIT);
    }

    @Test
    void aProcessWithAnotherNameIsNeverSignalled() {
        StandInProcess notMysqld = started(StandInProcess.ignoringSigterm(pidFile));
        closePort();
        StopEscalationPolicy onlyMysqld = new StopEscalationPolicy(STOP_TIMEOUT, DOWN_TIMEOUT, 2, true, KILL_GRACE,
                Duration.ofSeconds(5), List.of("mysqld", "mariadbd"));

        assertThatThrownBy(() -> sequence(onStop(call -> { }), onlyMysqld).stop())
                .isInstanceOfSatisfying(MySqlStopFailedException.class, e -> assertThat(e.getMessage())
                        .contains("process " + notMysqld.pid() + " is 'sleep', not one of [mysqld, mariadbd]"
                                + " (mysql.stop.kill-process-names), so it was not terminated")
                        .contains("Manual intervention needed"));

        assertThat(notMysqld.alive()).isTrue();
    }

    @Test
    void withoutAPidFileThereIsNothingToTerminate() {
        assertThatThrownBy(() -> sequence(onStop(call -> { }), policy(true)).stop())
                .isInstanceOfSatisfying(MySqlStopFailedException.class, e -> assertThat(e.getMessage())
                        .contains("no pid file was read before the stop (set mysql.pid-file)")
                        .contains("Still running: port 127.0.0.1:" + port.getLocalPort() + " accepts connections"));
    }

    @Test
    void aZombieCountsAsGone() {
        StandInProcess parent = started(StandInProcess.withZombieChild(pidFile));
        long zombie = Long.parseLong(readPidFile());
        closePort();

        // the stop removes the pid file, as mysqld does on exit; its process stays a zombie
        StopOutcome outcome = sequence(onStop(call -> deletePidFile()), policy(true)).stop();

        assertThat(outcome.stage()).isEqualTo(StopStage.GRACEFUL);
        assertThat(outcome.pid()).contains(zombie);
        assertThat(StandInProcess.stateOf(zombie)).isEqualTo('Z');
        assertThat(parent.alive()).isTrue();
    }

    @Test
    void aReusedPidIsNeverSignalled() {
        StandInProcess other = started(StandInProcess.ignoringSigterm(pidFile));
        ProcessIdentity earlier = new ProcessIdentity(other.pid(), Optional.of(Instant.EPOCH), "sleep");

        ProcessTerminator.Result result = new ProcessTerminator().terminate(earlier, Duration.ZERO, Duration.ZERO);

        assertThat(result).isEqualTo(ProcessTerminator.Result.ALREADY_GONE);
        assertThat(other.alive()).isTrue();
        assertThat(ProcessIdentity.capture(other.pid())).get()
                .satisfies(now -> assertThat(now.handle()).isPresent())
                .extracting(ProcessIdentity::name).isEqualTo("sleep");
    }

    @Test
    void anInterruptedStopNeverEscalates() {
        StandInProcess mysqld = started(StandInProcess.ignoringSigterm(pidFile));

        try {
            assertThatThrownBy(() -> sequence(onStop(call -> Thread.currentThread().interrupt()), policy(true)).stop())
                    .isInstanceOf(MySqlStopFailedException.class)
                    .hasMessageContaining("interrupted before MySQL was proven down");
        } finally {
            Thread.interrupted();
        }
        assertThat(stopTimeouts).hasSize(1);
        assertThat(mysqld.alive()).isTrue();
    }

    // ------------------------------------------------------------------ helpers

    private StandInProcess started(StandInProcess process) {
        processes.add(process);
        return process;
    }

    private StopEscalationPolicy policy(boolean allowKill) {
        return new StopEscalationPolicy(STOP_TIMEOUT, DOWN_TIMEOUT, 2, allowKill, KILL_GRACE, Duration.ofSeconds(5),
                List.of("sleep"));
    }

    private ServiceStopSequence sequence(ServiceControl service, StopEscalationPolicy policy) {
        MySqlInstance instance = new MySqlInstance("127.0.0.1", port.getLocalPort(), "u", "p", dir, pidFile);
        return new ServiceStopSequence(service, new MySqlDownProof(instance, Duration.ofMinutes(10)), policy);
    }

    /** A service whose stop command does what the test says; call numbers start at 1. */
    private ServiceControl onStop(IntConsumer stop) {
        return new ServiceControl() {
            @Override
            public void stop(Duration timeout) {
                stopTimeouts.add(timeout);
                stop.accept(stopTimeouts.size());
            }

            @Override
            public void start(Duration timeout) {
                throw new AssertionError("the stop sequence never starts MySQL");
            }

            @Override
            public ServiceState status(Duration timeout) {
                return ServiceState.RUNNING;
            }

            @Override
            public String describe() {
                return "fake service";
            }
        };
    }

    /** What a working stop command achieves: the process is gone, and so are its pid file and port. */
    private void shutDown(StandInProcess mysqld) {
        mysqld.stopNow();
        deletePidFile();
        closePort();
    }

    private void closePort() {
        try {
            port.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readPidFile() {
        try {
            return Files.readString(pidFile).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
