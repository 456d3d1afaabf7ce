package org.mysqlbackup.restore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;
import org.mysqlbackup.config.FileTrees;
import org.mysqlbackup.snapshot.ArchivedFile;
import org.mysqlbackup.snapshot.BackupManifest;
import org.mysqlbackup.snapshot.SnapshotException;

/**
 * Unpacks a backup zip into a data directory, refusing anything the backup client would not
 * have written. Everything is checked from the central directory and the manifest
 * ({@value BackupManifest#ENTRY_NAME}) before the first byte is written:
 * <ol>
 *   <li>the number of entries (walked, not trusted from the end record) is within the limit;</li>
 *   <li>the manifest is there once and parses;</li>
 *   <li>every name is relative, without {@code ..}, {@code .}, empty segments, drive letters,
 *       backslashes or control characters, and no two names are the same (after Unicode NFC), and
 *       no file is also a folder of another entry;</li>
 *   <li>every entry is a regular file or a folder (a symbolic link, device, FIFO or socket
 *       type in the Unix mode is refused: zip has no hard links, so a link is the only way an
 *       entry points elsewhere), stored or deflated, not encrypted;</li>
 *   <li>the files are exactly those the manifest lists, each with the size it lists;</li>
 *   <li>the total is within the limit and fits in the free space of the target's file system.</li>
 * </ol>
 * While writing, every entry's bytes are counted and its CRC-32 computed: an entry that inflates
 * past its declared size is stopped at that size, refused, and what was written removed.
 *
 * <p>The files go into a hidden staging folder on the target's file system
 * ({@code .<name>.restore-<random>} beside a target that does not exist yet; inside an empty
 * existing target, which may be a mount point, {@code <target>/.restore-<random>}), each fsynced,
 * and are renamed into place only when all of them were written and checked; a refusal or a
 * failure deletes the staging folder, so the target is as it was and nothing is left behind. Modes
 * come from the archive without setuid, setgid and sticky bits; modification times too.
 *
 * <p>The manifest is written beside the data directory, not inside it (MySQL would find a stray
 * file in its data directory): {@code <target>.backup-manifest.json}, replacing an older one.
 *
 * <p>Files are written by {@code writers} threads at once, each taking the next entry in the
 * order of the archive (inflating is what takes the time; a data directory has a few large
 * files and many small ones). The archive may still be arriving ({@link ZipSource}): the reads
 * wait for their bytes, and the source's {@link ZipSource#awaitIntact()} is passed before the
 * staging folder goes into place.
 */
public final class ArchiveExtractor {
    public static final String MANIFEST_SUFFIX = ".backup-manifest.json";
    private static final int BUFFER_BYTES = 1 << 20;
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final long MAX_MANIFEST_BYTES = 256L << 20;

    private final ExtractionLimits limits;
    private final int writers;

    /** One writer thread. */
    public ArchiveExtractor(ExtractionLimits limits) {
        this(limits, 1);
    }

    /** @param writers threads writing files at once (the cores, usually: inflating is CPU work) */
    public ArchiveExtractor(ExtractionLimits limits, int writers) {
        if (writers < 1) {
            throw new IllegalArgumentException("at least one writer thread, not " + writers);
        }
        this.limits = limits;
        this.writers = writers;
    }

    /** Where {@link #extract} writes the manifest of a backup unpacked into {@code target}. */
    public static Path manifestFileOf(Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        return absolute.resolveSibling(absolute.getFileName() + MANIFEST_SUFFIX);
    }

    /**
     * Unpacks {@code zip} into {@code target}, which must not exist or be an empty folder.
     *
     * @throws ArchiveRefusedException the archive is not what the backup client writes; nothing written
     * @throws IOException             the archive cannot be read or the target not written (disk full,
     *                                 permissions, a target that is not empty); nothing left behind
     */
    public ExtractedBackup extract(Path zip, Path target, ExtractionProgress progress)
            throws IOException, ArchiveRefusedException {
        return extract(ZipSource.of(zip), target, progress);
    }

