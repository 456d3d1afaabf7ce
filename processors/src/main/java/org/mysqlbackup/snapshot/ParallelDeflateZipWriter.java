package org.mysqlbackup.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a zip whose file entries are deflated on several threads at once, the way pigz does it:
 * each entry is cut into 1 MiB chunks, every chunk is deflated on its own with the last 32 KiB of
 * the chunk before as its dictionary and ends on a byte boundary (a sync flush), and the pieces,
 * written in order, form one ordinary deflate stream. commons-compress's
 * {@code ParallelScatterZipCreator} parallelises whole entries only, which does nothing for a data
 * directory that is mostly one big tablespace, and it spools every entry to a temporary file.
 *
 * <p>The output is written strictly forward (the caller digests it as it goes), so every entry has
 * its CRC and sizes in a data descriptor after its data and in the central directory, as
 * commons-compress writes a zip to a stream. Zip64 records are used only where a size, an offset
 * or the entry count needs them. Memory is bounded by the chunks in flight (two per thread).
 */
final class ParallelDeflateZipWriter implements AutoCloseable {
    static final int CHUNK_BYTES = 1 << 20;
    private static final int DICTIONARY_BYTES = 32 * 1024;
    private static final long MAX_32 = 0xFFFFFFFFL;
    private static final int MAX_16 = 0xFFFF;
    private static final int STORED = 0;
    private static final int DEFLATED = 8;
    private static final int FLAG_DATA_DESCRIPTOR = 1 << 3;
    private static final int FLAG_UTF8 = 1 << 11;
    private static final int UNIX = 3;
    private static final byte[] NO_BYTES = new byte[0];

    private final OutputStream out;
    private final int level;
    private final ExecutorService deflaters;
    private final int inFlight;
    private final long zip64Threshold;
    private final Checkpoint checkpoint;
    private final List<CentralRecord> central = new ArrayList<>();
    private long position;

    private record CentralRecord(byte[] name, int versionNeeded, int flags, int method, FileTime mtime, long crc,
                                 long compressedSize, long size, int externalAttributes, long offset) {
    }

    private record Deflated(byte[] bytes, int length) {
    }

    ParallelDeflateZipWriter(OutputStream out, int level, int threads) {
        this(out, level, threads, MAX_32, Checkpoint.none());
    }

    /** @param checkpoint asked before every chunk is read */
    ParallelDeflateZipWriter(OutputStream out, int level, int threads, Checkpoint checkpoint) {
        this(out, level, threads, MAX_32, checkpoint);
    }

    ParallelDeflateZipWriter(OutputStream out, int level, int threads, long zip64Threshold) {
        this(out, level, threads, zip64Threshold, Checkpoint.none());
    }

