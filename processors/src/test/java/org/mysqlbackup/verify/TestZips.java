package org.mysqlbackup.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.mysqlbackup.snapshot.BackupManifest;

/** Backup zips as the client makes them (data files, then the manifest), and ways to damage them. */
public final class TestZips {
    /** The content of the stored (not deflated) entry, so a byte of it can be changed in place. */
    static final byte[] STORED_CONTENT = "ibdata1 page 0 ".repeat(400).getBytes(StandardCharsets.US_ASCII);

    private TestZips() {
    }

    /** A backup zip with a deflated entry of {@code randomBytes}, a stored entry and the manifest. */
    public static Path backup(Path file, int randomBytes, boolean withManifest) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] random = new byte[randomBytes];
        new Random(randomBytes).nextBytes(random);
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            ZipArchiveEntry data = new ZipArchiveEntry("db/t1.ibd");
            zip.putArchiveEntry(data);
            zip.write(random);
            zip.closeArchiveEntry();
            ZipArchiveEntry stored = new ZipArchiveEntry("ibdata1");
            stored.setMethod(ZipArchiveEntry.STORED);
            stored.setSize(STORED_CONTENT.length);
            CRC32 crc = new CRC32();
            crc.update(STORED_CONTENT);
            stored.setCrc(crc.getValue());
            zip.putArchiveEntry(stored);
            zip.write(STORED_CONTENT);
            zip.closeArchiveEntry();
            if (withManifest) {
                zip.putArchiveEntry(new ZipArchiveEntry(BackupManifest.ENTRY_NAME));
                zip.write(BackupManifest.before("db-1", "main", "10.11.6-MariaDB", Path.of("/var/lib/mysql"),
                        List.of()).toJson());
                zip.closeArchiveEntry();
            }
        }
        return file;
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) != -1; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Flips every bit of the byte at {@code offset}; the size stays. */
    public static void flip(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= (byte) 0xFF;
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(bytes);
        }
    }

    /** Where {@code needle} first occurs in the file (last occurrence when {@code last}). */
    static int indexOf(Path file, byte[] needle, boolean last) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int found = -1;
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            boolean match = true;
            for (int j = 0; j < needle.length && match; j++) {
                match = bytes[i + j] == needle[j];
            }
            if (match) {
                if (!last) {
                    return i;
                }
                found = i;
            }
        }
        return found;
    }

    /** The offset of the central directory's first header. */
    static int centralDirectory(Path file) throws IOException {
        return indexOf(file, new byte[] {'P', 'K', 1, 2}, false);
    }
}
