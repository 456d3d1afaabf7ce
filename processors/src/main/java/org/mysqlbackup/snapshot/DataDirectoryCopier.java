package org.mysqlbackup.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;
import org.mysqlbackup.config.ByteSize;
import org.mysqlbackup.config.FileTrees;

/**
 * Copies a data directory as fast as the disk allows, with what a restore needs: content, POSIX
 * modes and modification times. Links are followed as the zipper follows them (the copy holds
 * regular files only); a dangling link or a loop fails before anything is written.
 *
 * <p>Two ways. {@link Method#JAVA} copies each file with {@link FileChannel#transferTo} (sendfile,
 * in the kernel), several files at once; {@link Method#CP} runs
 * {@code cp -R -L --preserve=mode,timestamps --reflink=auto} (GNU coreutils, which also clones on
 * Btrfs and XFS). Run from a shell, cp was the faster (840 ms median against 1130 ms for two
 * threads of transferTo, 1.5 GiB, cold cache, ext4). But what counts is the copy the client runs
 * while MySQL is down, and launched from the JVM the same cp took 1945-3066 ms (median of 4 about
 * 2150) where the in-JVM copy took 1603-1846 ms on two threads and 1803-2035 ms on one (same data
 * directory, page cache dropped before each run, alternating). So {@link Method#JAVA} is the
 * default ({@code snapshot.copy-method}); {@link Method#AUTO} picks cp where it is GNU's. The copy
 * is then listed and must hold the files and bytes the data directory held.
 *
 * <p>Before anything is created, the free space of the target's folder must be at least the size
 * of the data directory; the target must not exist. On any failure the partial copy is deleted.
 */
public class DataDirectoryCopier {
    static final List<String> CP_COMMAND = List.of("cp", "-R", "-L", "--preserve=mode,timestamps", "--reflink=auto",
            "--no-target-directory");

    /** How the files are copied. */
    public enum Method {
        /** GNU cp where it is installed, else {@link #JAVA}. */
        AUTO,
        /** GNU cp, one process for the whole tree. */
        CP,
        /** FileChannel.transferTo, several files at once. */
        JAVA
    }

    private final Method method;
    private final int threads;
    private final ToLongFunction<Path> usableSpace;
    private final BiConsumer<Path, Path> fileCopy;

    /** The in-JVM copy on {@code threads} threads. */
    public DataDirectoryCopier(int threads) {
        this(Method.JAVA, threads);
    }

    /** {@code method} on {@code threads} threads (cp uses one process whatever the count). */
    public DataDirectoryCopier(Method method, int threads) {
        this(method, threads, DataDirectoryCopier::usableSpace);
    }

    /** @param usableSpace bytes free for a new file in the given folder */
    public DataDirectoryCopier(Method method, int threads, ToLongFunction<Path> usableSpace) {
        this(method, threads, usableSpace, DataDirectoryCopier::copyFile);
    }

    /** The in-JVM copy with {@code fileCopy} copying one regular file with its mode and time (tests make it fail). */
    DataDirectoryCopier(int threads, ToLongFunction<Path> usableSpace, BiConsumer<Path, Path> fileCopy) {
        this(Method.JAVA, threads, usableSpace, fileCopy);
    }

