package org.mysqlbackup.mysql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real OS process standing in for mysqld: it writes its pid file the way mysqld does and then runs
 * as {@code sleep}. Created only once the pid file exists and the process runs as {@code sleep}, so no
 * signal can arrive before the SIGTERM disposition is set.
 */
final class StandInProcess implements AutoCloseable {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final long pid;

    private StandInProcess(Process process, long pid) {
        this.process = process;
        this.pid = pid;
    }

    /** Ignores SIGTERM, as a mysqld stuck in a long shutdown would; only SIGKILL ends it. */
    static StandInProcess ignoringSigterm(Path pidFile) {
        // an ignored signal stays ignored across exec, so sleep inherits it and no shell stays behind
        return launch(pidFile, "trap '' TERM; echo $$ > \"$1.tmp\" && mv \"$1.tmp\" \"$1\"; exec sleep 600");
    }

    /** Dies on SIGTERM (and leaves its pid file behind, as a process that does not clean up). */
    static StandInProcess dyingOnSigterm(Path pidFile) {
        return launch(pidFile, "echo $$ > \"$1.tmp\" && mv \"$1.tmp\" \"$1\"; exec sleep 600");
    }

    /**
     * A zombie named in the pid file: a child of {@code sleep 600}, which never collects its exit status,
     * like mysqld orphaned on a host whose pid 1 does not reap. The returned process is the parent.
     */
    static StandInProcess withZombieChild(Path pidFile) {
        StandInProcess parent = launch(pidFile.resolveSibling(pidFile.getFileName() + ".parent"),
                "sleep 0.5 & echo $! > \"$1.zombie\"; echo $$ > \"$1.tmp\" && mv \"$1.tmp\" \"$1\"; exec sleep 600");
        try {
            Path zombiePidFile = pidFile.resolveSibling(pidFile.getFileName() + ".parent.zombie");
            long zombie = Long.parseLong(Files.readString(zombiePidFile).trim());
            await(() -> stateOf(zombie) == 'Z', "pid " + zombie + " to become a zombie");
            Files.writeString(pidFile, zombie + "\n");
            return parent;
        } catch (IOException | RuntimeException e) {
            parent.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private static StandInProcess launch(Path pidFile, String script) {
        Process process;
        try {
            process = new ProcessBuilder(List.of("sh", "-c", script, "sh", pidFile.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StandInProcess standIn = new StandInProcess(process, process.pid());
        try {
            await(() -> Files.exists(pidFile) && "sleep".equals(commOf(process.pid())),
                    "the stand-in to write " + pidFile + " and exec sleep");
            return standIn;
        } catch (RuntimeException e) {
            standIn.close();
            throw e;
        }
    }

    long pid() {
        return pid;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** 128 + the signal that ended it: 143 for SIGTERM, 137 for SIGKILL. */
    int awaitExitCode() throws InterruptedException {
        if (!process.waitFor(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("stand-in " + pid + " did not exit");
        }
        return process.exitValue();
    }

    /** Ends it the way the test wants it to end: without a trace, as a service manager would. */
    void stopNow() {
        process.destroyForcibly();
        try {
            process.waitFor(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopNow();
    }

    static String commOf(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    static char stateOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException e) {
            return '?';
        }
    }

    /** Bounded polling; the only kind of waiting these tests do. */
    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
