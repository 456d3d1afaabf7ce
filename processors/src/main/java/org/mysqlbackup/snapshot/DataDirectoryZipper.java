package org.mysqlbackup.snapshot;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.mysqlbackup.transfer.Digests;

/**
 * Streams a data directory into a zip, one entry at a time through bounded buffers, so memory
 * does not depend on the size of any file. The SHA-256 and MD5 of the zip are computed on the
 * bytes as they are written, which saves reading the archive again.
 *
 * <p>With one thread the zip is written by commons-compress. With more, each file is deflated in
 * 1 MiB chunks on that many threads ({@link ParallelDeflateZipWriter}); on 2 cores that about
 * doubles the rate, which is the rate of the whole snapshot with the {@code zip} strategy.
 *
 * <p>Symbolic links are followed (MySQL links databases and MyISAM files out of the datadir, and a
 * backup without their content would be useless); a dangling link fails the snapshot. Sockets and
 * FIFOs are skipped. Entries carry relative paths, modification times and POSIX modes. Trailing
 * entries (the backup manifest) come after the last file.
 */
public class DataDirectoryZipper {
    private static final int BUFFER_BYTES = 1 << 20;

    private final int compressionLevel;
    private final int threads;

    /** @param compressionLevel deflate level, 0 (store) to 9 */
    public DataDirectoryZipper(int compressionLevel) {
        this(compressionLevel, 1);
    }

    /**
     * @param compressionLevel deflate level, 0 (store) to 9
     * @param threads          threads deflating at once; 1 writes the zip on the calling thread
     */
    public DataDirectoryZipper(int compressionLevel, int threads) {
        if (compressionLevel < Deflater.NO_COMPRESSION || compressionLevel > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("compression level " + compressionLevel + " is not in 0..9");
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("deflate threads " + threads + " is not in 1..64");
        }
        this.compressionLevel = compressionLevel;
        this.threads = threads;
    }

    public int compressionLevel() {
        return compressionLevel;
    }

    public int threads() {
        return threads;
    }

    /**
     * Zips {@code dataDirectory} into {@code target}, which must not exist. On any failure the
     * partial archive is deleted before the exception leaves.
     *
     * @throws SnapshotException naming the file that could not be read or written
     */
    public SnapshotResult zip(Path dataDirectory, Path target) {
        return zip(dataDirectory, target, TrailingEntries.none());
    }

    /** As {@link #zip(Path, Path)}, with {@code extraEntries} (name to content) after the last file. */
    public SnapshotResult zip(Path dataDirectory, Path target, Map<String, byte[]> extraEntries) {
        return zip(dataDirectory, target, TrailingEntries.of(extraEntries));
    }

    /** As {@link #zip(Path, Path)}, with the entries {@code trailer} gives once the last file is in. */
    public SnapshotResult zip(Path dataDirectory, Path target, TrailingEntries trailer) {
        return zip(DataDirectoryTree.list(dataDirectory), target, trailer, "zip");
    }

    SnapshotResult zip(DataDirectoryTree tree, Path target, TrailingEntries trailer, String method) {
        return zip(tree, target, trailer, method, Checkpoint.none());
    }

