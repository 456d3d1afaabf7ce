package org.mysqlbackup.verify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.mysqlbackup.snapshot.BackupManifest;
import org.mysqlbackup.snapshot.SnapshotException;

/**
 * Re-reads one stored backup and says whether it is still what was stored: the whole file's
 * SHA-256 against the one recorded at finalize, and the archive's own structure (the central
 * directory reads, every entry inflates to its end with the size and CRC-32 the directory records,
 * {@code backup-manifest.json} is there and parses). Both in one pass: the zip reader reads
 * through a {@link HashingChannel} that digests the file in order, so the file is read once (plus
 * its central directory, twice) and never held in memory. The file is opened read-only and
 * nothing about it changes, not even its modification time.
 */
public class BackupFileVerifier {
    /** Damaged entries named in one reason; the rest are counted. */
    private static final int NAMED_PROBLEMS = 3;
    /** As {@link BackupManifest#findIn} reads: larger than the manifest of a million files, so not one. */
    private static final int MAX_MANIFEST_BYTES = 256 << 20;
    private static final int BUFFER = 64 * 1024;

    private final Supplier<ReadRateLimiter> limiter;

    /** @param limiter the rate limiter each file is read under (one per run, so it may be shared) */
    public BackupFileVerifier(Supplier<ReadRateLimiter> limiter) {
        this.limiter = limiter;
    }

    /** @param maxBytesPerSecond read rate of each file, 0 for no limit ({@code verify.max-read-rate}) */
    public BackupFileVerifier(long maxBytesPerSecond) {
        this(() -> ReadRateLimiter.of(maxBytesPerSecond));
    }

    public BackupFileVerifier() {
        this(0);
    }

