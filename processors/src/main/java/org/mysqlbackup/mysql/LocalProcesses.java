package org.mysqlbackup.mysql;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