    /** @param zip64Threshold sizes and offsets from which zip64 records are written (tests lower it) */
    ParallelDeflateZipWriter(OutputStream out, int level, int threads, long zip64Threshold, Checkpoint checkpoint) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " is less than 1");
        }
        this.out = out;
        this.level = level;
        this.inFlight = 2 * threads;
        this.zip64Threshold = zip64Threshold;
        this.checkpoint = checkpoint;
        AtomicInteger n = new AtomicInteger();
        this.deflaters = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "zip-deflate-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void directory(String name, FileTime mtime, int permissions) throws IOException {
        byte[] nameBytes = (name.endsWith("/") ? name : name + "/").getBytes(StandardCharsets.UTF_8);
        long offset = position;
        int attributes = externalAttributes(0040000 | permissions, true);
        writeLocalHeader(nameBytes, 10, FLAG_UTF8, STORED, mtime, false);
        central.add(new CentralRecord(nameBytes, 10, FLAG_UTF8, STORED, mtime, 0, 0, 0, attributes, offset));
    }

    /**
     * Deflates {@code file} into a new entry.
     *
     * @return the bytes read, which equal {@code expectedSize}
     * @throws IOException naming the file if it cannot be read or its size is not {@code expectedSize}
     */
    long file(String name, FileTime mtime, int permissions, Path file, long expectedSize) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return entry(name, mtime, permissions, in, expectedSize, file.toString());
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().contains(file.toString())
                    ? e : new IOException("cannot read " + file + ": " + DataDirectoryTree.describe(e), e);
        }
    }

    void bytes(String name, FileTime mtime, int permissions, byte[] content) throws IOException {
        entry(name, mtime, permissions, new java.io.ByteArrayInputStream(content), content.length, name);
    }

    private long entry(String name, FileTime mtime, int permissions, InputStream in, long expectedSize, String what)
            throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        boolean zip64 = expectedSize + (expectedSize >> 10) + CHUNK_BYTES >= zip64Threshold;
        long offset = position;
        int versionNeeded = zip64 ? 45 : 20;
        int flags = FLAG_DATA_DESCRIPTOR | FLAG_UTF8;
        writeLocalHeader(nameBytes, versionNeeded, flags, DEFLATED, mtime, zip64);

        CRC32 crc = new CRC32();
        ArrayDeque<Future<Deflated>> pending = new ArrayDeque<>();
        long read = 0;
        long compressed = 0;
        byte[] previous = null;
        try {
            while (true) {
                checkpoint.check();
                byte[] chunk = new byte[CHUNK_BYTES];
                int n = in.readNBytes(chunk, 0, CHUNK_BYTES);
                read += n;
                crc.update(chunk, 0, n);
                boolean last = n < CHUNK_BYTES || read >= expectedSize;
                if (last && (read != expectedSize || (n == CHUNK_BYTES && in.read() >= 0))) {
                    // MySQL is down, so a file changing size means something else writes to the data directory
                    throw new IOException(what + " changed size while being read (" + expectedSize + " -> "
                            + (read == expectedSize ? "more" : String.valueOf(read)) + " bytes)");
                }
                byte[] dictionary = previous;
                pending.add(deflaters.submit(() -> deflate(chunk, n, dictionary, last)));
                previous = chunk;
                while (pending.size() >= inFlight || (last && !pending.isEmpty())) {
                    compressed += write(pending.poll());
                }
                if (last) {
                    break;
                }
            }
        } finally {
            pending.forEach(f -> f.cancel(true));
        }
        if (!zip64 && compressed >= zip64Threshold) {
            throw new IOException(what + " deflated to " + compressed + " bytes, beyond what a zip without zip64 holds");
        }
        writeDataDescriptor(crc.getValue(), compressed, read, zip64);
        central.add(new CentralRecord(nameBytes, versionNeeded, flags, DEFLATED, mtime, crc.getValue(), compressed, read,
                externalAttributes(0100000 | permissions, false), offset));
        return read;
    }

    private long write(Future<Deflated> piece) throws IOException {
        Deflated deflated;
        try {
            deflated = piece.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while deflating");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException("deflate failed: " + cause, cause);
        }
        writeRaw(deflated.bytes(), deflated.length());
        return deflated.length();
    }

    /** One chunk as raw deflate data, ending on a byte boundary, or with the final block if {@code last}. */
    private Deflated deflate(byte[] chunk, int length, byte[] dictionary, boolean last) {
        Deflater deflater = new Deflater(level, true);
        try {
            if (dictionary != null) {
                deflater.setDictionary(dictionary, dictionary.length - DICTIONARY_BYTES, DICTIONARY_BYTES);
            }
            deflater.setInput(chunk, 0, length);
            if (last) {
                deflater.finish();
            }
            byte[] output = new byte[length + (length >> 8) + 64];
            int written = 0;
            while (true) {
                if (written == output.length) {
                    output = Arrays.copyOf(output, output.length * 2);
                }
                int room = output.length - written;
                int n = last ? deflater.deflate(output, written, room)
                        : deflater.deflate(output, written, room, Deflater.SYNC_FLUSH);
                written += n;
                // a flush is complete once it leaves room in the buffer; the final block once finished
                if (last ? deflater.finished() : n < room) {
                    return new Deflated(output, written);
                }
            }
        } finally {
            deflater.end();
        }
    }

    /** The central directory and end records. The stream is left open. */
    void finish() throws IOException {
        long centralOffset = position;
        for (CentralRecord record : central) {
            writeCentralHeader(record);
        }
        long centralSize = position - centralOffset;
        long entries = central.size();
        boolean zip64End = entries >= MAX_16 || centralSize >= zip64Threshold || centralOffset >= zip64Threshold;
        if (zip64End) {
            long endOffset = position;
            ByteBuffer end = buffer(56 + 20);
            end.putInt(0x06064b50).putLong(44).putShort(madeBy(45)).putShort((short) 45).putInt(0).putInt(0)
                    .putLong(entries).putLong(entries).putLong(centralSize).putLong(centralOffset);
            end.putInt(0x07064b50).putInt(0).putLong(endOffset).putInt(1);
            writeBuffer(end);
        }
        ByteBuffer end = buffer(22);
        short count = (short) (zip64End ? MAX_16 : entries);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort(count).putShort(count)
                .putInt((int) (zip64End ? MAX_32 : centralSize)).putInt((int) (zip64End ? MAX_32 : centralOffset))
                .putShort((short) 0);
        writeBuffer(end);
        out.flush();
    }

    @Override
    public void close() {
        deflaters.shutdownNow();
    }

    private void writeLocalHeader(byte[] name, int versionNeeded, int flags, int method, FileTime mtime, boolean zip64)
            throws IOException {
        byte[] timestamp = extendedTimestamp(mtime);
        int extraLength = timestamp.length + (zip64 ? 20 : 0);
        ByteBuffer header = buffer(30 + name.length + extraLength);
        header.putInt(0x04034b50).putShort((short) versionNeeded).putShort((short) flags).putShort((short) method)
                .putInt(dosTime(mtime)).putInt(0)
                .putInt(zip64 ? (int) MAX_32 : 0).putInt(zip64 ? (int) MAX_32 : 0)
                .putShort((short) name.length).putShort((short) extraLength).put(name).put(timestamp);
        if (zip64) {
            // sizes follow in the data descriptor; the extra says they are eight bytes wide there
            header.putShort((short) 0x0001).putShort((short) 16).putLong(0).putLong(0);
        }
        writeBuffer(header);
    }

    private void writeDataDescriptor(long crc, long compressedSize, long size, boolean zip64) throws IOException {
        ByteBuffer descriptor = buffer(zip64 ? 24 : 16);
        descriptor.putInt(0x08074b50).putInt((int) crc);
        if (zip64) {
            descriptor.putLong(compressedSize).putLong(size);
        } else {
            descriptor.putInt((int) compressedSize).putInt((int) size);
        }
        writeBuffer(descriptor);
    }

    private void writeCentralHeader(CentralRecord r) throws IOException {
        boolean bigSize = r.size() >= zip64Threshold;
        boolean bigCompressed = r.compressedSize() >= zip64Threshold;
        boolean bigOffset = r.offset() >= zip64Threshold;
        int zip64Length = (bigSize ? 8 : 0) + (bigCompressed ? 8 : 0) + (bigOffset ? 8 : 0);
        byte[] timestamp = extendedTimestamp(r.mtime());
        int extraLength = timestamp.length + (zip64Length > 0 ? 4 + zip64Length : 0);
        int versionNeeded = zip64Length > 0 ? 45 : r.versionNeeded();
        ByteBuffer header = buffer(46 + r.name().length + extraLength);
        header.putInt(0x02014b50).putShort(madeBy(versionNeeded)).putShort((short) versionNeeded)
                .putShort((short) r.flags()).putShort((short) r.method()).putInt(dosTime(r.mtime())).putInt((int) r.crc())
                .putInt((int) (bigCompressed ? MAX_32 : r.compressedSize())).putInt((int) (bigSize ? MAX_32 : r.size()))
                .putShort((short) r.name().length).putShort((short) extraLength).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0).putInt(r.externalAttributes())
                .putInt((int) (bigOffset ? MAX_32 : r.offset())).put(r.name()).put(timestamp);
        if (zip64Length > 0) {
            header.putShort((short) 0x0001).putShort((short) zip64Length);
            if (bigSize) {
                header.putLong(r.size());
            }
            if (bigCompressed) {
                header.putLong(r.compressedSize());
            }
            if (bigOffset) {
                header.putLong(r.offset());
            }
        }
        writeBuffer(header);
    }

    private static short madeBy(int version) {
        return (short) (UNIX << 8 | Math.max(version, 20));
    }

    private static int externalAttributes(int unixMode, boolean directory) {
        return unixMode << 16 | ((unixMode & 0200) == 0 ? 1 : 0) | (directory ? 0x10 : 0);
    }

    /** The "UT" extra field: the modification time in seconds, UTC, when it fits its 32 bits. */
    private static byte[] extendedTimestamp(FileTime mtime) {
        long seconds = mtime.toMillis() / 1000;
        if (seconds < 0 || seconds > Integer.MAX_VALUE) {
            return NO_BYTES;
        }
        ByteBuffer field = buffer(9);
        field.putShort((short) 0x5455).putShort((short) 5).put((byte) 1).putInt((int) seconds);
        return field.array();
    }

    /** MS-DOS date and time in the local zone (as every zip tool writes it), two-second resolution. */
    private static int dosTime(FileTime mtime) {
        LocalDateTime t = LocalDateTime.ofInstant(mtime.toInstant(), ZoneId.systemDefault());
        if (t.getYear() < 1980) {
            return (1 << 21) | (1 << 16);
        }
        int year = Math.min(t.getYear(), 2107) - 1980;
        int date = year << 9 | t.getMonthValue() << 5 | t.getDayOfMonth();
        int time = t.getHour() << 11 | t.getMinute() << 5 | t.getSecond() >> 1;
        return date << 16 | time;
    }

    private static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void writeBuffer(ByteBuffer buffer) throws IOException {
        if (buffer.hasRemaining()) {
            throw new IllegalStateException("zip header size miscounted: " + buffer.remaining() + " bytes left");
        }
        writeRaw(buffer.array(), buffer.capacity());
    }

    private void writeRaw(byte[] bytes, int length) throws IOException {
        try {
            out.write(bytes, 0, length);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        position += length;
    }
}
