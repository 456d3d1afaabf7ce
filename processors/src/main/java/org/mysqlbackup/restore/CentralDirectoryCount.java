package org.mysqlbackup.restore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Counts a zip's central directory records by walking them, without building an entry object
 * for each: commons-compress reads the whole central directory into memory when it opens a
 * {@code ZipFile}, so an archive of ten million empty entries would exhaust the heap before any
 * check could refuse it. The count in the end record is not trusted (a reader goes by the records);
 * the walk stops as soon as the limit is passed.
 */
final class CentralDirectoryCount {
    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
    private static final int CFH_SIGNATURE = 0x02014b50;
    private static final int EOCD_MIN = 22;
    private static final int MAX_COMMENT = 0xffff;
    private static final int CFH_FIXED = 46;

    private CentralDirectoryCount() {
    }

    /**
     * Central directory records of {@code zip}, or {@code limit + 1} once it has more than {@code limit}.
     *
     * @throws NotAZipException when no end of central directory record can be found
     */
    static long count(Path zip, long limit) throws IOException, NotAZipException {
        try (FileChannel file = FileChannel.open(zip, StandardOpenOption.READ)) {
            return count(file, limit);
        }
    }

    /** {@link #count(Path, long)} of the archive {@code file} reads (its position is moved). */
    static long count(SeekableByteChannel file, long limit) throws IOException, NotAZipException {
        long size = file.size();
        long eocd = findEndRecord(file, size);
        ByteBuffer end = read(file, eocd, EOCD_MIN);
        long offset = Integer.toUnsignedLong(end.getInt(16));
        if (offset == 0xffffffffL || Short.toUnsignedInt(end.getShort(10)) == 0xffff) {
            offset = zip64Offset(file, eocd, offset);
        }
        if (offset < 0 || offset > eocd) {
            throw new NotAZipException("its central directory starts at " + offset + ", outside the file");
        }
        long count = 0;
        long position = offset;
        ByteBuffer header = ByteBuffer.allocate(CFH_FIXED).order(ByteOrder.LITTLE_ENDIAN);
        while (position + CFH_FIXED <= eocd) {
            header.clear();
            readFully(file, header, position);
            if (header.getInt(0) != CFH_SIGNATURE) {
                break;
            }
            if (++count > limit) {
                return count;
            }
            position += CFH_FIXED + Short.toUnsignedInt(header.getShort(28))
                    + Short.toUnsignedInt(header.getShort(30)) + Short.toUnsignedInt(header.getShort(32));
        }
        return count;
    }

    private static long findEndRecord(SeekableByteChannel file, long size) throws IOException, NotAZipException {
        if (size < EOCD_MIN) {
            throw new NotAZipException("it is " + size + " bytes, shorter than any zip");
        }
        int tail = (int) Math.min(size, EOCD_MIN + MAX_COMMENT);
        ByteBuffer buffer = read(file, size - tail, tail);
        for (int i = tail - EOCD_MIN; i >= 0; i--) {
            if (buffer.getInt(i) == EOCD_SIGNATURE) {
                return size - tail + i;
            }
        }
        throw new NotAZipException("it has no end of central directory record");
    }

    private static long zip64Offset(SeekableByteChannel file, long eocd, long fallback) throws IOException {
        if (eocd < 20) {
            return fallback;
        }
        ByteBuffer locator = read(file, eocd - 20, 20);
        if (locator.getInt(0) != ZIP64_LOCATOR_SIGNATURE) {
            return fallback;
        }
        long zip64End = locator.getLong(8);
        if (zip64End < 0 || zip64End + 56 > eocd) {
            return fallback;
        }
        ByteBuffer record = read(file, zip64End, 56);
        return record.getInt(0) == ZIP64_EOCD_SIGNATURE ? record.getLong(48) : fallback;
    }

    private static ByteBuffer read(SeekableByteChannel file, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, buffer, position);
        return buffer;
    }

    private static void readFully(SeekableByteChannel file, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        file.position(at);
        while (buffer.hasRemaining()) {
            int n = file.read(buffer);
            if (n < 0) {
                throw new IOException("unexpected end of file at " + at);
            }
            at += n;
        }
    }

    /** The file is not a zip archive at all. */
    static final class NotAZipException extends Exception {
        NotAZipException(String reason) {
            super(reason);
        }
    }
}
