package org.mysqlbackup.restore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.mysqlbackup.snapshot.ArchivedFile;
import org.mysqlbackup.snapshot.BackupManifest;

/**
 * Writes zip archives byte by byte, so a test can make one that no well-behaved library would:
 * names with {@code ..} or a drive letter, symbolic link entries, duplicates, sizes that lie.
 * Each entry's data is compressed in memory; a "bomb" entry is generated as zeros through the
 * deflater, so a gibibyte of content never exists anywhere.
 */
final class HostileZip {
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Long> manifestFiles = new LinkedHashMap<>();

    private record Entry(String name, byte[] data, int method, long crc, long size, int unixMode) {
    }

    /** A regular file, deflated, listed in the manifest with its size. */
    HostileZip file(String name, byte[] content) {
        return unlistedFile(name, content).list(name, content.length);
    }

    /** A regular file the manifest does not list. */
    HostileZip unlistedFile(String name, byte[] content) {
        return raw(name, deflate(content), 8, crc(content), content.length, S_IFREG | 0640);
    }

    HostileZip folder(String name) {
        return raw(name.endsWith("/") ? name : name + "/", new byte[0], 0, 0, 0, S_IFDIR | 0750);
    }

    /** A symbolic link entry, as Info-ZIP writes one: the link target is the content. */
    HostileZip symlink(String name, String pointsTo) {
        byte[] content = pointsTo.getBytes(StandardCharsets.UTF_8);
        return raw(name, content, 0, crc(content), content.length, S_IFLNK | 0777);
    }

    /** An entry of {@code actualBytes} zeros that declares (and the manifest lists) only {@code declaredBytes}. */
    HostileZip bomb(String name, long declaredBytes, long actualBytes) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        byte[] buffer = new byte[1 << 16];
        for (long left = actualBytes; left > 0; left -= zeros.length) {
            deflater.setInput(zeros, 0, (int) Math.min(zeros.length, left));
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        raw(name, out.toByteArray(), 8, crc(new byte[(int) declaredBytes]), declaredBytes, S_IFREG | 0640);
        return list(name, declaredBytes);
    }

    /** Any entry, exactly as given. */
    HostileZip raw(String name, byte[] storedData, int method, long crc, long declaredSize, int unixMode) {
        entries.add(new Entry(name, storedData, method, crc, declaredSize, unixMode));
        return this;
    }

    /** Lists a file in the manifest without adding an entry. */
    HostileZip list(String name, long size) {
        manifestFiles.put(name, size);
        return this;
    }

    /** Writes the archive with the manifest (of the files listed so far) as its last entry. */
    Path write(Path zip) throws IOException {
        List<ArchivedFile> files = new ArrayList<>();
        manifestFiles.forEach((name, size) -> files.add(new ArchivedFile(name, size)));
        BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT_VERSION, "db-host", "main",
                "10.11.6-MariaDB", "/var/lib/mysql", "zip", "2026-12-01T02:00:00Z", Map.of(), files, null);
        byte[] json = manifest.toJson();
        List<Entry> all = new ArrayList<>(entries);
        all.add(new Entry(BackupManifest.ENTRY_NAME, deflate(json), 8, crc(json), json.length, S_IFREG | 0644));
        return writeWithout(zip, all);
    }

    /** Writes the archive as it is, without a manifest. */
    Path writeWithoutManifest(Path zip) throws IOException {
        return writeWithout(zip, entries);
    }

    private static Path writeWithout(Path zip, List<Entry> all) throws IOException {
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(zip), 1 << 16)) {
            long offset = 0;
            List<Long> offsets = new ArrayList<>();
            for (Entry e : all) {
                offsets.add(offset);
                byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
                ByteBuffer h = le(30 + name.length);
                h.putInt(0x04034b50).putShort((short) 20).putShort((short) 0x0800).putShort((short) e.method)
                        .putShort((short) 0).putShort((short) 0x5821).putInt((int) e.crc).putInt(e.data.length)
                        .putInt((int) e.size).putShort((short) name.length).putShort((short) 0).put(name);
                out.write(h.array());
                out.write(e.data);
                offset += h.capacity() + e.data.length;
            }
            long cdStart = offset;
            for (int i = 0; i < all.size(); i++) {
                Entry e = all.get(i);
                byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
                ByteBuffer c = le(46 + name.length);
                c.putInt(0x02014b50).putShort((short) (3 << 8 | 20)).putShort((short) 20).putShort((short) 0x0800)
                        .putShort((short) e.method).putShort((short) 0).putShort((short) 0x5821).putInt((int) e.crc)
                        .putInt(e.data.length).putInt((int) e.size).putShort((short) name.length)
                        .putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                        .putInt(e.unixMode << 16).putInt((int) (long) offsets.get(i)).put(name);
                out.write(c.array());
                offset += c.capacity();
            }
            int count = Math.min(all.size(), 0xffff);
            ByteBuffer end = le(22);
            end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) count)
                    .putShort((short) count).putInt((int) (offset - cdStart)).putInt((int) cdStart).putShort((short) 0);
            out.write(end.array());
        }
        return zip;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] deflate(byte[] content) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(content);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    static long crc(byte[] content) {
        CRC32 crc = new CRC32();
        crc.update(content);
        return crc.getValue();
    }
}