    /**
     * Unpacks the archive {@code source} reads into {@code target}, as {@link #extract(Path, Path,
     * ExtractionProgress)} does; the files go into place only after {@link ZipSource#awaitIntact()}.
     */
    public ExtractedBackup extract(ZipSource source, Path target, ExtractionProgress progress)
            throws IOException, ArchiveRefusedException {
        Path absoluteTarget = target.toAbsolutePath().normalize();
        if (absoluteTarget.getParent() == null) {
            throw new IOException("cannot restore into " + absoluteTarget + ": choose a folder below the root");
        }
        boolean targetExists = Files.exists(absoluteTarget, LinkOption.NOFOLLOW_LINKS);
        if (targetExists) {
            requireEmptyFolder(absoluteTarget);
        } else if (!Files.isDirectory(absoluteTarget.getParent())) {
            throw new IOException("cannot restore into " + absoluteTarget + ": " + absoluteTarget.getParent()
                    + " is not a folder");
        }
        String name = source.name();
        try (SeekableByteChannel channel = source.open()) {
            long entryCount;
            try {
                entryCount = CentralDirectoryCount.count(channel, limits.maxEntries());
            } catch (CentralDirectoryCount.NotAZipException e) {
                throw new ArchiveRefusedException(name, "not a zip archive: " + e.getMessage());
            }
            if (entryCount > limits.maxEntries()) {
                throw new ArchiveRefusedException(name, "it holds more than " + limits.maxEntries()
                        + " entries (the limit, restore.max-entries)");
            }
            try (ZipFile file = open(channel, name)) {
                Plan plan = plan(file, name);
                checkSpace(absoluteTarget, plan.bytes);
                return write(new Archive(file, channel), source, plan, absoluteTarget, targetExists, progress);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (ArchiveRefusedException e) {
            // bytes that never came are the source's failure, not a malformed archive
            Optional<IOException> stopped = source.failure();
            if (stopped.isPresent()) {
                stopped.get().addSuppressed(e);
                throw stopped.get();
            }
            throw e;
        }
    }

    /** The local file headers are read only when an entry is: the archive may still be arriving. */
    private static ZipFile open(SeekableByteChannel channel, String name) throws IOException, ArchiveRefusedException {
        try {
            return ZipFile.builder().setSeekableByteChannel(channel).setIgnoreLocalFileHeader(true).get();
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ArchiveRefusedException(name, "its central directory cannot be read: " + e.getMessage());
        }
    }

    /** What will be written, every check that needs no writing done. */
    private Plan plan(ZipFile file, String name) throws ArchiveRefusedException, IOException {
        List<ZipArchiveEntry> all = Collections.list(file.getEntries());
        byte[] manifestJson = readManifest(file, name);
        BackupManifest manifest;
        try {
            manifest = BackupManifest.fromJson(manifestJson);
        } catch (SnapshotException e) {
            throw new ArchiveRefusedException(name, e.getMessage());
        }
        Map<String, Long> declared = new HashMap<>();
        long bytes = 0;
        for (ArchivedFile listed : manifest.files()) {
            String problem = EntryNames.problem(listed.path());
            if (problem != null) {
                throw new ArchiveRefusedException(name, "the manifest lists an unacceptable file: " + problem);
            }
            if (listed.size() < 0) {
                throw new ArchiveRefusedException(name, "the manifest lists '" + listed.path() + "' with size "
                        + listed.size());
            }
            if (declared.put(EntryNames.key(listed.path()), listed.size()) != null) {
                throw new ArchiveRefusedException(name, "the manifest lists '" + listed.path() + "' twice");
            }
            bytes += listed.size();
        }
        if (bytes > limits.maxBytes()) {
            throw new ArchiveRefusedException(name, "the manifest declares " + bytes + " bytes, more than the limit of "
                    + limits.maxBytes());
        }
        Set<String> seen = new HashSet<>();
        Set<String> files = new HashSet<>();
        int fileEntries = 0;
        for (ZipArchiveEntry entry : all) {
            String raw = entry.getName();
            boolean directory = entry.isDirectory();
            String entryName = directory ? raw.substring(0, raw.length() - 1) : raw;
            String problem = EntryNames.problem(entryName);
            if (problem != null) {
                throw new ArchiveRefusedException(name, problem);
            }
            String shown = "'" + EntryNames.printable(raw) + "'";
            if (!seen.add(EntryNames.key(entryName))) {
                throw new ArchiveRefusedException(name, "entry " + shown + " appears twice (names compared after"
                        + " Unicode normalisation, a file and a folder of the same name included)");
            }
            checkType(name, entry, shown, directory);
            if (directory && entry.getSize() > 0) {
                throw new ArchiveRefusedException(name, "folder entry " + shown + " has " + entry.getSize()
                        + " bytes of content");
            }
            if (!directory) {
                files.add(EntryNames.key(entryName));
                fileEntries++;
            }
        }
        if (fileEntries != manifest.files().size() + 1) {
            throw new ArchiveRefusedException(name, "it holds " + (fileEntries - 1) + " files besides the manifest but"
                    + " the manifest lists " + manifest.files().size());
        }
        List<ZipArchiveEntry> toWrite = new ArrayList<>();
        for (ZipArchiveEntry entry : all) {
            String raw = entry.getName();
            if (!entry.isDirectory() && !raw.equals(BackupManifest.ENTRY_NAME)) {
                String shown = "'" + EntryNames.printable(raw) + "'";
                Long size = declared.get(EntryNames.key(raw));
                if (size == null) {
                    throw new ArchiveRefusedException(name, "entry " + shown + " is not in the manifest");
                }
                if (entry.getSize() != size) {
                    throw new ArchiveRefusedException(name, "entry " + shown + " declares " + entry.getSize()
                            + " bytes but the manifest lists " + size);
                }
            }
            toWrite.add(entry);
        }
        for (String listed : declared.keySet()) {
            if (!files.contains(listed)) {
                throw new ArchiveRefusedException(name, "the manifest lists '" + listed + "' but the archive does"
                        + " not hold it");
            }
        }
        for (ZipArchiveEntry entry : toWrite) {
            String entryName = entry.isDirectory() ? entry.getName().substring(0, entry.getName().length() - 1)
                    : entry.getName();
            for (int slash = entryName.indexOf('/'); slash >= 0; slash = entryName.indexOf('/', slash + 1)) {
                if (files.contains(EntryNames.key(entryName.substring(0, slash)))) {
                    throw new ArchiveRefusedException(name, "entry '" + EntryNames.printable(entry.getName())
                            + "' lies under '" + entryName.substring(0, slash) + "', which is a file");
                }
            }
        }
        return new Plan(manifest, manifestJson, toWrite, bytes);
    }

    private static byte[] readManifest(ZipFile file, String name) throws ArchiveRefusedException, IOException {
        List<ZipArchiveEntry> found = new ArrayList<>();
        file.getEntries(BackupManifest.ENTRY_NAME).forEach(found::add);
        if (found.isEmpty()) {
            throw new ArchiveRefusedException(name, "it holds no " + BackupManifest.ENTRY_NAME + ", so it cannot be"
                    + " checked before unpacking (an archive from before manifests: unpack it by hand, see the README)");
        }
        if (found.size() > 1) {
            throw new ArchiveRefusedException(name, "entry '" + BackupManifest.ENTRY_NAME + "' appears twice");
        }
        ZipArchiveEntry entry = found.get(0);
        if (entry.getSize() > MAX_MANIFEST_BYTES) {
            throw new ArchiveRefusedException(name, "its manifest declares " + entry.getSize()
                    + " bytes, more than a manifest can be");
        }
        checkType(name, entry, "'" + BackupManifest.ENTRY_NAME + "'", false);
        try (InputStream in = file.getInputStream(entry)) {
            byte[] json = in.readNBytes((int) Math.max(0, entry.getSize()) + 1);
            if (json.length != entry.getSize()) {
                throw new ArchiveRefusedException(name, "its manifest declares " + entry.getSize() + " bytes but holds "
                        + (json.length > entry.getSize() ? "more" : json.length));
            }
            return json;
        } catch (IOException e) {
            throw new ArchiveRefusedException(name, "its manifest cannot be read: " + e.getMessage());
        }
    }

    private static void checkType(String name, ZipArchiveEntry entry, String shown, boolean directory)
            throws ArchiveRefusedException {
        if (entry.isUnixSymlink()) {
            throw new ArchiveRefusedException(name, "entry " + shown + " is a symbolic link");
        }
        int type = entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? entry.getUnixMode() & S_IFMT : 0;
        if (type != 0 && type != (directory ? S_IFDIR : S_IFREG)) {
            throw new ArchiveRefusedException(name, "entry " + shown + " is " + typeName(type) + ", not a "
                    + (directory ? "folder" : "regular file"));
        }
        int method = entry.getMethod();
        if (method != ZipMethod.STORED.getCode() && method != ZipMethod.DEFLATED.getCode()) {
            throw new ArchiveRefusedException(name, "entry " + shown + " uses compression method " + method
                    + " (the backup client writes only stored and deflated entries)");
        }
        if (entry.getGeneralPurposeBit().usesEncryption()) {
            throw new ArchiveRefusedException(name, "entry " + shown + " is encrypted");
        }
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0120000 -> "a symbolic link";
            case 0140000 -> "a socket";
            case 0060000 -> "a block device";
            case 0020000 -> "a character device";
            case 0010000 -> "a FIFO";
            case S_IFDIR -> "a folder";
            case S_IFREG -> "a regular file";
            default -> "of unknown type " + Integer.toOctalString(type);
        };
    }

    private static void requireEmptyFolder(Path target) throws IOException {
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("cannot restore into " + target + ": it exists and is not a folder");
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(target)) {
            if (children.iterator().hasNext()) {
                throw new IOException("cannot restore into " + target + ": it is not empty");
            }
        }
    }