    /**
     * @param file           the stored file
     * @param recordedSize   its size as stored
     * @param recordedSha256 its whole-file SHA-256 recorded at finalize, hex
     */
    public Verdict verify(Path file, long recordedSize, String recordedSha256) throws InterruptedException {
        long started = System.nanoTime();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Verdict.missing("the file " + file + " is missing");
        } catch (IOException e) {
            return new Verdict(VerifyResult.CORRUPT, "the file cannot be examined: " + describe(e), 0, took(started));
        }
        if (!attributes.isRegularFile()) {
            return Verdict.missing(file + " is not a regular file (" + kind(attributes) + ")");
        }
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (attributes.size() != recordedSize) {
            problems.add("the file has " + attributes.size() + " bytes, " + recordedSize
                    + " were stored (truncated or written to since)");
        }
        long bytesRead = 0;
        try (FileChannel opened = FileChannel.open(file, StandardOpenOption.READ)) {
            HashingChannel channel = new HashingChannel(opened, sha256(), limiter.get());
            checkArchive(channel, problems, notes);
            byte[] digest = channel.finish();
            bytesRead = channel.bytesRead();
            String actual = HexFormat.of().formatHex(digest);
            if (!actual.equalsIgnoreCase(recordedSha256)) {
                problems.add("the file no longer matches its SHA-256 recorded at finalize (recorded "
                        + abbreviate(recordedSha256) + ", now " + abbreviate(actual) + ")");
            }
        } catch (NoSuchFileException e) {
            return Verdict.missing("the file " + file + " disappeared while it was read");
        } catch (java.io.InterruptedIOException e) {
            throw new InterruptedException("verify of " + file + " interrupted");
        } catch (IOException e) {
            problems.add("the file cannot be read: " + describe(e));
        }
        return problems.isEmpty()
                ? new Verdict(VerifyResult.INTACT, notes.isEmpty() ? null : String.join("; ", notes), bytesRead,
                        took(started))
                : new Verdict(VerifyResult.CORRUPT, String.join("; ", problems), bytesRead, took(started));
    }

    /**
     * A zip without a manifest whose bytes are those recorded at finalize is intact (a client from
     * before manifests wrote it): judged corrupt, retention would stop protecting what may be a
     * configuration's only copies. The verdict carries the note; restore and drill refuse it.
     */
    private static void checkArchive(HashingChannel channel, List<String> problems, List<String> notes)
            throws IOException {
        ZipFile zip;
        try {
            zip = ZipFile.builder().setSeekableByteChannel(channel).get();
        } catch (java.io.InterruptedIOException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            problems.add("the zip's central directory cannot be read: " + describe(e));
            channel.startHashing();
            return;
        }
        channel.position(0);
        channel.startHashing();
        List<String> damaged = new ArrayList<>();
        int entries = 0;
        boolean manifestFound = false;
        byte[] buffer = new byte[BUFFER];
        for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
            entries++;
            boolean manifest = entry.getName().equals(BackupManifest.ENTRY_NAME);
            ByteArrayOutputStream json = manifest ? new ByteArrayOutputStream() : null;
            String problem = readEntry(zip, entry, buffer, json);
            if (problem != null) {
                damaged.add("entry '" + entry.getName() + "' " + problem);
            } else if (manifest) {
                manifestFound = true;
                try {
                    BackupManifest.fromJson(json.toByteArray());
                } catch (SnapshotException e) {
                    problems.add(BackupManifest.ENTRY_NAME + " does not parse: " + e.getMessage());
                }
            }
        }
        if (!damaged.isEmpty()) {
            problems.add(String.join(", ", damaged.subList(0, Math.min(NAMED_PROBLEMS, damaged.size())))
                    + (damaged.size() > NAMED_PROBLEMS ? " and " + (damaged.size() - NAMED_PROBLEMS)
                    + " more damaged entries" : "") + " (of " + entries + " entries)");
        }
        if (!manifestFound && damaged.stream().noneMatch(d -> d.startsWith("entry '" + BackupManifest.ENTRY_NAME + "'"))) {
            notes.add("the archive has no " + BackupManifest.ENTRY_NAME + " (written before manifests: restore and"
                    + " drill refuse it; unpack it by hand, see the README)");
        }
        // closing the zip would close the channel, which still has to finish the digest
    }

    /** @return what is wrong with the entry, or null */
    private static String readEntry(ZipFile zip, ZipArchiveEntry entry, byte[] buffer, ByteArrayOutputStream keep)
            throws java.io.InterruptedIOException {
        if (entry.isDirectory() && entry.getSize() == 0) {
            return null;
        }
        if (!zip.canReadEntryData(entry)) {
            return "uses a compression this reader does not know (method " + entry.getMethod() + ")";
        }
        CRC32 crc = new CRC32();
        long size = 0;
        try (InputStream in = zip.getInputStream(entry)) {
            for (int n; (n = in.read(buffer)) != -1; ) {
                crc.update(buffer, 0, n);
                size += n;
                if (keep != null) {
                    if (keep.size() + n > MAX_MANIFEST_BYTES) {
                        return "is larger than a manifest can be";
                    }
                    keep.write(buffer, 0, n);
                }
            }
        } catch (java.io.InterruptedIOException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            return "cannot be read to its end: " + describe(e);
        }
        if (entry.getSize() >= 0 && size != entry.getSize()) {
            return "inflates to " + size + " bytes, the central directory says " + entry.getSize();
        }
        if (entry.getCrc() >= 0 && crc.getValue() != entry.getCrc()) {
            return String.format(Locale.ROOT, "fails its CRC-32 check (recorded %08x, read %08x)", entry.getCrc(),
                    crc.getValue());
        }
        return null;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    private static String kind(BasicFileAttributes attributes) {
        return attributes.isDirectory() ? "a folder" : attributes.isSymbolicLink() ? "a symbolic link" : "not a file";
    }

    private static String abbreviate(String hex) {
        return hex == null || hex.length() <= 16 ? String.valueOf(hex) : hex.substring(0, 16) + "...";
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // commons-compress says "Error reading Zip content from <channel>" and puts the reason in the cause
        Throwable cause = e.getCause();
        return cause == null || cause == e ? message
                : message.replaceFirst(" from \\S+$", "") + ": " + describe(cause);
    }

    private static Duration took(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
