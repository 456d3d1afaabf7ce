package org.mysqlbackup.snapshot;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.mysqlbackup.transfer.Digests;

/**
 * Streams a data directory into a zip with commons-compress, one entry at a time through a
 * fixed buffer, so memory does not depend on the size of any file. The SHA-256 and MD5 of the
 * zip are computed on the bytes as they are written, which saves reading the archive again.
 *
 * <p>Symbolic links are followed (MySQL links databases and MyISAM files out of the datadir, and a
 * backup without their content would be useless); a dangling link fails the snapshot. Sockets and
 * FIFOs are skipped. Entries carry relative paths, modification times and POSIX modes.
 */
public class DataDirectoryZipper {
    private static final int BUFFER_BYTES = 1 << 20;

    private final int compressionLevel;

    /** @param compressionLevel deflate level, 0 (store) to 9 */
    public DataDirectoryZipper(int compressionLevel) {
        if (compressionLevel < Deflater.NO_COMPRESSION || compressionLevel > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("compression level " + compressionLevel + " is not in 0..9");
        }
        this.compressionLevel = compressionLevel;
    }

    /**
     * Zips {@code dataDirectory} into {@code target}, which must not exist. On any failure the
     * partial archive is deleted before the exception leaves.
     *
     * @throws SnapshotException naming the file that could not be read or written
     */
    public SnapshotResult zip(Path dataDirectory, Path target) {
        List<Path> entries = list(dataDirectory);
        MessageDigest sha256 = Digests.sha256();
        MessageDigest md5 = Digests.md5();
        long sourceBytes = 0;
        int files = 0;
        OutputStream file;
        try {
            file = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            // not ours to delete: it may be an earlier snapshot that is still being sent
            throw new SnapshotException("cannot create " + target + ": " + describe(e), e);
        }
        try (file;
             OutputStream digested = new DigestOutputStream(new DigestOutputStream(file, sha256), md5);
             ZipArchiveOutputStream zip = new ZipArchiveOutputStream(new BufferedOutputStream(digested, BUFFER_BYTES))) {
            zip.setLevel(compressionLevel);
            zip.setUseZip64(Zip64Mode.AsNeeded);
            byte[] buffer = new byte[BUFFER_BYTES];
            for (Path path : entries) {
                BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
                String name = entryName(dataDirectory, path, attrs.isDirectory());
                ZipArchiveEntry entry = new ZipArchiveEntry(name);
                entry.setLastModifiedTime(attrs.lastModifiedTime());
                entry.setUnixMode(unixMode(path, attrs.isDirectory()));
                if (!attrs.isDirectory()) {
                    entry.setSize(attrs.size());
                }
                zip.putArchiveEntry(entry);
                if (!attrs.isDirectory()) {
                    sourceBytes += copy(path, zip, buffer, attrs.size());
                    files++;
                }
                zip.closeArchiveEntry();
            }
            zip.finish();
        } catch (IOException | UncheckedIOException e) {
            deleteQuietly(target);
            throw new SnapshotException("cannot zip " + dataDirectory + ": " + describe(e), e);
        } catch (RuntimeException e) {
            deleteQuietly(target);
            throw e;
        }
        try {
            return new SnapshotResult(target, Files.size(target), Digests.hex(sha256), Digests.hex(md5), files, sourceBytes);
        } catch (IOException e) {
            deleteQuietly(target);
            throw new SnapshotException("cannot read the size of " + target + ": " + e.getMessage(), e);
        }
    }

    /** Every directory and regular file under the data directory, parents before children, sorted. */
    private static List<Path> list(Path dataDirectory) {
        if (!Files.isDirectory(dataDirectory)) {
            throw new SnapshotException("data directory " + dataDirectory + " is not a directory");
        }
        List<Path> paths = new ArrayList<>();
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
        return paths;
    }

    private static long copy(Path file, OutputStream zip, byte[] buffer, long expectedSize) throws IOException {
        long copied = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                zip.write(buffer, 0, n);
                copied += n;
            }
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + describe(e), e);
        }
        if (copied != expectedSize) {
            // MySQL is down, so a file changing size means something else writes to the data directory
            throw new IOException(file + " changed size while being read (" + expectedSize + " -> " + copied + " bytes)");
        }
        return copied;
    }

    private static String entryName(Path root, Path path, boolean directory) {
        String relative = root.relativize(path).toString().replace('\\', '/');
        return directory ? relative + "/" : relative;
    }

    private static int unixMode(Path path, boolean directory) throws IOException {
        int type = directory ? 0040000 : 0100000;
        try {
            Set<PosixFilePermission> perms = Files.readAttributes(path, PosixFileAttributes.class).permissions();
            int mode = 0;
            for (PosixFilePermission p : perms) {
                mode |= 1 << (8 - p.ordinal());
            }
            return type | mode;
        } catch (UnsupportedOperationException notPosix) {
            return type | (directory ? 0755 : 0644);
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName().equals("IOException") || message == null
                ? String.valueOf(message) : e.getClass().getSimpleName() + ": " + message;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // reported by the caller's cleanup, which deletes the work folder's leftovers too
        }
    }
}
