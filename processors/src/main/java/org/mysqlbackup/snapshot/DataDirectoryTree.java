package org.mysqlbackup.snapshot;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a snapshot takes from a data directory: every directory and regular file under it,
 * parents before children, sorted, with symbolic links followed (MySQL links databases and
 * MyISAM files out of the datadir, and a backup without their content would be useless). A
 * dangling link or a link loop fails the listing, naming the link; sockets and FIFOs are skipped.
 * Listing first means nothing is written before the whole tree is known to be readable.
 *
 * @param root        the data directory
 * @param entries     directories (except the root) and regular files, absolute, sorted
 * @param files       regular files among them
 * @param bytes       their total size
 */
record DataDirectoryTree(Path root, List<Path> entries, int files, long bytes) {

    static DataDirectoryTree list(Path dataDirectory) {
        if (!Files.isDirectory(dataDirectory)) {
            throw new SnapshotException("data directory " + dataDirectory + " is not a directory");
        }
        List<Path> paths = new ArrayList<>();
        long[] totals = new long[2];
        try {
            Files.walkFileTree(dataDirectory, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            if (!dir.equals(dataDirectory)) {
                                paths.add(dir);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                            if (attrs.isSymbolicLink()) {
                                throw new IOException("symbolic link " + file + " points to "
                                        + Files.readSymbolicLink(file) + ", which does not exist");
                            }
                            if (attrs.isRegularFile()) {
                                paths.add(file);
                                totals[0]++;
                                totals[1] += attrs.size();
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                            throw e;
                        }
                    });
        } catch (FileSystemLoopException e) {
            throw new SnapshotException("symbolic link loop at " + e.getFile() + " in " + dataDirectory, e);
        } catch (IOException e) {
            throw new SnapshotException("cannot list " + dataDirectory + ": " + describe(e), e);
        }
        paths.sort(null);
        return new DataDirectoryTree(dataDirectory, List.copyOf(paths), (int) totals[0], totals[1]);
    }

    /** The entry's path relative to the root, with forward slashes and no trailing slash. */
    String relative(Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    /** Permission bits (no file type) of a file or directory; 0644/0755 where POSIX is unknown. */
    static int permissions(Path path, boolean directory) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.readAttributes(path, PosixFileAttributes.class).permissions();
            int mode = 0;
            for (PosixFilePermission p : perms) {
                mode |= 1 << (8 - p.ordinal());
            }
            return mode;
        } catch (UnsupportedOperationException notPosix) {
            return directory ? 0755 : 0644;
        }
    }

    static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName().equals("IOException") || message == null
                ? String.valueOf(message) : e.getClass().getSimpleName() + ": " + message;
    }
}