    private DataDirectoryCopier(Method method, int threads, ToLongFunction<Path> usableSpace,
                                BiConsumer<Path, Path> fileCopy) {
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("copy threads " + threads + " is not in 1..64");
        }
        // AUTO is resolved once, when the client starts, not before every copy
        this.method = method == Method.AUTO ? (CopyCommand.gnuCpAvailable() ? Method.CP : Method.JAVA) : method;
        this.threads = threads;
        this.usableSpace = usableSpace;
        this.fileCopy = fileCopy;
    }

    /** The method copies use: {@link Method#CP} or {@link Method#JAVA}, {@code AUTO} resolved. */
    public Method method() {
        return method;
    }

    /**
     * Copies {@code dataDirectory} to {@code target}, a folder that must not exist.
     *
     * @return the regular files copied and their total size
     * @throws SnapshotException naming the file or the check that failed; nothing is left behind
     */
    public Copied copy(Path dataDirectory, Path target) {
        DataDirectoryTree tree = DataDirectoryTree.list(dataDirectory);
        copy(tree, target);
        return new Copied(tree.files(), tree.bytes());
    }

    /** Regular files and bytes copied. */
    public record Copied(int files, long bytes) {
    }

    void copy(DataDirectoryTree tree, Path target) {
        copy(tree, target, Checkpoint.none());
    }

    /** As {@link #copy(Path, Path)}, asking {@code checkpoint} between files (every 200 ms with cp). */
    void copy(DataDirectoryTree tree, Path target, Checkpoint checkpoint) {
        Path parent = target.toAbsolutePath().getParent();
        long free = usableSpace.applyAsLong(parent);
        if (free < tree.bytes()) {
            throw new SnapshotException("not enough room in " + parent + " to copy " + tree.root() + ": it holds "
                    + ByteSize.format(tree.bytes()) + ", " + ByteSize.format(free) + " are free");
        }
        try {
            Files.createDirectory(target);
        } catch (FileAlreadyExistsException e) {
            // not ours to delete: an earlier run's copy, or something an operator put there
            throw new SnapshotException("cannot copy " + tree.root() + " to " + target + ": it already exists", e);
        } catch (IOException e) {
            throw new SnapshotException("cannot create " + target + ": " + DataDirectoryTree.describe(e), e);
        }
        try {
            if (method == Method.CP) {
                copyWithCp(tree, target, checkpoint);
            } else {
                copyInto(tree, target, checkpoint);
            }
        } catch (RuntimeException | Error e) {
            deleteTree(target, e);
            throw e;
        }
        requireSameContent(tree, target, "the copy");
    }

    private static void copyWithCp(DataDirectoryTree tree, Path target, Checkpoint checkpoint) {
        List<String> command = new ArrayList<>(CP_COMMAND);
        command.add(tree.root().toString());
        command.add(target.toString());
        CopyCommand.Outcome outcome;
        try {
            outcome = CopyCommand.run(command, null, checkpoint);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException("interrupted while copying " + tree.root(), e);
        }
        if (!outcome.succeeded()) {
            throw new SnapshotException("cannot copy " + tree.root() + " to " + target + ": " + outcome.reason(CP_COMMAND));
        }
    }

    /**
     * The first few files whose size in the data directory now differs from their copy, as
     * {@code ": a changed size while being read (copied 10 bytes, now 12)"}; MySQL is down, so
     * something else writes to them.
     */
    private static String changedFiles(DataDirectoryTree tree, Path copy) {
        List<String> changed = new ArrayList<>();
        for (Path source : tree.entries()) {
            if (changed.size() == 3) {
                break;
            }
            Path copied = copy.resolve(tree.relative(source));
            if (Files.isRegularFile(source) && sizeOrZero(source) != sizeOrZero(copied)) {
                changed.add(tree.relative(source) + " changed size while being read (copied " + sizeOrZero(copied)
                        + " bytes, now " + sizeOrZero(source) + ")");
            }
        }
        return changed.isEmpty() ? " (did something write to it?)" : ": " + String.join(", ", changed);
    }

    /**
     * A copy or clone must hold the regular files and bytes the data directory held when it was
     * listed; otherwise it is deleted. This catches a file that changed size and a copy tool that
     * skipped something.
     */
    static void requireSameContent(DataDirectoryTree tree, Path copy, String what) {
        DataDirectoryTree copied;
        try {
            copied = DataDirectoryTree.list(copy);
        } catch (RuntimeException e) {
            deleteTree(copy, e);
            throw e;
        }
        if (copied.files() != tree.files() || copied.bytes() != tree.bytes()) {
            SnapshotException mismatch = new SnapshotException(what + " " + copy + " holds " + copied.files()
                    + " files of " + copied.bytes() + " bytes, the data directory " + tree.root() + " held " + tree.files()
                    + " of " + tree.bytes() + changedFiles(tree, copy) + "; the copy was deleted");
            deleteTree(copy, mismatch);
            throw mismatch;
        }
    }

    private void copyInto(DataDirectoryTree tree, Path target, Checkpoint checkpoint) {
        List<Path> directories = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try {
            for (Path path : tree.entries()) {
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target.resolve(tree.relative(path)));
                    directories.add(path);
                } else {
                    files.add(path);
                }
            }
        } catch (IOException e) {
            throw new SnapshotException("cannot create a folder in " + target + ": " + DataDirectoryTree.describe(e), e);
        }
        files.sort(Comparator.comparingLong(DataDirectoryCopier::sizeOrZero).reversed());
        copyFiles(tree, target, files, checkpoint);
        // last and deepest first: creating children changes a folder's mtime, and a read-only folder takes none
        for (int i = directories.size() - 1; i >= 0; i--) {
            Path source = directories.get(i);
            Path copy = target.resolve(tree.relative(source));
            try {
                copyMetadata(source, copy);
            } catch (IOException e) {
                throw new SnapshotException("cannot set the mode and time of " + copy + ": " + DataDirectoryTree.describe(e), e);
            }
        }
    }

    private void copyFiles(DataDirectoryTree tree, Path target, List<Path> files, Checkpoint checkpoint) {
        if (threads == 1 || files.size() < 2) {
            for (Path file : files) {
                checkpoint.check();
                fileCopy.accept(file, target.resolve(tree.relative(file)));
            }
            return;
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, files.size()), task -> {
            Thread thread = new Thread(task, "datadir-copy-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        List<Future<?>> copies = new ArrayList<>(files.size());
        try {
            for (Path file : files) {
                copies.add(pool.submit(() -> {
                    checkpoint.check();
                    fileCopy.accept(file, target.resolve(tree.relative(file)));
                }));
            }
            for (Future<?> copy : copies) {
                copy.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException("interrupted while copying " + tree.root(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new SnapshotException("cannot copy " + tree.root() + ": " + cause, cause);
        } finally {
            pool.shutdownNow();
            awaitQuietly(pool);
        }
    }

    static void copyFile(Path source, Path copy) {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long size = Files.readAttributes(source, BasicFileAttributes.class).size();
            long position = 0;
            while (position < size) {
                long n = in.transferTo(position, size - position, out);
                if (n <= 0) {
                    break;
                }
                position += n;
            }
            if (position != size || in.size() != size) {
                // MySQL is down, so a file changing size means something else writes to the data directory
                throw new SnapshotException(source + " changed size while being read (" + size + " -> "
                        + Math.max(position, in.size()) + " bytes)");
            }
        } catch (IOException e) {
            throw new SnapshotException("cannot copy " + source + " to " + copy + ": " + DataDirectoryTree.describe(e), e);
        }
        try {
            copyMetadata(source, copy);
        } catch (IOException e) {
            throw new SnapshotException("cannot set the mode and time of " + copy + ": " + DataDirectoryTree.describe(e), e);
        }
    }

    private static void copyMetadata(Path source, Path copy) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(source, BasicFileAttributes.class);
        int mode = DataDirectoryTree.permissions(source, attrs.isDirectory());
        try {
            Files.setPosixFilePermissions(copy, permissions(mode));
        } catch (UnsupportedOperationException notPosix) {
            // the zip records 0644/0755 for such files anyway
        }
        FileTime mtime = attrs.lastModifiedTime();
        Files.setLastModifiedTime(copy, mtime);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if ((mode & (1 << (8 - p.ordinal()))) != 0) {
                perms.add(p);
            }
        }
        return perms;
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // the copy itself reports it
        }
    }

    private static long usableSpace(Path folder) {
        try {
            return Files.getFileStore(folder).getUsableSpace();
        } catch (IOException e) {
            throw new SnapshotException("cannot read the free space of " + folder + ": " + DataDirectoryTree.describe(e), e);
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                throw new SnapshotException("copy threads did not stop within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Deletes a folder we created, with everything in it; a folder made read-only by the copy of
     * its mode is made writable first. Failures are added to {@code cause} rather than hiding it.
     */
    static void deleteTree(Path root, Throwable cause) {
        try {
            deleteTree(root);
        } catch (IOException | UncheckedIOException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        FileTrees.delete(root);
    }
}
