package org.mysqlbackup.mysql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What this host's {@code /proc} says about its processes: whether one runs (a zombie does not),
 * its working directory and its name. Where there is no {@code /proc} (not Linux) or a process's
 * entry is not readable by this user, the answers are empty rather than guessed.
 */
public final class LocalProcesses {
    private static final Path PROC = Path.of("/proc");

    private LocalProcesses() {
    }

    /** Alive and not a zombie (see {@link MySqlDownProof#running(long)}). */
    public static boolean running(long pid) {
        return MySqlDownProof.running(pid);
    }

    /** The process's current directory; empty if it is gone or its entry cannot be read. */
    public static Optional<Path> workingDirectory(long pid) {
        try {
            return Optional.of(PROC.resolve(Long.toString(pid)).resolve("cwd").toRealPath());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** {@code /proc/<pid>/comm}: at most 15 characters of the command name; empty if unreadable. */
    public static Optional<String> name(long pid) {
        return ProcessHandle.of(pid).map(ProcessIdentity::nameOf).filter(n -> !"?".equals(n));
    }

    /** The command line, arguments separated by spaces; empty if the process is gone or its entry unreadable. */
    public static Optional<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
            return raw.length == 0 ? Optional.empty()
                    : Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Ends (SIGKILL) every process whose command line names a file {@code <prefix>.<anything>},
     * and waits for them, at most {@code wait}: a copy ({@code cp}) a dead client started goes on
     * writing into its work folder otherwise. Returns the pids ended.
     */
    public static List<Long> killNaming(Path prefix, Duration wait) {
        String name = prefix.toAbsolutePath().normalize() + ".";
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> found = new ArrayList<>();
        for (long pid : all()) {
            if (pid != self && commandLine(pid).filter(line -> line.contains(name)).isPresent()) {
                ProcessHandle.of(pid).ifPresent(found::add);
            }
        }
        found.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + wait.toNanos();
        for (ProcessHandle process : found) {
            while (running(process.pid()) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return found.stream().map(ProcessHandle::pid).toList();
    }

    /** Every process id listed in {@code /proc}; empty where there is none. */
    public static List<Long> all() {
        List<Long> pids = new ArrayList<>();
        if (!Files.isDirectory(PROC)) {
            return pids;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                try {
                    pids.add(Long.parseLong(entry.getFileName().toString()));
                } catch (NumberFormatException notAProcess) {
                    // a name such as 1a is not a process
                }
            }
        } catch (IOException e) {
            return pids;
        }
        return pids;
    }

    /** A path as the file system resolves it (symbolic links followed), or made absolute if it does not exist. */
    public static Path canonical(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException | SecurityException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
