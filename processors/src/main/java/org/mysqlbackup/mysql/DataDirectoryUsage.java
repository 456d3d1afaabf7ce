package org.mysqlbackup.mysql;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Whether a MySQL server holds a data directory now, whatever answers on the network: before a
 * guard starts MySQL it must know that no server is still shutting down or already starting on
 * those files, or it would start a second {@code mariadbd} on a data directory in use. Asked of
 * the host without touching the files (no lock is taken, nothing is opened for writing), from
 * three signs, any of which counts:
 * <ol>
 *   <li>the process the pid file names is running;</li>
 *   <li>a process named like a server ({@code mysql.stop.kill-process-names}) has the data
 *       directory as its working directory (the server changes to it when it starts);</li>
 *   <li>a live process holds a POSIX lock on the InnoDB system tablespace {@code ibdata1} or on
 *       {@code aria_log_control} ({@code /proc/locks}): InnoDB and Aria lock them while open.</li>
 * </ol>
 * Signs 2 and 3 need Linux's {@code /proc}; elsewhere only the pid file is asked.
 */
public final class DataDirectoryUsage {
    private static final Path LOCKS = Path.of("/proc/locks");
    private static final List<String> LOCKED_FILES = List.of("ibdata1", "aria_log_control");

    private final Path dataDirectory;
    private final Path pidFile;
    private final Set<String> serverNames;

    public DataDirectoryUsage(Path dataDirectory, Path pidFile, Iterable<String> serverNames) {
        this.dataDirectory = dataDirectory;
        this.pidFile = pidFile;
        Set<String> names = new java.util.HashSet<>();
        serverNames.forEach(names::add);
        this.serverNames = Set.copyOf(names);
    }

    /** What shows a server on the data directory now, e.g. "process 4242 (mariadbd) runs in it"; empty if nothing. */
    public Optional<String> holder() {
        Path datadir = LocalProcesses.canonical(dataDirectory);
        OptionalLong pid = PidFiles.read(pidFile);
        if (pid.isPresent() && LocalProcesses.running(pid.getAsLong()) && isServer(pid.getAsLong(), datadir)) {
            return Optional.of("process " + pid.getAsLong() + " of the pid file " + pidFile + " is running");
        }
        for (long p : LocalProcesses.all()) {
            Optional<String> name = LocalProcesses.name(p);
            if (name.isPresent() && isServerName(name.get()) && LocalProcesses.running(p)
                    && LocalProcesses.workingDirectory(p).filter(datadir::equals).isPresent()) {
                return Optional.of("process " + p + " (" + name.get() + ") runs in " + datadir);
            }
        }
        return lockHolder(datadir);
    }

    /**
     * A stale pid file may name a pid that now belongs to an unrelated process: it counts only if it
     * is named like a server or runs in the data directory (or /proc cannot tell).
     */
    private boolean isServer(long pid, Path datadir) {
        Optional<String> name = LocalProcesses.name(pid);
        Optional<Path> cwd = LocalProcesses.workingDirectory(pid);
        if (name.isEmpty() && cwd.isEmpty()) {
            return true;
        }
        return name.filter(this::isServerName).isPresent() || cwd.filter(datadir::equals).isPresent();
    }

    private boolean isServerName(String name) {
        // comm is cut at 15 characters
        return serverNames.contains(name) || name.length() == 15 && serverNames.stream().anyMatch(n -> n.startsWith(name));
    }

    private Optional<String> lockHolder(Path datadir) {
        if (!Files.isReadable(LOCKS)) {
            return Optional.empty();
        }
        List<FileKey> keys = new ArrayList<>();
        for (String file : LOCKED_FILES) {
            FileKey.of(datadir.resolve(file)).ifPresent(keys::add);
        }
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(LOCKS);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String line : lines) {
            Optional<LockLine> lock = LockLine.parse(line);
            if (lock.isEmpty()) {
                continue;
            }
            for (FileKey key : keys) {
                if (key.matches(lock.get()) && LocalProcesses.running(lock.get().pid())
                        && (key.sameDevice(lock.get()) || opens(lock.get().pid(), key.file()))) {
                    return Optional.of("process " + lock.get().pid() + " holds a lock on " + key.file());
                }
            }
        }
        return Optional.empty();
    }

    /** Whether process {@code pid} has {@code file} open (its {@code /proc/<pid>/fd} entries). */
    private static boolean opens(long pid, Path file) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.isSameFile(fd, file)) {
                        return true;
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while listing
                }
            }
        } catch (IOException | SecurityException unreadable) {
            // another user's process: its inode and lock are all we know
            return true;
        }
        return false;
    }

    /** A file's device and inode, as {@code /proc/locks} names it. */
    record FileKey(Path file, long major, long minor, long inode) {
        static Optional<FileKey> of(Path file) {
            try {
                long dev = ((Number) Files.getAttribute(file, "unix:dev")).longValue();
                long ino = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
                // glibc's gnu_dev_major / gnu_dev_minor
                long major = ((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0x00000fffL);
                long minor = ((dev >>> 12) & 0xffffff00L) | (dev & 0x000000ffL);
                return Optional.of(new FileKey(file, major, minor, ino));
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
                return Optional.empty();
            }
        }

        /** Same inode; the device is checked apart ({@link #sameDevice}). */
        boolean matches(LockLine lock) {
            return lock.inode() == inode;
        }

        /**
         * {@code /proc/locks} names the device of the whole file system, which differs from the
         * file's own on Btrfs subvolumes: then {@link #opens} decides.
         */
        boolean sameDevice(LockLine lock) {
            return lock.major() == major && lock.minor() == minor;
        }
    }

    /**
     * One line of {@code /proc/locks}: {@code 1: POSIX  ADVISORY  WRITE 4242 08:01:1234567 0 EOF};
     * device numbers in hexadecimal, the inode in decimal. Lines of waiting locks ({@code ->}) are skipped.
     */
    record LockLine(long pid, long major, long minor, long inode) {
        static Optional<LockLine> parse(String line) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 6 || line.contains("->")) {
                return Optional.empty();
            }
            try {
                String[] device = fields[5].split(":");
                if (device.length != 3) {
                    return Optional.empty();
                }
                // the kernel prints the inode unsigned; unix:ino gives the same bits as a long
                return Optional.of(new LockLine(Long.parseLong(fields[4]), Long.parseLong(device[0], 16),
                        Long.parseLong(device[1], 16), Long.parseUnsignedLong(device[2])));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }
}