    private static void checkSpace(Path target, long bytes) throws IOException {
        Path existing = Files.exists(target) ? target : target.getParent();
        long usable = Files.getFileStore(existing).getUsableSpace();
        if (usable < bytes) {
            throw new IOException("cannot restore into " + target + ": the backup unpacks to " + bytes
                    + " bytes and its file system has " + usable + " free");
        }
    }

    private ExtractedBackup write(Archive file, ZipSource source, Plan plan, Path target, boolean targetExists,
                                  ExtractionProgress progress) throws IOException, ArchiveRefusedException {
        String name = source.name();
        String random = UUID.randomUUID().toString().substring(0, 8);
        Path staging = targetExists ? target.resolve(".restore-" + random)
                : target.resolveSibling("." + target.getFileName() + ".restore-" + random);
        Path manifestFile = manifestFileOf(target);
        Path manifestPart = manifestFile.resolveSibling("." + manifestFile.getFileName() + "." + random + ".part");
        boolean done = false;
        try {
            Files.createDirectory(staging);
            Files.setPosixFilePermissions(staging, EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
            Counter counter = new Counter(progress, plan.bytes);
            List<ZipArchiveEntry> folders = new ArrayList<>();
            List<ZipArchiveEntry> regular = new ArrayList<>();
            long entries = 0;
            for (ZipArchiveEntry entry : plan.entries) {
                if (entry.getName().equals(BackupManifest.ENTRY_NAME)) {
                    continue;
                }
                Path path = resolveInside(staging, entry.getName(), name);
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    folders.add(entry);
                } else {
                    Files.createDirectories(path.getParent());
                    regular.add(entry);
                }
                entries++;
            }
            // in the order the bytes lie in the archive, which is the order they arrive in
            regular.sort(Comparator.comparingLong(ZipArchiveEntry::getLocalHeaderOffset));
            writeFiles(file, regular, staging, name, counter);
            source.awaitIntact();
            // folders last, deepest first: their modes may forbid writing, their times change with every child
            folders.sort((a, b) -> b.getName().compareTo(a.getName()));
            for (ZipArchiveEntry folder : folders) {
                Path path = resolveInside(staging, folder.getName(), name);
                applyMode(path, folder, true);
                Files.setLastModifiedTime(path, folder.getLastModifiedTime());
            }
            writeManifest(manifestPart, plan.manifestJson);
            moveIntoPlace(staging, target, targetExists);
            move(manifestPart, manifestFile);
            syncDirectory(target);
            syncDirectory(target.getParent());
            done = true;
            return new ExtractedBackup(target, manifestFile, plan.manifest, entries, counter.done);
        } finally {
            if (!done) {
                FileTrees.delete(staging);
                Files.deleteIfExists(manifestPart);
            }
        }
    }