    /** Asks {@code checkpoint} before every entry and every megabyte; when it throws, the partial zip is deleted. */
    SnapshotResult zip(DataDirectoryTree tree, Path target, TrailingEntries trailer, String method,
                       Checkpoint checkpoint) {
        Path dataDirectory = tree.root();
        MessageDigest sha256 = Digests.sha256();
        MessageDigest md5 = Digests.md5();
        long sourceBytes = 0;
        int files = 0;
        OutputStream file;
        try {
            file = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            // not ours to delete: it may be an earlier snapshot that is still being sent
            throw new SnapshotException("cannot create " + target + ": " + DataDirectoryTree.describe(e), e);
        }
        try (file;
             OutputStream digested = new DigestOutputStream(new DigestOutputStream(file, sha256), md5);
             OutputStream buffered = new BufferedOutputStream(digested, BUFFER_BYTES);
             EntrySink sink = threads > 1 ? new ParallelSink(buffered, compressionLevel, threads, checkpoint)
                     : new CommonsCompressSink(buffered, compressionLevel, checkpoint)) {
            List<ArchivedFile> archived = new ArrayList<>(tree.files());
            Set<String> names = new HashSet<>();
            for (Path path : tree.entries()) {
                checkpoint.check();
                BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
                String name = tree.relative(path);
                names.add(name);
                int permissions = DataDirectoryTree.permissions(path, attrs.isDirectory());
                if (attrs.isDirectory()) {
                    sink.directory(name + "/", attrs.lastModifiedTime(), permissions);
                } else {
                    sourceBytes += sink.file(name, attrs.lastModifiedTime(), permissions, path, attrs.size());
                    archived.add(new ArchivedFile(name, attrs.size()));
                    files++;
                }
            }
            Map<String, byte[]> trailing = trailer.entries(method, List.copyOf(archived));
            FileTime now = FileTime.fromMillis(System.currentTimeMillis());
            for (Map.Entry<String, byte[]> entry : trailing.entrySet()) {
                String name = checkTrailingName(entry.getKey(), names);
                sink.bytes(name, now, 0644, entry.getValue());
            }
            sink.finish();
        } catch (IOException | UncheckedIOException e) {
            deleteQuietly(target);
            throw new SnapshotException("cannot zip " + dataDirectory + ": " + DataDirectoryTree.describe(e), e);
        } catch (RuntimeException | Error e) {
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

    private static String checkTrailingName(String name, Set<String> taken) {
        if (name == null || name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.contains("\\")
                || ("/" + name + "/").contains("/../") || ("/" + name + "/").contains("/./")) {
            throw new SnapshotException("extra entry name '" + name + "' is not a relative file name");
        }
        if (!taken.add(name)) {
            throw new SnapshotException("extra entry '" + name + "' would repeat an entry of the archive");
        }
        return name;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // reported by the caller's cleanup, which deletes the work folder's leftovers too
        }
    }

    /** Where entries go: commons-compress on one thread, or the parallel deflater. */
    private interface EntrySink extends AutoCloseable {
        void directory(String name, FileTime mtime, int permissions) throws IOException;

        /** @return bytes read, equal to {@code expectedSize} */
        long file(String name, FileTime mtime, int permissions, Path file, long expectedSize) throws IOException;

        void bytes(String name, FileTime mtime, int permissions, byte[] content) throws IOException;

        void finish() throws IOException;

        @Override
        void close() throws IOException;
    }

    private static final class CommonsCompressSink implements EntrySink {
        private final ZipArchiveOutputStream zip;
        private final byte[] buffer = new byte[BUFFER_BYTES];
        private final Checkpoint checkpoint;
        private boolean finished;

        CommonsCompressSink(OutputStream out, int level, Checkpoint checkpoint) {
            this.checkpoint = checkpoint;
            zip = new ZipArchiveOutputStream(out);
            zip.setLevel(level);
            zip.setUseZip64(Zip64Mode.AsNeeded);
        }

        @Override
        public void directory(String name, FileTime mtime, int permissions) throws IOException {
            ZipArchiveEntry entry = new ZipArchiveEntry(name);
            entry.setLastModifiedTime(mtime);
            entry.setUnixMode(0040000 | permissions);
            zip.putArchiveEntry(entry);
            zip.closeArchiveEntry();
        }

        @Override
        public long file(String name, FileTime mtime, int permissions, Path file, long expectedSize) throws IOException {
            ZipArchiveEntry entry = entry(name, mtime, permissions, expectedSize);
            zip.putArchiveEntry(entry);
            long copied = 0;
            try (InputStream in = Files.newInputStream(file)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    checkpoint.check();
                    zip.write(buffer, 0, n);
                    copied += n;
                }
            } catch (IOException e) {
                throw new IOException("cannot read " + file + ": " + DataDirectoryTree.describe(e), e);
            }
            if (copied != expectedSize) {
                // MySQL is down, so a file changing size means something else writes to the data directory
                throw new IOException(file + " changed size while being read (" + expectedSize + " -> " + copied + " bytes)");
            }
            zip.closeArchiveEntry();
            return copied;
        }

        @Override
        public void bytes(String name, FileTime mtime, int permissions, byte[] content) throws IOException {
            zip.putArchiveEntry(entry(name, mtime, permissions, content.length));
            zip.write(content);
            zip.closeArchiveEntry();
        }

        private static ZipArchiveEntry entry(String name, FileTime mtime, int permissions, long size) {
            ZipArchiveEntry entry = new ZipArchiveEntry(name);
            entry.setLastModifiedTime(mtime);
            entry.setUnixMode(0100000 | permissions);
            entry.setSize(size);
            return entry;
        }

        @Override
        public void finish() throws IOException {
            zip.finish();
            finished = true;
        }

        @Override
        public void close() throws IOException {
            // unfinished, closing would write a central directory into an archive that is deleted anyway
            if (finished) {
                zip.close();
            }
        }
    }

    private static final class ParallelSink implements EntrySink {
        private final ParallelDeflateZipWriter writer;

        ParallelSink(OutputStream out, int level, int threads, Checkpoint checkpoint) {
            writer = new ParallelDeflateZipWriter(out, level, threads, checkpoint);
        }

        @Override
        public void directory(String name, FileTime mtime, int permissions) throws IOException {
            writer.directory(name, mtime, permissions);
        }

        @Override
        public long file(String name, FileTime mtime, int permissions, Path file, long expectedSize) throws IOException {
            return writer.file(name, mtime, permissions, file, expectedSize);
        }

        @Override
        public void bytes(String name, FileTime mtime, int permissions, byte[] content) throws IOException {
            writer.bytes(name, mtime, permissions, content);
        }

        @Override
        public void finish() throws IOException {
            writer.finish();
        }

        @Override
        public void close() {
            writer.close();
        }
    }
}
