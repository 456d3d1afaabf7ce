package org.mysqlbackup.client.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whether the process that owns a backup still runs, against real processes: this JVM runs, a
 * child that exited does not, a zombie does not, and a process with the recorded pid but another
 * start time (a reused pid) is not the owner.
 */
@Timeout(60)
class RunOwnerTest {

    @Test
    void thisJvmIsAliveAndIsTheCurrentProcess() {
        RunOwner current = RunOwner.current();

        assertThat(current.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(current.isAlive()).isTrue();
        assertThat(current.isCurrentProcess()).isTrue();
        assertThat(RunOwner.current()).as("the same value every time").isEqualTo(current);
    }

    @Test
    void theStartTimeIsKeptToTheSecondAsProcGivesIt() {
        RunOwner current = RunOwner.current();
        Instant started = ProcessHandle.current().info().startInstant().orElse(null);
        assumeThat(started).as("this platform tells start times").isNotNull();

        assertThat(current.startedAt().getNano()).isZero();
        assertThat(current.startedAt()).isBetween(started.minusSeconds(1), started);
    }

    @Test
    void aChildIsAliveWhileItRunsAndNotOnceItExited() throws Exception {
        Process child = new ProcessBuilder("sleep", "2").start();
        try {
            RunOwner owner = RunOwner.of(child.toHandle());

            assertThat(owner.pid()).isEqualTo(child.pid());
            assertThat(owner.isAlive()).isTrue();
            assertThat(owner.isCurrentProcess()).isFalse();

            child.destroy();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

            assertThat(owner.isAlive()).isFalse();
            assertThat(new RunOwner(owner.pid(), null).isAlive()).as("without a start time too").isFalse();
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aPidThatExitedIsNotAlive() throws Exception {
        Process child = new ProcessBuilder("true").start();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();

        assertThat(new RunOwner(child.pid(), null).isAlive()).isFalse();
        assertThat(new RunOwner(child.pid(), Instant.now().minusSeconds(1)).isAlive()).isFalse();
    }

    @Test
    void theSamePidWithAnotherStartTimeIsAnotherProcess() {
        RunOwner current = RunOwner.current();
        assumeThat(current.startedAt()).as("this platform tells start times").isNotNull();

        RunOwner earlier = new RunOwner(current.pid(), current.startedAt().minus(Duration.ofDays(3)));
        RunOwner later = new RunOwner(current.pid(), current.startedAt().plusSeconds(1));

        assertThat(earlier.isAlive()).isFalse();
        assertThat(later.isAlive()).isFalse();
        assertThat(earlier.isCurrentProcess()).isFalse();
    }

    @Test
    void withoutAStartTimeARunningPidIsTakenAsTheOwner() {
        RunOwner unknownStart = new RunOwner(ProcessHandle.current().pid(), null);

        assertThat(unknownStart.isAlive()).isTrue();
        assertThat(unknownStart.isCurrentProcess()).isFalse();
    }

    @Test
    void aPidNoProcessEverHadIsNotAlive() {
        assertThat(new RunOwner(Integer.MAX_VALUE, null).isAlive()).isFalse();
    }

    @Test
    void aZombieIsNotAlive() throws Exception {
        assumeThat(Path.of("/proc/self/stat")).exists();
        // the shell starts a short sleep, then becomes a long sleep that never collects it: a zombie
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.1 & echo $!; exec sleep 30").start();
        try {
            long zombie;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                    StandardCharsets.US_ASCII))) {
                zombie = Long.parseLong(out.readLine().trim());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!isZombie(zombie) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(isZombie(zombie)).as("pid %d became a zombie", zombie).isTrue();
                assertThat(ProcessHandle.of(zombie).map(ProcessHandle::isAlive))
                        .as("the JDK alone still sees it").contains(true);

                assertThat(new RunOwner(zombie, null).isAlive()).isFalse();
            }
        } finally {
            parent.destroyForcibly();
            parent.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRowWithoutAPidHasNoOwner() {
        assertThat(RunOwner.of(null, Instant.now())).isEmpty();
        assertThat(RunOwner.of(5L, null)).contains(new RunOwner(5, null));
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(RunOwner.of(5L, at)).contains(new RunOwner(5, at));
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return stat.charAt(close + 2) == 'Z';
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }
}