    /** Writes the files, {@code writers} at a time; the first failure stops the others and is thrown. */
    private void writeFiles(Archive file, List<ZipArchiveEntry> regular, Path staging, String name, Counter counter)
            throws IOException, ArchiveRefusedException {
        int threads = Math.min(writers, regular.size());
        if (threads <= 1) {
            EntryCopier copier = new EntryCopier(BUFFER_BYTES, "restore-write-behind");
            try {
                for (ZipArchiveEntry entry : regular) {
                    writeFile(file, entry, resolveInside(staging, entry.getName(), name), name, counter, copier);
                }
            } finally {
                copier.close();
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String threadName = "restore-writer-" + (t + 1);
            Thread thread = new Thread(() -> {
                EntryCopier copier = new EntryCopier(BUFFER_BYTES, threadName + "-write-behind");
                try {
                    for (int i = next.getAndIncrement(); i < regular.size() && failure.get() == null;
                         i = next.getAndIncrement()) {
                        ZipArchiveEntry entry = regular.get(i);
                        try {
                            writeFile(file, entry, resolveInside(staging, entry.getName(), name), name, counter, copier);
                        } catch (Exception | Error e) {
                            failure.compareAndSet(null, e instanceof Exception exception ? exception
                                    : new IOException("writing '" + EntryNames.printable(entry.getName()) + "' failed: " + e, e));
                        }
                    }
                } finally {
                    copier.close();
                }
            }, threadName);
            thread.setDaemon(true);
            thread.start();
            running.add(thread);
        }
        boolean interrupted = false;
        for (Thread thread : running) {
            // each writer's reads and writes are bounded (a stalled fetch fails its reads), so is this
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                    failure.compareAndSet(null, new java.io.InterruptedIOException("the restore was interrupted"));
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Exception failed = failure.get();
        if (failed instanceof ArchiveRefusedException refused) {
            throw refused;
        }
        if (failed instanceof IOException io) {
            throw io;
        }
        if (failed instanceof UncheckedIOException unchecked) {
            throw unchecked.getCause();
        }
        if (failed != null) {
            throw new IOException("unpacking failed: " + failed, failed);
        }
    }

    private static Path resolveInside(Path staging, String entryName, String name) throws ArchiveRefusedException {
        Path path = staging.resolve(entryName).normalize();
        if (!path.startsWith(staging) || path.equals(staging)) {
            throw new ArchiveRefusedException(name, "entry '" + EntryNames.printable(entryName) + "' leaves the target");
        }
        return path;
    }

    private static void writeFile(Archive file, ZipArchiveEntry entry, Path path, String name, Counter counter,
                                  EntryCopier copier) throws IOException, ArchiveRefusedException {
        long declared = entry.getSize();
        boolean deflated = entry.getMethod() == ZipMethod.DEFLATED.getCode();
        try (InputStream raw = openRaw(file, entry);
             FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                     LinkOption.NOFOLLOW_LINKS)) {
            long crc = copier.copy(raw, deflated, declared, out, counter::add);
            if (entry.getCrc() != -1 && crc != entry.getCrc()) {
                throw new ArchiveRefusedException(name, "entry '" + EntryNames.printable(entry.getName())
                        + "' is damaged (CRC-32 " + Long.toHexString(crc) + ", declared "
                        + Long.toHexString(entry.getCrc()) + ")");
            }
            out.force(true);
        } catch (EntryCopier.BadEntryException e) {
            throw new ArchiveRefusedException(name, "entry '" + EntryNames.printable(entry.getName()) + "' "
                    + e.getMessage());
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new ArchiveRefusedException(name, "entry '" + EntryNames.printable(entry.getName())
                    + "' cannot be inflated: " + e.getMessage());
        }
        applyMode(path, entry, false);
        FileTime mtime = entry.getLastModifiedTime();
        if (mtime != null) {
            Files.setLastModifiedTime(path, mtime);
        }
    }

    /**
     * An entry's compressed bytes, as the archive holds them. Opening it reads its local file
     * header through buffers the ZipFile shares, at the channel's position, so it holds the lock
     * the entry streams take for their reads of a channel that is not a FileChannel (theirs are
     * positioned reads otherwise).
     */
    private static InputStream openRaw(Archive archive, ZipArchiveEntry entry) throws IOException {
        synchronized (archive.channel()) {
            return archive.zip().getRawInputStream(entry);
        }
    }

    private static void applyMode(Path path, ZipArchiveEntry entry, boolean directory) throws IOException {
        int mode = entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? entry.getUnixMode() & 0777 : 0;
        if (mode == 0) {
            mode = directory ? 0750 : 0640;
        }
        // the restore must be able to finish (and move aside later) what it wrote
        mode |= directory ? 0700 : 0600;
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values();
        for (int bit = 0; bit < 9; bit++) {
            if ((mode & (1 << (8 - bit))) != 0) {
                permissions.add(all[bit]);
            }
        }
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX modes keeps its defaults
        }
    }

