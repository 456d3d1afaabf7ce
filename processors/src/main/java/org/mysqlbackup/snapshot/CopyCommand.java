package org.mysqlbackup.snapshot;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs GNU {@code cp} (or a stand-in in tests) for a copy or a clone of a data directory, keeping
 * the first lines it prints (cp names the file and the reason of a failure) and killing it if it
 * outlives its timeout.
 */
final class CopyCommand {
    private static final int REASON_LINES = 3;
    private static final long POLL_MILLIS = 200;

    /**
     * @param exitCode  the command's, or -1 if it could not start or timed out
     * @param output    its first non-blank lines, stdout and stderr together
     * @param timedOut  whether it was killed for outliving its timeout
     */
    record Outcome(int exitCode, List<String> output, boolean timedOut) {
        boolean succeeded() {
            return exitCode == 0 && !timedOut;
        }

        /** The output, or a line naming the command and its exit code if it printed nothing. */
        String reason(List<String> command) {
            return output.isEmpty() ? String.join(" ", command) + " exited with " + exitCode : String.join("; ", output);
        }
    }

    private CopyCommand() {
    }

    /** As {@link #run(List, Duration, Checkpoint)} without checkpoints. */
    static Outcome run(List<String> command, Duration timeout) throws InterruptedException {
        return run(command, timeout, Checkpoint.none());
    }

    /**
     * Runs {@code command} to its end, asking {@code checkpoint} every {@value #POLL_MILLIS} ms and
     * once more when it ended.
     *
     * @param timeout null for none
     * @throws InterruptedException if interrupted while waiting; the command is killed first
     * @throws RuntimeException     what the checkpoint threw; the command is killed first
     */
    static Outcome run(List<String> command, Duration timeout, Checkpoint checkpoint) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            return new Outcome(-1, List.of("cannot run " + command.get(0) + ": " + DataDirectoryTree.describe(e)), false);
        }
        CompletableFuture<List<String>> output = CompletableFuture.supplyAsync(() -> firstLines(process), task -> {
            Thread reader = new Thread(task, "copy-command-output");
            reader.setDaemon(true);
            reader.start();
        });
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        boolean exited = false;
        try {
            while (!exited && System.nanoTime() - deadline < 0) {
                checkpoint.check();
                long left = timeout == null ? POLL_MILLIS : Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                exited = process.waitFor(Math.min(POLL_MILLIS, left), TimeUnit.MILLISECONDS);
            }
            // a cancel that came while the command ran its last stretch still counts
            checkpoint.check();
        } catch (InterruptedException | RuntimeException | Error e) {
            kill(process);
            throw e;
        }
        if (!exited) {
            kill(process);
            return new Outcome(-1, awaitOutput(output), true);
        }
        return new Outcome(process.exitValue(), awaitOutput(output), false);
    }

    /** Whether {@code cp} on the PATH is GNU coreutils (its options are used as they are there). */
    static boolean gnuCpAvailable() {
        try {
            Outcome version = run(List.of("cp", "--version"), Duration.ofSeconds(10));
            return version.succeeded() && version.output().stream().anyMatch(line -> line.contains("GNU coreutils"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> firstLines(Process process) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                // cp reports every file it could not copy; the first few say why
                if (lines.size() < REASON_LINES && !line.isBlank()) {
                    lines.add(line.strip());
                }
            }
        } catch (IOException e) {
            lines.add("(output unreadable: " + e.getMessage() + ")");
        }
        return lines;
    }

    private static List<String> awaitOutput(CompletableFuture<List<String>> output) {
        try {
            return output.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException | TimeoutException e) {
            return List.of();
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
