package org.mysqlbackup.mysql;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs an operating-system command with a deadline. Output goes to a temporary file, never to a
 * pipe: a service start command leaves a daemon behind that inherits the output descriptors, and
 * a pipe nobody drains would block that daemon (and an unclosed pipe would block us).
 */
public class CommandRunner {
    private static final int OUTPUT_TAIL_BYTES = 4096;

    /**
     * @throws CommandFailedException if the command cannot be started or does not finish in time
     *                                (it is then killed with its children)
     */
    public final CommandResult run(List<String> command, Duration timeout) {
        return run(command, timeout, process -> { });
    }

    /**
     * Like {@link #run(List, Duration)}, telling {@code started} which process runs the command as soon
     * as it runs (a restart guard waits for a stop command that outlives its caller).
     */
    public CommandResult run(List<String> command, Duration timeout, Consumer<ProcessHandle> started) {
        long startedAt = System.nanoTime();
        Path output = null;
        Process process = null;
        try {
            output = Files.createTempFile("mysql-backup-cmd", ".out");
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            started.accept(process.toHandle());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process);
                throw new CommandFailedException("command " + display(command) + " did not finish within "
                        + timeout.toSeconds() + " s and was killed" + outputSuffix(tail(output)));
            }
            return new CommandResult(process.exitValue(), tail(output), Duration.ofNanos(System.nanoTime() - startedAt));
        } catch (IOException e) {
            throw new CommandFailedException("cannot run " + display(command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new CommandFailedException("interrupted while running " + display(command), e);
        } finally {
            deleteQuietly(output);
        }
    }

    /** The command as a reader would type it, for messages. */
    public static String display(List<String> command) {
        if (command.size() == 3 && command.get(0).equals("sh") && command.get(1).equals("-c")) {
            return "'" + command.get(2) + "'";
        }
        return "'" + String.join(" ", command) + "'";
    }

    static String outputSuffix(String output) {
        return output.isBlank() ? "" : " (output: " + output.strip().replaceAll("\\s+", " ") + ")";
    }

    private static void killTree(Process process) {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String tail(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int size = (int) Math.min(length, OUTPUT_TAIL_BYTES);
            byte[] bytes = new byte[size];
            raf.seek(length - size);
            raf.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover in the temp folder is harmless; the command's outcome is what matters
            }
        }
    }
}