    private static void writeManifest(Path part, byte[] json) throws IOException {
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(json);
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
    }

    private static void moveIntoPlace(Path staging, Path target, boolean targetExists) throws IOException {
        if (!targetExists) {
            move(staging, target);
            return;
        }
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(staging)) {
            stream.forEach(children::add);
        }
        for (Path child : children) {
            Files.move(child, target.resolve(child.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        Files.delete(staging);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not every file system lets a folder be synced; the files themselves are
        }
    }

    /**
     * Removes a restored data directory that is not wanted after all (its swap into place did not
     * happen) and its manifest file beside it.
     */
    public static void remove(Path dataDirectory) throws IOException {
        FileTrees.delete(dataDirectory);
        Files.deleteIfExists(manifestFileOf(dataDirectory));
    }

    /** The opened archive and the channel it reads. */
    private record Archive(ZipFile zip, SeekableByteChannel channel) {
    }

    private record Plan(BackupManifest manifest, byte[] manifestJson, List<ZipArchiveEntry> entries, long bytes) {
    }

    /** Bytes written, told to the caller after every buffer. */
    private static final class Counter {
        private final ExtractionProgress progress;
        private final long total;
        private long done;

        Counter(ExtractionProgress progress, long total) {
            this.progress = progress;
            this.total = total;
        }

        synchronized void add(long bytes) {
            done += bytes;
            try {
                progress.bytes(done, total);
            } catch (RuntimeException e) {
                // a progress line that fails must not fail the restore
            }
        }
    }
}
