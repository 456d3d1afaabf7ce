package org.mysqlbackup.mysql;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real processes a test starts to stand where a server would: a {@code sleep} in a data directory, a
 * pid that has just exited, a POSIX lock held (or waited for) by another process. Closing kills every
 * one and waits for it, so no child outlives its test.
 */
final class ChildProcesses implements AutoCloseable {
    /** Kept short: a child only has to outlive its test, and a leaked one must not hang around long. */
    static final String LIFETIME_SECONDS = "30";

    /** fcntl(F_SETLK(W)) through lockf, the kind of lock InnoDB and Aria take; blocks while another holds it. */
    private static final String LOCKF = "import fcntl, sys, time\n"
            + "f = open(sys.argv[1], 'r+')\n"
            + "fcntl.lockf(f, fcntl.LOCK_EX)\n"
            + "time.sleep(" + LIFETIME_SECONDS + ")\n";

    private final Path logs;
    private final List<Process> started = new ArrayList<>();

    /** @param logs where the children's output goes, shown when one does not get ready */
    ChildProcesses(Path logs) {
        this.logs = logs;
    }

    /** {@code sleep 30} with {@code workingDirectory} as its current directory, as a server has its data directory. */
    Process sleepingIn(Path workingDirectory) {
        return sleepingIn(workingDirectory, "sleep");
    }

    /** Like {@link #sleepingIn(Path)}, running {@code executable} (a copy of {@code sleep} under another name). */
    Process sleepingIn(Path workingDirectory, String executable) {
        Process process = start(workingDirectory, executable, LIFETIME_SECONDS);
        String expected = Path.of(executable).getFileName().toString();
        String comm = expected.length() > 15 ? expected.substring(0, 15) : expected;
        StandInProcess.await(() -> comm.equals(StandInProcess.commOf(process.pid())), "pid " + process.pid() + " to run as " + comm);
        return process;
    }

    /** A pid that named a process a moment ago and names none now. */
    long exitedPid() throws InterruptedException {
        Process process = start(logs, "true");
        if (!process.waitFor(StandInProcess.READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("true did not exit");
        }
        StandInProcess.await(() -> ProcessHandle.of(process.pid()).isEmpty(), "pid " + process.pid() + " to be gone");
        return process.pid();
    }

    /** Another process holding a POSIX write lock on {@code file}; returns once {@code /proc/locks} shows it. */
    Process holdingLock(Path file) throws IOException {
        Process process = python(file);
        long inode = inode(file);
        awaitLockLine(process, line -> !line.contains("->") && names(line, process.pid(), inode), "a lock on " + file);
        return process;
    }

    /** Another process blocked waiting for a POSIX write lock on {@code file}: a {@code ->} line of {@code /proc/locks}. */
    Process waitingForLock(Path file) throws IOException {
        Process process = python(file);
        long inode = inode(file);
        awaitLockLine(process, line -> line.contains("->") && names(line, process.pid(), inode), "to wait for a lock on " + file);
        return process;
    }

    /** The lines of {@code /proc/locks} now. */
    static List<String> locks() {
        try {
            return Files.readAllLines(Path.of("/proc/locks"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills {@code process} and waits until it is gone (its locks released). */
    static void kill(Process process) {
        process.destroyForcibly();
        try {
            if (!process.waitFor(StandInProcess.READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("pid " + process.pid() + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        started.forEach(ChildProcesses::kill);
        started.clear();
    }

    private Process python(Path file) {
        assumeThat(onPath("python3")).as("python3 on PATH (it takes the POSIX locks)").isTrue();
        return start(file.getParent(), "python3", "-c", LOCKF, file.toString());
    }

    private Process start(Path workingDirectory, String... command) {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .start();
            started.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitLockLine(Process process, java.util.function.Predicate<String> line, String what) {
        StandInProcess.await(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("pid " + process.pid() + " exited with " + process.exitValue()
                        + " before it got " + what + ":\n" + output());
            }
            return locks().stream().anyMatch(line);
        }, "pid " + process.pid() + " to get " + what);
    }

    /** Matched by words, not by the parser under test: "... WRITE 4242 fe:00:5431342 0 EOF". */
    private static boolean names(String line, long pid, long inode) {
        return line.contains(" " + pid + " ") && line.contains(":" + inode + " ");
    }

    private static long inode(Path file) throws IOException {
        return ((Number) Files.getAttribute(file, "unix:ino")).longValue();
    }

    private Path log() {
        return logs.resolve("children.log");
    }

    private String output() {
        try {
            return Files.readString(log());
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
